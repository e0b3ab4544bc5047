"""Making, using and revoking personal API tokens."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from keyfolio.api.models import PREFIX_LENGTH, ApiToken
from keyfolio.audit.recording import record_updates
from keyfolio.core.tokens import new_token, token_hash
from keyfolio.workspaces.models import Membership

# last_used_at is written at most this often, so that a busy script costs no write a request.
LAST_USED_PRECISION = timedelta(minutes=1)


def api_token_create(*, membership: Membership, name: str, read_only: bool = False) -> str:
    """Make a token for the member and return it, the only time it is known."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name, e.g. the system that uses it.")})
    token = new_token()
    ApiToken.objects.create(
        user_id=membership.user_id,
        workspace_id=membership.workspace_id,
        name=name[:100],
        read_only=read_only,
        token_hash=token_hash(token),
        prefix=token[:PREFIX_LENGTH],
    )
    return token


def api_token_revoke(*, token: ApiToken) -> None:
    """Stop the token working; it stays listed, as revoked, for the record."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        ApiToken.objects.filter(pk=token.pk).update(revoked_at=token.revoked_at)
        record_updates([token])  # The update sends no signal.


def api_token_used(token: ApiToken) -> None:
    """Note that the token was used, unless that was noted less than a minute ago."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        token.last_used_at = now
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
