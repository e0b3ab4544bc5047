"""The rich text of plan answers: what the Trix editor produces, and nothing else.

Answers are written in the browser and shown to everyone on the account, so they are
cleaned here, on the way in, and only the cleaned HTML is stored. Templates mark an
answer safe because it went through `sanitize`; nothing else may be marked so.
"""

import html
import re

import nh3

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
