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

import csv
import io
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import IO, Any, cast

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from keyfolio.accounts.models import Account
from keyfolio.assessments.models import Criterion, Methodology
from keyfolio.assessments.services import ScoreInput, assessment_create
from keyfolio.users.models import User
from keyfolio.workspaces.models import Workspace

ACCOUNT, ASSESSED_ON, ASSESSOR, NOTE = "account", "assessed_on", "assessor", "note"
REQUIRED_COLUMNS = (ACCOUNT, ASSESSED_ON)
ACCOUNT_NAME_MAX = cast(int, Account._meta.get_field("name").max_length)
XLSX_MAGIC = b"PK\x03\x04"  # An XLSX file is a zip archive.
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class TableError(ValueError):
    """The file cannot be read as a table at all (not UTF-8, a broken XLSX...)."""


@dataclass(frozen=True)
class TableRow:
    line: int  # The line (CSV) or row (XLSX) number in the file, the header being 1.
    cells: tuple[Any, ...]  # str for CSV; str, number, datetime or None for XLSX.


@dataclass(frozen=True)
class RowError:
    line: int
    message: str

    def __str__(self) -> str:
        return _("line %(line)d: %(message)s") % {"line": self.line, "message": self.message}


@dataclass
class Columns:
    names: dict[int, str | None]  # Column index -> name; None for a column to skip.
    errors: list[RowError]
    rows_readable: bool  # False when rows cannot be checked (e.g. no account column).


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


def scores_table_read(file: IO[bytes]) -> list[TableRow]:
    """The rows of a CSV or XLSX file (told apart by content, not by name), blank rows left out."""
    data = file.read()
    rows = _xlsx_rows(data) if data.startswith(XLSX_MAGIC) else _csv_rows(data)
    return [row for row in rows if any(_text(cell) for cell in row.cells)]


def _csv_rows(data: bytes) -> list[TableRow]:
    try:
        text = data.decode("utf-8-sig")  # Excel writes a byte-order mark; it is not a header.
    except UnicodeDecodeError:
        raise TableError(_("The file is neither UTF-8 text nor an XLSX workbook.")) from None
    first_line = text.split("\n", 1)[0]
    # The header holds no numbers, so its separators tell the delimiter: a semicolon
    # where Excel uses the decimal comma (Russian locales), a comma elsewhere.
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[TableRow] = []
    while True:
        line = reader.line_num + 1  # A quoted cell may span lines; report the first.
        try:
            cells = next(reader)
        except StopIteration:
            return rows
        except csv.Error as error:
            raise TableError(
                _("line %(line)d: %(error)s") % {"line": line, "error": error}
            ) from None
        rows.append(TableRow(line, tuple(cells)))


def _xlsx_rows(data: bytes) -> list[TableRow]:
    import openpyxl  # Imported here: only XLSX imports pay for it.

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception:  # openpyxl raises many kinds of errors for a damaged file.
        raise TableError(_("The file looks like an XLSX workbook but cannot be read.")) from None
    sheet = workbook.worksheets[0]
    return [
        TableRow(number, tuple(_xlsx_value(cell) for cell in cells))
        for number, cells in enumerate(sheet.iter_rows(), start=1)
    ]


def _xlsx_value(cell) -> Any:
    value = cell.value
    # Excel stores 85 % as 0.85 with a percent format; the import means 85.
    is_number = isinstance(value, int | float) and not isinstance(value, bool)
    if is_number and "%" in (cell.number_format or ""):
        return round(value * 100, 6)  # 0.855 * 100 is 85.49999999999999.
    return value


def _text(cell: Any) -> str:
    return "" if cell is None else str(cell).strip()


# Checking ------------------------------------------------------------------------


def scores_import_parse(*, workspace: Workspace, table: Sequence[TableRow]) -> ScoresImport:
    """Check every row of `table` against the workspace's current methodology and members;
    return the rows ready to save and every error found, writing nothing."""
    if not table:
        return ScoresImport(errors=[RowError(1, _("the file is empty"))])
    criteria = list(Methodology.objects.current_for(workspace).active_criteria())
    header, *body = table
    columns = _columns(header, criteria)
    result = ScoresImport(errors=columns.errors)
    if not columns.rows_readable:
        return result
    members = {
        user.email.lower(): user for user in User.objects.filter(memberships__workspace=workspace)
    }
    for row in body:
        parsed = _parse_row(row, columns.names, criteria, members, result.errors)
        if parsed is not None:
            result.rows.append(parsed)
    return result


def _columns(header: TableRow, criteria: Sequence[Criterion]) -> Columns:
    """Read the header. Unknown or repeated columns are errors, but the rows are still
    checked (skipping those columns) so that one run reports every error in the file."""
    keys = [c.key for c in criteria]
    known = {*REQUIRED_COLUMNS, ASSESSOR, NOTE, *keys}
    names: dict[int, str | None] = {}
    messages = []
    for index, cell in enumerate(header.cells):
        name = _text(cell).lower()
        if not name:
            continue  # Unnamed columns must stay empty; see _parse_row.
        if name not in known:
            messages.append(_("unknown column '%(name)s'") % {"name": name})
            names[index] = None
        elif name in names.values():
            messages.append(_("column '%(name)s' appears twice") % {"name": name})
            names[index] = None
        else:
            names[index] = name
    if None in names.values():
        messages.append(
            _("the criterion columns of this workspace are: %(keys)s") % {"keys": ", ".join(keys)}
        )
    found = set(names.values())
    missing = [name for name in REQUIRED_COLUMNS if name not in found]
    for name in missing:
        messages.append(_("the column '%(name)s' is missing") % {"name": name})
    if not found & set(keys):
        messages.append(_("there is no criterion column"))
    readable = not missing and bool(found & set(keys))
    return Columns(names, [RowError(header.line, m) for m in messages], readable)


def _parse_row(row, columns, criteria, members, errors) -> ScoreRow | None:
    values: dict[str, Any] = {}
    found: list[str] = []
    for index, cell in enumerate(row.cells):
        if index in columns:
            name = columns[index]
            if name is not None:
                values[name] = cell
        elif _text(cell):
            found.append(_("column %(number)d has a value but no header") % {"number": index + 1})

    account_name = _text(values.get(ACCOUNT))
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
    return ScoreRow(row.line, account_name, assessed_on, assessor, _text(values.get(NOTE)), scores)


def _parse_date(cell: Any, found: list[str]) -> date | None:
    if isinstance(cell, datetime):
        day = cell.date()
    elif isinstance(cell, date):
        day = cell
    else:
        text = _text(cell)
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
    email = _text(cell).lower()
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
        text = _text(cell)
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
