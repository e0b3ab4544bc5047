"""Who is changing things, and from where: the audit context of the running code.

A context variable holds it, so that a service deep below a view, an API handler, an
import or a command records the right actor without being told. The web middleware
(keyfolio.users.middleware.AuditContextMiddleware) sets it for each request, the API's
token check narrows it to the token, the import engine to its run, the CLI to the
command; anything else (the worker's tasks, a shell) is the system.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from typing import Any


class Via:
    WEB = "web"
    API = "api"
    IMPORT = "import"
    CLI = "cli"
    SYSTEM = "system"


@dataclass(frozen=True, slots=True)
class AuditContext:
    via: str = Via.SYSTEM
    # The acting user, or a function that finds them when an event is recorded (a web
    # request's user is known only after its authentication middleware ran).
    user: Any = None
    ip: str | None = None
    # What the change came through: the API token's name, the import run's id.
    source: str = ""

    def actor(self) -> Any:
        user = self.user() if callable(self.user) else self.user
        if user is None or not getattr(user, "is_authenticated", False):
            return None
        return user


SYSTEM = AuditContext()
_current: ContextVar[AuditContext | None] = ContextVar("keyfolio_audit", default=None)


def current() -> AuditContext:
    return _current.get() or SYSTEM


@contextmanager
def acting(**fields: Any) -> Iterator[AuditContext]:
    """Record the changes made inside the block with these fields of the context
    (via, user, ip, source), the others kept from the enclosing context."""
    context = replace(current(), **fields)
    token = _current.set(context)
    try:
        yield context
    finally:
        _current.reset(token)


def narrow(**fields: Any) -> None:
    """Change the context for the rest of the current one (a request whose middleware
    opened it with `acting` and restores what was before when the response is made)."""
    _current.set(replace(current(), **fields))
