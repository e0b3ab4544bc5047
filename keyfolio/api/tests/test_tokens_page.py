from django.urls import reverse

from keyfolio.api.models import ApiToken
from keyfolio.core.tokens import token_hash


def test_a_member_makes_sees_and_revokes_a_token(world):
    client = world.client_for(world.viewer)
    response = client.post(
        reverse("api_tokens:create", args=["acme"]), {"name": "Zapier", "read_only": "on"}
    )
    assert response.status_code == 200
    token = response.context["new_token"]
    stored = ApiToken.objects.get()
    assert stored.token_hash == token_hash(token) and stored.read_only
    assert token.encode() in response.content
    page = client.get(reverse("api_tokens:list", args=["acme"]))
    assert b"Zapier" in page.content and token.encode() not in page.content
    client.post(reverse("api_tokens:revoke", args=["acme", stored.pk]))
    assert ApiToken.objects.get().is_revoked


def test_nobody_revokes_anothers_token(world):
    world.client_for(world.manager).post(
        reverse("api_tokens:create", args=["acme"]), {"name": "Mine"}
    )
    stored = ApiToken.objects.get()
    response = world.client_for(world.owner).post(
        reverse("api_tokens:revoke", args=["acme", stored.pk])
    )
    assert response.status_code == 404
    assert not ApiToken.objects.get().is_revoked


def test_a_token_needs_a_name(world):
    response = world.client_for(world.manager).post(
        reverse("api_tokens:create", args=["acme"]), {"name": ""}
    )
    assert response.status_code == 200 and response.context["new_token"] is None
    assert not ApiToken.objects.exists()
