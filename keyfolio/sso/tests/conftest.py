import pytest
from django.conf import settings as django_settings

from keyfolio.sso.tests.provider.people import CLIENT_ID, CLIENT_SECRET
from keyfolio.sso.tests.provider.process import running_provider

BACKEND = "keyfolio.sso.backends.OIDCBackend"


@pytest.fixture(scope="session")
def provider(live_server):
    """A real OpenID provider (django-oidc-provider) on a port of its own, which knows
    Keyfolio's live server as its client: its issuer URL."""
    with running_provider(f"{live_server.url}/sso/callback/") as issuer:
        yield issuer


def sso_on(settings, issuer: str) -> None:
    """Single sign-on configured as an operator would: the issuer (its endpoints are
    discovered), the client, people at example.com join Acme as managers."""
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_ISSUER = issuer
    settings.OIDC_PROVIDER_NAME = "Test ID"
    settings.OIDC_AUTO_JOIN = "example.com=acme:manager"
    settings.OIDC_CREATE_USER = True
    settings.AUTHENTICATION_BACKENDS = [*django_settings.AUTHENTICATION_BACKENDS, BACKEND]
