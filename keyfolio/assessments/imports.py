"""Importing assessments from a spreadsheet (CSV or XLSX).

The file has a header row with the columns `account`, `assessed_on` (YYYY-MM-DD),
optionally `assessor` (a member's e-mail) and `note`, and one column per criterion
key of the workspace's current methodology; a blank cell is "not assessed".

Three steps, so that the CLI (`keyfolio import-scores`) and a web import share them:
`scores_table_read` turns a file into rows of cells, `scores_import_parse` checks
every row and returns the parsed rows and every error without writing anything, and
`scores_import_save` writes the rows in bulk, in chunks. Imports are all or nothing as
far as the file's rows go: callers save only when the parse found no error. The save is
chunked (see keyfolio.core.bulk): if the database refuses a chunk, the chunks before it
stay saved, and importing the file again saves the rest.

Imports are idempotent. An assessment is one account, date and assessor: the file may
hold each once (a second row is an error that names the first), a row equal to an
assessment already recorded (same scores and note) is counted as unchanged and not
saved again, and a row for a recorded account, date and assessor with other scores or
another note is an error: it never becomes a second assessment beside the first.
"""

import functools
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, cast

from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from keyfolio.accounts.models import Account
from keyfolio.accounts.signals import accounts_changed
from keyfolio.assessments.models import Assessment, Criterion, Methodology, Score
from keyfolio.assessments.services import assessment_figures
from keyfolio.audit.models import AuditEvent
from keyfolio.audit.recording import BulkChange, field_changes, record_bulk
from keyfolio.core.bulk import (
    ImportRecorder,
    ImportStopped,
    import_chunks,
    rows_insert,
    rows_insert_returning_pks,
    statistics_refresh,
)
from keyfolio.core.tables import (
    Columns,
    RowError,
    RowErrors,
    TableError,
    TableRow,
    cell_text,
    table_columns,
    table_read,
)
from keyfolio.users.models import User
from keyfolio.workspaces.models import Workspace

__all__ = ["ImportStopped", "RowError", "TableError", "TableRow", "scores_table_read"]

ACCOUNT, ASSESSED_ON, ASSESSOR, NOTE = "account", "assessed_on", "assessor", "note"
REQUIRED_COLUMNS = (ACCOUNT, ASSESSED_ON)
ACCOUNT_NAME_MAX = cast(int, Account._meta.get_field("name").max_length)
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# What the import writes of an assessment besides its figures (assessment_figures).
ASSESSMENT_COLUMNS = (
    "workspace_id",
    "account_id",
    "methodology_id",
    "assessor_id",
    "assessed_on",
    "note",
)


@dataclass(frozen=True, slots=True)
class ScoreRow:
    line: int
    account_name: str
    assessed_on: date
    assessor: User | None
    note: str
    scores: dict[str, float]  # Criterion key -> score; a criterion left blank is absent.

    @property
    def key(self) -> tuple[str, date, int | None]:
        """What makes an assessment one: its account, date and assessor."""
        return (self.account_name, self.assessed_on, self.assessor.pk if self.assessor else None)


@dataclass
class ScoresImport:
    rows: list[ScoreRow] = field(default_factory=list)  # The rows to save.
    errors: RowErrors = field(default_factory=RowErrors)
    unchanged: int = 0  # Rows equal to an assessment already recorded.


@dataclass(frozen=True)
class ImportResult:
    assessments: int
    new_accounts: int


# Reading -------------------------------------------------------------------------

# The file is read by the shared table reader (keyfolio.core.tables); this name stays
# for the callers that know the assessments import only.
scores_table_read = table_read


# Checking ------------------------------------------------------------------------


def scores_import_parse(*, workspace: Workspace, table: Iterable[TableRow]) -> ScoresImport:
    """Check every row of `table` against the workspace's current methodology, its
    members and the assessments already recorded; return the rows to save and every
    error found, writing nothing. Reads the table as it goes (it may raise TableError)."""
    result = ScoresImport()
    rows = iter(table)
    header = next(rows, None)
    if header is None:
        result.errors.add(1, _("the file is empty"))
        return result
    criteria = list(Methodology.objects.current_for(workspace).active_criteria())
    columns, rows_readable = _columns(header, criteria)
    result.errors.extend(columns.errors)
    if not rows_readable:
        return result
    members = {
        user.email.lower(): user for user in User.objects.filter(memberships__workspace=workspace)
    }
    today = timezone.localdate()  # Once: asking for every row is a tenth of the time.
    first_lines: dict[tuple[str, date, int | None], int] = {}
    numbers: dict[float, float] = {}  # One float object per distinct score, to save memory.
    for row in rows:
        found: list[str] = []
        parsed = _parse_row(row, columns, criteria, members, today, found)
        if parsed is not None:
            first_line = first_lines.setdefault(parsed.key, row.line)
            if first_line != row.line:
                found.append(_already_on_line(parsed, first_line))
        for message in found:
            result.errors.add(row.line, message)
        if parsed is not None and not found:
            for key, value in parsed.scores.items():
                parsed.scores[key] = numbers.setdefault(value, value)
            result.rows.append(parsed)
    del first_lines
    _set_aside_recorded(workspace, result)
    return result


def _already_on_line(row: ScoreRow, line: int) -> str:
    values = {"account": row.account_name, "date": row.assessed_on.isoformat(), "line": line}
    if row.assessor is None:
        return _("%(account)s %(date)s is already on line %(line)d") % values
    values["assessor"] = row.assessor.email
    return _("%(account)s %(date)s by %(assessor)s is already on line %(line)d") % values


def _set_aside_recorded(workspace: Workspace, result: ScoresImport) -> None:
    """Compare the good rows with the assessments already recorded for their account,
    date and assessor: a row equal to one of them is unchanged and taken out of the
    rows to save; a row that differs from all of them is an error."""
    if not result.rows:
        return
    wanted = {row.key for row in result.rows}
    first_day = min(row.assessed_on for row in result.rows)
    last_day = max(row.assessed_on for row in result.rows)
    recorded: dict[tuple[str, date, int | None], list[tuple[int, str]]] = defaultdict(list)
    candidates = Assessment.objects.filter(
        workspace=workspace, assessed_on__range=(first_day, last_day)
    ).values_list("pk", "account__name", "assessed_on", "assessor_id", "note")
    for pk, name, day, assessor_id, note in candidates.iterator(chunk_size=2000):
        if (name, day, assessor_id) in wanted:
            recorded[(name, day, assessor_id)].append((pk, note))
    del wanted
    if not recorded:
        return
    scores = _recorded_scores([pk for found in recorded.values() for pk, _note in found])
    to_save = []
    for row in result.rows:
        existing = recorded.get(row.key)
        if not existing:
            to_save.append(row)
            continue
        same_scores = [note for pk, note in existing if _same_scores(scores[pk], row.scores)]
        if row.note in same_scores:
            result.unchanged += 1
        else:
            result.errors.add(row.line, _recorded_otherwise(row, other_note=bool(same_scores)))
    result.rows = to_save


def _recorded_scores(pks: Sequence[int]) -> dict[int, dict[str, float]]:
    """The scores given (not blank) of these assessments, by criterion key."""
    scores: dict[int, dict[str, float]] = defaultdict(dict)
    for start in range(0, len(pks), 500):  # A bounded list of parameters per query.
        given = Score.objects.filter(assessment__in=pks[start : start + 500]).values_list(
            "assessment_id", "criterion__key", "value"
        )
        for assessment_id, key, value in given:
            if value is not None:
                scores[assessment_id][key] = value
    return scores


def _same_scores(recorded: dict[str, float], given: dict[str, float]) -> bool:
    return recorded.keys() == given.keys() and all(
        math.isclose(recorded[key], given[key], abs_tol=1e-9) for key in given
    )


def _recorded_otherwise(row: ScoreRow, *, other_note: bool) -> str:
    values = {"account": row.account_name, "date": row.assessed_on.isoformat()}
    if row.assessor is None:
        if other_note:
            message = _(
                "%(account)s already has an assessment of %(date)s without an assessor, "
                "with another note"
            )
        else:
            message = _(
                "%(account)s already has an assessment of %(date)s without an assessor, "
                "with other scores"
            )
        return message % values
    values["assessor"] = row.assessor.email
    if other_note:
        message = _(
            "%(account)s already has an assessment of %(date)s by %(assessor)s, with another note"
        )
    else:
        message = _(
            "%(account)s already has an assessment of %(date)s by %(assessor)s, with other scores"
        )
    return message % values


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


def _parse_row(
    row, columns: Columns, criteria, members, today: date, found: list[str]
) -> ScoreRow | None:
    """The row ready to save, or None with its errors appended to `found`."""
    values = columns.values_of(row, found)

    account_name = cell_text(values.get(ACCOUNT))
    if not account_name:
        found.append(_("the account name is missing"))
    elif len(account_name) > ACCOUNT_NAME_MAX:
        found.append(
            _("the account name is longer than %(max)d characters") % {"max": ACCOUNT_NAME_MAX}
        )
    assessed_on = _parse_date(values.get(ASSESSED_ON), found, today)
    assessor = _parse_assessor(values.get(ASSESSOR), members, found)
    scores = {}
    for criterion in criteria:
        if criterion.key in values:
            value = _parse_score(criterion.key, values[criterion.key], found)
            if value is not None:
                scores[criterion.key] = value
    if not scores and not found:
        found.append(_("no criterion is scored"))
    if found:
        return None
    assert assessed_on is not None
    return ScoreRow(
        row.line, account_name, assessed_on, assessor, cell_text(values.get(NOTE)), scores
    )


def _parse_date(cell: Any, found: list[str], today: date) -> date | None:
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
    if day > today:
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
    """A score as people write it: 85, 85%, 85.5, 85,5 or 85 % (with any space, the
    no-break ones of Russian number formats too); None for a blank cell.
    Raises ValueError with a message for anything else or anything outside 0..100."""
    if isinstance(cell, bool):
        raise ValueError(_("'%(value)s' is not a number") % {"value": cell})
    if isinstance(cell, int | float):
        return _percent(float(cell))
    text = cell_text(cell)
    return _percent_of_text(text) if text else None


@functools.lru_cache(maxsize=4096)
def _percent_of_text(text: str) -> float:
    # Cached: a file of 100,000 rows holds a few hundred distinct scores, and parsing
    # is most of the time of checking an import. Errors are not cached (they raise).
    try:
        value = float(text.removesuffix("%").strip().replace(",", "."))
    except ValueError:
        raise ValueError(_("'%(value)s' is not a number") % {"value": text}) from None
    return _percent(value)


def _percent(value: float) -> float:
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


def scores_import_save(
    *, workspace: Workspace, rows: Sequence[ScoreRow], record: ImportRecorder | None = None
) -> ImportResult:
    """Save checked rows: make the accounts that do not exist yet (matched by exact name)
    and one assessment per row, with its scores and the indices, zone and completeness
    `assessment_create` would store, and move each touched account's pointers.

    The rows are saved in chunks (keyfolio.core.bulk), each in a transaction of its own
    that writes its accounts, assessments and scores in bulk, sets the pointers of its
    accounts in one UPDATE and sends `accounts_changed` for them. A constant number of
    queries per chunk. If the database refuses a chunk, ImportStopped says from which line
    nothing was saved; the chunks before it stay, and importing the file again saves the
    rest. `record`, if given, is told of each assessment and account made (the import
    log, so that the import can be undone)."""
    # Read before the transactions: SQLite's write lock is taken at their start.
    methodology = Methodology.objects.current_for(workspace)
    criteria = list(methodology.active_criteria())
    saved = ImportResult(assessments=0, new_accounts=0)
    for chunk in import_chunks(rows):
        try:
            with transaction.atomic():
                new_accounts = _save_chunk(workspace, methodology, criteria, chunk, record)
        except DatabaseError as error:
            raise ImportStopped(line=chunk[0].line, saved=saved, error=error) from error
        saved = ImportResult(
            assessments=saved.assessments + len(chunk),
            new_accounts=saved.new_accounts + new_accounts,
        )
    statistics_refresh(Account, Assessment, Score, rows=saved.assessments)
    return saved


def _save_chunk(
    workspace: Workspace,
    methodology: Methodology,
    criteria: Sequence[Criterion],
    rows: Sequence[ScoreRow],
    record: ImportRecorder | None = None,
) -> int:
    """Save `rows` inside the caller's transaction; return the number of accounts made."""
    account_ids, new_account_ids = _account_ids(workspace, {row.account_name for row in rows})
    thresholds = methodology.thresholds
    figures = [
        assessment_figures(criteria=criteria, values=row.scores, thresholds=thresholds)
        for row in rows
    ]
    # Written as plain rows, not through bulk_create: building and preparing a model
    # instance per row was two thirds of the time of an import.
    assessment_pks = rows_insert_returning_pks(
        Assessment,
        [*ASSESSMENT_COLUMNS, *figures[0]],
        [
            (
                workspace.pk,
                account_ids[row.account_name],
                methodology.pk,
                row.assessor.pk if row.assessor else None,
                row.assessed_on,
                row.note,
                *row_figures.values(),
            )
            for row, row_figures in zip(rows, figures, strict=True)
        ],
    )
    # Every active criterion gets a score, None where the row left it blank, as
    # assessment_create stores them.
    rows_insert(
        Score,
        ["assessment_id", "criterion_id", "value"],
        [
            (assessment_pk, criterion.pk, row.scores.get(criterion.key))
            for assessment_pk, row in zip(assessment_pks, rows, strict=True)
            for criterion in criteria
        ],
    )
    touched = set(account_ids.values())
    Account.objects.filter(pk__in=touched).refresh_assessment_pointers()
    accounts_changed.send(sender=Assessment, account_ids=touched)
    if record is not None:
        record.created("account", new_account_ids)
        record.created("assessment", assessment_pks)
    _audit(workspace, account_ids, new_account_ids, rows, figures, assessment_pks)
    return len(new_account_ids)


def _audit(workspace, account_ids, new_account_ids, rows, figures, assessment_pks) -> None:
    """The audit trail's events of the chunk: the accounts made and each assessment with
    its scores, in multi-row INSERTs."""
    names = {pk: name for name, pk in account_ids.items()}
    record_bulk(
        workspace_id=workspace.pk,
        model=Account,
        changes=[
            BulkChange(pk, pk, AuditEvent.Action.CREATE, {"name": [None, names[pk]]}, names[pk])
            for pk in new_account_ids
        ],
    )
    record_bulk(
        workspace_id=workspace.pk,
        model=Assessment,
        changes=[
            BulkChange(
                object_id=pk,
                account_id=account_ids[row.account_name],
                action=AuditEvent.Action.CREATE,
                changes=field_changes(
                    {},
                    {
                        "assessor_id": row.assessor.pk if row.assessor else None,
                        "assessed_on": row.assessed_on,
                        "note": row.note,
                        **row_figures,
                        **row.scores,
                    },
                ),
                object_repr=row.account_name,
            )
            for pk, row, row_figures in zip(assessment_pks, rows, figures, strict=True)
        ],
    )


def _account_ids(workspace: Workspace, names: set[str]) -> tuple[dict[str, int], list[int]]:
    """The ids of the accounts called `names`, making those that do not exist; and how
    made. Read inside the chunk's transaction, so that an account made by
    someone else since the file was checked is found, not made twice."""
    accounts = Account.objects.in_workspace(workspace)
    ids = dict(accounts.filter(name__in=names).values_list("name", "pk"))
    missing = sorted(names - ids.keys())
    if missing:
        rows_insert(Account, ["workspace_id", "name"], [(workspace.pk, name) for name in missing])
        ids.update(accounts.filter(name__in=missing).values_list("name", "pk"))
    return ids, [ids[name] for name in missing]
