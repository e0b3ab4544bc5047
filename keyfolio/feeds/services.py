"""Making, using and revoking a member's calendar feed link."""

from django.utils import timezone

from keyfolio.core.tokens import new_token, token_hash
from keyfolio.feeds.models import FeedToken
from keyfolio.workspaces.models import Membership


def feed_token_create(*, membership: Membership) -> str:
    """Make the member's feed link and return its token, the only time it is known. An
    older link of theirs stops working: it is replaced, not kept beside."""
    token = new_token()
    FeedToken.objects.update_or_create(
        user_id=membership.user_id,
        workspace_id=membership.workspace_id,
        defaults={
            "token_hash": token_hash(token),
            "created_at": timezone.now(),
            "last_used_at": None,
        },
    )
    return token


def feed_token_revoke(*, membership: Membership) -> bool:
    """Turn the member's feed off; False if there was none."""
    deleted, _ = FeedToken.objects.filter(
        user_id=membership.user_id, workspace_id=membership.workspace_id
    ).delete()
    return bool(deleted)


def feed_token_used(feed: FeedToken) -> None:
    """Note that a calendar fetched the feed, for the settings page to show."""
    feed.last_used_at = timezone.now()
    FeedToken.objects.filter(pk=feed.pk).update(last_used_at=feed.last_used_at)
