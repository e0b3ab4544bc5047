"""The attention queue's order, pages and counts (keyfolio.playbook.queue)."""

import random
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from keyfolio.accounts.models import Account
from keyfolio.accounts.tests.factories import assess
from keyfolio.method.attention import CHECK_ORDER, Urgency, attention_key, by_attention
from keyfolio.method.playbook import STATUS_RANK, Check, Status
from keyfolio.method.zones import ZONE_RANK, Zone
from keyfolio.playbook import queue as queue_module
from keyfolio.playbook import views, workqueue
from keyfolio.playbook.models import AccountCheck
from keyfolio.playbook.queue import AttentionQueue, Scope
from keyfolio.playbook.receivers import refresh_marked
from keyfolio.playbook.tests.factories import make_action
from keyfolio.playbook.workqueue import WorkQueue
from keyfolio.revenue.models import RevenueEntry
from keyfolio.revenue.selectors import month_start, trailing_revenue_by_account
from keyfolio.testing import HTMX, is_page

# Names whose order differs between code points and a natural-language collation (spaces,
# punctuation, case, letters beyond ASCII), so that the database must order as Python does.
NAMES = ["alpha", "Alpha Beta", "alpha-omega", "Älvsjö", "Émile", "zeta", "Zulu", "ab", "a b"]


TEAM = Scope.whole_team()


@pytest.fixture
def today():
    return timezone.localdate()


def queue(world, **kwargs) -> AttentionQueue:
    return AttentionQueue(
        world.workspace, today=timezone.localdate(), scope=Scope.whole_team(), **kwargs
    )


def line(item) -> tuple:
    return (item.account.pk, item.check, item.action.pk if item.action else None)


@pytest.fixture
def varied(world, today):
    """Accounts in every zone and none, with revenue and names that tie or nearly tie,
    and actions overdue, due today and due in the week."""
    zones = [("key", 80, 80), ("target", 80, 20), ("maintain", 20, 80), ("reconsider", 20, 20)]
    rng = random.Random(9)
    for n, name in enumerate(NAMES):
        account = Account.objects.create(workspace=world.workspace, name=name, owner=world.manager)
        if n % 5:
            _zone, client, our = zones[n % 4]
            assess(
                account, client=client, our=our, on=today - timedelta(days=rng.choice([5, 80, 120]))
            )
        RevenueEntry.objects.create(
            workspace=world.workspace,
            account=account,
            month=month_start(today, 1),
            amount=rng.choice([0, 100, 100, 5000]),
        )
        for days in rng.sample([-3, 0, 2, 6, 9], 2):
            make_action(
                account,
                title=f"Call {n} {days}",
                owner=world.manager,
                due=today + timedelta(days=days),
            )
    refresh_marked()
    return world


def test_its_order_is_the_methods(varied, today):
    """The queue read from the stored checks is in by_attention's order, ranked from the
    live data: the account's current zone and its revenue now."""
    items = list(queue(varied))
    accounts = Account.objects.in_workspace(varied.workspace).select_related("current_assessment")
    revenue = trailing_revenue_by_account([a.pk for a in accounts], today=today)

    def urgency(item) -> Urgency:
        assessment = item.account.current_assessment
        return Urgency(
            severity=item.severity,
            zone=Zone(assessment.zone) if assessment and assessment.zone else None,
            revenue=revenue.get(item.account.pk, Decimal(0)),
            account_name=item.account.name,
            check=item.check,
            due_on=item.due_on,
        )

    assert len(items) > 40 and any(i.is_action for i in items)
    assert [line(i) for i in items] == [line(i) for i in by_attention(items, urgency)]


def test_the_database_orders_names_as_python_does(world, today):
    """Stored rows come back in attention_key's order, whatever the database's collation."""
    rng = random.Random(4)
    accounts = [
        Account.objects.create(workspace=world.workspace, name=f"{name} {n}")
        for n, name in enumerate(NAMES * 3)
    ]
    rows = []
    for account in accounts:
        for check in rng.sample(list(Check), 3):
            rows.append(
                AccountCheck(
                    workspace=world.workspace,
                    account=account,
                    check_key=check.value,
                    severity=rng.choice([1, 2]),
                    reason_code=f"{check.value}.never",
                    zone_rank=rng.choice([-1, 0, 3]),
                    revenue=Decimal(rng.choice([0, 10])),
                    sort_name=account.name.lower(),
                    check_order=CHECK_ORDER[check.value],
                    computed_on=today,
                )
            )
    AccountCheck.objects.filter(workspace=world.workspace).delete()
    AccountCheck.objects.bulk_create(rows)
    status = {rank: status for status, rank in STATUS_RANK.items()}
    zone = {rank: zone for zone, rank in ZONE_RANK.items()}

    def key(row):
        urgency = Urgency(
            status[row.severity], zone.get(row.zone_rank), row.revenue, row.sort_name, row.check_key
        )
        return (*attention_key(urgency), row.account_id)

    expected = [(row.account_id, row.check_key) for row in sorted(rows, key=key)]
    assert [(i.account.pk, i.check) for i in queue(world)] == expected


def test_pages_follow_each_other_without_gap_or_overlap(varied):
    whole = [line(i) for i in queue(varied)]
    paged = []
    for start in range(0, len(whole), 7):
        paged += [line(i) for i in queue(varied).lines(start, start + 7)]
    assert paged == whole


def test_the_counts_add_up_to_the_lines(varied):
    items = list(queue(varied))
    counts = queue(varied).counts()
    assert counts.red == sum(1 for i in items if i.severity == Status.RED)
    assert counts.amber == sum(1 for i in items if i.severity == Status.AMBER)
    assert queue(varied).red_count() == counts.red
    assert queue(varied).accounts_count() == len({i.account.pk for i in items})


def test_it_shows_only_red_or_amber_lines_when_asked(varied):
    whole = list(queue(varied))
    for severity in (Status.RED, Status.AMBER):
        only = [line(i) for i in queue(varied, severity=severity)]
        assert only == [line(i) for i in whole if i.severity == severity]


# --- The page ----------------------------------------------------------------------------


def attention(world, user, **params):
    url = reverse("playbook:attention", args=[world.slug])
    return world.client_for(user).get(url, params)


def accounts_in(groups) -> list[int]:
    return [group.account.pk for group in groups]


def test_the_page_shows_one_page_of_accounts_and_links_to_the_next(varied, monkeypatch):
    monkeypatch.setattr(workqueue, "PAGE_SIZE", 4)
    monkeypatch.setattr(views, "PAGE_SIZE", 4)
    whole = accounts_in(WorkQueue(varied.workspace, today=timezone.localdate(), scope=TEAM))
    first = attention(varied, varied.director, who="team")
    page = first.context["page"]
    assert page.paginator.count == len(whole) > 4
    assert accounts_in(first.context["groups"]) == whole[:4]
    body = first.content.decode()
    assert "?who=team&amp;page=2" in body
    assert f"Accounts 1–4 of {len(whole)}" in body

    second = attention(varied, varied.director, who="team", page=2)
    assert accounts_in(second.context["groups"]) == whole[4:8]
    # A page beyond the last is the last.
    last = attention(varied, varied.director, who="team", page=999)
    assert last.context["page"].number == page.paginator.num_pages


def test_the_count_cards_filter_and_the_filter_is_kept_across_pages(varied, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    response = attention(varied, varied.director, who="team", show="red")
    groups = response.context["groups"]
    assert groups and all(any(i.severity == Status.RED for i in group.items) for group in groups)
    assert response.context["counts"].amber > 0  # The cards still count everything.
    body = response.content.decode()
    assert "?who=team&amp;show=red&amp;page=2" in body
    # The active card takes the filter off.
    assert "?who=team" + '"' in body.replace("&amp;", "&")


def test_htmx_gets_the_list_alone_for_a_page(varied):
    url = reverse("playbook:attention", args=[varied.slug])
    response = varied.client_for(varied.director).get(url, {"who": "team", "page": 2}, headers=HTMX)
    assert not is_page(response)
    assert 'id="attention"' in response.content.decode()


def test_a_filter_with_nothing_says_so(world):
    response = attention(world, world.outsider, show="amber")
    assert "Nothing is due soon" in response.content.decode()


def test_the_stream_reads_in_chunks_and_keeps_the_order(varied, monkeypatch):
    """`keyfolio attention` prints the whole queue from this stream: a few rows at a time
    from each source, so that memory does not grow with the queue."""
    whole = [line(i) for i in queue(varied).lines(0, 10_000)]
    monkeypatch.setattr(queue_module, "STREAM_CHUNK", 4)
    with CaptureQueriesContext(connection) as queries:
        streamed = [line(i) for i in queue(varied)]
    assert streamed == whole
    # A cursor per source and the catalog, then the open actions of each chunk of four
    # lines that has a check.
    chunks = -(-len(whole) // 4)
    assert chunks // 2 < len(queries) <= 4 + chunks
