"""What the account-scoped endpoints share: the account as the token's member may see
or change it.

The same rules as keyfolio.api.accounts (whose helpers are its own): an account the
member may not see is a 404, one they may not change a 403, and a read-only token a 403
on any write.
"""

from django.http import HttpRequest

from keyfolio.accounts.models import Account, get_account_for
from keyfolio.api.auth import require_write


def account_for(request: HttpRequest, pk: int, *, edit: bool = False) -> Account:
    """The account `pk` as the token's member may see it (404), and change it (403)."""
    if edit:
        require_write(request)
    return get_account_for(request.membership, pk, edit=edit)  # type: ignore[attr-defined]
