"""The log-in between its two steps: the password was right, the code is still to come.

The person is not logged in yet: the session only remembers who they said they are (for a
few minutes), where they were going, and which backend checked the password.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.http import HttpRequest
from django.utils import timezone

PENDING_KEY = "_logins_pending"
PENDING_FOR = timedelta(minutes=10)


@dataclass(frozen=True)
class PendingLogin:
    user: object
    backend: str
    next_url: str


def pending_login_start(request: HttpRequest, *, user, next_url: str) -> None:
    """The password was right: remember `user` until they give their code."""
    # A new session key, so that a key planted before the log-in learns nothing.
    request.session.cycle_key()
    request.session[PENDING_KEY] = {
        "user": user.pk,
        "backend": user.backend,  # set by authenticate()
        "next": next_url,
        "since": timezone.now().isoformat(),
    }


def pending_login(request: HttpRequest) -> PendingLogin | None:
    """Who is between the two steps, unless nobody is or their time ran out."""
    pending = request.session.get(PENDING_KEY)
    if not pending:
        return None
    if timezone.now() - datetime.fromisoformat(pending["since"]) > PENDING_FOR:
        del request.session[PENDING_KEY]
        return None
    user = get_user_model().objects.filter(pk=pending["user"], is_active=True).first()
    if user is None:
        return None
    return PendingLogin(user=user, backend=pending["backend"], next_url=pending["next"])


def pending_login_finish(request: HttpRequest, pending: PendingLogin) -> None:
    """The code was right: log the person in."""
    del request.session[PENDING_KEY]
    auth_login(request, pending.user, backend=pending.backend)  # type: ignore[arg-type]


def pending_login_cancel(request: HttpRequest) -> None:
    request.session.pop(PENDING_KEY, None)
