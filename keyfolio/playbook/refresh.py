"""Keeping the stored checks (AccountCheck) up to date: the writes behind the attention
queue.

`checks_refresh` recomputes every check of some accounts as of a day, CHUNK accounts at
a time: first the reads, outside any transaction (the facts gatherer's six queries, the
trailing revenue, the accounts and their workspaces' thresholds, the running snoozes and
the due actions), then the writes in one short transaction: the checks in one upsert (a
single executemany) and each account's place on the work queue (AccountAttention) in
another. SQLite's write lock is held for those writes only, never for the reads nor for
the whole portfolio.
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
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db import connection, models, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

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

# Accounts per chunk: about 4,500 rows upserted in one short transaction.
CHUNK = 500
NAME_LENGTH = AccountCheck._meta.get_field("sort_name").max_length or 200
# The columns of the rows, in the order _compute lists their values.
CHECK_COLUMNS = [
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
    "computed_at",
]
PLACE_COLUMNS = [
    "workspace_id",
    "account_id",
    "severity",
    "zone_rank",
    "overdue_days",
    "revenue",
    "sort_name",
    "red",
    "amber",
    "snoozed",
    "computed_on",
    "computed_at",
]
UPSERT_BATCH = 1000  # Rows per statement on SQLite (see _per_statement).
ZERO = Decimal("0.00")

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


@dataclass
class Computed:
    """What one chunk's reads gave: the rows to store, and when the reads began."""

    read_at: datetime
    gone: set[int]  # the accounts no longer active: their rows go
    live: list[int]
    checks: list[tuple]  # AccountCheck rows, values in CHECK_COLUMNS order
    places: list[tuple]  # AccountAttention rows, values in PLACE_COLUMNS order


def _refresh_chunk(ids: Sequence[int], today: date) -> int:
    computed = _compute(ids, today)
    _store(computed)
    return len(computed.live)


def _compute(ids: Sequence[int], today: date) -> Computed:
    """Read and compute, outside any transaction of ours: on SQLite the write lock is
    then held only for _store's few statements, not for the reads too (which were half
    of every hold, so every writer queued behind them; bench/concurrent_writers.py)."""
    read_at = timezone.now()
    accounts = list(
        Account.objects.active().filter(pk__in=ids).values_list("pk", "workspace_id", "name")
    )
    live = [pk for pk, _workspace, _name in accounts]
    computed = Computed(read_at, set(ids) - set(live), live, [], [])
    if not accounts:
        return computed
    thresholds = _thresholds({workspace for _pk, workspace, _name in accounts})
    longest_window = max(t.survey_window_days for t in thresholds.values())
    facts = Gatherer(live, today=today, survey_days=longest_window).playbook()
    revenue = trailing_revenue_by_account(live, today=today)
    results: dict[int, list[CheckResult]] = {}
    for pk, workspace_id, name in accounts:
        account_facts = facts[pk]
        results[pk] = run_playbook(account_facts, thresholds[workspace_id])
        for result in results[pk]:
            computed.checks.append(
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
                    read_at,
                )
            )
    computed.places = _places(accounts, results, facts, revenue, today, read_at)
    return computed


@transaction.atomic
def _store(computed: Computed) -> None:
    """Write what _compute found, in one short transaction. Two refreshes of an account
    may overlap (two writes to it, each refreshing on commit): the one whose reads began
    later saw at least what the other saw, so a row is only ever replaced by a result
    read no earlier than its own (`computed_at`), whichever commits last. This takes
    the clocks of the app servers to agree, as sessions and tokens already do."""
    newer = Q(computed_at__gt=computed.read_at)
    if computed.gone:
        for model in (AccountCheck, AccountAttention):
            model.objects.filter(account_id__in=computed.gone).exclude(newer).delete()
    if not computed.live:
        return
    _upsert(AccountCheck, CHECK_COLUMNS, ("account_id", "check_key"), computed.checks)
    # A check the playbook no longer runs leaves no row behind.
    retired = AccountCheck.objects.filter(account_id__in=computed.live)
    retired.exclude(check_key__in=CHECK_ORDER).delete()
    _upsert(AccountAttention, PLACE_COLUMNS, ("account_id",), computed.places)


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


def _places(accounts, results, facts, revenue, today: date, read_at: datetime) -> list[tuple]:
    """Each account's place on the work queue (keyfolio.method.attention.account_key)
    from its red and amber checks not snoozed and its due actions (two queries)."""
    live = [pk for pk, _workspace, _name in accounts]
    snoozed = running_snoozes(live, today)
    actions = _due_actions(live, today)
    places = []
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
        places.append(
            (
                workspace_id,
                pk,
                STATUS_RANK[urgency.severity] if urgency else STATUS_RANK[Status.GREEN],
                zone_rank(zone),
                urgency.overdue_days if urgency else 0,
                money,
                name.lower()[:NAME_LENGTH],
                sum(1 for item in items if item.severity == Status.RED),
                sum(1 for item in items if item.severity == Status.AMBER),
                quiet,
                today,
                read_at,
            )
        )
    return places


def _upsert(model, columns: list[str], key: tuple[str, ...], rows: list[tuple]) -> None:
    """Insert the rows, or update the row of the same `key`, unless it holds a result
    read later than this one (computed_at, see _store); an update keeps the row's id and
    any column it does not name. Both SQLite (3.24+) and PostgreSQL speak this ON
    CONFLICT. Going past the ORM's bulk_create saves building a model instance per row,
    which was most of a refresh's time."""
    if not rows:
        return
    fields = [model._meta.get_field(name) for name in columns]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = [quote(field.column) for field in fields]
    insert = f"INSERT INTO {table} ({', '.join(names)}) "
    upsert = (
        f"ON CONFLICT ({', '.join(quote(model._meta.get_field(name).column) for name in key)})"
        " DO UPDATE SET "
        + ", ".join(
            f"{name} = excluded.{name}"
            for column, name in zip(columns, names, strict=True)
            if column not in key
        )
        + f" WHERE {table}.computed_at IS NULL OR {table}.computed_at <= excluded.computed_at"
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            _upsert_arrays(cursor, insert, upsert, rows, fields)
        else:
            _upsert_values(cursor, insert, upsert, rows, fields)


def _upsert_arrays(cursor, insert: str, upsert: str, rows: list[tuple], fields: list) -> None:
    """PostgreSQL: one statement whose parameters are a column each, as arrays that
    unnest() turns back into rows. A dozen parameters instead of a dozen per row: the
    driver's work to bind them was three quarters of the time."""
    arrays = [list(column) for column in zip(*rows, strict=True)]
    for i, field in enumerate(fields):
        if isinstance(field, models.JSONField):
            arrays[i] = [json.dumps(value) for value in arrays[i]]
    types = ", ".join(f"%s::{field.db_type(connection)}[]" for field in fields)
    cursor.execute(f"{insert}SELECT * FROM unnest({types}) {upsert}", arrays)


# The values SQLite's driver cannot take as they are; they go through their field, as
# the ORM would send them. (Every value through its field would double the time.)
PREPARED = (models.JSONField, models.DecimalField, models.DateField)  # a DateTimeField is one


def _upsert_values(cursor, insert: str, upsert: str, rows: list[tuple], fields: list) -> None:
    """SQLite: many rows per statement, as many as its parameters allow."""
    placeholders = "(" + ", ".join(["%s"] * len(fields)) + ")"
    prepared = [(i, field) for i, field in enumerate(fields) if isinstance(field, PREPARED)]
    per_statement = _per_statement(len(fields))
    for start in range(0, len(rows), per_statement):
        batch = rows[start : start + per_statement]
        params: list = []
        for row in batch:
            values = list(row)
            for i, field in prepared:
                values[i] = field.get_db_prep_save(values[i], connection)
            params += values
        cursor.execute(f"{insert}VALUES {', '.join([placeholders] * len(batch))} {upsert}", params)


def _per_statement(columns: int = len(CHECK_COLUMNS)) -> int:
    """Rows per INSERT on SQLite: as many as Django lets a statement have parameters
    (it assumes SQLite's historical 999), at most UPSERT_BATCH."""
    most = connection.features.max_query_params or 2**16 - 1
    return min(UPSERT_BATCH, most // columns)


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
