"""The secret link of a member's calendar feed (keyfolio/feeds/calendar.py).

One per member of a workspace: making a new one replaces the old, which then stops
working, and turning the feed off deletes it. Only the token's hash is kept
(keyfolio.core.tokens), so the link is shown once, when it is made.
"""

from django.conf import settings
from django.db import models

from keyfolio.workspaces.models import Workspace


class FeedToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feed_tokens"
    )
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "workspace"], name="one_feed_per_member")
        ]

    def __str__(self) -> str:
        return f"calendar feed of {self.user} @ {self.workspace}"
