"""Test data for the account pages: accounts and their assessments."""

from datetime import date

from keyfolio.accounts.models import Account
from keyfolio.assessments.models import Assessment
from keyfolio.assessments.services import ScoreInput, assessment_create
from keyfolio.method import DEFAULT_CRITERIA, Axis
from keyfolio.workspaces.models import Workspace


def assess(
    account: Account,
    *,
    client: float,
    our: float,
    on: date,
    assessor=None,
    note: str = "",
    skip: tuple[str, ...] = (),
) -> Assessment:
    """An assessment whose criteria all score `client` or `our` (equal weights make these
    the indices), leaving the criteria in `skip` not assessed."""
    scores = {
        spec.key: ScoreInput(client if spec.axis == Axis.CLIENT else our)
        for spec in DEFAULT_CRITERIA
        if spec.key not in skip
    }
    return assessment_create(
        account=account, assessor=assessor, scores=scores, assessed_on=on, note=note
    )


def make_accounts(workspace: Workspace, count: int, *, owner, prefix: str = "Account") -> list:
    return [
        Account.objects.create(workspace=workspace, name=f"{prefix} {n:03d}", owner=owner)
        for n in range(count)
    ]
