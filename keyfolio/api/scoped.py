"""What the account-scoped endpoints share: the account as the token's member may see
or change it, and the If-Match check of a write.

The same rules as keyfolio.api.accounts (whose helpers are its own): an account the
member may not see is a 404, one they may not change a 403, and a read-only token a 403
on any write.
"""

from django.http import HttpRequest
from django.utils.translation import gettext as _

from keyfolio.accounts.models import Account, get_account_for
from keyfolio.api.auth import require_write
from keyfolio.api.problems import Problem


def account_for(request: HttpRequest, pk: int, *, edit: bool = False) -> Account:
    """The account `pk` as the token's member may see it (404), and change it (403)."""
    if edit:
        require_write(request)
    return get_account_for(request.membership, pk, edit=edit)  # type: ignore[attr-defined]


def check_if_match(request: HttpRequest, current: str) -> None:
    """Refuse the write (412) when If-Match names another version than `current`."""
    expected = request.headers.get("If-Match")
    if (
        expected
        and expected.strip() != "*"
        and current not in [tag.strip() for tag in expected.split(",")]
    ):
        raise Problem(
            412,
            "precondition-failed",
            _("This changed since you read it: read it again, then send your change."),
        )


def version_tag(kind: str, pk: object, stamp) -> str:
    """An ETag of one version of an object: its kind, id and last change."""
    return f'"{kind}-{pk}-{stamp.timestamp():.6f}"' if stamp else f'"{kind}-{pk}-none"'
