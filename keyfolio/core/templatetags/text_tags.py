from django import template

from keyfolio.core.text import shorten as shorten_text

register = template.Library()


@register.filter
def shorten(value, limit: int) -> str:
    """The text at most `limit` characters long, cut at a sentence's or word's end with an
    ellipsis (keyfolio.core.text.shorten); the template escapes it as any text. For prose:
    a name, often one word, is better cut by `truncatechars`."""
    return shorten_text(str(value if value is not None else ""), int(limit))
