"""The members page: who sees it, adding, changing roles, removing."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from keyfolio.accounts.models import Account
from keyfolio.conftest import PASSWORD, add_member, make_user
from keyfolio.testing import messages_of
from keyfolio.users.models import User
from keyfolio.workspaces.models import Membership, Role
from keyfolio.workspaces.services import workspace_create


def members_url(slug="acme"):
    return reverse("workspaces:members", args=[slug])


def role_url(world, user):
    pk = Membership.objects.get(workspace=world.workspace, user=user).pk
    return reverse("workspaces:member_role", args=[world.slug, pk])


def remove_url(world, user):
    pk = Membership.objects.get(workspace=world.workspace, user=user).pk
    return reverse("workspaces:member_remove", args=[world.slug, pk])


def role_of(world, user) -> str:
    return Membership.objects.get(workspace=world.workspace, user=user).role


# --- access -----------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["owner", "admin"])
def test_it_shows_the_members_to_admins_and_owners(world, who):
    response = world.client_for(getattr(world, who)).get(members_url())
    assert response.status_code == 200
    for person in (world.owner, world.admin, world.manager, world.viewer):
        assert person.email in response.content.decode()
    assert world.stranger.email not in response.content.decode()


def test_it_hides_a_workspace_that_does_not_exist(world):
    assert world.client_for(world.owner).get(members_url("nowhere")).status_code == 404


# --- the table --------------------------------------------------------------------------


def test_it_counts_the_accounts_each_member_owns_in_this_workspace(world):
    Account.objects.create(workspace=world.workspace, name="Contoso", owner=world.manager)
    Account.objects.create(workspace=world.workspace, name="Fabrikam", owner=world.director)
    add_member(world.workspace, world.stranger, Role.VIEWER)  # owns Initech elsewhere
    response = world.client_for(world.owner).get(members_url())
    counts = {row.user: row.owned_count for row in response.context["rows"]}
    assert counts[world.manager] == 2
    assert counts[world.director] == 1
    assert counts[world.stranger] == 0
    assert counts[world.viewer] == 0


def test_it_offers_an_admin_only_the_roles_below_admin(world):
    response = world.client_for(world.admin).get(members_url())
    html = response.content.decode()
    add_form = html[html.index('name="role" class') :]
    add_select = add_form[: add_form.index("</select>")]
    assert 'value="director"' in add_select
    assert 'value="admin"' not in add_select
    assert 'value="owner"' not in add_select
    manageable = {row.user: row.manageable for row in response.context["rows"]}
    assert manageable[world.manager]
    assert not manageable[world.owner]
    assert not manageable[world.admin]


def test_its_query_count_does_not_grow_with_the_members(db, django_assert_num_queries):
    owner = make_user("boss@initrode.test", "Bill Boss")
    workspace = workspace_create(name="Initrode", owner=owner, slug="initrode")
    client = Client()
    client.force_login(owner)
    for total in (5, 25):
        for n in range(workspace.memberships.count(), total):
            user = add_member(workspace, make_user(f"m{n}@initrode.test", f"M {n}"), Role.MANAGER)
            Account.objects.create(workspace=workspace, name=f"Account {n}", owner=user)
        # The session, its user, their membership, the members with their account counts.
        with django_assert_num_queries(4):
            response = client.get(members_url("initrode"))
        assert len(response.context["rows"]) == total
        assert all(row.owned_count == 1 for row in response.context["rows"] if row.user != owner)


# --- adding -----------------------------------------------------------------------------


def add(client, **data):
    return client.post(members_url(), {"role": "manager", **data}, follow=True)


def test_it_adds_a_new_person_and_shows_the_set_password_link_once(world):
    client = world.client_for(world.admin)
    response = add(client, email="Nina@Acme.test", full_name="Nina New")
    assert response.redirect_chain[-1][0] == members_url()
    nina = User.objects.get(email="nina@acme.test")
    assert role_of(world, nina) == Role.MANAGER
    assert not nina.has_usable_password()
    link = response.context["set_password_link"]["url"]
    assert link in response.content.decode()
    assert "Nina New is now a member (Manager)." in messages_of(response)

    again = client.get(members_url())
    assert again.context["set_password_link"] is None
    assert link not in again.content.decode()


def test_it_emails_the_invitation_with_the_link_in_english(world):
    add(world.client_for(world.admin), email="nina@acme.test")
    [message] = mail.outbox
    assert message.to == ["nina@acme.test"]
    assert message.subject == "Adam Admin invited you to Acme on Keyfolio"
    assert message.reply_to == ["adam@acme.test"]
    assert message.extra_headers["Content-Language"] == "en"
    link = re.search(r"http\S+/password/set/\S+/", message.body).group(0)
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert link in html
    assert '<html lang="en">' in html
    assert "with the role Manager" in message.body


def test_it_emails_the_invitation_in_the_inviters_language(world, settings):
    world.admin.language = "ru"
    world.admin.save()
    response = add(world.client_for(world.admin), email="nina@acme.test")
    [message] = mail.outbox
    assert message.extra_headers["Content-Language"] == "ru"
    html, _mimetype = message.alternatives[0]
    assert '<html lang="ru">' in html
    assert "/password/set/" in message.body
    # The page itself stays in the inviter's language too.
    assert 'lang="ru"' in response.content.decode()
    assert User.objects.get(email="nina@acme.test").language == "ru"


def test_it_emails_an_existing_person_a_login_link_and_no_password_link(world):
    response = add(world.client_for(world.owner), email="sam@globex.test", role="director")
    assert role_of(world, world.stranger) == Role.DIRECTOR
    [message] = mail.outbox
    assert "/password/set/" not in message.body
    assert reverse("users:login") in message.body
    assert response.context["set_password_link"] is None
    assert world.stranger.check_password(PASSWORD)


@pytest.mark.parametrize(
    ("data", "field", "error"),
    [
        ({"email": "not-an-email"}, "email", "Enter a valid email address."),
        ({"email": ""}, "email", "This field is required."),
        ({"email": "x@acme.test", "role": "emperor"}, "role", "Select a valid choice."),
        ({"email": "DINA@acme.test"}, "email", "dina@acme.test is already a member"),
    ],
)
def test_it_refuses_bad_input_and_saves_nothing(world, data, field, error):
    users_before = User.objects.count()
    members_before = Membership.objects.count()
    response = world.client_for(world.owner).post(members_url(), {"role": "manager", **data})
    assert response.status_code == 200
    assert any(error in e for e in response.context["form"].errors[field])
    assert error.split("“")[0] in response.content.decode()
    assert User.objects.count() == users_before
    assert Membership.objects.count() == members_before
    assert mail.outbox == []


def test_it_explains_why_an_admin_cannot_add_an_owner(world):
    response = world.client_for(world.admin).post(
        members_url(), {"email": "x@acme.test", "role": "owner"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["role"] == [
        "Only an owner can grant or take away the owner or admin role."
    ]
    assert not User.objects.filter(email="x@acme.test").exists()
    assert mail.outbox == []


# --- changing roles ---------------------------------------------------------------------


def test_an_admin_changes_a_managers_role(world):
    response = world.client_for(world.admin).post(
        role_url(world, world.manager), {"role": "director"}, follow=True
    )
    assert role_of(world, world.manager) == Role.DIRECTOR
    assert "Max Manager is now Director." in messages_of(response)


def test_an_admin_cannot_make_someone_admin(world):
    response = world.client_for(world.admin).post(
        role_url(world, world.manager), {"role": "admin"}, follow=True
    )
    assert role_of(world, world.manager) == Role.MANAGER
    assert messages_of(response) == [
        "Only an owner can grant or take away the owner or admin role."
    ]


def test_an_owner_makes_someone_admin(world):
    world.client_for(world.owner).post(role_url(world, world.manager), {"role": "admin"})
    assert role_of(world, world.manager) == Role.ADMIN


def test_nobody_changes_their_own_role_on_the_page(world):
    response = world.client_for(world.owner).post(
        role_url(world, world.owner), {"role": "viewer"}, follow=True
    )
    assert role_of(world, world.owner) == Role.OWNER
    assert "You cannot change your own role" in messages_of(response)[0]


def test_it_refuses_an_unknown_role_on_the_page(world):
    response = world.client_for(world.owner).post(
        role_url(world, world.manager), {"role": "emperor"}, follow=True
    )
    assert role_of(world, world.manager) == Role.MANAGER
    assert messages_of(response) == ["“emperor” is not a role."]


# --- removing ---------------------------------------------------------------------------


def test_an_admin_removes_a_viewer(world):
    response = world.client_for(world.admin).post(remove_url(world, world.viewer), follow=True)
    assert not Membership.objects.filter(workspace=world.workspace, user=world.viewer).exists()
    assert "Vera Viewer is no longer a member of Acme." in messages_of(response)
    assert world.viewer.email not in response.content.decode().split("<tbody>")[1]


def test_it_refuses_to_remove_an_account_owner_and_says_how_many(world):
    response = world.client_for(world.owner).post(remove_url(world, world.manager), follow=True)
    assert Membership.objects.filter(workspace=world.workspace, user=world.manager).exists()
    assert messages_of(response) == [
        "Max Manager still owns 1 account. Give it to someone else first."
    ]
    assert Account.objects.get(pk=world.account.pk).owner == world.manager


def test_an_admin_cannot_remove_the_owner(world):
    response = world.client_for(world.admin).post(remove_url(world, world.owner), follow=True)
    assert role_of(world, world.owner) == Role.OWNER
    assert "Only an owner" in messages_of(response)[0]


def test_the_owner_cannot_remove_themselves(world):
    response = world.client_for(world.owner).post(remove_url(world, world.owner), follow=True)
    assert role_of(world, world.owner) == Role.OWNER
    assert "remove yourself" in messages_of(response)[0]


def test_it_lists_members_by_the_name_shown(world):
    add_member(world.workspace, make_user("b.nameless@acme.test"), Role.VIEWER)
    response = world.client_for(world.owner).get(members_url())
    shown = [row.user.display_name for row in response.context["rows"]]
    assert shown == sorted(shown, key=str.lower)
    assert shown.index("b.nameless") == 1  # after Adam Admin, before Dina Director
