"""Cursor pagination: `?limit=` items after `?cursor=`, by id.

A cursor is the id of the last item of the page before, wrapped so that clients treat
it as opaque (and we may change what is in it). Unlike page numbers, a cursor does not
skip or repeat items when others are added or removed between two requests.
"""

import base64
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _

from keyfolio.api.problems import validation_problem

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


def encode_cursor(pk: int) -> str:
    return base64.urlsafe_b64encode(f"after:{pk}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        kind, _sep, pk = text.partition(":")
        if kind != "after":
            raise ValueError(text)
        return int(pk)
    except (ValueError, UnicodeDecodeError):
        raise validation_problem(
            {"cursor": [_("This cursor is not one we gave: use the “next” link as it is.")]}
        ) from None


def paginate(request: HttpRequest, queryset: QuerySet, *, cursor: str | None, limit: int):
    """The page of `queryset` (ordered by id here) and the URL of the next one, or None."""
    if cursor:
        queryset = queryset.filter(pk__gt=decode_cursor(cursor))
    items = list(queryset.order_by("pk")[: limit + 1])
    if len(items) <= limit:
        return items, None
    items = items[:limit]
    query = request.GET.copy()
    query["cursor"] = encode_cursor(items[-1].pk)
    query["limit"] = str(limit)
    return items, request.build_absolute_uri(request.path) + "?" + urlencode(sorted(query.items()))
