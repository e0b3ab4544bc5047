"""What was sent to whom, so that a retried task never sends the same e-mail twice."""

from django.conf import settings
from django.db import models

from keyfolio.workspaces.models import Workspace


class Sent(models.Model):
    """One e-mail of one kind for one period (e.g. the digest of ISO week 2026-W48)."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=30)  # "digest", "reminders"
    period = models.CharField(max_length=20)  # "2026-W48", "2026-11-26"
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "user", "kind", "period"], name="send_once_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.period} to {self.user}"
