"""Pages of a long table whose size a page already knows.

A page that spans the portfolio usually counts its rows anyway (a summary by zone, a
report's totals); asking the database to count them again for the pager would cost
one more pass over every row. `counted_page` takes that number instead.
"""

from collections.abc import Callable, Sequence
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

PAGE_SIZE = 50


class CountedPaginator(Paginator):
    """A Paginator told how many objects there are, so that it never counts them."""

    def __init__(self, object_list: Any, per_page: int, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self._known_count = count

    @cached_property
    def count(self) -> int:
        return self._known_count


def counted_page(
    rows: Sequence[Any] | QuerySet,
    *,
    count: int,
    number: str | int | None,
    wrap: Callable[[Any], Any] | None = None,
    per_page: int = PAGE_SIZE,
) -> Page:
    """Page `number` of `rows` (a queryset is sliced, so only that page is read), `count`
    rows in all. A number that is not one gives the first page, one past the end the
    last. `wrap` turns each row of the page into what the template shows."""
    page = CountedPaginator(rows, per_page, count=count).get_page(number)
    if wrap is not None:
        page.object_list = [wrap(row) for row in page.object_list]
    return page
