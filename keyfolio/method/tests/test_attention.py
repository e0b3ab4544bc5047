"""Property and boundary tests of the attention list's order."""

import itertools
from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from keyfolio.method.attention import (
    AccountUrgency,
    ItemUrgency,
    Urgency,
    account_key,
    account_urgency,
    action_overdue_days,
    attention_key,
    by_account_urgency,
    by_attention,
    by_urgency,
    item_key,
    zone_rank,
)
from keyfolio.method.playbook import Check, Status
from keyfolio.method.zones import Zone

ACTION = "action_due"  # a line that is not a check, as the playbook app names actions
zones = st.one_of(st.none(), st.sampled_from(list(Zone)))
urgencies = st.builds(
    Urgency,
    severity=st.sampled_from([Status.RED, Status.AMBER]),
    zone=zones,
    revenue=st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False),
    account_name=st.sampled_from(["Acme", "acme", "Borealis", "Corvina", "Ábaco"]),
    check=st.sampled_from([*(check.value for check in Check), ACTION, "action_overdue"]),
    due_on=st.one_of(st.none(), st.dates(date(2025, 1, 1), date(2027, 12, 31))),
)
lists = st.lists(urgencies, max_size=30)


def line(**overrides) -> Urgency:
    values = {
        "severity": Status.AMBER,
        "zone": Zone.TARGET,
        "revenue": Decimal(1000),
        "account_name": "Acme",
        "check": Check.INTELLIGENCE.value,
        "due_on": None,
    }
    return Urgency(**{**values, **overrides})


def ranked(items: list[Urgency]) -> list[Urgency]:
    return by_attention(items, lambda urgency: urgency)


@given(lists)
def test_red_comes_before_amber(items):
    severities = [item.severity for item in ranked(items)]
    assert severities == sorted(severities, key=[Status.RED, Status.AMBER].index)


@given(lists)
def test_within_a_severity_a_better_zone_comes_first(items):
    order = [Zone.KEY, Zone.TARGET, Zone.MAINTAIN, Zone.RECONSIDER, None]
    for severity in (Status.RED, Status.AMBER):
        zones = [item.zone for item in ranked(items) if item.severity == severity]
        assert zones == sorted(zones, key=order.index)


@given(lists)
def test_the_order_does_not_depend_on_the_order_given(items):
    forwards = [attention_key(item) for item in ranked(items)]
    backwards = [attention_key(item) for item in ranked(items[::-1])]
    assert forwards == backwards
    assert forwards == sorted(forwards)


@given(urgencies, st.lists(st.integers(), min_size=2, max_size=6))
def test_lines_that_tie_keep_their_order(urgency, tags):
    items = [(tag, urgency) for tag in tags]
    assert by_attention(items, lambda item: item[1]) == items


def test_more_revenue_comes_first_within_a_zone():
    small, big = line(revenue=Decimal(10)), line(revenue=Decimal("10.01"))
    assert ranked([small, big]) == [big, small]


def test_the_zone_outranks_the_revenue():
    rich = line(zone=Zone.MAINTAIN, revenue=Decimal(10**6))
    key = line(zone=Zone.KEY, revenue=Decimal(0))
    unplaced = line(zone=None, revenue=Decimal(10**7))
    assert ranked([unplaced, rich, key]) == [key, rich, unplaced]


def test_the_severity_outranks_everything_else():
    amber = line(severity=Status.AMBER, zone=Zone.KEY, revenue=Decimal(10**6))
    red = line(severity=Status.RED, zone=None, revenue=Decimal(0))
    assert ranked([amber, red]) == [red, amber]


def test_an_earlier_due_date_comes_first_and_undated_last():
    undated = line(due_on=None)
    soon, later = line(due_on=date(2026, 5, 4)), line(due_on=date(2026, 5, 9))
    assert ranked([undated, later, soon]) == [soon, later, undated]


def test_names_sort_without_regard_to_case_then_checks_in_playbook_order():
    a_late = line(account_name="acme", check=Check.ZONE_HELD.value)
    a_early = line(account_name="Acme", check=Check.EXECUTIVE_CONTACT.value)
    b = line(account_name="Borealis", check=Check.EXECUTIVE_CONTACT.value)
    assert ranked([b, a_late, a_early]) == [a_early, a_late, b]


def test_an_action_comes_after_every_check_of_the_same_account():
    action = line(check=ACTION)
    checks = [line(check=check.value) for check in reversed(Check)]
    assert ranked([action, *checks]) == [*reversed(checks), action]


# --- The work queue: accounts, their lines folded beneath --------------------------------

items = st.builds(
    ItemUrgency,
    severity=st.sampled_from([Status.RED, Status.AMBER]),
    overdue_days=st.integers(min_value=0, max_value=400),
    check=st.sampled_from([*(check.value for check in Check), ACTION]),
)
accounts = st.builds(
    AccountUrgency,
    zone=zones,
    severity=st.sampled_from([Status.RED, Status.AMBER]),
    overdue_days=st.integers(min_value=0, max_value=400),
    revenue=st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False),
    account_name=st.sampled_from(["Acme", "acme", "Borealis", "Ábaco"]),
)


@given(st.lists(accounts, min_size=2, max_size=20))
def test_accounts_go_by_zone_then_severity_then_days_overdue(ranked_accounts):
    ordered = by_account_urgency(ranked_accounts, lambda a: a)
    for first, second in itertools.pairwise(ordered):
        assert account_key(first) <= account_key(second)
        if zone_rank(first.zone) != zone_rank(second.zone):
            assert zone_rank(first.zone) > zone_rank(second.zone)
        elif first.severity != second.severity:
            assert first.severity == Status.RED
        elif first.overdue_days != second.overdue_days:
            assert first.overdue_days > second.overdue_days


def test_a_key_accounts_amber_comes_before_a_reconsider_accounts_red():
    key = AccountUrgency(Zone.KEY, Status.AMBER, 0, Decimal(0), "Key")
    reconsider = AccountUrgency(Zone.RECONSIDER, Status.RED, 300, Decimal(10**6), "Low")
    assert by_account_urgency([reconsider, key], lambda a: a) == [key, reconsider]


@given(st.lists(items, min_size=1, max_size=12))
def test_an_account_ranks_by_its_most_urgent_line(lines):
    urgency = account_urgency(lines, zone=Zone.TARGET, revenue=Decimal(5), account_name="A")
    assert urgency is not None
    top = by_urgency(lines, lambda item: item)[0]
    assert urgency.severity == top.severity
    assert urgency.overdue_days == max(item.overdue_days for item in lines)
    # Its lines, most urgent first: red before amber, then the most overdue.
    ordered = by_urgency(lines, lambda item: item)
    assert [item_key(i) for i in ordered] == sorted(item_key(i) for i in lines)


@given(st.lists(items, min_size=1, max_size=8), items)
def test_a_new_line_never_lowers_an_accounts_place(lines, extra):
    def rank(found):
        urgency = account_urgency(found, zone=Zone.KEY, revenue=Decimal(1), account_name="A")
        assert urgency is not None
        return account_key(urgency)

    assert rank([*lines, extra]) <= rank(lines)


def test_an_account_without_lines_has_no_place():
    assert account_urgency([], zone=Zone.KEY, revenue=Decimal(1), account_name="A") is None


def test_an_action_is_overdue_from_the_day_after_its_due_date():
    due = date(2026, 3, 10)
    assert action_overdue_days(due, date(2026, 3, 9)) == 0
    assert action_overdue_days(due, date(2026, 3, 10)) == 0
    assert action_overdue_days(due, date(2026, 3, 13)) == 3
