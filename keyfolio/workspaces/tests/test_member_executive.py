"""Marking a member as one of our executives, on the members page."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from keyfolio.conftest import add_member, mark_executive
from keyfolio.workspaces.models import Membership, Role
from keyfolio.workspaces.services import membership_set_executive


def membership_of(world, user) -> Membership:
    return Membership.objects.get(workspace=world.workspace, user=user)


def executive_url(world, user) -> str:
    return reverse("workspaces:member_executive", args=[world.slug, membership_of(world, user).pk])


def is_executive(world, user) -> bool:
    """The flag `user` holds in the world's workspace."""
    return membership_of(world, user).is_executive


@pytest.mark.parametrize("who", ["owner", "admin"])
def test_admins_and_owners_mark_and_unmark_an_executive(world, who):
    client = world.client_for(getattr(world, who))
    response = client.post(executive_url(world, world.director), {"is_executive": "1"}, follow=True)
    assert is_executive(world, world.director)
    assert "Dina Director is marked as an executive." in response.content.decode()
    client.post(executive_url(world, world.director), {"is_executive": "0"})
    assert not is_executive(world, world.director)


def test_an_admin_may_mark_the_owner_and_themselves(world):
    client = world.client_for(world.admin)
    client.post(executive_url(world, world.owner), {"is_executive": "1"})
    client.post(executive_url(world, world.admin), {"is_executive": "1"})
    assert is_executive(world, world.owner) and is_executive(world, world.admin)


def test_the_members_page_shows_the_toggle_with_the_current_state(world):
    mark_executive(world.workspace, world.director)
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
    assert not is_executive(world, world.manager)


# --- one workspace's say ----------------------------------------------------------------


def test_an_admin_marks_a_member_in_their_workspace_only(world):
    """Dina belongs to Acme and to Globex: Acme's admin marks her in Acme, which leaves
    Globex as it was, and Globex's owner unmarking her there leaves Acme's flag."""
    add_member(world.other_workspace, world.director, Role.MANAGER)
    in_globex = Membership.objects.get(workspace=world.other_workspace, user=world.director)
    world.client_for(world.admin).post(executive_url(world, world.director), {"is_executive": "1"})
    in_globex.refresh_from_db()
    assert is_executive(world, world.director) and not in_globex.is_executive

    mark_executive(world.other_workspace, world.director)
    url = reverse("workspaces:member_executive", args=["globex", in_globex.pk])
    world.client_for(world.stranger).post(url, {"is_executive": "0"})
    in_globex.refresh_from_db()
    assert not in_globex.is_executive and is_executive(world, world.director)


def test_the_members_page_shows_this_workspaces_flag(world):
    add_member(world.other_workspace, world.director, Role.MANAGER)
    mark_executive(world.other_workspace, world.director)
    body = world.client_for(world.admin).get(reverse("workspaces:members", args=["acme"])).content
    assert 'aria-pressed="true"' not in body.decode()
