"""The default catalog of suggested actions, and the weakest criteria."""

import re

import pytest

from keyfolio.method import DEFAULT_CRITERIA
from keyfolio.method.plan import Rule
from keyfolio.method.playbook import Check
from keyfolio.method.recommendations import (
    CHECK_SUGGESTIONS,
    CRITERION_RULE,
    CRITERION_SUGGESTIONS,
    rule_for,
    weakest_criteria,
)

CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)
LATIN = re.compile("[a-z]", re.IGNORECASE)


@pytest.mark.parametrize("key", [spec.key for spec in DEFAULT_CRITERIA])
def test_every_criterion_has_two_or_three_suggestions_in_both_languages(key):
    suggestions = CRITERION_SUGGESTIONS[key]
    assert 2 <= len(suggestions) <= 3
    for suggestion in suggestions:
        assert LATIN.search(suggestion.text_en) and not CYRILLIC.search(suggestion.text_en)
        assert CYRILLIC.search(suggestion.text_ru)


@pytest.mark.parametrize("check", list(Check))
def test_every_check_has_one_or_two_suggestions_in_both_languages(check):
    suggestions = CHECK_SUGGESTIONS[check]
    assert 1 <= len(suggestions) <= 2
    for suggestion in suggestions:
        assert LATIN.search(suggestion.text_en) and not CYRILLIC.search(suggestion.text_en)
        assert CYRILLIC.search(suggestion.text_ru)


def test_the_catalog_knows_no_criterion_or_check_that_does_not_exist():
    assert set(CRITERION_SUGGESTIONS) == {spec.key for spec in DEFAULT_CRITERIA}
    assert set(CRITERION_RULE) == {spec.key for spec in DEFAULT_CRITERIA}
    assert set(CHECK_SUGGESTIONS) == set(Check)


def test_every_suggestion_fits_an_action_title():
    everything = [*CRITERION_SUGGESTIONS.values(), *CHECK_SUGGESTIONS.values()]
    for suggestion in (s for group in everything for s in group):
        assert len(suggestion.text_en) <= 300 and len(suggestion.text_ru) <= 300
        assert suggestion.text_en.endswith(".") and suggestion.text_ru.endswith(".")


def test_a_suggestion_serves_the_rule_of_its_check_or_criterion():
    assert rule_for(check_key="executive_contact") == Rule.LEADERSHIP
    assert rule_for(check_key="zone_held") is None
    assert rule_for(check_key="no_such_check") is None
    assert rule_for(criterion_key="client_knowledge") == Rule.INTELLIGENCE
    assert rule_for(criterion_key="prices") is None
    assert rule_for(criterion_key="added_by_the_workspace") is None


def test_the_weakest_criteria_are_the_lowest_scores_ignoring_the_unassessed():
    scores = [("a", 50), ("b", None), ("c", 10), ("d", 30), ("e", 20), ("f", 0.5)]
    assert weakest_criteria(scores) == ["f", "c", "e"]
    assert weakest_criteria(scores, count=5) == ["f", "c", "e", "d", "a"]


def test_ties_keep_the_methodologys_order_and_perfect_scores_are_left_out():
    assert weakest_criteria([("x", 40), ("y", 40), ("z", 100), ("w", 40)]) == ["x", "y", "w"]
    assert weakest_criteria([("z", 100), ("n", None)]) == []
