"""The portfolio as plain records, for `keyfolio portfolio` and other exports.

One record per active account with its current assessment. The keys are a
published format (scripts rely on them): change them only with a new format.
"""

import csv
from collections.abc import Iterable
from typing import IO, Any

from keyfolio.accounts.models import Account
from keyfolio.workspaces.models import Workspace

PORTFOLIO_FIELDS = ("account", "assessed_on", "client_index", "our_index", "zone", "completeness")


def portfolio_records(workspace: Workspace) -> list[dict[str, Any]]:
    """Every active account of `workspace` by name, with its current assessment's date,
    unrounded indices, zone and completeness; None where it was never assessed or
    is not placed. One query whatever the number of accounts."""
    accounts = Account.objects.in_workspace(workspace).active().with_assessments()
    return [_record(account) for account in accounts]


def _record(account: Account) -> dict[str, Any]:
    current = account.current_assessment
    if current is None:
        return {"account": account.name} | dict.fromkeys(PORTFOLIO_FIELDS[1:])
    return {
        "account": account.name,
        "assessed_on": current.assessed_on.isoformat(),
        "client_index": current.client_index,
        "our_index": current.our_index,
        "zone": current.zone or None,
        "completeness": current.completeness,
    }


def records_write_csv(records: Iterable[dict[str, Any]], stream: IO[str]) -> None:
    """CSV with a header row; None becomes an empty cell."""
    writer = csv.DictWriter(stream, fieldnames=PORTFOLIO_FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(records)
