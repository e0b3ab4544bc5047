"""Test data for the activity log: the client's people and logged activities."""

from datetime import date

from keyfolio.accounts.models import Account
from keyfolio.activities.models import Activity
from keyfolio.activities.services import activity_create
from keyfolio.stakeholders.models import Contact


def make_contact(account: Account, name: str, title: str = "", **fields) -> Contact:
    return Contact.objects.create(
        workspace_id=account.workspace_id, account=account, name=name, title=title, **fields
    )


def log(
    account: Account,
    *,
    by,
    on: date,
    kind: str = "meeting",
    ours=None,
    theirs=(),
    rules=None,
    summary: str = "Talked about the year ahead.",  # An activity must say something.
    next_step: str = "",
    due: date | None = None,
) -> Activity:
    return activity_create(
        account=account,
        by=by,
        kind=kind,
        occurred_on=on,
        our_people=ours if ours is not None else [by],
        their_people=theirs,
        summary=summary,
        next_step=next_step,
        next_step_due=due,
        rules=rules,
    )
