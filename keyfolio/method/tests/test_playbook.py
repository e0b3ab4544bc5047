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
    SurveyAnswer,
    check_assessment_fresh,
    check_detractor,
    check_executive_contact,
    check_joint_strategy,
    check_multi_threaded,
    check_new_offer,
    check_resources,
    check_satisfaction,
    check_zone_held,
    grace_days_left,
    latest_detractor,
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
    ("meeting_age", "reason"),
    [
        (None, "joint_strategy.not_agreed"),
        (183, "joint_strategy.win_win"),
        (184, "joint_strategy.not_agreed"),
    ],
)
def test_win_win_terms_agreed_at_a_meeting_of_the_last_six_months_make_the_plan_joint(
    meeting_age, reason
):
    met = None if meeting_age is None else days_ago(meeting_age)
    facts = AccountFacts(TODAY, plan_reviewed_on=days_ago(30), last_win_win_meeting=met)
    assert check_joint_strategy(facts, DEFAULTS).reason == reason


def test_a_win_win_meeting_does_not_stand_for_a_plan_never_reviewed():
    facts = AccountFacts(TODAY, last_win_win_meeting=days_ago(3))
    assert check_joint_strategy(facts, DEFAULTS).reason == "joint_strategy.never"


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


# --- Rule 5: surveys -------------------------------------------------------------------


def answer(age: int, nps: int | None, contact: int | None = 1, decision_maker: bool = True):
    return SurveyAnswer(days_ago(age), nps, contact, decision_maker)


@pytest.mark.parametrize(
    ("age", "window", "status"),
    [
        (0, 183, Status.GREEN),
        (169, 183, Status.GREEN),
        (170, 183, Status.AMBER),
        (184, 183, Status.RED),
        (100, 90, Status.RED),
        (100, 365, Status.GREEN),
    ],
)
def test_an_answered_survey_passes_rule_5_within_the_survey_window(age, window, status):
    facts = AccountFacts(TODAY, last_survey_answered=days_ago(age))
    result = check_satisfaction(facts, PlaybookThresholds(survey_window_days=window))
    assert result.status == status
    assert result.numbers == {"days": age, "limit": window}


@given(activity=st.none() | ages, survey=st.none() | ages, t=thresholds)
def test_rule_5_reads_the_better_of_activity_and_survey(activity, survey, t):
    """Adding a survey never makes rule 5 worse than the activity alone, nor than the
    survey alone."""
    both = AccountFacts(
        TODAY,
        last_satisfaction_signal=None if activity is None else days_ago(activity),
        last_survey_answered=None if survey is None else days_ago(survey),
    )
    only_activity = AccountFacts(TODAY, last_satisfaction_signal=both.last_satisfaction_signal)
    only_survey = AccountFacts(TODAY, last_survey_answered=both.last_survey_answered)
    rank = STATUS_RANK[check_satisfaction(both, t).status]
    assert rank <= STATUS_RANK[check_satisfaction(only_activity, t).status]
    if survey is not None:
        assert rank <= STATUS_RANK[check_satisfaction(only_survey, t).status]


def test_a_drop_of_two_nps_points_turns_rule_5_amber_with_the_numbers():
    # The window before: 10 answers, 5 promoters, 2 detractors: NPS 30. This window: one
    # passive became a detractor: NPS (5 - 3) / 10 = 20.
    before = [answer(200 + n, 10, 100 + n, False) for n in range(5)]
    before += [answer(200, 8, 110 + n, False) for n in range(3)]
    before += [answer(200, 3, 120 + n, False) for n in range(2)]
    now = [answer(10, 10, 100 + n, False) for n in range(5)]
    now += [answer(10, 8, 110 + n, False) for n in range(2)]
    now += [answer(10, 3, 120 + n, False) for n in range(3)]
    facts = AccountFacts(
        TODAY, last_survey_answered=days_ago(10), survey_answers=tuple(before + now)
    )
    result = check_satisfaction(facts, DEFAULTS)
    assert (result.status, result.reason) == (Status.AMBER, "satisfaction.nps_dropped")
    assert result.numbers == {"before": 30, "now": 20, "drop": 10, "days": 183}


@pytest.mark.parametrize(
    ("before", "now", "status"), [(50, 49, Status.GREEN), (52, 50, Status.AMBER)]
)
def test_rule_5_warns_from_a_drop_of_two_points(before, now, status):
    # 100 answers per window, promoters or passives: each promoter is worth a point.
    def window(nps: int, age: int) -> list[SurveyAnswer]:
        promoters = nps
        return [answer(age, 10 if n < promoters else 8, n, False) for n in range(100)]

    facts = AccountFacts(
        TODAY,
        last_survey_answered=days_ago(5),
        survey_answers=tuple(window(before, 190) + window(now, 5)),
    )
    assert check_satisfaction(facts, DEFAULTS).status == status


@given(
    previous=st.lists(st.integers(0, 10), min_size=1, max_size=30),
    current=st.lists(st.integers(0, 10), min_size=1, max_size=30),
)
def test_rule_5_is_amber_exactly_when_the_nps_fell_by_two_points(previous, current):
    from keyfolio.method.surveys import nps

    answers = [answer(190, s, None, False) for s in previous]
    answers += [answer(3, s, None, False) for s in current]
    facts = AccountFacts(TODAY, last_survey_answered=days_ago(3), survey_answers=tuple(answers))
    fell = nps(current) - nps(previous) <= -2
    result = check_satisfaction(facts, DEFAULTS)
    assert (result.reason == "satisfaction.nps_dropped") == fell
    assert result.status == (Status.AMBER if fell else Status.GREEN)


def test_an_nps_drop_does_not_hide_overdue_feedback():
    # The drop happened, but the last answer is older than the window: red, overdue.
    answers = (answer(400, 10), answer(200, 0))
    facts = AccountFacts(TODAY, last_survey_answered=days_ago(200), survey_answers=answers)
    assert check_satisfaction(facts, DEFAULTS).reason == "satisfaction.overdue"


def test_a_decision_makers_detractor_answer_is_red_with_score_and_age():
    facts = AccountFacts(TODAY, survey_answers=(answer(12, 4),))
    result = check_detractor(facts, DEFAULTS)
    assert (result.status, result.reason) == (Status.RED, "detractor.answered")
    assert result.numbers == {"score": 4, "days": 12}
    assert result.rule is not None and result.rule.value == 5


@pytest.mark.parametrize(
    "answers",
    [
        (),
        (answer(12, 7),),  # a passive
        (answer(12, 4, decision_maker=False),),  # not a decision maker
        (answer(183, 4),),  # out of the window
        (answer(12, 4), answer(3, 9)),  # the same contact answered better since
        (answer(12, None),),  # the NPS left blank
    ],
)
def test_no_detractor_item_without_a_decision_makers_current_detractor_answer(answers):
    facts = AccountFacts(TODAY, survey_answers=answers)
    assert check_detractor(facts, DEFAULTS).status == Status.GREEN


def test_a_later_blank_nps_does_not_clear_a_detractor():
    facts = AccountFacts(TODAY, survey_answers=(answer(12, 4), answer(3, None)))
    assert check_detractor(facts, DEFAULTS).status == Status.RED


def test_the_detractor_window_is_the_survey_window():
    facts = AccountFacts(TODAY, survey_answers=(answer(100, 2),))
    assert check_detractor(facts, PlaybookThresholds(survey_window_days=90)).status == Status.GREEN
    assert check_detractor(facts, PlaybookThresholds(survey_window_days=101)).status == Status.RED


@given(
    st.lists(
        st.builds(
            SurveyAnswer,
            on=st.integers(0, 400).map(days_ago),
            nps=st.none() | st.integers(0, 10),
            contact=st.none() | st.integers(1, 4),
            decision_maker=st.booleans(),
        ),
        max_size=12,
    ),
    st.integers(1, 400),
)
def test_the_detractor_named_is_a_decision_makers_latest_answer_in_the_window(answers, window):
    t = PlaybookThresholds(survey_window_days=window)
    found = latest_detractor(AccountFacts(TODAY, survey_answers=tuple(answers)), t)
    if found is None:
        return
    assert found.decision_maker and found.nps is not None and found.nps <= 6
    assert (TODAY - found.on).days < window
    if found.contact is not None:
        later = [
            a
            for a in answers
            if a.contact == found.contact and a.nps is not None and a.on > found.on
        ]
        assert later == []


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
def test_the_playbook_answers_every_check_once_with_a_rule_for_the_first_seven(facts, t):
    results = run_playbook(facts, t)
    assert [r.check for r in results] == list(Check)
    # Rule 5 has two checks: feedback in time, and no decision maker a detractor.
    assert [r.rule.value for r in results[:7]] == [1, 2, 3, 4, 5, 5, 6]
    assert all(r.rule is None for r in results[7:])
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
