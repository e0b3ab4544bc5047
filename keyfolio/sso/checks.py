"""Start-up checks of the single sign-on settings: a mistake is named when the process
starts, not when the first person tries to sign in."""

from django.conf import settings
from django.core.checks import Error, register

from keyfolio.sso import config


@register()
def sso_settings(app_configs, **kwargs) -> list[Error]:
    errors = []
    try:
        config.parse_auto_join(settings.OIDC_AUTO_JOIN)
    except ValueError as error:
        errors.append(Error(str(error), id="sso.E001"))
    if not config.enabled():
        return errors
    if not settings.OIDC_RP_CLIENT_SECRET:
        errors.append(Error("OIDC_CLIENT_ID is set but OIDC_CLIENT_SECRET is not.", id="sso.E002"))
    # The JWKS endpoint gives the keys of signed ID tokens; HS256 uses the client secret.
    needs_keys = settings.OIDC_RP_SIGN_ALGO.startswith(("RS", "ES"))
    missing = [
        name
        for name in config.ENDPOINTS
        if not getattr(settings, name) and (needs_keys or name != "OIDC_OP_JWKS_ENDPOINT")
    ]
    if not settings.OIDC_ISSUER and missing:
        errors.append(
            Error(
                "Single sign-on needs OIDC_ISSUER, or else every endpoint: "
                "OIDC_AUTHORIZATION_ENDPOINT, OIDC_TOKEN_ENDPOINT, OIDC_USERINFO_ENDPOINT "
                "(and OIDC_JWKS_ENDPOINT for RS256 and ES256).",
                id="sso.E003",
            )
        )
    return errors
