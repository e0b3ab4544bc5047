"""Shortening text for a page of fixed size, at a sentence's or a word's end, never within
a word: the one rule behind every excerpt Keyfolio prints (the brief's plan answers)."""

import re

ELLIPSIS = "…"

# A sentence ends with a full stop, a question or exclamation mark or an ellipsis, perhaps
# followed by a closing quote or bracket, and then a space.
_SENTENCE_END = re.compile(r"[.!?…][\"'»”)\]]*(?=\s)")
# What may not end an excerpt before its ellipsis: "planning, delivery,…" reads wrong,
# and so does "we win.…" (a whole sentence takes " …" when there is room for it).
_TRAILING = " \t\n\r\f\v.,;:!?…-–—(«“\"'"
# An excerpt cut at a sentence's end keeps at least this share of what would fit: a short
# first sentence is not worth more than the words that follow it.
SENTENCE_SHARE = 0.5
# A word this short ("a", "of", "в", "на") does not end an excerpt: it ends a phrase begun.
DANGLING = 2


def shorten(text: str, limit: int) -> str:
    """`text` if it has at most `limit` characters; else its longest beginning that ends
    at a sentence's or a word's end, with an ellipsis, within `limit` characters in all.

    A sentence's end is preferred when it keeps at least half of what fits. The ellipsis
    follows a cut word directly ("the whole…") and a whole sentence after a space ("We
    win. …"); a word of one or two letters ("a", "of") is not left before it. A text
    whose first word alone is too long gives the ellipsis alone.
    """
    if len(text) <= limit:
        return text
    if limit < len(ELLIPSIS):
        return ""
    room = limit - len(ELLIPSIS)  # characters the beginning may take
    head = text[: room + 1]  # one more, to see whether the cut falls between words
    sentence = _last_sentence_end(head, room)
    if sentence and sentence >= SENTENCE_SHARE * room:
        return text[:sentence] + " " + ELLIPSIS
    return _without_a_dangling_word(_words_before(head, room).rstrip(_TRAILING)) + ELLIPSIS


def _last_sentence_end(head: str, room: int) -> int:
    """Where the last sentence that fits in `room` characters with a space after it ends
    (0 if none does)."""
    ends = [m.end() for m in _SENTENCE_END.finditer(head) if m.end() < room]
    return ends[-1] if ends else 0


def _without_a_dangling_word(kept: str) -> str:
    """`kept` without its last word if that is a word of one or two letters after others:
    "a second contact in…" leaves the reader hanging, "a second contact…" does not."""
    words = kept.split()
    if len(words) > 1 and len(words[-1]) <= DANGLING and words[-1].isalpha():
        return kept[: len(kept) - len(words[-1])].rstrip(_TRAILING)
    return kept


def _words_before(head: str, room: int) -> str:
    """The words of `head` that fit whole in `room` characters."""
    if head[room:].isspace():
        return head[:room]  # the cut falls between two words
    space = max((i for i, c in enumerate(head[:room]) if c.isspace()), default=0)
    return head[:space]
