"""What a member's calendar feed lists, and whose feed a link opens.

The feed lists the member's own open work with a date: the open actions they own (an
activity's next step becomes such an action when it is logged), and the next steps of
activities they logged that have no action (recorded before next steps became
actions). Only on the active accounts they may still see (AccountQuerySet.visible_to),
so that an account taken from them leaves their calendar at the next fetch. What is
overdue stays for FEED_OVERDUE_DAYS; what is due stays until a year ahead.

The attention queue (keyfolio.playbook.queue) is not reused: it looks one week ahead,
and a calendar shows the months to come.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse

from keyfolio.accounts.models import Account
from keyfolio.activities.models import Activity
from keyfolio.feeds.models import FeedToken
from keyfolio.plans.models import Action
from keyfolio.workspaces.models import Membership

AHEAD = timedelta(days=365)


@dataclass(frozen=True)
class FeedItem:
    """One all-day event of the feed."""

    uid: str
    day: date
    account_name: str
    title: str
    url: str  # the account's page, absolute
    last_modified: datetime | None


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def site_host() -> str:
    """The host of SITE_URL, which makes the events' UIDs unique beyond this site."""
    return urlsplit(settings.SITE_URL).hostname or "keyfolio"


def feed_token_for(membership: Membership) -> FeedToken | None:
    return FeedToken.objects.filter(
        user_id=membership.user_id, workspace_id=membership.workspace_id
    ).first()


def feed_by_hash(hashed: str) -> tuple[FeedToken, Membership] | None:
    """The feed whose token has this hash and the membership it reads for, or None when
    there is no such feed or its person is no longer an active member (two queries)."""
    feed = FeedToken.objects.select_related("workspace").filter(token_hash=hashed).first()
    if feed is None:
        return None
    membership = (
        Membership.objects.select_related("user", "workspace")
        .filter(user_id=feed.user_id, workspace_id=feed.workspace_id, user__is_active=True)
        .first()
    )
    return None if membership is None else (feed, membership)


def feed_items(membership: Membership, *, today: date) -> list[FeedItem]:
    """The member's dated open work, by day (two queries, whatever the number)."""
    visible = Account.objects.visible_to(membership).active().values("pk")
    start, end = today - timedelta(days=settings.FEED_OVERDUE_DAYS), today + AHEAD
    slug, host = membership.workspace.slug, site_host()
    actions = (
        Action.objects.filter(
            owner_id=membership.user_id,
            done_on__isnull=True,
            due_on__range=(start, end),
            account__in=visible,
        )
        .select_related("account")
        .only("pk", "title", "due_on", "created_at", "account__id", "account__name")
        .order_by("due_on", "pk")
    )
    next_steps = (
        Activity.objects.filter(
            created_by_id=membership.user_id,
            next_action__isnull=True,
            next_step_due__range=(start, end),
            account__in=visible,
        )
        .exclude(next_step="")
        .select_related("account")
        .only("pk", "next_step", "next_step_due", "updated_at", "account__id", "account__name")
        .order_by("next_step_due", "pk")
    )
    items = [
        FeedItem(
            uid=f"action-{action.pk}@{host}",
            day=action.due_on,
            account_name=action.account.name,
            title=action.title,
            url=_account_url(slug, action.account_id),
            # An action records when it was made, not when it was last changed.
            last_modified=None,
        )
        for action in actions
        if action.due_on is not None
    ]
    items += [
        FeedItem(
            uid=f"next-step-{activity.pk}@{host}",
            day=activity.next_step_due,
            account_name=activity.account.name,
            title=activity.next_step,
            url=_account_url(slug, activity.account_id),
            last_modified=activity.updated_at,
        )
        for activity in next_steps
        if activity.next_step_due is not None
    ]
    return sorted(items, key=lambda item: (item.day, item.uid))


def _account_url(slug: str, account_id: int) -> str:
    return absolute(reverse("dossier:overview", args=[slug, account_id]))
