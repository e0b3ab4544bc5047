"""Marking a member as one of our executives, on the members page."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from keyfolio.users.models import User
from keyfolio.workspaces.models import Membership
from keyfolio.workspaces.services import membership_set_executive


def membership_of(world, user) -> Membership:
    return Membership.objects.get(workspace=world.workspace, user=user)


def executive_url(world, user) -> str:
    return reverse("workspaces:member_executive", args=[world.slug, membership_of(world, user).pk])


def is_executive(user) -> bool:
    return User.objects.get(pk=user.pk).is_executive


@pytest.mark.parametrize("who", ["owner", "admin"])
def test_admins_and_owners_mark_and_unmark_an_executive(world, who):
    client = world.client_for(getattr(world, who))
    response = client.post(executive_url(world, world.director), {"is_executive": "1"}, follow=True)
    assert is_executive(world.director)
    assert "Dina Director is marked as an executive." in response.content.decode()
    client.post(executive_url(world, world.director), {"is_executive": "0"})
    assert not is_executive(world.director)


def test_an_admin_may_mark_the_owner_and_themselves(world):
    client = world.client_for(world.admin)
    client.post(executive_url(world, world.owner), {"is_executive": "1"})
    client.post(executive_url(world, world.admin), {"is_executive": "1"})
    assert is_executive(world.owner) and is_executive(world.admin)


def test_the_members_page_shows_the_toggle_with_the_current_state(world):
    world.director.is_executive = True
    world.director.save()
    body = world.client_for(world.admin).get(reverse("workspaces:members", args=["acme"])).content
    body = body.decode()
    assert executive_url(world, world.director) in body
    assert 'aria-pressed="true"' in body
    assert (
        body.count('aria-pressed="false"')
        == Membership.objects.filter(workspace=world.workspace).count() - 1
    )


def test_the_service_refuses_a_non_admin(world):
    with pytest.raises(ValidationError):
        membership_set_executive(
            membership=membership_of(world, world.manager),
            is_executive=True,
            by=membership_of(world, world.director),
        )
    assert not is_executive(world.manager)
