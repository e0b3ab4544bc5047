"""The attention list as a work queue (keyfolio.playbook.workqueue): one row per account in
the method's order, snoozes, the grace period of new accounts, the counts."""

import random
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from keyfolio.accounts.models import Account
from keyfolio.accounts.tests.factories import assess
from keyfolio.method.attention import AccountUrgency, account_urgency, by_account_urgency
from keyfolio.method.playbook import Check, Status
from keyfolio.method.zones import Zone
from keyfolio.playbook import refresh
from keyfolio.playbook.models import AccountAttention, CheckSnooze, PlaybookSettings
from keyfolio.playbook.queue import Scope
from keyfolio.playbook.receivers import refresh_marked
from keyfolio.playbook.tests.factories import folded_items, make_action
from keyfolio.playbook.workqueue import WorkQueue, item_urgency
from keyfolio.revenue.models import RevenueEntry
from keyfolio.revenue.selectors import month_start, trailing_revenue_by_account
from keyfolio.testing import HTMX

TEAM = Scope.whole_team()
EXEC = Check.EXECUTIVE_CONTACT.value


@pytest.fixture
def today():
    return timezone.localdate()


def work(world, today, **kwargs) -> WorkQueue:
    return WorkQueue(world.workspace, today=today, scope=TEAM, **kwargs)


@pytest.fixture
def varied(world, today):
    """Accounts in every zone and none, with revenue that ties or not, histories that make
    checks red or amber, and actions overdue, due today and in the week."""
    zones = [(80, 80), (80, 20), (20, 80), (20, 20)]
    rng = random.Random(17)
    for n in range(14):
        account = Account.objects.create(
            workspace=world.workspace, name=f"Account {n:02d}", owner=world.manager
        )
        if n % 5:
            client, our = zones[n % 4]
            days = rng.choice([5, 80, 120, 300])
            assess(account, client=client, our=our, on=today - timedelta(days=days))
        RevenueEntry.objects.create(
            workspace=world.workspace,
            account=account,
            month=month_start(today, 1),
            amount=rng.choice([0, 100, 5000]),
        )
        for days in rng.sample([-30, -3, 0, 2, 6, 9], rng.choice([0, 1, 2])):
            make_action(account, title=f"Call {n} {days}", due=today + timedelta(days=days))
    refresh_marked()
    return world


def test_its_order_of_accounts_is_the_methods(varied, today):
    """The stored ranking keys give by_account_urgency's order, ranked from live data:
    the zone, the items' severity and days overdue, the revenue now."""
    groups = list(work(varied, today))
    revenue = trailing_revenue_by_account([g.account.pk for g in groups], today=today)
    zones = dict(
        Account.objects.filter(workspace=varied.workspace).values_list(
            "pk", "current_assessment__zone"
        )
    )

    def urgency(group) -> AccountUrgency:
        ranked = account_urgency(
            (item_urgency(item, today) for item in group.items),
            zone=Zone(zones[group.account.pk]) if zones[group.account.pk] else None,
            revenue=revenue.get(group.account.pk, Decimal(0)),
            account_name=group.account.name,
        )
        assert ranked is not None
        return ranked

    assert len(groups) > 10
    expected = by_account_urgency(groups, urgency)
    assert [g.account.pk for g in groups] == [g.account.pk for g in expected]
    # Each row's headline is its most urgent item.
    for group in groups:
        assert group.top is not None
        keys = [item_urgency(item, today) for item in group.items]
        assert keys[0].severity == max((k.severity for k in keys), key=lambda s: s == Status.RED)


def test_pages_of_accounts_follow_each_other(varied, today):
    whole = [g.account.pk for g in work(varied, today)]
    paged = []
    for start in range(0, len(whole), 4):
        paged += [g.account.pk for g in work(varied, today).groups(start, start + 4)]
    assert paged == whole


def test_the_counts_add_up_to_the_rows(varied, today):
    groups = list(work(varied, today))
    counts = work(varied, today).counts()
    items = [item for group in groups for item in group.items]
    assert counts.red == sum(1 for i in items if i.severity == Status.RED)
    assert counts.amber == sum(1 for i in items if i.severity == Status.AMBER)
    assert counts.accounts == len(groups)
    assert counts.snoozed == 0
    assert work(varied, today).red_count() == counts.red


def test_a_filter_lists_the_accounts_with_such_items(varied, today):
    for show in (Status.RED, Status.AMBER):
        listed = {g.account.pk for g in work(varied, today, show=show)}
        expected = {
            g.account.pk for g in work(varied, today) if any(i.severity == show for i in g.items)
        }
        assert listed == expected


@pytest.mark.parametrize("size", [3, 20])
def test_reading_a_page_costs_the_same_queries(varied, today, size, django_assert_num_queries):
    queue = work(varied, today)
    # The page of accounts, their checks, running snoozes, open actions and due actions,
    # the catalog.
    with django_assert_num_queries(6):
        groups = queue.groups(0, size)
    assert groups


# --- Snoozing ------------------------------------------------------------------------------


def snooze_url(world, check=EXEC, account=None):
    pk = (account or world.account).pk
    return reverse("playbook:snooze", args=[world.slug, pk, check])


def unsnooze_url(world, check=EXEC):
    return reverse("playbook:unsnooze", args=[world.slug, world.account.pk, check])


def attention_page(world, user, **params):
    return world.client_for(user).get(reverse("playbook:attention", args=[world.slug]), params)


def group_of(world, today):
    return next(g for g in work(world, today) if g.account.pk == world.account.pk)


def test_a_snoozed_check_leaves_the_queue_until_its_day(
    world, today, django_capture_on_commit_callbacks
):
    until = today + timedelta(days=10)
    with django_capture_on_commit_callbacks(execute=True):
        response = world.client_for(world.manager).post(
            snooze_url(world), {"until": until.isoformat(), "reason": "Their CEO is on leave"}
        )
    assert response.status_code == 302
    snooze = CheckSnooze.objects.get(account=world.account, check_key=EXEC)
    assert (snooze.until, snooze.reason, snooze.by) == (
        until,
        "Their CEO is on leave",
        world.manager,
    )

    group = group_of(world, today)
    assert EXEC not in [i.check for i in group.items]
    assert [s.item.check for s in group.snoozed] == [EXEC]
    counts = work(world, today).counts()
    assert counts.snoozed == 1
    # The account's stored counts were computed again on commit.
    assert AccountAttention.objects.get(account=world.account).snoozed == 1

    body = attention_page(world, world.manager).content.decode()
    assert "1 snoozed" in body
    body = folded_items(world.client_for(world.manager), world, world.account)
    assert "Snoozed until" in body and "by Max Manager: Their CEO is on leave" in body
    assert unsnooze_url(world) in body

    # On its day it is back, by the read alone (the night's run ranks it again).
    back = group_of(world, until)
    assert EXEC in [i.check for i in back.items] and not back.snoozed


def test_the_flat_list_leaves_a_snoozed_check_out_too(world, today):
    CheckSnooze.objects.create(
        workspace=world.workspace,
        account=world.account,
        check_key=EXEC,
        until=today + timedelta(days=3),
        reason="Later",
    )
    from keyfolio.playbook.queue import AttentionQueue

    checks = [i.check for i in AttentionQueue(world.workspace, today=today, scope=TEAM)]
    assert EXEC not in checks and Check.JOINT_STRATEGY.value in checks


@pytest.mark.parametrize(
    ("until_in", "reason", "field", "message"),
    [
        (0, "Why", "until", "Choose a day after today."),
        (-3, "Why", "until", "Choose a day after today."),
        (181, "Why", "until", "Snooze for at most 180 days"),
        (None, "Why", "until", "Enter the day the check comes back."),
        (5, "  ", "reason", "Say why the check can wait."),
    ],
)
def test_a_bad_snooze_is_refused_and_saves_nothing(world, today, until_in, reason, field, message):
    until = "" if until_in is None else (today + timedelta(days=until_in)).isoformat()
    response = world.client_for(world.manager).post(
        snooze_url(world), {"until": until, "reason": reason}
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert message in response.content.decode()
    assert not CheckSnooze.objects.exists()


def test_htmx_gets_a_refused_form_in_its_own_place(world, today):
    response = world.client_for(world.manager).post(
        snooze_url(world), {"until": "", "reason": ""}, headers=HTMX
    )
    selector = f"#snooze-form-{world.account.pk}-{EXEC}"
    assert response["HX-Retarget"] == selector and response["HX-Reselect"] == selector
    assert f'id="{selector[1:]}"' in response.content.decode()
    assert "<html" not in response.content.decode()


def test_htmx_gets_the_form_to_put_in_the_row(world):
    response = world.client_for(world.manager).get(snooze_url(world), headers=HTMX)
    assert "HX-Retarget" not in response
    assert 'name="reason"' in response.content.decode()


def test_without_javascript_the_snooze_form_is_a_page(world):
    response = world.client_for(world.manager).get(snooze_url(world))
    assert "<html" in response.content.decode()
    assert "Snooze “Leadership attention” of Northwind" in response.content.decode()


def test_snoozing_again_replaces_the_snooze_and_unsnooze_brings_it_back(
    world, today, django_capture_on_commit_callbacks
):
    client = world.client_for(world.teammate)
    for days in (5, 9):
        until = (today + timedelta(days=days)).isoformat()
        client.post(snooze_url(world), {"until": until, "reason": f"{days}"})
    snooze = CheckSnooze.objects.get()
    assert (snooze.until, snooze.by) == (today + timedelta(days=9), world.teammate)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(unsnooze_url(world), {"next": "/elsewhere/?x=1"})
    assert response.status_code == 302 and response["Location"] == "/elsewhere/?x=1"
    assert not CheckSnooze.objects.exists()
    assert EXEC in [i.check for i in group_of(world, today).items]
    assert AccountAttention.objects.get(account=world.account).snoozed == 0


@pytest.mark.parametrize(
    ("person", "status"),
    [("owner", 302), ("manager", 302), ("teammate", 302), ("outsider", 404), ("viewer", 403)],
)
def test_who_may_snooze(world, today, person, status):
    until = (today + timedelta(days=3)).isoformat()
    response = world.client_for(getattr(world, person)).post(
        snooze_url(world), {"until": until, "reason": "Why"}
    )
    assert response.status_code == status
    assert CheckSnooze.objects.exists() == (status == 302)


def test_an_account_of_another_workspace_cannot_be_snoozed(world, today):
    until = (today + timedelta(days=3)).isoformat()
    url = snooze_url(world, account=world.foreign_account)
    assert (
        world.client_for(world.owner).post(url, {"until": until, "reason": "x"}).status_code == 404
    )
    stranger = world.client_for(world.stranger).post(snooze_url(world), {"until": until})
    assert stranger.status_code == 404
    assert not CheckSnooze.objects.exists()


def test_an_unknown_check_is_not_found(world):
    assert world.client_for(world.manager).get(snooze_url(world, "nope")).status_code == 404


def test_a_viewer_sees_no_snooze_button(world):
    body = attention_page(world, world.viewer).content.decode()
    assert "Northwind" in body
    assert snooze_url(world) not in body


def test_a_check_that_never_happened_says_so_rather_than_a_lateness(world):
    """The world's account has never had an executive contact: the row says "never done",
    not the check's limit passed off as days late."""
    body = attention_page(world, world.manager).content.decode()
    assert "never done" in body
    assert "90 days late" not in body


# --- The grace period of a new account -------------------------------------------------------


def statuses(account) -> dict[str, str]:
    return {row.check_key: row.status.value for row in account.playbook_checks.all()}


def test_a_new_accounts_relationship_checks_wait_for_the_grace_period(world, today):
    PlaybookSettings.objects.filter(workspace=world.workspace).update(grace_days=30)
    account = Account.objects.create(workspace=world.workspace, name="Fresh", owner=world.manager)
    refresh.checks_refresh([account.pk], today=today)
    assert statuses(account)[EXEC] == "green"
    red = {check for check, status in statuses(account).items() if status == "red"}
    assert red == {"resources", "intelligence", "assessment_fresh"}
    group = next(g for g in work(world, today) if g.account.pk == account.pk)
    assert len(group.items) == 3

    # The night's run finds every account stale on a new day: when the grace period is
    # over, the checks apply.
    later = today + timedelta(days=30)
    assert account.pk in refresh.stale_account_ids(world.workspace, today=later)
    refresh.checks_refresh_stale(today=later, workspace=world.workspace)
    assert statuses(account)[EXEC] == "red"
    # Every check but the zone's, which needs two assessments, and the detractor's,
    # which needs a survey answer.
    assert AccountAttention.objects.get(account=account).red == len(Check) - 2


def test_no_grace_period_when_it_is_zero(world, today):
    account = Account.objects.create(workspace=world.workspace, name="Fresh", owner=world.manager)
    refresh.checks_refresh([account.pk], today=today)
    assert statuses(account)[EXEC] == "red"


def test_the_grace_period_is_a_setting(world):
    url = reverse("playbook:settings", args=[world.slug])
    body = world.client_for(world.admin).get(url).content.decode()
    assert "Days before relationship checks apply to a new account" in body
