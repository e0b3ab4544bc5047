"""The request budget: how long the database may work for one web request.

One slow request must not hold the others up. The web server gives each request a
thread of its own (docs/deployment.md), so a slow one does not queue fast ones behind it;
what remains is to stop a request whose database work runs away (a filter that matches
a whole portfolio, a query plan gone wrong) before it holds a thread, or SQLite's write
lock, for minutes. `REQUEST_TIMEOUT_SECONDS` is that budget:

- On PostgreSQL the server enforces it: the web application's connections have a
  `statement_timeout` of the budget (keyfolio/settings.py), so any one statement that
  runs longer is cancelled (SQLSTATE 57014). Commands and the worker connect without it:
  a migration or a backup may rightly take longer.
- SQLite has no statement timeout, but calls a progress handler every PROGRESS_STEPS
  instructions of a running query. Each SQLite connection gets one that interrupts the
  query once the current thread's request has run past its budget
  (`sqlite3.OperationalError: interrupted`). Only while the view runs: a streamed
  download (a big CSV) goes on reading after the view has returned, and is not cut.
  Outside a request (commands, the worker) there is no budget and nothing is interrupted.

Either way the query fails with an OperationalError inside the request; the middleware
answers it with a 503 page that says the request took too long, rather than a 500.
"""

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

PROGRESS_STEPS = 20_000  # SQLite instructions between two looks at the clock (~0.1 ms).
POSTGRES_QUERY_CANCELED = "57014"  # The SQLSTATE of a statement timeout.

_budget = threading.local()


@contextmanager
def request_budget(seconds: float) -> Iterator[None]:
    """Within the block, SQLite queries of this thread are interrupted once `seconds`
    have passed since it began."""
    _budget.deadline = time.monotonic() + seconds
    try:
        yield
    finally:
        _budget.deadline = None


def _past_budget() -> bool:
    # SQLite's progress handler: a true value interrupts the running query.
    deadline = getattr(_budget, "deadline", None)
    return deadline is not None and time.monotonic() > deadline


def sqlite_interrupt_past_budget(sender, connection, **kwargs) -> None:
    """On `connection_created`: give a new SQLite connection the progress handler."""
    if connection.vendor == "sqlite":
        connection.connection.set_progress_handler(_past_budget, PROGRESS_STEPS)


def is_timeout(error: BaseException) -> bool:
    """Whether `error` is the database stopping a query that ran past the budget."""
    if not isinstance(error, OperationalError):
        return False
    cause = error.__cause__
    return getattr(cause, "sqlstate", None) == POSTGRES_QUERY_CANCELED or str(error) == (
        "interrupted"
    )


class RequestBudgetMiddleware:
    """Give each request the budget of REQUEST_TIMEOUT_SECONDS for its database work
    (see the module's doc), and answer a request stopped by it with a 503 page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with request_budget(settings.REQUEST_TIMEOUT_SECONDS):
            return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_timeout(exception):
            return None
        logger.warning(
            "%s %s stopped after %s s: %s",
            request.method,
            request.path,
            settings.REQUEST_TIMEOUT_SECONDS,
            exception,
        )
        # Rendered without the request's context processors: they would query the
        # database, which has just refused to go on.
        body = render_to_string(
            "request_timeout.html", {"seconds": settings.REQUEST_TIMEOUT_SECONDS}
        )
        return HttpResponse(body, status=503, headers={"Retry-After": "60"})
