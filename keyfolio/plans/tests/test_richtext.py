import pytest

from keyfolio.plans.richtext import sanitize


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
