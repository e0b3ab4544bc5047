import pytest
from hypothesis import given
from hypothesis import strategies as st

from keyfolio.core.text import ELLIPSIS
from keyfolio.plans.richtext import Block, blocks, excerpt, sanitize, size


def test_it_keeps_what_trix_writes():
    html = (
        "<div>Plain <strong>bold</strong> <em>italic</em> <del>gone</del><br>next</div>"
        "<h1>Heading</h1><blockquote>Quote</blockquote><pre>code</pre>"
        "<ul><li>one</li></ul><ol><li>two</li></ol>"
    )
    assert sanitize(html) == html


def test_it_strips_scripts_with_their_content():
    assert sanitize("<div>Hello<script>alert('x')</script></div>") == "<div>Hello</div>"


@pytest.mark.parametrize(
    "attribute", ['onclick="steal()"', 'onmouseover="steal()"', 'style="color:red"', 'class="x"']
)
def test_it_strips_event_handlers_and_other_attributes(attribute):
    assert sanitize(f"<div {attribute}>Hello</div>") == "<div>Hello</div>"


@pytest.mark.parametrize(
    "href",
    ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "data:text/html,x"],
)
def test_it_drops_dangerous_links(href):
    cleaned = sanitize(f'<a href="{href}">click</a>')
    assert "href" not in cleaned
    assert "click" in cleaned


def test_it_keeps_web_links_and_adds_noopener():
    cleaned = sanitize('<a href="https://example.com/x" target="_blank">site</a>')
    assert cleaned == '<a href="https://example.com/x" rel="noopener noreferrer">site</a>'


def test_it_drops_tags_trix_does_not_write_but_keeps_their_text():
    assert sanitize("<div><img src=x onerror=alert(1)><span>text</span></div>") == "<div>text</div>"
    assert sanitize("<iframe src='https://evil'></iframe>ok") == "ok"


@pytest.mark.parametrize(
    "empty", ["", "<div><br></div>", "<div> &nbsp; </div>", "<script>x</script>"]
)
def test_it_stores_an_empty_editor_as_nothing(empty):
    assert sanitize(empty) == ""


ANSWER = (
    "<div>We answer fastest: an engineer on site within 24 hours.</div><ul>"
    "<li>One contact for equipment, parts and service</li><li>Uptime report every month</li>"
    "</ul><div>Rivals compete on price alone.<br>They lose the service tenders.</div>"
)


def test_it_reads_paragraphs_and_lists_as_blocks_of_plain_text():
    assert blocks(ANSWER) == [
        Block("text", ("We answer fastest: an engineer on site within 24 hours.",)),
        Block("ul", ("One contact for equipment, parts and service", "Uptime report every month")),
        Block("text", ("Rivals compete on price alone.",)),
        Block("text", ("They lose the service tenders.",)),
    ]


def test_it_keeps_numbered_lists_and_joins_a_nested_list_to_its_parent():
    html = "<ol><li>First<ul><li>inner &amp; <strong>bold</strong></li></ul></li><li>Last</li></ol>"
    assert blocks(html) == [Block("ol", ("First", "inner & bold", "Last"))]


def test_it_leaves_out_empty_paragraphs_and_items():
    assert blocks("<div><br></div><ul><li> </li></ul><h1>Title</h1><div>  a \n b </div>") == [
        Block("text", ("Title",)),
        Block("text", ("a b",)),
    ]


def test_an_answer_that_fits_is_kept_whole():
    answer = blocks(ANSWER)
    assert excerpt(answer, size(answer, block_cost=10), block_cost=10) == answer


def test_it_cuts_an_answer_within_a_list_item_at_a_word():
    shortened = excerpt(blocks(ANSWER), 55 + 10 + 30, block_cost=10)
    assert shortened == [
        Block("text", ("We answer fastest: an engineer on site within 24 hours.",)),
        Block("ul", ("One contact for equipment…",)),
    ]


def test_it_marks_what_is_left_out_after_a_whole_paragraph():
    # No room to begin the list: the paragraph says that more follows.
    assert excerpt(blocks(ANSWER), 60, block_cost=10) == [
        Block("text", ("We answer fastest: an engineer on site within 24 hours. …",)),
    ]


def test_a_first_paragraph_too_long_for_the_limit_is_cut_however_little_room():
    assert excerpt(blocks(ANSWER), 12) == [Block("text", ("We answer…",))]


@given(st.integers(min_value=1, max_value=400))
def test_an_excerpt_is_never_longer_than_the_limit_and_keeps_the_answers_order(limit):
    answer = blocks(ANSWER)
    shortened = excerpt(answer, limit, block_cost=10)
    assert size(shortened, block_cost=10) <= max(limit, len(ELLIPSIS))
    kinds = [block.kind for block in shortened]
    assert kinds == [block.kind for block in answer][: len(kinds)]
