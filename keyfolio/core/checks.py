"""Keyfolio's own system checks, run by every management command (and by the WSGI
application, see keyfolio/wsgi.py)."""

from django.conf import settings
from django.core.checks import CheckMessage, Error, register


@register()
def development_key_check(app_configs=None, **kwargs) -> list[CheckMessage]:
    """With DEBUG off, Keyfolio is taken to be in production, where the development
    SECRET_KEY (published in settings.py) would let anyone forge sessions and the
    one-time links of invitations. `make run` sets DEBUG=1; the test suite runs in-process
    where Django runs no system checks, and gives the processes it starts a key of its own
    (keyfolio/conftest.py)."""
    if settings.DEBUG or settings.SECRET_KEY != settings.DEV_SECRET_KEY:
        return []
    return [
        Error(
            "DEBUG is off but SECRET_KEY is the development key: anyone could forge "
            "sessions and one-time links.",
            hint="Set the SECRET_KEY environment variable to a long random string, e.g. the "
            "output of `python3 -c 'import secrets; print(secrets.token_urlsafe(50))'`; "
            "or, on your own machine only, set DEBUG=1.",
            id="keyfolio.E001",
        )
    ]
