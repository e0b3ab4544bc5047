"""The workspace's two-factor rule: the owner chooses who must use it; a member who must
and has not set it up is sent to set it up from every page of the workspace."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from keyfolio.testing import HTMX, messages_of, two_factor_on
from keyfolio.workspaces.models import TwoFactorPolicy


def policy_url(world):
    return reverse("workspaces:two_factor_policy", args=[world.slug])


def require(world, policy: TwoFactorPolicy):
    world.workspace.two_factor_policy = policy
    world.workspace.save()


def test_the_owner_requires_it_of_admins(world):
    two_factor_on(world.owner)
    client = world.client_for(world.owner)
    response = client.post(policy_url(world), {"policy": "admins"}, follow=True)
    world.workspace.refresh_from_db()
    assert world.workspace.two_factor_policy == TwoFactorPolicy.ADMINS
    assert "Two-factor authentication is now required of: owners and admins." in messages_of(
        response
    )


def test_an_owner_without_two_factor_cannot_require_it(world):
    client = world.client_for(world.owner)
    response = client.post(policy_url(world), {"policy": "everyone"}, follow=True)
    world.workspace.refresh_from_db()
    assert world.workspace.two_factor_policy == TwoFactorPolicy.OPTIONAL
    assert any("for yourself first" in m for m in messages_of(response))


def test_an_unknown_policy_changes_nothing(world):
    two_factor_on(world.owner)
    client = world.client_for(world.owner)
    response = client.post(policy_url(world), {"policy": "martians"}, follow=True)
    world.workspace.refresh_from_db()
    assert world.workspace.two_factor_policy == TwoFactorPolicy.OPTIONAL
    assert "Choose who must use two-factor authentication." in messages_of(response)


def test_an_admin_cannot_choose(world):
    two_factor_on(world.admin)
    response = world.client_for(world.admin).post(policy_url(world), {"policy": "everyone"})
    assert response.status_code == 403
    world.workspace.refresh_from_db()
    assert world.workspace.two_factor_policy == TwoFactorPolicy.OPTIONAL


def test_the_members_page_shows_the_choice_to_the_owner_only(world):
    owner_page = world.client_for(world.owner).get(reverse("workspaces:members", args=[world.slug]))
    admin_page = world.client_for(world.admin).get(reverse("workspaces:members", args=[world.slug]))
    assert 'name="policy"' in owner_page.content.decode()
    assert 'name="policy"' not in admin_page.content.decode()
    assert "The owner chooses." in admin_page.content.decode()


SQUARE = "portfolio:square"


@pytest.mark.parametrize(
    "policy,person,sent",
    [
        (TwoFactorPolicy.OPTIONAL, "admin", False),
        (TwoFactorPolicy.ADMINS, "admin", True),
        (TwoFactorPolicy.ADMINS, "owner", True),
        (TwoFactorPolicy.ADMINS, "manager", False),
        (TwoFactorPolicy.EVERYONE, "manager", True),
        (TwoFactorPolicy.EVERYONE, "viewer", True),
    ],
)
def test_who_is_sent_to_set_it_up(world, policy, person, sent):
    require(world, policy)
    response = world.client_for(getattr(world, person)).get(reverse(SQUARE, args=[world.slug]))
    if sent:
        assert response.status_code == 302
        assert response.url == reverse("logins:two_factor")
    else:
        assert response.status_code == 200


def test_the_message_names_the_workspace(world):
    require(world, TwoFactorPolicy.EVERYONE)
    client = world.client_for(world.manager)
    response = client.get(reverse("accounts:list", args=[world.slug]), follow=True)
    assert messages_of(response) == [
        "Acme asks you to log in with two-factor authentication. Set it up to continue."
    ]
    assert response.context["enrolment"] is not None


def test_a_member_with_two_factor_gets_in(world):
    require(world, TwoFactorPolicy.EVERYONE)
    two_factor_on(world.manager)
    response = world.client_for(world.manager).get(reverse(SQUARE, args=[world.slug]))
    assert response.status_code == 200


def test_htmx_is_told_to_load_the_set_up_page(world):
    require(world, TwoFactorPolicy.EVERYONE)
    client = world.client_for(world.manager)
    response = client.get(reverse("accounts:list", args=[world.slug]), headers=HTMX)
    assert response["HX-Redirect"] == reverse("logins:two_factor")


def test_the_rule_of_one_workspace_does_not_reach_another(world):
    require(world, TwoFactorPolicy.EVERYONE)
    other = world.client_for(world.stranger)
    response = other.get(reverse(SQUARE, args=[world.other_workspace.slug]))
    assert response.status_code == 200


def test_a_rule_that_does_not_apply_costs_no_query(world, django_assert_num_queries):
    """The device is looked up only for a member whom the rule concerns."""
    client = world.client_for(world.manager)
    url = reverse("accounts:list", args=[world.slug])
    client.get(url)
    with CaptureQueriesContext(connection) as optional:
        client.get(url)
    require(world, TwoFactorPolicy.ADMINS)
    with django_assert_num_queries(len(optional)):
        client.get(url)


def test_the_members_page_tells_who_has_not_set_it_up(world):
    two_factor_on(world.owner)
    two_factor_on(world.manager)
    require(world, TwoFactorPolicy.ADMINS)
    page = world.client_for(world.owner).get(reverse("workspaces:members", args=[world.slug]))
    rows = {row.user: row for row in page.context["rows"]}
    assert rows[world.owner].two_factor and rows[world.manager].two_factor
    assert not rows[world.admin].two_factor and rows[world.admin].must_use_two_factor
    assert page.content.decode().count("no two-factor yet") == 1


def test_a_single_sign_on_session_satisfies_the_rule(world, settings):
    """The provider does multi-factor for single sign-on (docs/deployment.md)."""
    sso = "keyfolio.sso.backends.OIDCBackend"
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, sso]
    require(world, TwoFactorPolicy.EVERYONE)
    client = Client()
    client.force_login(world.manager, backend=sso)
    assert client.get(reverse(SQUARE, args=[world.slug])).status_code == 200
    settings.TWO_FACTOR_TRUSTED_BACKENDS = []
    assert client.get(reverse(SQUARE, args=[world.slug])).status_code == 302
