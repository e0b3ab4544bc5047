"""The rules about roles, tested on the services that every interface calls."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from keyfolio.accounts.models import Account
from keyfolio.conftest import add_member, make_user
from keyfolio.users.models import User
from keyfolio.workspaces.models import Membership, Role
from keyfolio.workspaces.services import (
    assignable_roles,
    may_manage,
    membership_add,
    membership_change_role,
    membership_remove,
)


def member(world, user) -> Membership:
    return Membership.objects.select_related("user", "workspace").get(
        workspace=world.workspace, user=user
    )


def errors_of(excinfo) -> str:
    return " ".join(excinfo.value.messages)


# --- membership_add ---------------------------------------------------------------------


def test_it_adds_an_existing_person_without_a_new_password(world):
    added = membership_add(
        workspace=world.workspace,
        email="SAM@globex.test",
        role=Role.DIRECTOR,
        by=member(world, world.owner),
    )
    assert added.membership.user == world.stranger
    assert added.membership.role == Role.DIRECTOR
    assert added.set_password_url is None
    assert world.stranger.has_usable_password()


def test_it_creates_a_new_person_with_an_unusable_password_in_the_inviters_language(world):
    world.admin.language = "ru"
    world.admin.save()
    added = membership_add(
        workspace=world.workspace,
        email=" New.Person@Acme.test ",
        full_name="Nina New",
        role=Role.MANAGER,
        by=member(world, world.admin),
    )
    user = User.objects.get(email="new.person@acme.test")
    assert added.membership.user == user
    assert user.full_name == "Nina New"
    assert user.language == "ru"
    assert not user.has_usable_password()
    assert "/password/set/" in added.set_password_url
    assert added.mailed


def test_it_refuses_an_invalid_email(world):
    with pytest.raises(ValidationError) as excinfo:
        membership_add(
            workspace=world.workspace,
            email="not-an-email",
            role="manager",
            by=member(world, world.owner),
        )
    assert "email" in excinfo.value.error_dict
    assert not User.objects.filter(email="not-an-email").exists()
    assert mail.outbox == []


def test_it_refuses_an_unknown_role(world):
    with pytest.raises(ValidationError) as excinfo:
        membership_add(
            workspace=world.workspace,
            email="x@acme.test",
            role="emperor",
            by=member(world, world.owner),
        )
    assert "role" in excinfo.value.error_dict
    assert not User.objects.filter(email="x@acme.test").exists()


def test_it_refuses_someone_who_is_already_a_member(world):
    with pytest.raises(ValidationError) as excinfo:
        membership_add(
            workspace=world.workspace,
            email="Dina@Acme.test",
            role="viewer",
            by=member(world, world.owner),
        )
    assert "already a member" in errors_of(excinfo)
    assert member(world, world.director).role == Role.DIRECTOR


@pytest.mark.parametrize("role", [Role.ADMIN, Role.OWNER])
def test_it_lets_only_an_owner_grant_privileged_roles_on_add(world, role):
    with pytest.raises(ValidationError) as excinfo:
        membership_add(
            workspace=world.workspace, email="x@acme.test", role=role, by=member(world, world.admin)
        )
    assert "Only an owner" in errors_of(excinfo)
    assert not User.objects.filter(email="x@acme.test").exists()

    added = membership_add(
        workspace=world.workspace, email="x@acme.test", role=role, by=member(world, world.owner)
    )
    assert added.membership.role == role


def test_it_refuses_a_director_managing_members(world):
    with pytest.raises(ValidationError):
        membership_add(
            workspace=world.workspace,
            email="x@acme.test",
            role="viewer",
            by=member(world, world.director),
        )
    assert not User.objects.filter(email="x@acme.test").exists()


def test_it_still_adds_the_member_when_the_mail_server_fails(world, settings):
    settings.EMAIL_BACKEND = "keyfolio.workspaces.tests.broken_mail.Backend"
    added = membership_add(
        workspace=world.workspace, email="x@acme.test", role="viewer", by=member(world, world.owner)
    )
    assert not added.mailed
    assert added.set_password_url
    assert Membership.objects.filter(workspace=world.workspace, user__email="x@acme.test").exists()


# --- membership_change_role -------------------------------------------------------------


def test_an_admin_changes_roles_below_admin(world):
    membership_change_role(
        membership=member(world, world.manager), role="director", by=member(world, world.admin)
    )
    assert member(world, world.manager).role == Role.DIRECTOR


@pytest.mark.parametrize("role", ["admin", "owner"])
def test_an_admin_cannot_grant_admin_or_owner(world, role):
    with pytest.raises(ValidationError) as excinfo:
        membership_change_role(
            membership=member(world, world.manager), role=role, by=member(world, world.admin)
        )
    assert "Only an owner" in errors_of(excinfo)
    assert member(world, world.manager).role == Role.MANAGER


def test_an_admin_cannot_take_away_another_admins_role(world):
    other_admin = add_member(world.workspace, make_user("ada@acme.test"), Role.ADMIN)
    with pytest.raises(ValidationError) as excinfo:
        membership_change_role(
            membership=member(world, other_admin), role="viewer", by=member(world, world.admin)
        )
    assert "Only an owner" in errors_of(excinfo)
    assert member(world, other_admin).role == Role.ADMIN


def test_an_owner_grants_and_takes_away_admin(world):
    owner = member(world, world.owner)
    membership_change_role(membership=member(world, world.manager), role="admin", by=owner)
    assert member(world, world.manager).role == Role.ADMIN
    membership_change_role(membership=member(world, world.admin), role="manager", by=owner)
    assert member(world, world.admin).role == Role.MANAGER


@pytest.mark.parametrize("who", ["owner", "admin"])
def test_nobody_changes_their_own_role(world, who):
    person = getattr(world, who)
    own = member(world, person)
    with pytest.raises(ValidationError) as excinfo:
        membership_change_role(membership=own, role="viewer", by=own)
    assert "your own role" in errors_of(excinfo)
    assert member(world, person).role == own.role


def test_the_last_owner_cannot_be_demoted(world):
    # Only an owner may demote an owner and nobody their own role, so a workspace can
    # lose its last owner only through a race: Olga and Otto, both owners, demote each
    # other at the same moment. Otto's change lands first; Olga's, loaded while she was
    # still an owner, must then be refused.
    otto = member(world, add_member(world.workspace, make_user("otto@acme.test"), Role.OWNER))
    olga_before = member(world, world.owner)
    membership_change_role(membership=member(world, world.owner), role="admin", by=otto)

    with pytest.raises(ValidationError) as excinfo:
        membership_change_role(membership=otto, role="admin", by=olga_before)
    assert "last owner" in errors_of(excinfo)
    assert member(world, otto.user).role == Role.OWNER


def test_an_owner_demotes_another_owner(world):
    second = add_member(world.workspace, make_user("otto@acme.test"), Role.OWNER)
    membership_change_role(
        membership=member(world, second), role="director", by=member(world, world.owner)
    )
    assert member(world, second).role == Role.DIRECTOR


def test_it_refuses_an_unknown_role_on_change(world):
    with pytest.raises(ValidationError) as excinfo:
        membership_change_role(
            membership=member(world, world.manager), role="emperor", by=member(world, world.owner)
        )
    assert "not a role" in errors_of(excinfo)
    assert member(world, world.manager).role == Role.MANAGER


def test_it_refuses_a_membership_of_another_workspace(world):
    foreign = Membership.objects.get(user=world.stranger)
    with pytest.raises(ValidationError):
        membership_change_role(membership=foreign, role="viewer", by=member(world, world.owner))
    assert Membership.objects.get(user=world.stranger).role == Role.OWNER


# --- membership_remove ------------------------------------------------------------------


def test_it_removes_a_member_and_takes_them_off_account_teams(world):
    foreign_team = world.foreign_account
    add_member(world.other_workspace, world.teammate, Role.MANAGER)
    foreign_team.team.add(world.teammate)

    membership_remove(membership=member(world, world.teammate), by=member(world, world.admin))

    assert not Membership.objects.filter(workspace=world.workspace, user=world.teammate).exists()
    assert world.teammate not in world.account.team.all()
    # Their ties elsewhere are none of this workspace's business.
    assert world.teammate in foreign_team.team.all()
    assert User.objects.filter(pk=world.teammate.pk).exists()


def test_it_refuses_to_remove_someone_who_owns_accounts_and_says_how_many(world):
    Account.objects.create(workspace=world.workspace, name="Contoso", owner=world.manager)
    with pytest.raises(ValidationError) as excinfo:
        membership_remove(membership=member(world, world.manager), by=member(world, world.owner))
    assert "still owns 2 accounts" in errors_of(excinfo)
    assert Membership.objects.filter(workspace=world.workspace, user=world.manager).exists()


def test_it_does_not_count_accounts_owned_in_other_workspaces(world):
    add_member(world.workspace, world.stranger, Role.VIEWER)
    membership_remove(membership=member(world, world.stranger), by=member(world, world.owner))
    assert not Membership.objects.filter(workspace=world.workspace, user=world.stranger).exists()


def test_an_admin_cannot_remove_an_owner_or_admin(world):
    other_admin = add_member(world.workspace, make_user("ada@acme.test"), Role.ADMIN)
    for person in (world.owner, other_admin):
        with pytest.raises(ValidationError) as excinfo:
            membership_remove(membership=member(world, person), by=member(world, world.admin))
        assert "Only an owner" in errors_of(excinfo)
        assert Membership.objects.filter(workspace=world.workspace, user=person).exists()


def test_nobody_removes_themselves(world):
    own = member(world, world.owner)
    with pytest.raises(ValidationError) as excinfo:
        membership_remove(membership=own, by=own)
    assert "remove yourself" in errors_of(excinfo)
    assert Membership.objects.filter(pk=own.pk).exists()


def test_the_last_owner_cannot_be_removed(world):
    # The same race as above, with a removal.
    otto = member(world, add_member(world.workspace, make_user("otto@acme.test"), Role.OWNER))
    olga_before = member(world, world.owner)
    membership_change_role(membership=member(world, world.owner), role="admin", by=otto)

    with pytest.raises(ValidationError) as excinfo:
        membership_remove(membership=otto, by=olga_before)
    assert "last owner" in errors_of(excinfo)
    assert Membership.objects.filter(pk=otto.pk).exists()


# --- what the page offers ---------------------------------------------------------------


def test_assignable_roles_follow_the_actors_role(world):
    assert assignable_roles(member(world, world.owner)) == list(Role)
    assert assignable_roles(member(world, world.admin)) == [
        Role.VIEWER,
        Role.MANAGER,
        Role.DIRECTOR,
    ]
    assert assignable_roles(member(world, world.director)) == []


def test_may_manage_matches_the_rules(world):
    admin, owner = member(world, world.admin), member(world, world.owner)
    assert may_manage(by=admin, target=member(world, world.manager))
    assert not may_manage(by=admin, target=owner)
    assert not may_manage(by=admin, target=admin)
    assert may_manage(by=owner, target=admin)
    assert not may_manage(by=member(world, world.director), target=member(world, world.viewer))
