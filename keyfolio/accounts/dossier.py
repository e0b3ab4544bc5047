"""What every page of an account's dossier needs for its header and tabs."""

from keyfolio.accounts.models import Account
from keyfolio.workspaces.models import Membership


def dossier_context(membership: Membership, account: Account, *, tab: str) -> dict:
    """The context of templates/accounts/dossier_base.html: the account, its team, whether
    this member may edit it, and which tab is open."""
    return {
        "account": account,
        "team": list(account.team.all()),
        "can_edit": account.is_editable_by(membership),
        "tab": tab,
    }
