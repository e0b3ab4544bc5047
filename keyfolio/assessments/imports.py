"""Importing assessments from a spreadsheet (CSV or XLSX).

The file has a header row with the columns `account`, `assessed_on` (YYYY-MM-DD),
optionally `assessor` (a member's e-mail) and `note`, and one column per criterion
key of the workspace's current methodology; a blank cell is "not assessed".

Three steps, so that the CLI (`keyfolio import-scores`) and a web import share them:
`scores_table_read` turns a file into rows of cells, `scores_import_parse` checks
every row and returns the parsed rows and every error without writing anything, and
`scores_import_save` writes the rows in one transaction. Imports are all or nothing:
callers save only when the parse found no error.
"""

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, cast

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from keyfolio.accounts.models import Account
from keyfolio.assessments.models import Criterion, Methodology
from keyfolio.assessments.services import ScoreInput, assessment_create
from keyfolio.core.tables import (
    Columns,
    RowError,
    TableError,
    TableRow,
    cell_text,
    table_columns,
    table_read,
)
from keyfolio.users.models import User
from keyfolio.workspaces.models import Workspace

__all__ = ["RowError", "TableError", "TableRow", "scores_table_read"]

ACCOUNT, ASSESSED_ON, ASSESSOR, NOTE = "account", "assessed_on", "assessor", "note"
REQUIRED_COLUMNS = (ACCOUNT, ASSESSED_ON)
ACCOUNT_NAME_MAX = cast(int, Account._meta.get_field("name").max_length)
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class ScoreRow:
    line: int
    account_name: str
    assessed_on: date
    assessor: User | None
    note: str
    scores: dict[str, ScoreInput]


@dataclass
class ScoresImport:
    rows: list[ScoreRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


@dataclass(frozen=True)
class ImportResult:
    assessments: int
    new_accounts: int


# Reading -------------------------------------------------------------------------

# The file is read by the shared table reader (keyfolio.core.tables); this name stays
# for the callers that know the assessments import only.
scores_table_read = table_read


# Checking ------------------------------------------------------------------------


def scores_import_parse(*, workspace: Workspace, table: Sequence[TableRow]) -> ScoresImport:
    """Check every row of `table` against the workspace's current methodology and members;
    return the rows ready to save and every error found, writing nothing."""
    if not table:
        return ScoresImport(errors=[RowError(1, _("the file is empty"))])
    criteria = list(Methodology.objects.current_for(workspace).active_criteria())
    header, *body = table
    columns, rows_readable = _columns(header, criteria)
    result = ScoresImport(errors=columns.errors)
    if not rows_readable:
        return result
    members = {
        user.email.lower(): user for user in User.objects.filter(memberships__workspace=workspace)
    }
    for row in body:
        parsed = _parse_row(row, columns, criteria, members, result.errors)
        if parsed is not None:
            result.rows.append(parsed)
    return result


def _columns(header: TableRow, criteria: Sequence[Criterion]) -> tuple[Columns, bool]:
    """Read the header; also say whether the rows can be checked (they cannot without
    the account and date columns or without a single criterion column)."""
    keys = [c.key for c in criteria]
    columns = table_columns(
        header, known={*REQUIRED_COLUMNS, ASSESSOR, NOTE, *keys}, required=REQUIRED_COLUMNS
    )
    messages = []
    if None in columns.names.values():
        messages.append(
            _("the criterion columns of this workspace are: %(keys)s") % {"keys": ", ".join(keys)}
        )
    has_criteria = bool(set(columns.names.values()) & set(keys))
    if not has_criteria:
        messages.append(_("there is no criterion column"))
    columns.errors.extend(RowError(header.line, m) for m in messages)
    return columns, not columns.missing and has_criteria


def _parse_row(row, columns: Columns, criteria, members, errors) -> ScoreRow | None:
    found: list[str] = []
    values = columns.values_of(row, found)

    account_name = cell_text(values.get(ACCOUNT))
    if not account_name:
        found.append(_("the account name is missing"))
    elif len(account_name) > ACCOUNT_NAME_MAX:
        found.append(
            _("the account name is longer than %(max)d characters") % {"max": ACCOUNT_NAME_MAX}
        )
    assessed_on = _parse_date(values.get(ASSESSED_ON), found)
    assessor = _parse_assessor(values.get(ASSESSOR), members, found)
    scores = {}
    for criterion in criteria:
        if criterion.key in values:
            value = _parse_score(criterion.key, values[criterion.key], found)
            if value is not None:
                scores[criterion.key] = ScoreInput(value)
    if not scores and not found:
        found.append(_("no criterion is scored"))

    errors.extend(RowError(row.line, message) for message in found)
    if found:
        return None
    assert assessed_on is not None
    return ScoreRow(
        row.line, account_name, assessed_on, assessor, cell_text(values.get(NOTE)), scores
    )


def _parse_date(cell: Any, found: list[str]) -> date | None:
    if isinstance(cell, datetime):
        day = cell.date()
    elif isinstance(cell, date):
        day = cell
    else:
        text = cell_text(cell)
        if not text:
            found.append(_("assessed_on is missing"))
            return None
        try:
            if not ISO_DATE.fullmatch(text):
                raise ValueError
            day = date.fromisoformat(text)
        except ValueError:
            found.append(
                _("assessed_on '%(value)s' is not a date in the form YYYY-MM-DD") % {"value": text}
            )
            return None
    if day > timezone.localdate():
        found.append(_("assessed_on %(date)s is in the future") % {"date": day.isoformat()})
        return None
    return day


def _parse_assessor(cell: Any, members: dict[str, User], found: list[str]) -> User | None:
    email = cell_text(cell).lower()
    if not email:
        return None
    if email not in members:
        found.append(_("assessor %(email)s is not a member of this workspace") % {"email": email})
        return None
    return members[email]


def parse_percent(cell: Any) -> float | None:
    """A score as people write it: 85, 85%, 85.5 or 85,5; None for a blank cell.
    Raises ValueError with a message for anything else or anything outside 0..100."""
    if isinstance(cell, bool):
        raise ValueError(_("'%(value)s' is not a number") % {"value": cell})
    if isinstance(cell, int | float):
        value = float(cell)
    else:
        text = cell_text(cell)
        if not text:
            return None
        try:
            value = float(text.removesuffix("%").strip().replace(",", "."))
        except ValueError:
            raise ValueError(_("'%(value)s' is not a number") % {"value": text}) from None
    if not math.isfinite(value) or not 0 <= value <= 100:
        raise ValueError(_("%(value)s is not within 0..100") % {"value": f"{value:g}"})
    return value


def _parse_score(key: str, cell: Any, found: list[str]) -> float | None:
    try:
        return parse_percent(cell)
    except ValueError as error:
        found.append(f"{key}: {error}")
        return None


# Writing -------------------------------------------------------------------------


@transaction.atomic
def scores_import_save(*, workspace: Workspace, rows: Sequence[ScoreRow]) -> ImportResult:
    """Save checked rows: make the accounts that do not exist yet (matched by exact name)
    and one assessment per row, all in one transaction."""
    methodology = Methodology.objects.current_for(workspace)
    accounts = {account.name: account for account in Account.objects.in_workspace(workspace)}
    new_accounts = 0
    for row in rows:
        account = accounts.get(row.account_name)
        if account is None:
            account = Account.objects.create(workspace=workspace, name=row.account_name)
            accounts[account.name] = account
            new_accounts += 1
        assessment_create(
            account=account,
            assessor=row.assessor,
            scores=row.scores,
            assessed_on=row.assessed_on,
            note=row.note,
            methodology=methodology,
        )
    return ImportResult(assessments=len(rows), new_accounts=new_accounts)
