"""What the endpoints of an account's objects (contacts, opportunities, activities,
actions) share: who may write, and the people and accounts a body names.

Each of those objects belongs to an account: a member sees it when they see its account
(`Account.objects.visible_to`, a 404 otherwise) and changes it when their role may
(`require_edit`, a 403), exactly as on the account's pages.
"""

from typing import Any

from django.db.models.functions import Lower
from django.http import HttpRequest
from django.utils.translation import gettext as _

from keyfolio.accounts.models import Account
from keyfolio.accounts.services import workspace_members
from keyfolio.api.auth import require_write
from keyfolio.stakeholders.models import Contact
from keyfolio.users.models import User
from keyfolio.workspaces.access import require_edit
from keyfolio.workspaces.models import Membership


def membership_of(request: HttpRequest) -> Membership:
    return request.membership  # type: ignore[attr-defined]


def visible_accounts(request: HttpRequest):
    return Account.objects.visible_to(membership_of(request))


def require_editor(request: HttpRequest) -> None:
    """A write: refused to a read-only token and to a role that only reads (403)."""
    require_write(request)
    require_edit(membership_of(request))


def account_named(request: HttpRequest, pk: int, errors: dict[str, list[str]]) -> Account | None:
    """The account a body names by id, among those the member sees; else a field error."""
    account = visible_accounts(request).filter(pk=pk).first()
    if account is None:
        errors["account"] = [_("Choose one of your accounts, by id.")]
    return account


def member_named(
    request: HttpRequest, email: str, field: str, errors: dict[str, list[str]]
) -> User | None:
    """The member of the workspace with this e-mail; else a field error."""
    user = workspace_members(membership_of(request).workspace).filter(email__iexact=email).first()
    if user is None:
        errors[field] = [_("Choose a member of this workspace, by e-mail.")]
    return user


def refuse_nulls(data: dict[str, Any], nullable: set[str], errors: dict[str, list[str]]) -> None:
    for name, value in data.items():
        if value is None and name not in nullable:
            errors[name] = [_("This field cannot be null.")]


def participants_named(request: HttpRequest, account, emails: list[str], errors):
    """Our people and theirs among the e-mails; an e-mail of neither is a field error."""
    wanted = {email.strip().lower() for email in emails if email.strip()}
    members = workspace_members(membership_of(request).workspace)
    ours: list[User] = list(members.annotate(lower=Lower("email")).filter(lower__in=wanted))
    contacts = Contact.objects.filter(account=account).annotate(lower=Lower("email"))
    theirs = list(contacts.filter(lower__in=wanted).order_by("pk"))
    unknown = wanted - {u.email.lower() for u in ours} - {c.email.lower() for c in theirs}
    if unknown:
        errors["participants"] = [
            _("Neither a member of this workspace nor a contact of this account: %(emails)s.")
            % {"emails": ", ".join(sorted(unknown))}
        ]
    return ours or [membership_of(request).user], theirs
