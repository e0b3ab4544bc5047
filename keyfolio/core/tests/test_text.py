import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from keyfolio.core.text import ELLIPSIS, shorten

# Words of letters and digits (Latin and Cyrillic), with punctuation and any whitespace
# between them: the texts of plan answers.
WORD = st.text(st.sampled_from("abcxyzАБЖяё019'’-"), min_size=1, max_size=14)
GAP = st.text(st.sampled_from(" \n\t.,;:!?…»)(«–—"), min_size=1, max_size=3).filter(
    lambda gap: any(c.isspace() for c in gap)
)
TEXT = st.lists(st.tuples(WORD, GAP), max_size=30).map(
    lambda pairs: "".join(w + g for w, g in pairs)
)
ANY_TEXT = st.one_of(TEXT, st.text(max_size=200))
LIMIT = st.integers(min_value=0, max_value=220)


def kept_part(result: str) -> str:
    """What a shortened result keeps of the text: the result without its ellipsis."""
    return result.removesuffix(ELLIPSIS).removesuffix(" ")


@given(ANY_TEXT, LIMIT)
def test_it_is_never_longer_than_the_limit(text, limit):
    assert len(shorten(text, limit)) <= limit


@given(ANY_TEXT, LIMIT)
def test_it_keeps_a_text_that_fits_whole(text, limit):
    if len(text) <= limit:
        assert shorten(text, limit) == text


@given(ANY_TEXT, st.integers(min_value=1, max_value=220))
@example("One contact for equipment, parts and service", 20)
def test_a_shortened_text_is_a_beginning_of_the_text_with_an_ellipsis(text, limit):
    result = shorten(text, limit)
    if len(text) > limit:
        assert result.endswith(ELLIPSIS)
        assert text.startswith(kept_part(result))


@given(ANY_TEXT, st.integers(min_value=1, max_value=220))
@example("One contact for eq", 16)
def test_it_never_ends_within_a_word(text, limit):
    kept = kept_part(shorten(text, limit))
    if len(text) > limit and kept:
        # What follows the kept part in the text is not a letter or digit of the same word.
        assert not (kept[-1].isalnum() and text[len(kept)].isalnum())
        # And the kept part's last word is whole, or lost only its trailing punctuation.
        last = kept.split()[-1]
        whole = text[len(kept) - len(last) :].split()[0]
        assert whole.startswith(last)
        assert not any(c.isalnum() for c in whole[len(last) :])


@given(TEXT, st.integers(min_value=1, max_value=220))
def test_it_keeps_something_whenever_the_first_word_fits(text, limit):
    words = text.split()
    if len(text) > limit and words and len(words[0]) < limit:
        assert kept_part(shorten(text, limit)).strip()


@given(TEXT, st.integers(min_value=2, max_value=220))
@example("0 …", 3)
def test_a_whole_sentence_takes_a_spaced_ellipsis(text, limit):
    result = shorten(text, limit)
    if len(text) > limit and result.endswith(" " + ELLIPSIS):
        assert kept_part(result)[-1] in ".!?…»)'\"”]"


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("One contact for equipment, parts and service", 20, "One contact for…"),
        ("We answer fastest. Engineers on site within 24 hours.", 30, "We answer fastest. …"),
        (
            "Short. Then a much longer sentence that goes on",
            40,
            "Short. Then a much longer sentence that…",
        ),
        ("planning, delivery, and service", 21, "planning, delivery…"),
        ("Build a second contact in operations", 30, "Build a second contact…"),
        ("Выстроить второй сильный контакт в операциях", 36, "Выстроить второй сильный контакт…"),
        ("Уровень развития клиента, его потенциал", 28, "Уровень развития клиента…"),
        ("Supercalifragilistic", 10, ELLIPSIS),
        ("fits", 4, "fits"),
        ("", 0, ""),
        ("any", 0, ""),
    ],
)
def test_it_shortens_at_a_sentence_or_a_word(text, limit, expected):
    assert shorten(text, limit) == expected
