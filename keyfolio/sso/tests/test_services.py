"""Who comes in through single sign-on, and where they land (sso_user_sign_in)."""

import pytest

from keyfolio.conftest import make_user
from keyfolio.sso.config import AutoJoin, parse_auto_join
from keyfolio.sso.services import SignInRefused, sso_user_sign_in
from keyfolio.users.models import User
from keyfolio.workspaces.models import Membership, Role

pytestmark = pytest.mark.django_db

AUTO_JOIN = "example.com=acme:manager, Example.org=acme:viewer"


@pytest.fixture(autouse=True)
def _auto_join(settings):
    settings.OIDC_AUTO_JOIN = AUTO_JOIN
    settings.OIDC_CREATE_USER = True


def sign_in(email="anna@example.com", verified: bool | None = True, **kwargs) -> User:
    return sso_user_sign_in(email=email, email_verified=verified, **kwargs)


def test_it_creates_a_newcomer_at_an_auto_join_domain_with_the_default_role(world):
    user = sign_in(full_name="Anna Karenina", language="ru")

    assert (user.email, user.full_name, user.language) == (
        "anna@example.com",
        "Anna Karenina",
        "ru",
    )
    assert not user.has_usable_password()
    assert Membership.objects.get(user=user).role == Role.MANAGER
    assert Membership.objects.get(user=user).workspace == world.workspace


def test_it_reads_the_domain_whatever_its_case(world):
    user = sign_in("Petr@EXAMPLE.org")

    assert user.email == "petr@example.org"
    assert Membership.objects.get(user=user).role == Role.VIEWER


def test_it_matches_an_existing_user_by_email_whatever_its_case(world):
    anna = make_user("anna@example.com", "Anna")

    assert sign_in("ANNA@example.com") == anna
    assert User.objects.filter(email__iexact="anna@example.com").count() == 1
    assert Membership.objects.get(user=anna, workspace=world.workspace).role == Role.MANAGER


def test_it_keeps_the_role_an_admin_gave_since(world):
    anna = make_user("anna@example.com")
    Membership.objects.create(workspace=world.workspace, user=anna, role=Role.DIRECTOR)

    sign_in()

    assert Membership.objects.get(user=anna).role == Role.DIRECTOR


def test_it_lets_in_a_known_person_outside_the_auto_join_domains_without_a_membership(world):
    assert sign_in("max@acme.test") == world.manager
    assert list(
        Membership.objects.filter(user=world.manager).values_list("workspace__slug", flat=True)
    ) == ["acme"]


def test_it_refuses_a_newcomer_outside_the_auto_join_domains(world):
    with pytest.raises(SignInRefused) as refused:
        sign_in("boris@elsewhere.org")

    assert refused.value.message == (
        "boris@elsewhere.org has no Keyfolio account yet. "
        "Ask an administrator of your workspace to add you."
    )
    assert not User.objects.filter(email="boris@elsewhere.org").exists()


def test_it_refuses_a_newcomer_when_creating_users_is_off(world, settings):
    settings.OIDC_CREATE_USER = False

    with pytest.raises(SignInRefused, match="has no Keyfolio account yet"):
        sign_in()

    assert not User.objects.filter(email="anna@example.com").exists()


def test_it_refuses_a_newcomer_when_the_auto_join_workspace_does_not_exist(world, settings):
    settings.OIDC_AUTO_JOIN = "example.com=gone:manager"

    with pytest.raises(SignInRefused, match="has no Keyfolio account yet"):
        sign_in()

    assert not User.objects.filter(email="anna@example.com").exists()


def test_it_refuses_an_email_the_provider_has_not_verified(world):
    with pytest.raises(SignInRefused) as refused:
        sign_in(verified=False)

    assert refused.value.message == (
        "The sign-in service has not verified anna@example.com. Verify it there, then try again."
    )
    assert not User.objects.filter(email="anna@example.com").exists()


def test_it_refuses_an_unverified_email_of_an_existing_user_and_adds_no_membership(world):
    anna = make_user("anna@example.com")

    with pytest.raises(SignInRefused, match="has not verified"):
        sign_in(verified=False)

    assert not Membership.objects.filter(user=anna).exists()


def test_it_trusts_a_provider_that_does_not_say_whether_it_verified(world):
    # Entra ID sends no email_verified claim.
    assert sign_in(verified=None).email == "anna@example.com"


def test_it_refuses_claims_without_an_email(world):
    with pytest.raises(SignInRefused, match="did not give your e-mail address"):
        sign_in("  ")


def test_it_refuses_a_deactivated_user(world):
    make_user("anna@example.com", is_active=False)

    with pytest.raises(SignInRefused, match="deactivated"):
        sign_in()


def test_auto_join_rules_are_read_from_the_setting():
    assert parse_auto_join(" example.com = acme : director ,@other.org=globex:admin,") == {
        "example.com": AutoJoin("example.com", "acme", Role.DIRECTOR),
        "other.org": AutoJoin("other.org", "globex", Role.ADMIN),
    }
    assert parse_auto_join("") == {}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("example.com", "“example.com” is not domain=workspace:role"),
        ("example.com=acme", "“example.com=acme” is not domain=workspace:role"),
        ("example.com=acme:boss", "“boss” in “example.com=acme:boss” is not one of viewer"),
        ("example.com=acme:owner", "“owner” in “example.com=acme:owner” is not one of viewer"),
    ],
)
def test_auto_join_rules_name_a_mistake(text, message):
    with pytest.raises(ValueError, match=message):
        parse_auto_join(text)
