"""What this app does when the workspaces app signals (see keyfolio/workspaces/signals.py);
connected in apps.py's ready."""

from django.dispatch import receiver

from keyfolio.accounts.services import membership_leave_accounts
from keyfolio.workspaces.signals import membership_removing


@receiver(membership_removing, dispatch_uid="accounts.leave")
def leave_accounts(sender, *, membership, **kwargs) -> None:
    """A member who owns accounts stays; one who leaves comes off the account teams."""
    membership_leave_accounts(membership=membership)
