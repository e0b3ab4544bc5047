"""A person's own sessions: recorded when they log in, touched now and then as they use
Keyfolio, listed on their sessions page, and ended from there.

Keyfolio keeps sessions in the database (Django's default session engine): a session is
live while its row in django_session has not expired, and ending one deletes that row,
which logs that browser out on its next request.
"""

from datetime import datetime, timedelta

from axes.helpers import get_client_ip_address
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone

from keyfolio.logins.models import UserSession

# The session remembers which of its keys was last recorded, and when, so that a request
# costs no query until SEEN_EVERY has passed (or the key changed: a log-in or a password
# change gives the session a new key).
SEEN_KEY = "_logins_seen"
SEEN_EVERY = timedelta(minutes=5)


def session_record(request: HttpRequest, user) -> None:
    """Record the request's session as one of `user`'s, as they log in."""
    _forget_ended(user)
    _save(request, user_id=user.pk)


def session_touch(request: HttpRequest) -> None:
    """Note that a signed-in person's session is in use, at most every SEEN_EVERY."""
    session = request.session
    user_id = session.get(SESSION_KEY)
    key = session.session_key
    if user_id is None or key is None:
        return
    seen = session.get(SEEN_KEY)
    if seen and seen[0] == key and timezone.now() - datetime.fromisoformat(seen[1]) < SEEN_EVERY:
        return
    _save(request, user_id=int(user_id))


def _save(request: HttpRequest, *, user_id: int) -> None:
    if request.session.session_key is None:
        request.session.save()
    key = str(request.session.session_key)
    now = timezone.now()
    details = {
        "user_agent": request.headers.get("User-Agent", "")[:300],
        "ip_address": get_client_ip_address(request),
        "last_seen": now,
    }
    if not UserSession.objects.filter(session_key=key, user_id=user_id).update(**details):
        try:
            with transaction.atomic():
                UserSession.objects.create(session_key=key, user_id=user_id, **details)
        except IntegrityError:
            pass  # Two requests of one session recorded it at once: one row is enough.
    request.session[SEEN_KEY] = [key, now.isoformat()]


def _live_keys() -> QuerySet:
    return Session.objects.filter(expire_date__gt=timezone.now()).values("session_key")


def _forget_ended(user) -> None:
    """Drop the rows of `user`'s sessions that expired or were ended elsewhere."""
    UserSession.objects.filter(user=user).exclude(session_key__in=_live_keys()).delete()


def sessions_of(user) -> list[UserSession]:
    """`user`'s live sessions, the most recently active first (one query)."""
    return list(UserSession.objects.filter(user=user, session_key__in=_live_keys()))


def get_session_for(user, pk: int) -> UserSession:
    """One of `user`'s sessions; anyone else's, or none, is a 404."""
    try:
        return UserSession.objects.get(user=user, pk=pk)
    except UserSession.DoesNotExist:
        raise Http404("No such session.") from None


def session_end(*, session: UserSession) -> None:
    """Log that browser out: its session is deleted from the session store."""
    _end(UserSession.objects.filter(pk=session.pk))


def sessions_end_others(*, user, keep: str | None) -> int:
    """Log `user` out everywhere but the session `keep` (None: everywhere). Returns how
    many sessions were ended."""
    return _end(UserSession.objects.filter(user=user).exclude(session_key=keep or ""))


def _end(rows: QuerySet[UserSession]) -> int:
    keys = list(rows.values_list("session_key", flat=True))
    with transaction.atomic():
        Session.objects.filter(session_key__in=keys).delete()
        rows.delete()
    return len(keys)


def session_forget(request: HttpRequest) -> None:
    """The request's session ends (its person logs out): its row goes with it."""
    if request.session.session_key:
        UserSession.objects.filter(session_key=request.session.session_key).delete()
