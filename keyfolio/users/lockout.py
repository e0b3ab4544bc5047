"""Lock-outs after failed log-ins, on top of django-axes.

Axes locks one e-mail from one address after AXES_FAILURE_LIMIT failures. Someone trying
many e-mails from one address would never reach that limit, so we also lock the address
itself after AXES_IP_FAILURE_LIMIT failures, whatever the e-mails. Axes can count by
address too (AXES_LOCKOUT_PARAMETERS), but with the same limit for every parameter: a
limit of 10 per address would lock out a whole office behind one address, and a limit of
50 per e-mail would allow 50 guesses at one person's password. So the handler below keeps
axes' own count and adds the count by address, from the same AccessAttempt rows.
"""

from axes.attempts import get_cool_off_threshold
from axes.conf import settings
from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.db.models import Sum
from django.http import HttpRequest


class LockoutHandler(AxesDatabaseHandler):
    """Axes' database handler, plus the lock-out of an address (AXES_HANDLER)."""

    def is_locked(self, request, credentials: dict | None = None) -> bool:
        return super().is_locked(request, credentials) or self.address_is_locked(request)

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is None or request.axes_locked_out:
            return
        if self.is_whitelisted(request, credentials) or not self.address_is_locked(request):
            return
        request.axes_locked_out = True
        request.axes_credentials = credentials
        user_locked_out.send(
            "axes", request=request, username=None, ip_address=request.axes_ip_address
        )

    def address_is_locked(self, request) -> bool:
        if not settings.AXES_LOCK_OUT_AT_FAILURE:
            return False
        return self.address_failures(request) >= settings.AXES_IP_FAILURE_LIMIT

    def address_failures(self, request) -> int:
        """Failures from the request's address within the cool-off, whatever the e-mails."""
        attempts = AccessAttempt.objects.filter(ip_address=request.axes_ip_address)
        if settings.AXES_COOLOFF_TIME is not None:
            attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
        return attempts.aggregate(failures=Sum("failures_since_start"))["failures"] or 0


def client_ip(request: HttpRequest) -> str | None:
    """The visitor's address (AXES_CLIENT_IP_CALLABLE).

    Behind a reverse proxy, REMOTE_ADDR is the proxy's, so CLIENT_IP_HEADER names the
    header in which the proxy gives the visitor's. A proxy appends to X-Forwarded-For what
    the visitor may have sent, so the last entry is the one our proxy wrote.
    """
    if settings.CLIENT_IP_HEADER:
        forwarded = request.META.get(settings.CLIENT_IP_HEADER, "")
        address = forwarded.rsplit(",", 1)[-1].strip()
        if address:
            return address
    return request.META.get("REMOTE_ADDR")
