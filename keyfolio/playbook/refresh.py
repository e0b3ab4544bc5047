"""Keeping the stored checks (AccountCheck) up to date: the writes behind the attention
queue.

`checks_refresh` recomputes every check of some accounts as of a day, CHUNK accounts at
a time, each chunk in its own short transaction (SQLite's write lock is held per chunk,
never for the whole portfolio): the facts gatherer's six queries, the trailing revenue,
the accounts and their workspaces' thresholds, then one upsert (a single executemany);
then each account's place on the work queue (AccountAttention), from those checks, its
running snoozes and its open actions due within a week (two queries and one upsert).
It is called

- when a transaction that changed what the checks read commits (receivers.py),
- for a whole workspace when its playbook thresholds change (tasks.py, through the
  worker beyond a size),
- every night by the worker's timetable, for the accounts not yet computed for the new
  day (`checks_refresh_stale`): the checks count days, so a status may change overnight
  with no write at all,
- before the e-mails are built (keyfolio.notifications.services), so that a digest or a
  reminder is never a day late even when the night's run did not happen,
- by `keyfolio init` for the accounts that have no stored checks yet (every account
  after the upgrade that brought the table: no data migration, since the checks need
  the application's code, not the historical models),
- and by `keyfolio refresh-attention`, for operators.

So between two refreshes a status is at most a day old: a check that turns amber or red
with the passing days changes on the night it does, not at the minute. What must be exact
to the day is read live instead: the actions due this week or overdue
(keyfolio.playbook.queue) and the overview's playbook card (selectors.playbook_panel).
"""

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Exists, OuterRef

from keyfolio.accounts.models import Account
from keyfolio.assessments.facts import Gatherer
from keyfolio.method.attention import (
    CHECK_ORDER,
    WEEK,
    ItemUrgency,
    account_urgency,
    action_overdue_days,
    zone_rank,
)
from keyfolio.method.playbook import (
    STATUS_RANK,
    CheckResult,
    PlaybookThresholds,
    Status,
    overdue_days,
    run_playbook,
)
from keyfolio.plans.models import Action
from keyfolio.playbook.models import AccountAttention, AccountCheck, CheckSnooze, PlaybookSettings
from keyfolio.revenue.selectors import trailing_revenue_by_account
from keyfolio.workspaces.models import Workspace

# Accounts per transaction: about 4,500 rows upserted and a few hundred milliseconds of
# SQLite's write lock.
CHUNK = 500
NAME_LENGTH = AccountCheck._meta.get_field("sort_name").max_length or 200
# The columns of a row, in the order _refresh_chunk lists their values.
COLUMNS = [
    "workspace_id",
    "account_id",
    "check_key",
    "severity",
    "reason_code",
    "numbers",
    "rule",
    "zone_rank",
    "revenue",
    "sort_name",
    "check_order",
    "computed_on",
]
KEY = ("account_id", "check_key")
PREPARED = ("numbers", "revenue", "computed_on")
UPSERT_BATCH = 1000  # Rows per statement on SQLite (see _per_statement).
ZERO = Decimal("0.00")
SUMMARY_FIELDS = [
    "workspace",
    "severity",
    "zone_rank",
    "overdue_days",
    "revenue",
    "sort_name",
    "red",
    "amber",
    "snoozed",
    "computed_on",
]

Progress = Callable[[int, int], object]  # (accounts done, accounts in all)


def chunks(ids: Sequence[int], size: int = CHUNK) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def checks_refresh(
    account_ids: Iterable[int], *, today: date, progress: Progress | None = None
) -> int:
    """Compute and store every check of these accounts as of `today`, CHUNK accounts per
    transaction; an archived or deleted account loses its rows. Returns how many active
    accounts were refreshed. Thirteen queries per chunk, whatever the history."""
    ids = sorted(set(account_ids))
    refreshed = seen = 0
    for chunk in chunks(ids):
        refreshed += _refresh_chunk(chunk, today)
        seen += len(chunk)
        if progress is not None:
            progress(seen, len(ids))
    return refreshed


def _thresholds(workspace_ids: set[int]) -> dict[int, PlaybookThresholds]:
    """Each workspace's thresholds; a workspace without settings has the defaults, as
    keyfolio.playbook.catalog.playbook_settings_for would create them."""
    rows = PlaybookSettings.objects.filter(workspace_id__in=workspace_ids)
    found = {row.workspace_id: row.thresholds for row in rows}
    return {pk: found.get(pk, PlaybookThresholds()) for pk in workspace_ids}


@transaction.atomic
def _refresh_chunk(ids: Sequence[int], today: date) -> int:
    accounts = list(
        Account.objects.active().filter(pk__in=ids).values_list("pk", "workspace_id", "name")
    )
    gone = set(ids) - {pk for pk, _workspace, _name in accounts}
    if gone:
        AccountCheck.objects.filter(account_id__in=gone).delete()
        AccountAttention.objects.filter(account_id__in=gone).delete()
    if not accounts:
        return 0
    live = [pk for pk, _workspace, _name in accounts]
    thresholds = _thresholds({workspace for _pk, workspace, _name in accounts})
    longest_window = max(t.survey_window_days for t in thresholds.values())
    facts = Gatherer(live, today=today, survey_days=longest_window).playbook()
    revenue = trailing_revenue_by_account(live, today=today)
    rows = []
    results: dict[int, list[CheckResult]] = {}
    for pk, workspace_id, name in accounts:
        account_facts = facts[pk]
        results[pk] = run_playbook(account_facts, thresholds[workspace_id])
        for result in results[pk]:
            rows.append(
                (
                    workspace_id,
                    pk,
                    result.check.value,
                    STATUS_RANK[result.status],
                    result.reason,
                    result.numbers,
                    None if result.rule is None else result.rule.value,
                    zone_rank(account_facts.zone),
                    revenue.get(pk, ZERO),
                    name.lower()[:NAME_LENGTH],
                    CHECK_ORDER[result.check.value],
                    today,
                )
            )
    _upsert(rows)
    # A check the playbook no longer runs leaves no row behind.
    AccountCheck.objects.filter(account_id__in=live).exclude(check_key__in=CHECK_ORDER).delete()
    _summarize(accounts, results, facts, revenue, today)
    return len(accounts)


def running_snoozes(account_ids: Iterable[int], today: date) -> set[tuple[int, str]]:
    """(account id, check) of the snoozes not yet over on `today` (one query)."""
    rows = CheckSnooze.objects.filter(account_id__in=list(account_ids), until__gt=today)
    return set(rows.values_list("account_id", "check_key"))


def _due_actions(account_ids: list[int], today: date) -> dict[int, list[date]]:
    """The due dates of each account's open actions due within a week or overdue."""
    rows = Action.objects.filter(
        account_id__in=account_ids, done_on__isnull=True, due_on__lte=today + WEEK
    ).values_list("account_id", "due_on")
    found: dict[int, list[date]] = {}
    for account_id, due_on in rows.order_by():
        if due_on is not None:  # The filter says so; the type does not.
            found.setdefault(account_id, []).append(due_on)
    return found


def _summarize(accounts, results, facts, revenue, today: date) -> None:
    """Each account's place on the work queue (keyfolio.method.attention.account_key)
    from its red and amber checks not snoozed and its due actions (two queries and one
    upsert)."""
    live = [pk for pk, _workspace, _name in accounts]
    snoozed = running_snoozes(live, today)
    actions = _due_actions(live, today)
    summaries = []
    for pk, workspace_id, name in accounts:
        items, quiet = [], 0
        for result in results[pk]:
            if result.status == Status.GREEN:
                continue
            if (pk, result.check.value) in snoozed:
                quiet += 1
                continue
            items.append(ItemUrgency(result.status, overdue_days(result), result.check.value))
        for due_on in actions.get(pk, []):
            severity = Status.RED if due_on < today else Status.AMBER
            items.append(ItemUrgency(severity, action_overdue_days(due_on, today)))
        zone = facts[pk].zone
        money = revenue.get(pk, ZERO)
        urgency = account_urgency(items, zone=zone, revenue=money, account_name=name)
        summaries.append(
            AccountAttention(
                workspace_id=workspace_id,
                account_id=pk,
                severity=STATUS_RANK[urgency.severity] if urgency else STATUS_RANK[Status.GREEN],
                zone_rank=zone_rank(zone),
                overdue_days=urgency.overdue_days if urgency else 0,
                revenue=money,
                sort_name=name.lower()[:NAME_LENGTH],
                red=sum(1 for item in items if item.severity == Status.RED),
                amber=sum(1 for item in items if item.severity == Status.AMBER),
                snoozed=quiet,
                computed_on=today,
            )
        )
    AccountAttention.objects.bulk_create(
        summaries, update_conflicts=True, unique_fields=["account"], update_fields=SUMMARY_FIELDS
    )


def _upsert(rows: list[tuple]) -> None:
    """Insert the rows, or update the row of the same account and check; an update keeps
    the row's id and any column it does not name. Both SQLite (3.24+) and PostgreSQL
    speak this ON CONFLICT. Going past the ORM's bulk_create saves building a model
    instance per row, which was most of a refresh's time."""
    if not rows:
        return
    fields = {f.attname: f for f in AccountCheck._meta.concrete_fields}
    quote = connection.ops.quote_name
    columns = [quote(fields[name].column) for name in COLUMNS]
    insert = f"INSERT INTO {quote(AccountCheck._meta.db_table)} ({', '.join(columns)}) "
    upsert = (
        f"ON CONFLICT ({', '.join(quote(fields[name].column) for name in KEY)}) DO UPDATE SET "
        + ", ".join(
            f"{column} = excluded.{column}"
            for name, column in zip(COLUMNS, columns, strict=True)
            if name not in KEY
        )
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            _upsert_arrays(cursor, insert, upsert, rows, [fields[name] for name in COLUMNS])
        else:
            _upsert_values(cursor, insert, upsert, rows, fields)


def _upsert_arrays(cursor, insert: str, upsert: str, rows: list[tuple], fields: list) -> None:
    """PostgreSQL: one statement whose parameters are a column each, as arrays that
    unnest() turns back into rows. Twelve parameters instead of twelve per row: the
    driver's work to bind them was three quarters of the time."""
    arrays = [list(column) for column in zip(*rows, strict=True)]
    numbers = COLUMNS.index("numbers")
    arrays[numbers] = [json.dumps(value) for value in arrays[numbers]]
    types = ", ".join(f"%s::{field.db_type(connection)}[]" for field in fields)
    cursor.execute(f"{insert}SELECT * FROM unnest({types}) {upsert}", arrays)


def _upsert_values(cursor, insert: str, upsert: str, rows: list[tuple], fields: dict) -> None:
    """SQLite: many rows per statement, as many as its parameters allow."""
    placeholders = "(" + ", ".join(["%s"] * len(COLUMNS)) + ")"
    # The values the driver cannot take as they are (a date, a decimal, the JSON) go
    # through their field, as the ORM would send them.
    prepared = [(i, fields[name]) for i, name in enumerate(COLUMNS) if name in PREPARED]
    per_statement = _per_statement()
    for start in range(0, len(rows), per_statement):
        batch = rows[start : start + per_statement]
        params: list = []
        for row in batch:
            values = list(row)
            for i, field in prepared:
                values[i] = field.get_db_prep_save(values[i], connection)
            params += values
        cursor.execute(f"{insert}VALUES {', '.join([placeholders] * len(batch))} {upsert}", params)


def _per_statement() -> int:
    """Rows per INSERT on SQLite: as many as Django lets a statement have parameters
    (it assumes SQLite's historical 999), at most UPSERT_BATCH."""
    most = connection.features.max_query_params or 2**16 - 1
    return min(UPSERT_BATCH, most // len(COLUMNS))


def _accounts(workspace: Workspace | None):
    accounts = Account.objects.active()
    return accounts if workspace is None else accounts.filter(workspace=workspace)


def _forget_archived(workspace: Workspace | None) -> None:
    """Drop the rows of accounts archived by a bulk write, which sent no signal."""
    for model in (AccountCheck, AccountAttention):
        rows = model.objects.filter(account__archived_at__isnull=False)
        if workspace is not None:
            rows = rows.filter(workspace=workspace)
        rows.delete()


def checks_refresh_all(
    workspace: Workspace | None, *, today: date, progress: Progress | None = None
) -> int:
    """Recompute every active account of `workspace` (of every workspace when None), as
    when its thresholds change or an operator asks."""
    _forget_archived(workspace)
    ids = list(_accounts(workspace).order_by("pk").values_list("pk", flat=True))
    return checks_refresh(ids, today=today, progress=progress)


def _accounts_without(rows, workspace: Workspace | None) -> list[int]:
    """The active accounts with none of `rows` (AccountCheck rows with OuterRef("pk"))."""
    accounts = _accounts(workspace).filter(~Exists(rows)).order_by("pk")
    return list(accounts.values_list("pk", flat=True))


def stale_account_ids(workspace: Workspace | None, *, today: date) -> list[int]:
    """The active accounts whose checks were not computed for `today` (or never were)."""
    return _accounts_without(
        AccountCheck.objects.filter(account=OuterRef("pk"), computed_on=today), workspace
    )


def checks_refresh_stale(
    *, today: date, workspace: Workspace | None = None, progress: Progress | None = None
) -> int:
    """Bring every account not yet computed for `today` up to it: the night's run, and
    the e-mails' guarantee. Two queries when everything is current."""
    _forget_archived(workspace)
    ids = stale_account_ids(workspace, today=today)
    return checks_refresh(ids, today=today, progress=progress)


def checks_refresh_missing(
    *, today: date, workspace: Workspace | None = None, progress: Progress | None = None
) -> int:
    """Compute the accounts that have no place on the work queue at all: every account
    after the upgrade that brought it, and accounts a bulk writer made without telling
    (what `keyfolio init` runs; one query when there are none). Every refreshed account
    has both its checks and its place."""
    ids = _accounts_without(AccountAttention.objects.filter(account=OuterRef("pk")), workspace)
    return checks_refresh(ids, today=today, progress=progress)
