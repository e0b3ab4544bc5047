"""Computing and storing the checks (keyfolio.playbook.refresh), the night's task and
`keyfolio refresh-attention`."""

from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from keyfolio.accounts.models import Account
from keyfolio.accounts.tests.factories import assess
from keyfolio.method.attention import CHECK_ORDER
from keyfolio.method.playbook import Check, Status
from keyfolio.playbook import refresh
from keyfolio.playbook.models import AccountAttention, AccountCheck
from keyfolio.playbook.selectors import checks_for_accounts
from keyfolio.playbook.tasks import refresh_attention_daily
from keyfolio.playbook.tests.factories import busy_portfolio
from keyfolio.revenue.models import RevenueEntry
from keyfolio.revenue.selectors import month_start


@pytest.fixture
def today():
    return timezone.localdate()


def rows_of(account: Account) -> dict[str, AccountCheck]:
    return {row.check_key: row for row in AccountCheck.objects.filter(account=account)}


def test_it_stores_what_the_checks_say_now_with_the_ranking_keys(world, today):
    accounts = busy_portfolio(world, 6, today=today)
    AccountCheck.objects.all().delete()

    assert refresh.checks_refresh([a.pk for a in accounts], today=today) == 6

    live = checks_for_accounts(accounts, workspace=world.workspace, today=today)
    for account in accounts:
        rows = rows_of(account)
        assert [rows[r.check.value].status for r in live[account.pk]] == [
            r.status for r in live[account.pk]
        ]
        for result in live[account.pk]:
            row = rows[result.check.value]
            assert (row.reason_code, row.numbers, row.rule) == (
                result.reason,
                result.numbers,
                None if result.rule is None else result.rule.value,
            )
            assert row.check_order == CHECK_ORDER[result.check.value]
            assert (
                row.zone_rank
                == {"key": 3, "target": 2, "maintain": 1, "reconsider": 0}[
                    account.current_assessment.zone
                ]
            )
            assert row.revenue == Decimal(accounts.index(account))
            assert row.sort_name == account.name.lower()
            assert row.computed_on == today
            assert row.workspace_id == world.workspace.pk


def test_it_keeps_a_rows_id_when_it_refreshes_it(world, today):
    """Rows are updated in place: what a later column (a snooze) holds survives."""
    before = {row.check_key: row.pk for row in AccountCheck.objects.filter(account=world.account)}
    refresh.checks_refresh([world.account.pk], today=today + timedelta(days=1))
    after = rows_of(world.account)
    assert {key: row.pk for key, row in after.items()} == before
    assert {row.computed_on for row in after.values()} == {today + timedelta(days=1)}


def test_it_forgets_archived_and_deleted_accounts(world, today):
    Account.objects.filter(pk=world.account.pk).update(archived_at=timezone.now())
    refresh.checks_refresh([world.account.pk, 987654], today=today)
    assert not AccountCheck.objects.filter(account=world.account).exists()


def test_it_drops_a_check_the_playbook_no_longer_runs(world, today):
    AccountCheck.objects.filter(account=world.account, check_key=Check.ZONE_HELD).update(
        check_key="retired_check"
    )
    refresh.checks_refresh([world.account.pk], today=today)
    assert set(rows_of(world.account)) == {check.value for check in Check}


@pytest.mark.parametrize("size", [3, 30])
def test_it_costs_the_same_queries_per_chunk(
    world, today, size, django_assert_num_queries, monkeypatch
):
    accounts = busy_portfolio(world, size, today=today)
    monkeypatch.setattr(refresh, "CHUNK", 100)
    # A savepoint and its release; the accounts, the thresholds, the gatherer's six, the
    # revenue; the upsert (one statement up to 83 rows on SQLite, so counted apart); the
    # retired checks; the running snoozes, the due actions and the accounts' places on
    # the work queue.
    ids = [account.pk for account in accounts]
    statements = -(-size * len(Check) // refresh._per_statement())
    with django_assert_num_queries(15 + statements):
        refresh.checks_refresh(ids, today=today)


def test_the_nights_run_brings_every_check_to_the_new_day(world, today, monkeypatch):
    """The checks count days: an assessment 80 days old is amber today (limit 90, warning
    14) and red eleven days later, with no write in between."""
    assess(world.account, client=60, our=60, on=today - timedelta(days=80))
    refresh.checks_refresh([world.account.pk], today=today)
    assert rows_of(world.account)["assessment_fresh"].status == Status.AMBER

    later = today + timedelta(days=11)
    monkeypatch.setattr(timezone, "localdate", lambda *args: later)
    assert refresh_attention_daily.call() == {"accounts": 2}  # Northwind and Initech

    row = rows_of(world.account)["assessment_fresh"]
    assert (row.status, row.numbers, row.computed_on) == (
        Status.RED,
        {"days": 91, "limit": 90},
        later,
    )
    # Run again the same day (a second worker, a restart): nothing left to do.
    assert refresh_attention_daily.call() == {"accounts": 0}


def test_stale_means_not_computed_for_the_day(world, today):
    other = Account.objects.create(workspace=world.workspace, name="Contoso")
    assert refresh.stale_account_ids(world.workspace, today=today) == [other.pk]
    assert refresh.checks_refresh_stale(today=today, workspace=world.workspace) == 1
    tomorrow = today + timedelta(days=1)
    assert refresh.stale_account_ids(None, today=tomorrow) == sorted(
        [world.account.pk, world.foreign_account.pk, other.pk]
    )


def test_refresh_attention_recomputes_a_workspace(world, today):
    RevenueEntry.objects.filter(account=world.account).delete()
    AccountCheck.objects.filter(account=world.account).update(revenue=99, severity=0)
    out = StringIO()
    call_command("refresh_attention", "--workspace", "acme", stdout=out)
    assert "Refreshed the checks of 1 accounts in" in out.getvalue()
    row = rows_of(world.account)["executive_contact"]
    assert (row.revenue, row.status) == (Decimal(0), Status.RED)


def test_refresh_attention_stale_does_only_what_is_missing(world, today):
    Account.objects.create(workspace=world.workspace, name="Contoso")
    out = StringIO()
    call_command("refresh_attention", "--stale", stdout=out)
    assert "Refreshed the checks of 1 accounts" in out.getvalue()


def test_the_page_says_when_checks_are_older_than_today(world, today):
    url = reverse("playbook:attention", args=[world.slug])
    client = world.client_for(world.manager)
    assert "brought up to date every night" not in client.get(url).content.decode()
    AccountAttention.objects.filter(account=world.account).update(
        computed_on=today - timedelta(days=2)
    )
    response = client.get(url)
    assert response.context["checked_on"] == today - timedelta(days=2)
    assert "brought up to date every night" in response.content.decode()


def test_it_adds_up_revenue_over_the_trailing_twelve_months(world, today):
    for months_back, amount in ((0, 10), (11, 20), (12, 400)):
        RevenueEntry.objects.create(
            workspace=world.workspace,
            account=world.account,
            month=month_start(today, months_back),
            amount=amount,
        )
    refresh.checks_refresh([world.account.pk], today=today)
    assert rows_of(world.account)["executive_contact"].revenue == Decimal(30)


# --- Two refreshes of one account at once ------------------------------------------------


def stored(account: Account) -> tuple:
    checks = {
        key: (row.severity, row.reason_code, row.numbers) for key, row in rows_of(account).items()
    }
    place = AccountAttention.objects.filter(account=account).values_list("severity", "zone_rank")
    return checks, list(place)


def test_a_result_read_earlier_never_replaces_one_read_later(world, today):
    """Two writes to an account, each refreshing once it commits: the refresh whose
    reads began first may be the last to store. It must not undo what the later one saw."""
    refresh.checks_refresh([world.account.pk], today=today)
    before = stored(world.account)
    earlier = refresh._compute([world.account.pk], today)  # reads, then is held up

    assess(world.account, client=90, our=90, on=today)  # another write, then its refresh
    refresh.checks_refresh([world.account.pk], today=today)
    after = stored(world.account)
    assert after != before

    refresh._store(earlier)  # the held-up refresh stores at last
    assert stored(world.account) == after
    # While a result read no earlier than the row replaces it.
    refresh.checks_refresh([world.account.pk], today=today)
    assert stored(world.account) == after


def test_an_account_seen_archived_earlier_keeps_the_rows_of_its_restore(world, today):
    world.account.archived_at = timezone.now()
    world.account.save()
    earlier = refresh._compute([world.account.pk], today)
    assert earlier.gone == {world.account.pk}

    world.account.archived_at = None
    world.account.save()
    refresh.checks_refresh([world.account.pk], today=today)
    refresh._store(earlier)

    assert set(rows_of(world.account)) == {check.value for check in Check}
    assert AccountAttention.objects.filter(account=world.account).exists()


def test_only_the_writes_are_inside_the_transaction(world, today):
    """On SQLite the transaction holds the database's one write lock: every other
    writer waits for it. The reads come before it."""
    accounts = busy_portfolio(world, 3, today=today)
    base = len(connection.atomic_blocks)
    seen: list[tuple[bool, str]] = []

    def note(execute, sql, params, many, context):
        seen.append((len(connection.atomic_blocks) > base, sql.lstrip("(").split()[0].upper()))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(note):
        refresh.checks_refresh([account.pk for account in accounts], today=today)

    seen = [(inside, verb) for inside, verb in seen if verb not in ("SAVEPOINT", "RELEASE")]
    inside = [verb for in_transaction, verb in seen if in_transaction]
    outside = [verb for in_transaction, verb in seen if not in_transaction]
    assert set(outside) == {"SELECT"}
    assert "SELECT" not in inside
    assert inside.count("INSERT") == 2  # the checks, the places on the queue
