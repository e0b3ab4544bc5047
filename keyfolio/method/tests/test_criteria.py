"""The default criteria as the article lists them (METHOD.md §1)."""

from keyfolio.method import DEFAULT_CRITERIA

# Scored so that 100 % is the good end: little competition, little dependence.
REVERSED = {"client_competition", "external_dependence"}


def test_the_reversed_criteria_say_so_in_both_languages():
    for criterion in DEFAULT_CRITERIA:
        reversed_scale = criterion.key in REVERSED
        assert ("(100 % = little)" in criterion.label_en) == reversed_scale, criterion.key
        assert ("(100 % = мало)" in criterion.label_ru) == reversed_scale, criterion.key


def test_seven_client_and_eight_our_criteria_with_both_labels():
    axes = [criterion.axis.value for criterion in DEFAULT_CRITERIA]
    assert (axes.count("client"), axes.count("our")) == (7, 8)
    assert all(criterion.label_en and criterion.label_ru for criterion in DEFAULT_CRITERIA)
