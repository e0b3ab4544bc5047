"""Property and boundary tests of the playbook checks (METHOD.md §5)."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from keyfolio.method.playbook import (
    RELATIONSHIP_CHECKS,
    STATUS_RANK,
    AccountFacts,
    Check,
    CheckResult,
    PlaybookThresholds,
    Status,
    check_assessment_fresh,
    check_executive_contact,
    check_joint_strategy,
    check_multi_threaded,
    check_new_offer,
    check_resources,
    check_satisfaction,
    check_zone_held,
    grace_days_left,
    overdue_days,
    run_playbook,
)
from keyfolio.method.zones import Zone

TODAY = date(2026, 11, 26)
DEFAULTS = PlaybookThresholds()
ages = st.integers(min_value=0, max_value=2000)
thresholds = st.builds(
    PlaybookThresholds,
    executive_contact_days=st.integers(20, 400),
    strategy_review_days=st.integers(20, 800),
    satisfaction_days=st.integers(20, 400),
    intelligence_days=st.integers(20, 400),
    assessment_days=st.integers(20, 400),
    warning_days=st.integers(0, 19),
)


def days_ago(n: int) -> date:
    return TODAY - timedelta(days=n)


@pytest.mark.parametrize(
    ("age", "status"),
    [
        (0, Status.GREEN),
        (76, Status.GREEN),
        (77, Status.AMBER),
        (90, Status.AMBER),
        (91, Status.RED),
    ],
)
def test_executive_contact_turns_amber_then_red_at_the_limit(age, status):
    facts = AccountFacts(today=TODAY, last_executive_contact=days_ago(age))
    result = check_executive_contact(facts, DEFAULTS)
    assert result.status == status
    assert result.numbers == {"days": age, "limit": 90}


def test_no_executive_contact_ever_is_red():
    result = check_executive_contact(AccountFacts(today=TODAY), DEFAULTS)
    assert (result.status, result.reason) == (Status.RED, "executive_contact.never")


@given(ages, ages, thresholds)
def test_an_older_contact_never_looks_better(age, older, t):
    recent = check_executive_contact(AccountFacts(TODAY, last_executive_contact=days_ago(age)), t)
    late = check_executive_contact(
        AccountFacts(TODAY, last_executive_contact=days_ago(age + older)), t
    )
    assert STATUS_RANK[late.status] >= STATUS_RANK[recent.status]


@given(ages, thresholds)
def test_age_checks_are_red_exactly_past_their_limit(age, t):
    result = check_assessment_fresh(AccountFacts(TODAY, assessed_on=days_ago(age)), t)
    assert (result.status == Status.RED) == (age > t.assessment_days)


def test_a_plan_reviewed_but_not_agreed_with_the_client_is_amber():
    facts = AccountFacts(TODAY, plan_reviewed_on=days_ago(30), plan_agreed_with_client=False)
    assert check_joint_strategy(facts, DEFAULTS).reason == "joint_strategy.not_agreed"
    agreed = AccountFacts(TODAY, plan_reviewed_on=days_ago(30), plan_agreed_with_client=True)
    assert check_joint_strategy(agreed, DEFAULTS).status == Status.GREEN


@pytest.mark.parametrize(
    ("offer", "status"),
    [
        (date(2026, 10, 1), Status.GREEN),  # first day of this quarter
        (date(2026, 9, 30), Status.AMBER),  # last quarter
        (date(2026, 7, 1), Status.AMBER),
        (date(2026, 6, 30), Status.RED),  # two quarters ago
        (None, Status.RED),
    ],
)
def test_a_new_offer_is_expected_every_quarter(offer, status):
    assert check_new_offer(AccountFacts(TODAY, last_new_offer=offer), DEFAULTS).status == status


@pytest.mark.parametrize(
    ("owner", "note", "status"),
    [
        (True, True, Status.GREEN),
        (True, False, Status.AMBER),
        (False, True, Status.AMBER),
        (False, False, Status.RED),
    ],
)
def test_resources_need_an_owner_and_a_capacity_note(owner, note, status):
    facts = AccountFacts(TODAY, has_resource_owner=owner, has_capacity_note=note)
    assert check_resources(facts, DEFAULTS).status == status


def test_a_satisfaction_drop_is_red_even_when_recent():
    facts = AccountFacts(TODAY, last_satisfaction_signal=days_ago(10), satisfaction_dropped=True)
    assert check_satisfaction(facts, DEFAULTS).reason == "satisfaction.dropped"


@pytest.mark.parametrize(
    ("contacts", "status"), [(0, Status.RED), (1, Status.RED), (2, Status.AMBER), (3, Status.GREEN)]
)
def test_single_threaded_accounts_are_red(contacts, status):
    assert (
        check_multi_threaded(AccountFacts(TODAY, active_contacts=contacts), DEFAULTS).status
        == status
    )


@pytest.mark.parametrize(
    ("previous", "current", "status"),
    [
        (Zone.KEY, Zone.TARGET, Status.RED),
        (Zone.TARGET, Zone.RECONSIDER, Status.RED),
        (Zone.TARGET, Zone.KEY, Status.GREEN),
        (Zone.KEY, Zone.KEY, Status.GREEN),
        (None, Zone.KEY, Status.GREEN),
    ],
)
def test_moving_down_a_zone_is_red(previous, current, status):
    facts = AccountFacts(TODAY, zone=current, previous_zone=previous)
    assert check_zone_held(facts, DEFAULTS).status == status


@given(
    st.builds(
        AccountFacts,
        today=st.just(TODAY),
        last_executive_contact=st.one_of(st.none(), ages.map(days_ago)),
        plan_reviewed_on=st.one_of(st.none(), ages.map(days_ago)),
        active_contacts=st.integers(0, 30),
        zone=st.one_of(st.none(), st.sampled_from(list(Zone))),
    ),
    thresholds,
)
def test_the_playbook_answers_every_check_once_with_a_rule_for_the_first_six(facts, t):
    results = run_playbook(facts, t)
    assert [r.check for r in results] == list(Check)
    assert [r.rule.value for r in results[:6]] == [1, 2, 3, 4, 5, 6]
    assert all(r.rule is None for r in results[6:])
    assert all(r.reason.startswith(r.check.value + ".") for r in results)


# --- The grace period of a new account ---------------------------------------------------


def test_a_brand_new_account_waits_for_its_relationship_checks():
    facts = AccountFacts(today=TODAY, opened_on=TODAY)
    results = {r.check: r for r in run_playbook(facts, DEFAULTS)}
    for check in RELATIONSHIP_CHECKS:
        assert results[check].status == Status.GREEN
        assert results[check].reason == f"{check}.grace"
        assert results[check].numbers == {"days": DEFAULTS.grace_days}
    # What a manager does on taking an account on applies at once.
    red = {check for check, result in results.items() if result.status == Status.RED}
    assert red == {Check.RESOURCES, Check.INTELLIGENCE, Check.ASSESSMENT_FRESH}


@given(st.integers(0, 200), st.integers(0, 90))
def test_the_grace_period_ends_after_its_days(age, grace):
    facts = AccountFacts(today=TODAY, opened_on=days_ago(age))
    t = PlaybookThresholds(grace_days=grace)
    without = run_playbook(AccountFacts(today=TODAY), t)
    with_grace = run_playbook(facts, t)
    assert grace_days_left(facts, t) == max(0, grace - age)
    for plain, graced in zip(without, with_grace, strict=True):
        if age >= grace or plain.check not in RELATIONSHIP_CHECKS:
            assert graced == plain  # Off (0) or over: the checks as for any account.
        else:
            assert graced.status == Status.GREEN


def test_a_relationship_check_already_green_keeps_its_reason_during_grace():
    facts = AccountFacts(today=TODAY, opened_on=TODAY, last_executive_contact=TODAY)
    result = run_playbook(facts, DEFAULTS)[0]
    assert (result.status, result.reason) == (Status.GREEN, "executive_contact.ok")


@pytest.mark.parametrize(
    ("result", "days"),
    [
        (
            CheckResult(
                Check.EXECUTIVE_CONTACT, Status.RED, "x.overdue", {"days": 130, "limit": 90}
            ),
            40,
        ),
        (CheckResult(Check.EXECUTIVE_CONTACT, Status.RED, "x.never", {"limit": 90}), 90),
        (
            CheckResult(
                Check.EXECUTIVE_CONTACT, Status.AMBER, "x.due_soon", {"days": 80, "limit": 90}
            ),
            0,
        ),
        (CheckResult(Check.SATISFACTION, Status.RED, "x.dropped", {"days": 10, "limit": 183}), 0),
        (CheckResult(Check.MULTI_THREADED, Status.RED, "x.single", {"contacts": 1}), 0),
    ],
)
def test_a_red_check_is_overdue_by_its_days_past_the_limit(result, days):
    assert overdue_days(result) == days
