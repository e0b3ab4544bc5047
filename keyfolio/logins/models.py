"""Who is signed in where: one row per signed-in browser of a person.

Django's session store is keyed by session and cannot be asked for one person's
sessions, so each session of a signed-in person gets a row here, made when they log in
and touched now and then as they use Keyfolio (keyfolio/logins/sessions.py). The
two-factor devices themselves are django-otp's (otp_totp, otp_static).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class UserSession(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="login_sessions"
    )
    session_key = models.CharField(max_length=40, unique=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    created_at = models.DateTimeField(_("signed in"), default=timezone.now)
    last_seen = models.DateTimeField(_("last active"), default=timezone.now)

    class Meta:
        ordering = ["-last_seen"]
        indexes = [models.Index(fields=["user", "-last_seen"], name="usersession_user_seen")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.user_agent[:40]}"

    @property
    def browser(self) -> str:
        """ "Firefox on Linux", from the User-Agent header ("" when it tells nothing)."""
        return describe_user_agent(self.user_agent)


# Tried in order: Edge and Opera also call themselves Chrome, Chrome calls itself Safari.
BROWSERS = [
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("Firefox/", "Firefox"),
    ("Chrome/", "Chrome"),
    ("Chromium/", "Chromium"),
    ("Safari/", "Safari"),
    ("curl/", "curl"),
]
SYSTEMS = [
    ("Android", "Android"),
    ("iPhone", "iOS"),
    ("iPad", "iPadOS"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
]


def describe_user_agent(user_agent: str) -> str:
    browser = next((name for mark, name in BROWSERS if mark in user_agent), "")
    system = next((name for mark, name in SYSTEMS if mark in user_agent), "")
    if browser and system:
        return gettext("%(browser)s on %(system)s") % {"browser": browser, "system": system}
    return browser or system
