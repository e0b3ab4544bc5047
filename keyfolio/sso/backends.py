"""The authentication backend of single sign-on: mozilla-django-oidc's, with Keyfolio's
rules for who may come in (keyfolio/sso/services.py)."""

import logging

from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from django.utils.translation import get_language
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from keyfolio.sso import config
from keyfolio.sso.services import SignInRefused, sso_user_sign_in

log = logging.getLogger(__name__)

# Set on the request when the backend refuses someone, for the callback view to show.
REFUSAL = "sso_refusal"


def get_settings(attr: str, *args):
    """mozilla-django-oidc's settings, with the provider's endpoints possibly discovered."""
    if attr in config.ENDPOINTS:
        return config.endpoint(attr) or (args[0] if args else "")
    return OIDCAuthenticationBackend.get_settings(attr, *args)


class OIDCBackend(OIDCAuthenticationBackend):
    get_settings = staticmethod(get_settings)

    def __init__(self, *args, **kwargs):
        # The parent reads the provider's endpoints when it is made, and Django makes the
        # backends for every password log-in and for every request of someone signed in
        # through the provider (get_user). The endpoints may need the discovery document:
        # a provider that is away must not break those, so they are read only when a
        # sign-in comes back from the provider.
        self.UserModel = get_user_model()

    def authenticate(self, request, **kwargs):
        # The callback view passes the nonce it kept; a password log-in passes none.
        if not config.enabled() or "nonce" not in kwargs:
            return None
        super().__init__()
        return super().authenticate(request, **kwargs)

    def get_or_create_user(self, access_token, id_token, payload):
        self._check_id_token(payload)
        claims = self.get_userinfo(access_token, id_token, payload)
        if claims.get("sub") != payload.get("sub"):
            # OpenID Connect Core 5.3.2: the userinfo must be about the ID token's person.
            raise SuspiciousOperation("The userinfo's sub is not the ID token's.")
        try:
            return sso_user_sign_in(
                email=claims.get("email") or "",
                email_verified=_verified(claims.get("email_verified")),
                full_name=claims.get("name") or "",
                language=get_language(),
            )
        except SignInRefused as refusal:
            log.info("Single sign-on refused %s: %s", claims.get("email"), refusal.message)
            setattr(self.request, REFUSAL, refusal.message)
            return None

    def _check_id_token(self, payload: dict) -> None:
        """The audience and issuer of the ID token, which mozilla-django-oidc leaves
        unchecked: a token the provider made for another application is no way in."""
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.get_settings("OIDC_RP_CLIENT_ID") not in audiences:
            raise SuspiciousOperation("The ID token is for another audience.")
        issuer = self.get_settings("OIDC_ISSUER", "")
        if issuer and str(payload.get("iss", "")).rstrip("/") != issuer:
            raise SuspiciousOperation("The ID token comes from another issuer.")


def _verified(value) -> bool | None:
    """The `email_verified` claim as a bool; some providers send the string "true"."""
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip().lower() == "true"
    return bool(value)
