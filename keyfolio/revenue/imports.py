"""Importing monthly revenue from a spreadsheet (CSV or XLSX).

The file has a header row with the columns `account` (the account's exact name),
`month` (YYYY-MM, or a date cell), `amount` (see keyfolio.revenue.amounts for how
amounts are written) and optionally `note`; one row per account and month.

As for the assessments import (keyfolio.assessments.imports), the file is read by
keyfolio.core.tables, `revenue_import_parse` checks every row and reports every error
with its line number without writing anything, and `revenue_import_save` writes in
bulk, in chunks; callers save only when the parse found no error, so no bad row is
ever saved. Should the database refuse a chunk, the chunks before it stay saved (see
keyfolio.core.bulk) and importing the file again saves the rest. Accounts are never
created: a name that matches no account the importer may edit is an error. A month may
appear once in a file; a month already recorded is overwritten, unless the row equals
it (same amount, and same note when the file has a note column): then it is counted as
unchanged, so importing the same file twice changes nothing.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from keyfolio.accounts.models import Account
from keyfolio.accounts.signals import accounts_changed
from keyfolio.audit.models import AuditEvent
from keyfolio.audit.recording import BulkChange, record_bulk, record_updates
from keyfolio.core.bulk import (
    ImportRecorder,
    ImportStopped,
    import_chunks,
    rows_insert_returning_pks,
    statistics_refresh,
)
from keyfolio.core.tables import RowErrors, TableRow, cell_text, table_columns
from keyfolio.revenue.amounts import AmountError, parse_amount
from keyfolio.revenue.models import RevenueEntry
from keyfolio.revenue.services import check_month

ACCOUNT, MONTH, AMOUNT, NOTE = "account", "month", "amount", "note"
REQUIRED_COLUMNS = (ACCOUNT, MONTH, AMOUNT)
__all__ = ["ImportStopped", "RevenueImportResult", "revenue_import_parse", "revenue_import_save"]

NOTE_MAX = cast(int, RevenueEntry._meta.get_field("note").max_length)
YEAR_MONTH = re.compile(r"(\d{4})-(\d{2})")


@dataclass(frozen=True)
class RevenueRow:
    line: int
    account: Account
    month: date
    amount: Decimal
    note: str | None  # None when the file has no note column: the entry's note stays.


@dataclass
class RevenueImport:
    rows: list[RevenueRow] = field(default_factory=list)
    errors: RowErrors = field(default_factory=RowErrors)


@dataclass(frozen=True)
class RevenueImportResult:
    created: int
    overwritten: int
    unchanged: int
    accounts: int

    @property
    def months(self) -> int:
        return self.created + self.overwritten + self.unchanged


def revenue_import_parse(
    *, accounts: Sequence[Account], table: Iterable[TableRow]
) -> RevenueImport:
    """Check every row of `table`; `accounts` are those the rows may name (on the web,
    the ones the importer may edit; in the CLI, the workspace's). Writes nothing.
    Reads the table as it goes (it may raise TableError)."""
    result = RevenueImport()
    body = iter(table)
    header = next(body, None)
    if header is None:
        result.errors.add(1, _("the file is empty"))
        return result
    columns = table_columns(header, known={*REQUIRED_COLUMNS, NOTE}, required=REQUIRED_COLUMNS)
    result.errors.extend(columns.errors)
    if columns.missing:
        return result
    has_note = NOTE in columns.names.values()
    by_name = {account.name: account for account in accounts}
    seen: dict[tuple[int, date], int] = {}  # (account, month) -> the line it was first on.
    for row in body:
        found: list[str] = []
        values = columns.values_of(row, found)
        account = _parse_account(values.get(ACCOUNT), by_name, found)
        month = _parse_month(values.get(MONTH), found)
        amount = _parse_amount(values.get(AMOUNT), found)
        note = cell_text(values.get(NOTE)) if has_note else None
        if note is not None and len(note) > NOTE_MAX:
            found.append(_("the note is longer than %(max)d characters") % {"max": NOTE_MAX})
        if account is not None and month is not None:
            first_line = seen.setdefault((account.pk, month), row.line)
            if first_line != row.line:
                found.append(
                    _("%(account)s %(month)s is already on line %(line)d")
                    % {"account": account.name, "month": f"{month:%Y-%m}", "line": first_line}
                )
        for message in found:
            result.errors.add(row.line, message)
        if not found:
            assert account is not None and month is not None and amount is not None
            result.rows.append(RevenueRow(row.line, account, month, amount, note))
    return result


def _parse_account(cell: Any, by_name: dict[str, Account], found: list[str]) -> Account | None:
    name = cell_text(cell)
    if not name:
        found.append(_("the account name is missing"))
        return None
    account = by_name.get(name)
    if account is None:
        # The same words whether the account does not exist or is someone else's: an
        # import must not tell a manager which accounts exist beyond their own.
        found.append(_("unknown account '%(name)s'") % {"name": name})
    return account


def _parse_month(cell: Any, found: list[str]) -> date | None:
    if isinstance(cell, datetime | date):
        # A spreadsheet turns "2024-03" into a date; its month is meant.
        day = cell.date() if isinstance(cell, datetime) else cell
        month = date(day.year, day.month, 1)
    else:
        text = cell_text(cell)
        match = YEAR_MONTH.fullmatch(text)
        if not text:
            found.append(_("the month is missing"))
            return None
        if match is None or not 1 <= int(match[2]) <= 12:
            found.append(_("month '%(value)s' is not in the form YYYY-MM") % {"value": text})
            return None
        month = date(int(match[1]), int(match[2]), 1)
    try:
        check_month(month, today=timezone.localdate())
    except ValidationError as error:
        found.extend(error.messages)
        return None
    return month


def _parse_amount(cell: Any, found: list[str]) -> Decimal | None:
    try:
        amount = parse_amount(cell)
    except AmountError as error:
        found.append(str(error))
        return None
    if amount is None:
        found.append(_("the amount is missing"))
    return amount


def revenue_import_save(
    *, rows: Sequence[RevenueRow], user=None, record: ImportRecorder | None = None
) -> RevenueImportResult:
    """Save checked rows: new months are created, months already recorded are overwritten
    (their note too when the file has a note column) unless the row equals them.

    The rows are saved in chunks (keyfolio.core.bulk), each in a transaction of its own
    with a constant number of queries, which sends `accounts_changed` for its accounts.
    If the database refuses a chunk, ImportStopped says from which line nothing was saved;
    the chunks before it stay, and importing the file again saves the rest."""
    created = overwritten = unchanged = 0
    accounts: set[int] = set()
    for chunk in import_chunks(rows):
        try:
            with transaction.atomic():
                new, overwrites, same = _save_chunk(chunk, user, record)
        except DatabaseError as error:
            saved = RevenueImportResult(created, overwritten, unchanged, len(accounts))
            raise ImportStopped(line=chunk[0].line, saved=saved, error=error) from error
        created, overwritten, unchanged = created + new, overwritten + overwrites, unchanged + same
        accounts.update(row.account.pk for row in chunk)
    statistics_refresh(RevenueEntry, rows=created)
    return RevenueImportResult(created, overwritten, unchanged, len(accounts))


def _audit(rows: Sequence[RevenueRow], columns, created: list[tuple], pks: list[int]) -> None:
    """The audit trail's events of the months created (those changed are recorded by
    record_updates), in multi-row INSERTs."""
    if not created:
        return
    record_bulk(
        workspace_id=rows[0].account.workspace_id,
        model=RevenueEntry,
        changes=[
            BulkChange(
                object_id=pk,
                account_id=values[1],
                action=AuditEvent.Action.CREATE,
                changes={
                    name: [None, value]
                    for name, value in zip(columns[2:], values[2:], strict=True)
                    if value not in (None, "")
                },
                object_repr=str(values[2]),
            )
            for pk, values in zip(pks, created, strict=True)
        ],
    )


def _save_chunk(
    rows: Sequence[RevenueRow], user, record: ImportRecorder | None = None
) -> tuple[int, int, int]:
    """Save `rows` inside the caller's transaction; return how many months were created,
    overwritten and left unchanged."""
    account_ids = {row.account.pk for row in rows}
    # One query for the entries the rows may overwrite: those of the same accounts within
    # the chunk's months (a few more than needed, never a query per row). It is made
    # inside the transaction, so that no entry appears between it and the writes.
    recorded = RevenueEntry.objects.filter(
        account__in=account_ids,
        month__range=(min(row.month for row in rows), max(row.month for row in rows)),
    )
    existing = {(entry.account_id, entry.month): entry for entry in recorded}
    to_create: list[tuple] = []
    to_update: list[RevenueEntry] = []
    unchanged = 0
    now = timezone.now()
    for row in rows:
        entry = existing.get((row.account.pk, row.month))
        if entry is None:
            to_create.append(
                (
                    row.account.workspace_id,
                    row.account.pk,
                    row.month,
                    row.amount,
                    row.note or "",
                    user.pk if user else None,
                )
            )
        elif entry.amount == row.amount and row.note in (None, entry.note):
            unchanged += 1
        else:
            before = {"amount": entry.amount, "note": entry.note}
            entry.amount = row.amount
            if row.note is not None:
                entry.note = row.note
            entry.updated_at = now
            to_update.append(entry)
            if record is not None:
                after = {"amount": entry.amount, "note": entry.note}
                record.changed("revenue", entry.pk, before, after)
    columns = ["workspace_id", "account_id", "month", "amount", "note", "created_by_id"]
    created = rows_insert_returning_pks(RevenueEntry, columns, to_create)
    if record is not None:
        record.created("revenue", created)
    RevenueEntry.objects.bulk_update(to_update, ["amount", "note", "updated_at"])
    _audit(rows, columns, to_create, created)
    record_updates(to_update)
    changed = {values[1] for values in to_create} | {entry.account_id for entry in to_update}
    if changed:
        accounts_changed.send(sender=RevenueEntry, account_ids=changed)
    return len(to_create), len(to_update), unchanged
