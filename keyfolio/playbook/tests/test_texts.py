"""Every reason the checks give has a sentence, with its numbers."""

from datetime import date, timedelta

import pytest

from keyfolio.method.playbook import (
    AccountFacts,
    Check,
    PlaybookThresholds,
    SurveyAnswer,
    run_playbook,
)
from keyfolio.method.zones import Zone
from keyfolio.playbook.texts import check_name, known_reasons, reason_text

TODAY = date(2026, 5, 20)
T = PlaybookThresholds()
# A promoter half a year ago, a decision maker's detractor answer a week ago: the NPS
# fell from 100 to −100 and a detractor is on the list.
FALLING = (
    SurveyAnswer(TODAY - timedelta(days=200), 10, 1, True),
    SurveyAnswer(TODAY - timedelta(days=7), 3, 1, True),
)


def reasons_seen() -> set[str]:
    """Run the checks over facts that reach every outcome and collect the reason codes."""
    seen = set()
    for age, opened in (
        (None, None),
        (1, None),
        (T.executive_contact_days - 3, None),
        (400, None),
        (2000, None),
        (None, TODAY),
    ):
        last = None if age is None else TODAY - timedelta(days=age)
        for agreed in (True, False):
            for contacts in (0, 2, 5):
                for zones in ((None, None), (Zone.KEY, Zone.TARGET), (Zone.TARGET, Zone.KEY)):
                    facts = AccountFacts(
                        today=TODAY,
                        last_executive_contact=last,
                        plan_reviewed_on=last,
                        plan_agreed_with_client=agreed,
                        last_new_offer=last,
                        has_resource_owner=agreed,
                        has_capacity_note=contacts > 0,
                        last_satisfaction_signal=last,
                        last_survey_answered=None if agreed else TODAY - timedelta(days=7),
                        survey_answers=() if agreed else FALLING,
                        intel_updated=last,
                        assessed_on=last,
                        active_contacts=contacts,
                        zone=zones[0],
                        previous_zone=zones[1],
                        opened_on=opened,
                    )
                    seen |= {result.reason for result in run_playbook(facts, T)}
    return seen


def test_every_reason_code_of_the_checks_has_a_sentence():
    seen = reasons_seen()
    assert len(seen) > 30
    assert seen <= known_reasons()


def test_a_sentence_carries_its_numbers_in_the_right_plural():
    assert reason_text("executive_contact.overdue", {"days": 124, "limit": 90}) == (
        "Last executive contact 124 days ago (limit 90)"
    )
    assert reason_text("action_overdue", {"days": 1}) == "Action overdue by 1 day"
    assert reason_text("detractor.answered", {"score": 4, "days": 12}) == (
        "A decision maker scored us 4 out of 10 (NPS) 12 days ago"
    )
    assert (
        reason_text("satisfaction.nps_dropped", {"before": 30, "now": 20, "drop": 10, "days": 183})
        == "NPS fell by 10 points, from 30 to 20, over the last 183 days"
    )
    assert reason_text("new_offer.none", {}) == (
        "No new offer or opportunity since the start of last quarter"
    )


def test_an_unknown_code_is_shown_as_it_is():
    assert reason_text("made_up.code") == "made_up.code"


@pytest.mark.parametrize(
    ("check", "name"),
    [
        (Check.EXECUTIVE_CONTACT, "Leadership attention"),
        (Check.INTELLIGENCE, "Know their business"),
        (Check.MULTI_THREADED, "More than one contact"),
        (Check.SATISFACTION, "Satisfaction"),
        (Check.DETRACTOR, "No detractor among decision makers"),
        ("action_overdue", "Action overdue"),
    ],
)
def test_a_check_is_named_after_its_rule_or_itself(check, name):
    assert check_name(check) == name
