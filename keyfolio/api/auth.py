"""Who is calling: the bearer token, its lock-out and its rate limit.

A request names its token in `Authorization: Bearer <token>`. The token stands for one
member of one workspace, so the handlers find `request.membership` and
`request.workspace` as the pages do (keyfolio.workspaces.access) and ask the same
questions of them (`Account.objects.visible_to(membership)`, `membership.can_edit`).

Bad tokens are counted per client address, as failed log-ins are: after
API_BAD_TOKENS_PER_ADDRESS of them within API_BAD_TOKEN_WINDOW_SECONDS, that address
gets 429 until the window ends, whatever it sends, so that tokens cannot be guessed.
Each token may make API_REQUESTS_PER_MINUTE requests a minute; past that, 429 with
Retry-After.
"""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from keyfolio.api.models import ApiToken
from keyfolio.api.problems import Problem
from keyfolio.api.selectors import membership_for_token
from keyfolio.api.services import api_token_used
from keyfolio.audit.context import Via, narrow
from keyfolio.core.ratelimit import hit
from keyfolio.core.tokens import is_well_formed, token_hash
from keyfolio.users.lockout import client_ip

RATE_WINDOW_SECONDS = 60


def _bad_token_key(request: HttpRequest) -> str:
    return f"api:bad-token:{client_ip(request) or 'unknown'}"


def too_many(detail: str, retry_after: int) -> Problem:
    return Problem(429, "too-many-requests", detail, headers={"Retry-After": str(retry_after)})


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        key = _bad_token_key(request)
        window = settings.API_BAD_TOKEN_WINDOW_SECONDS
        if (cache.get(key) or 0) >= settings.API_BAD_TOKENS_PER_ADDRESS:
            raise too_many(_("Too many bad tokens from your address: try again later."), window)
        found = membership_for_token(token_hash(token)) if is_well_formed(token) else None
        if found is None:
            hit(key, settings.API_BAD_TOKENS_PER_ADDRESS, window)
            return None
        api_token, membership = found
        if hit(f"api:token:{api_token.pk}", settings.API_REQUESTS_PER_MINUTE, RATE_WINDOW_SECONDS):
            raise too_many(
                _("This token made too many requests: wait a minute."), RATE_WINDOW_SECONDS
            )
        api_token_used(api_token)
        narrow(via=Via.API, source=api_token.name)
        request.membership = membership  # type: ignore[attr-defined]
        request.workspace = membership.workspace  # type: ignore[attr-defined]
        request.user = membership.user
        return api_token


def require_write(request: HttpRequest) -> None:
    """Refuse a write to a read-only token (403)."""
    if request.auth.read_only:  # type: ignore[attr-defined]
        raise Problem(403, "forbidden", _("This token is read-only."))
