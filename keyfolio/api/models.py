"""Personal API tokens: the key a script or another system sends as
`Authorization: Bearer <token>` to the REST API (keyfolio/api/ninja_api.py).

A token belongs to one member of one workspace and reads and writes with that member's
access there, no more; a read-only one only reads. Only its SHA-256 hash is kept
(keyfolio.core.tokens), so it is shown once, when it is made; its first characters are
kept too, so that its owner can tell their tokens apart.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from keyfolio.workspaces.models import Workspace

# How many of the token's first characters are kept in clear, to recognise it by.
PREFIX_LENGTH = 8


class ApiTokenQuerySet(models.QuerySet):
    def live(self) -> "ApiTokenQuerySet":
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("person"),
    )
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=100)
    read_only = models.BooleanField(_("read-only"), default=False)
    token_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(_("prefix"), max_length=PREFIX_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "workspace"])]

    def __str__(self) -> str:
        return f"API token {self.prefix}… ({self.name}) of {self.user_id} @ {self.workspace_id}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
