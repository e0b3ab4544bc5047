"""The rich text of plan answers: what the Trix editor produces, and nothing else.

Answers are written in the browser and shown to everyone on the account, so they are
cleaned here, on the way in, and only the cleaned HTML is stored. Templates mark an
answer safe because it went through `sanitize`; nothing else may be marked so.
"""

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Literal

import nh3

from keyfolio.core.text import ELLIPSIS, shorten

# The tags Trix 2 writes: paragraphs as <div>, line breaks, bold, italic, strike,
# links, both kinds of list, its one heading, quotes and code blocks.
ALLOWED_TAGS = frozenset(
    {"div", "br", "strong", "em", "del", "a", "ul", "ol", "li", "h1", "blockquote", "pre"}
)
ALLOWED_ATTRIBUTES = {"a": {"href"}}
# A link may lead to a web page, an e-mail or a phone number; "javascript:" and
# "data:" links are dropped with their href.
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
LINK_REL = "noopener noreferrer"

_TAG = re.compile(r"<[^>]*>")


def sanitize(text: str) -> str:
    """Clean HTML from the editor; "" when it holds no visible text.

    An editor emptied by the user still sends "<div><br></div>"; it is stored as ""
    so that an emptied answer no longer counts as answered.
    """
    cleaned = nh3.clean(
        text or "",
        tags=set(ALLOWED_TAGS),
        clean_content_tags={"script", "style"},
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel=LINK_REL,
        strip_comments=True,
    )
    return cleaned if plain_text(cleaned) else ""


def plain_text(cleaned: str) -> str:
    """The visible text of cleaned HTML, whitespace collapsed (for emptiness and previews)."""
    text = html.unescape(_TAG.sub(" ", cleaned))
    return " ".join(text.split())


@dataclass(frozen=True)
class Block:
    """A paragraph of an answer (`kind` "text", one item) or a list of items ("ul", "ol")."""

    kind: Literal["text", "ul", "ol"]
    items: tuple[str, ...]


# The tags that end a paragraph of Trix's HTML; a line break does too.
_PARAGRAPHS = frozenset({"div", "h1", "blockquote", "pre", "p"})


class _BlockReader(HTMLParser):
    """Reads cleaned HTML into blocks of plain text. A list within a list item joins its
    items to the outer list: the brief has no room for an indented outline."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.lists: list[Literal["ul", "ol"]] = []  # the open lists, innermost last
        self.items: list[str] = []  # the items of the outermost open list
        self.words: list[str] = []  # the text of the paragraph or item being read

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in ("ul", "ol"):
            self._end_text()
            self.lists.append("ol" if tag == "ol" else "ul")
        elif tag == "li" or (tag in _PARAGRAPHS and not self.lists):
            self._end_text()
        elif tag == "br" and self.lists:
            self.words.append(" ")  # a line break within a list item
        elif tag == "br":
            self._end_text()

    def handle_startendtag(self, tag: str, attrs) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("ul", "ol") and self.lists:
            self._end_text()
            kind = self.lists.pop()
            if not self.lists and self.items:
                self.blocks.append(Block(kind, tuple(self.items)))
                self.items = []
        elif tag == "li" or (tag in _PARAGRAPHS and not self.lists):
            self._end_text()

    def handle_data(self, data: str) -> None:
        self.words.append(data)

    def _end_text(self) -> None:
        text = " ".join("".join(self.words).split())
        self.words = []
        if not text:
            return
        if self.lists:
            self.items.append(text)
        else:
            self.blocks.append(Block("text", (text,)))

    def close(self) -> None:
        super().close()
        while self.lists:  # a list left open (the cleaner closes them; be safe)
            self.handle_endtag(self.lists[-1])
        self._end_text()


def blocks(cleaned: str) -> list[Block]:
    """The paragraphs and lists of a cleaned answer as plain text, empty ones left out."""
    reader = _BlockReader()
    reader.feed(cleaned)
    reader.close()
    return reader.blocks


def size(answer: Sequence[Block], *, block_cost: int = 0) -> int:
    """The characters an answer takes, each paragraph or list item after the first counting
    `block_cost` more: a new line leaves the end of the one before it empty."""
    items = [item for block in answer for item in block.items]
    return sum(map(len, items)) + block_cost * max(0, len(items) - 1)


# A paragraph or list item is begun only with room for this many characters; less would
# show a word or two.
LEAST_ROOM = 24


def excerpt(answer: Sequence[Block], limit: int, *, block_cost: int = 0) -> list[Block]:
    """The beginning of an answer within `limit` characters (counted as `size` counts),
    its paragraphs and lists kept as such, cut at a sentence's or a word's end
    (keyfolio.core.text.shorten) and ending with an ellipsis wherever something is left out.
    """
    kept: list[Block] = []
    left = limit
    for block in answer:
        items: list[str] = []
        for item in block.items:
            room = left - (block_cost if kept or items else 0)
            if len(item) <= room:
                items.append(item)
                left = room - len(item)
                continue
            if room >= LEAST_ROOM or not (kept or items):
                items.append(shorten(item, max(room, 0)))
            if items:
                kept.append(Block(block.kind, tuple(items)))
            return _ending_with_ellipsis(kept, left)
        kept.append(Block(block.kind, tuple(items)))
    return kept


def _ending_with_ellipsis(kept: list[Block], left: int) -> list[Block]:
    """`kept` with an ellipsis at its end, if it has none, within `left` more characters."""
    if not kept:
        return [Block("text", (ELLIPSIS,))]
    *before, last = kept
    text = last.items[-1]
    if text.endswith(ELLIPSIS):
        return kept
    marked = text + " " + ELLIPSIS
    if len(marked) - len(text) > left:
        marked = shorten(text, len(text) - 1)  # the text itself makes room
    return [*before, Block(last.kind, (*last.items[:-1], marked))]
