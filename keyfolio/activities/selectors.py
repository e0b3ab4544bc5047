"""Reads over the activity log: the account's timeline and its latest activities."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import BooleanField, ExpressionWrapper, F, Prefetch, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from keyfolio.accounts.models import Account
from keyfolio.activities.models import Activity
from keyfolio.plans.models import Action
from keyfolio.plans.selectors import with_overdue
from keyfolio.stakeholders.models import Contact
from keyfolio.users.models import User
from keyfolio.workspaces.selectors import with_executive_flag

# The timeline shows this many activities, then offers to load more.
PAGE_SIZE = 50
# The timeline's order, and "latest": by date, then by when they were written down.
NEWEST_FIRST = ("-occurred_on", "-created_at", "-pk")


@dataclass(frozen=True)
class TimelineFilters:
    kind: str = ""
    rule: int | None = None
    person_id: int | None = None  # one of our people who took part


def with_details(
    activities: QuerySet[Activity], *, account: Account, today: date
) -> QuerySet[Activity]:
    """The activities of `account` as the timeline shows them: each with `planned` (dated
    after today), its people (ours with `is_executive`, as the account's workspace has
    it) and rules, and its next action with `overdue`. Four queries besides the
    activities' own, however many there are."""
    people = with_executive_flag(
        User.objects.only("id", "full_name", "email"), account.workspace_id
    )
    contacts = Contact.objects.only("id", "account_id", "name", "title", "active")
    actions = with_overdue(
        Action.objects.only("id", "title", "due_on", "done_on", "owner_id"), today=today
    )
    planned = ExpressionWrapper(Q(occurred_on__gt=today), output_field=BooleanField())
    return activities.annotate(planned=planned).prefetch_related(
        Prefetch("our_people", queryset=people.order_by("full_name", "email")),
        Prefetch("their_people", queryset=contacts.order_by("name")),
        "rules",
        Prefetch("next_action", queryset=actions),
    )


def activities_of(account: Account, filters: TimelineFilters, *, today: date):
    """The account's activities, newest first (planned ones on top), filtered."""
    activities = Activity.objects.filter(account=account)
    if filters.kind:
        activities = activities.filter(kind=filters.kind)
    if filters.rule is not None:
        activities = activities.filter(rules__rule=filters.rule)
    if filters.person_id is not None:
        activities = activities.filter(our_people=filters.person_id)
    ordered = activities.order_by(*NEWEST_FIRST)
    return with_details(ordered, account=account, today=today)


@dataclass(frozen=True)
class Month:
    first_day: date
    activities: list[Activity]
    # True when the month began on an earlier page: its heading is already shown.
    continued: bool = False


@dataclass(frozen=True)
class TimelinePage:
    months: list[Month]
    number: int
    has_more: bool

    @property
    def next_number(self) -> int:
        return self.number + 1


def _first_day(activity: Activity) -> date:
    return activity.occurred_on.replace(day=1)


def by_month(activities: list[Activity], *, after: Activity | None = None) -> list[Month]:
    """Group activities (newest first) by month. `after` is the activity shown just
    before the first one, on the previous page: a month it shares is `continued`."""
    months: list[Month] = []
    for activity in activities:
        first_day = _first_day(activity)
        if months and months[-1].first_day == first_day:
            months[-1].activities.append(activity)
        else:
            continued = not months and after is not None and _first_day(after) == first_day
            months.append(Month(first_day, [activity], continued))
    return months


def timeline_page(
    account: Account, filters: TimelineFilters, *, page: int = 1, today: date
) -> TimelinePage:
    """Page `page` (from 1) of the timeline, PAGE_SIZE activities grouped by month.

    No COUNT: one more row than shown tells whether there is more, and from the second
    page on one row before tells whether the first month continues the previous page.
    """
    page = max(page, 1)
    offset = (page - 1) * PAGE_SIZE
    start = max(offset - 1, 0)
    rows = list(activities_of(account, filters, today=today)[start : offset + PAGE_SIZE + 1])
    before = rows.pop(0) if offset and rows else None
    return TimelinePage(
        months=by_month(rows[:PAGE_SIZE], after=before),
        number=page,
        has_more=len(rows) > PAGE_SIZE,
    )


def latest_done(account_ids: Iterable[int], *, limit: int, today: date) -> QuerySet[Activity]:
    """The `limit` latest activities of each account that took place by `today` (planned
    ones left out), by account, newest first: one query however many accounts."""
    rank = Window(RowNumber(), partition_by=F("account_id"), order_by=NEWEST_FIRST)
    done = Activity.objects.filter(account_id__in=list(account_ids), occurred_on__lte=today)
    return done.annotate(rank=rank).filter(rank__lte=limit).order_by("account_id", *NEWEST_FIRST)


def latest_activities_by_account(
    account_ids: Iterable[int], *, limit: int, today: date
) -> dict[int, list[Activity]]:
    """`latest_done` by account id, every account included (one query)."""
    ids = list(account_ids)
    latest: dict[int, list[Activity]] = {pk: [] for pk in ids}
    for activity in latest_done(ids, limit=limit, today=today):
        latest[activity.account_id].append(activity)
    return latest


def latest_activities(account: Account, limit: int = 5, *, today: date | None = None):
    """The account's `limit` latest activities that took place (planned ones left out),
    newest first, with their people, rules and next action (see `with_details`)."""
    today = today or timezone.localdate()
    latest = latest_done([account.pk], limit=limit, today=today)
    return list(with_details(latest, account=account, today=today))
