"""Each log-in and log-out keeps the person's session list true."""

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from keyfolio.logins.sessions import session_forget, session_record


@receiver(user_logged_in, dispatch_uid="logins_record_session")
def record_session(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        session_record(request, user)


@receiver(user_logged_out, dispatch_uid="logins_forget_session")
def forget_session(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        session_forget(request)
