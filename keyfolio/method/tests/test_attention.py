"""Property and boundary tests of the attention list's order."""

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from keyfolio.method.attention import Urgency, attention_key, by_attention
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
