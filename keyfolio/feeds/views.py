"""The calendar feed: the member's page that makes and revokes its link, and the feed
itself, which the link's token opens without a login."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from keyfolio.core.ratelimit import WINDOW_SECONDS, hit
from keyfolio.core.tokens import is_well_formed, token_hash
from keyfolio.feeds.calendar import calendar_ics
from keyfolio.feeds.selectors import absolute, feed_by_hash, feed_items, feed_token_for
from keyfolio.feeds.services import feed_token_create, feed_token_revoke, feed_token_used
from keyfolio.workspaces.access import workspace_view


def _page(request, *, feed_url: str | None = None) -> HttpResponse:
    context = {
        "feed": feed_token_for(request.membership),
        "feed_url": feed_url,
        "overdue_days": settings.FEED_OVERDUE_DAYS,
    }
    return render(request, "feeds/calendar.html", context)


@workspace_view()
def calendar_settings(request):
    return _page(request)


@workspace_view()
@require_POST
@never_cache
def calendar_create(request):
    """Make a new link (replacing any older one) and show it, this once: only its hash
    is kept, so it is rendered here rather than carried through a redirect."""
    token = feed_token_create(membership=request.membership)
    return _page(request, feed_url=absolute(reverse("feeds_public:calendar", args=[token])))


@workspace_view()
@require_POST
def calendar_revoke(request):
    if feed_token_revoke(membership=request.membership):
        messages.success(request, _("Your calendar feed is off: its link no longer works."))
    return redirect("feeds:calendar", request.workspace.slug)


@require_safe
@never_cache
def calendar_feed(request: HttpRequest, feed_token: str) -> HttpResponse:
    """The member's feed, to a calendar that holds the link. A malformed, unknown or
    revoked link, or one of someone no longer a member, is a 404. Fetches are counted
    per link before it is looked up, so that a leaked link cannot be hammered."""
    if not is_well_formed(feed_token):
        raise Http404("No such feed.")
    hashed = token_hash(feed_token)
    if hit(f"feed:token:{hashed}", settings.FEED_GETS_PER_TOKEN_HOUR):
        return HttpResponse(status=429, headers={"Retry-After": str(WINDOW_SECONDS)})
    found = feed_by_hash(hashed)
    if found is None:
        raise Http404("No such feed.")
    feed, membership = found
    feed_token_used(feed)
    now = timezone.now()
    items = feed_items(membership, today=timezone.localdate(now))
    response = HttpResponse(
        calendar_ics(membership.workspace, items, now=now),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = 'inline; filename="keyfolio.ics"'
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response
