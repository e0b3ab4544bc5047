"""What the operator configured for single sign-on, read from the settings each time
(so that the tests may change them): whether it is on, the provider's endpoints and the
auto-join rules."""

from dataclasses import dataclass
from functools import lru_cache

import requests
from django.conf import settings

from keyfolio.workspaces.models import Role

# mozilla-django-oidc's setting name -> the key of the provider's discovery document.
ENDPOINTS = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}


def enabled() -> bool:
    return bool(settings.OIDC_RP_CLIENT_ID)


def endpoint(name: str) -> str:
    """The provider's endpoint `name` (a key of ENDPOINTS): as configured, or else from
    the discovery document at OIDC_ISSUER."""
    configured = getattr(settings, name, "")
    if configured or not settings.OIDC_ISSUER:
        return configured
    return discovery(settings.OIDC_ISSUER).get(ENDPOINTS[name], "")


@lru_cache(maxsize=4)
def discovery(issuer: str) -> dict:
    """The provider's discovery document, fetched once per process (a failure is not
    kept: the next sign-in asks again)."""
    response = requests.get(
        f"{issuer}/.well-known/openid-configuration", timeout=settings.OIDC_TIMEOUT
    )
    response.raise_for_status()
    return response.json()


@dataclass(frozen=True)
class AutoJoin:
    """People at `domain` join the workspace `slug` with `role` when they sign in."""

    domain: str
    slug: str
    role: Role


def parse_auto_join(text: str) -> dict[str, AutoJoin]:
    """Rules by domain from "example.com=acme:manager,example.org=acme:viewer".

    Raises ValueError naming the first entry that is not `domain=slug:role` with a role
    below owner (an owner is made on purpose, never by an e-mail address).
    """
    rules: dict[str, AutoJoin] = {}
    for entry in filter(None, (part.strip() for part in text.split(","))):
        domain, _eq, target = entry.partition("=")
        slug, _colon, role = target.partition(":")
        domain, slug, role = domain.strip().lower().lstrip("@"), slug.strip(), role.strip()
        if not (domain and slug and role):
            raise ValueError(f"OIDC_AUTO_JOIN: “{entry}” is not domain=workspace:role")
        if role not in Role.values or role == Role.OWNER:
            choices = ", ".join(r for r in Role.values if r != Role.OWNER)
            raise ValueError(f"OIDC_AUTO_JOIN: “{role}” in “{entry}” is not one of {choices}")
        rules[domain] = AutoJoin(domain, slug, Role(role))
    return rules


def auto_join_for(email: str) -> AutoJoin | None:
    """The rule for the domain of `email`, if any."""
    domain = email.rpartition("@")[2].lower()
    return parse_auto_join(settings.OIDC_AUTO_JOIN).get(domain)
