"""The start-up checks name a mistake in the single sign-on settings."""

from keyfolio.sso.checks import sso_settings


def ids(errors) -> list[str]:
    return [error.id for error in errors]


def test_it_finds_nothing_wrong_when_single_sign_on_is_off(settings):
    settings.OIDC_RP_CLIENT_ID = ""

    assert sso_settings(None) == []


def test_it_finds_nothing_wrong_with_an_issuer_a_client_and_its_secret(settings):
    settings.OIDC_RP_CLIENT_ID, settings.OIDC_RP_CLIENT_SECRET = "keyfolio", "secret"
    settings.OIDC_ISSUER = "https://id.example"
    settings.OIDC_AUTO_JOIN = "example.com=acme:manager"

    assert sso_settings(None) == []


def test_it_names_a_malformed_auto_join(settings):
    settings.OIDC_AUTO_JOIN = "example.com=acme"

    assert [str(error.msg) for error in sso_settings(None)] == [
        "OIDC_AUTO_JOIN: “example.com=acme” is not domain=workspace:role"
    ]


def test_it_names_a_missing_secret_and_missing_endpoints(settings):
    settings.OIDC_RP_CLIENT_ID, settings.OIDC_RP_CLIENT_SECRET = "keyfolio", ""
    settings.OIDC_ISSUER = ""
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = "https://id.example/authorize"

    assert ids(sso_settings(None)) == ["sso.E002", "sso.E003"]
