"""The one-time link an invitation carries: choose a password, and be logged in."""

from django.test import Client
from django.urls import reverse

from keyfolio.users.models import User
from keyfolio.workspaces.models import Membership, Role
from keyfolio.workspaces.services import membership_add

NEW_PASSWORD = "a-much-longer-secret-42"


def invite(world) -> tuple[User, str]:
    owner = Membership.objects.get(workspace=world.workspace, user=world.owner)
    added = membership_add(
        workspace=world.workspace, email="nina@acme.test", role="manager", by=owner
    )
    assert added.set_password_url is not None
    path = added.set_password_url.removeprefix("http://127.0.0.1:8000")
    return added.membership.user, path


def choose(client: Client, path: str, password=NEW_PASSWORD, confirm=None):
    form_url = client.get(path)["Location"]  # Django moves the token into the session first.
    return client.post(
        form_url, {"new_password1": password, "new_password2": confirm or password}, follow=True
    )


def test_the_link_sets_the_password_and_logs_the_person_in(world, settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    nina, path = invite(world)
    client = Client()
    response = choose(client, path)
    assert User.objects.get(pk=nina.pk).check_password(NEW_PASSWORD)
    assert client.session["_auth_user_id"] == str(nina.pk)
    # One workspace: home sends her on to its square.
    assert response.redirect_chain[0][0] == reverse("workspaces:home")
    assert Membership.objects.get(user=nina).role == Role.MANAGER


def test_the_link_works_only_once(world, settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    _nina, path = invite(world)
    choose(Client(), path)
    response = Client().get(path)
    assert response.status_code == 200
    assert "This link no longer works" in response.content.decode()


def test_a_forged_link_does_not_work(world):
    path = reverse("users:password_reset_confirm", args=["MQ", "forged-token"])
    response = Client().get(path)
    assert "This link no longer works" in response.content.decode()
    assert response.context["form"] is None


def test_it_refuses_a_weak_password_and_keeps_the_link_usable(world, settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    nina, path = invite(world)
    client = Client()
    response = choose(client, path, password="short")
    assert response.context["form"].errors["new_password2"]
    assert not User.objects.get(pk=nina.pk).has_usable_password()
    assert "_auth_user_id" not in client.session
    response = choose(Client(), path)
    assert User.objects.get(pk=nina.pk).check_password(NEW_PASSWORD)


def test_it_says_why_a_password_is_refused(world, settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    nina, path = invite(world)
    response = choose(Client(), path, password="83920174")
    html = response.content.decode()
    assert "This password is too short. It must contain at least 10 characters." in html
    assert "This password is entirely numeric." in html
    response = choose(Client(), path, password="nina@acme.test")
    assert "The password is too similar to the e-mail." in response.content.decode()
    assert not User.objects.get(pk=nina.pk).has_usable_password()
