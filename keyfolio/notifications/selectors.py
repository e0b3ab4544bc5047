"""What the e-mails say: who gets them, the weekly digest and the daily reminders.

Both are cut from the attention queue (keyfolio.playbook.queue), so that an e-mail never
disagrees with the attention page: the same checks, the same thresholds, the same
sentences. Each part of an e-mail is its first lines and a count of the rest, so that an
e-mail costs the same queries and has the same length whatever the portfolio. Links are
absolute (settings.SITE_URL), since they are read outside the app.

The stored checks must be computed for the day of the e-mail: the services bring them up
to date before building any (keyfolio.playbook.refresh.checks_refresh_stale).
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse

from keyfolio.method.playbook import STATUS_RANK, Check, Status
from keyfolio.playbook.queue import AttentionItem, AttentionQueue, Scope
from keyfolio.playbook.workqueue import AccountGroup, WorkQueue
from keyfolio.portfolio.movement import MovementRow, zone_changes_between
from keyfolio.workspaces.models import Membership, Role

# The digest compares where accounts stand today with where they stood this long ago.
DIGEST_LOOKBACK = timedelta(days=7)
# A reminder comes the day before an action is due (and every day after, until done).
REMIND_BEFORE = timedelta(days=1)
# How much each part of an e-mail shows: accounts for the digest's checks, then lines;
# the rest is "and N more", a click away on the attention page.
MAX_ACCOUNTS = 8
MAX_ACTIONS = 10
MAX_ZONE_CHANGES = 20
MAX_REMINDERS = 10
# The reminder's accounts that need action: the head of the member's work queue.
MAX_REMINDER_ACCOUNTS = 5

# Viewers only read: nothing on an attention list is theirs to do.
RECIPIENT_ROLE = Role.MANAGER


def recipients() -> QuerySet[Membership]:
    """Every membership that gets e-mails: managers and above whose user is active, in
    every workspace, with the workspace and the user joined (one query)."""
    return (
        Membership.objects.with_role_at_least(RECIPIENT_ROLE)
        .filter(user__is_active=True)
        .select_related("workspace", "user")
        .order_by("workspace_id", "user__email")
    )


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def attention_url(membership: Membership) -> str:
    return absolute(reverse("playbook:attention", args=[membership.workspace.slug]))


@dataclass(frozen=True)
class Line:
    """One line of an e-mail: an attention item and where to act on it."""

    item: AttentionItem
    url: str


@dataclass(frozen=True)
class Part:
    """The first lines of a part of an e-mail, and how many more there are (accounts
    for the digest's checks, lines otherwise)."""

    lines: list[Line]
    more: int = 0


def _lines(membership: Membership, items: list[AttentionItem]) -> list[Line]:
    slug = membership.workspace.slug
    return [
        Line(item, absolute(reverse("dossier:overview", args=[slug, item.account.pk])))
        for item in items
    ]


def _my_queue(membership: Membership, today: date) -> AttentionQueue:
    """The member's own attention list, as the attention page shows it by default."""
    return AttentionQueue(membership, today=today, scope=Scope.of(membership.user))


# --- The weekly digest -------------------------------------------------------------------


@dataclass(frozen=True)
class ZoneChange:
    row: MovementRow
    url: str

    @property
    def moved_up(self) -> bool:
        return self.row.move.direction > 0


@dataclass(frozen=True)
class Digest:
    """A member's week: their attention list in three parts, in the list's order (red
    checks and amber checks under their first MAX_ACCOUNTS accounts, the first
    MAX_ACTIONS actions due this week or overdue), and the first MAX_ZONE_CHANGES accounts
    they see that changed zone over the last week."""

    membership: Membership
    red: Part
    amber: Part
    actions: Part
    zone_changes: list["ZoneChange"]
    zone_changes_more: int
    accounts_needing_attention: int
    attention_url: str
    movement_url: str
    since: date

    @property
    def is_empty(self) -> bool:
        return not (self.red.lines or self.amber.lines or self.actions.lines or self.zone_changes)


def _zone_changes(membership: Membership, *, since: date, today: date) -> list[ZoneChange]:
    rows = zone_changes_between(membership, start=since, end=today)
    return [ZoneChange(row, absolute(row.url)) for row in rows]


def _checks_part(membership: Membership, queue: AttentionQueue, severity: Status) -> Part:
    """The checks of `severity` of the first MAX_ACCOUNTS accounts that have any, in the
    queue's order, and how many accounts more have some (four queries)."""
    rows = queue.checks().filter(severity=STATUS_RANK[severity])
    # An account's lines of one severity follow each other in the queue's order.
    heads = rows.values_list("account_id", flat=True)[: MAX_ACCOUNTS * len(Check)]
    first = list(dict.fromkeys(heads))[:MAX_ACCOUNTS]
    if not first:
        return Part([])
    accounts = rows.order_by().values("account_id").distinct().count()
    items = queue.check_items(rows.filter(account_id__in=first))
    return Part(_lines(membership, items), accounts - len(first))


def _actions_part(membership: Membership, queue: AttentionQueue) -> Part:
    """The first MAX_ACTIONS due actions and how many more there are (two queries)."""
    items = queue.first_actions(MAX_ACTIONS)
    return Part(_lines(membership, items), queue.all_actions().count() - len(items))


def digest_for(membership: Membership, *, today: date) -> Digest:
    """The weekly digest of one member: their own attention list (as the attention page
    shows it by default) and the zone changes among every account they may see (all
    of them for a director). The same queries however big the portfolio."""
    queue = _my_queue(membership, today)
    since = today - DIGEST_LOOKBACK
    zone_changes = _zone_changes(membership, since=since, today=today)
    slug = membership.workspace.slug
    return Digest(
        membership=membership,
        red=_checks_part(membership, queue, Status.RED),
        amber=_checks_part(membership, queue, Status.AMBER),
        actions=_actions_part(membership, queue),
        zone_changes=zone_changes[:MAX_ZONE_CHANGES],
        zone_changes_more=max(0, len(zone_changes) - MAX_ZONE_CHANGES),
        accounts_needing_attention=queue.accounts_count(),
        attention_url=attention_url(membership),
        movement_url=absolute(reverse("portfolio:movement", args=[slug])),
        since=since,
    )


# --- The daily reminders -----------------------------------------------------------------


@dataclass(frozen=True)
class StaleAssessment:
    line: Line
    assess_url: str


@dataclass(frozen=True)
class AccountLine:
    """An account of the work queue in an e-mail: its top item and how many more."""

    group: AccountGroup
    url: str


@dataclass(frozen=True)
class Reminders:
    """A member's reminders for one day: the open actions they own that are due by
    tomorrow or overdue, and the accounts they own whose current assessment is going
    stale (amber) or is stale (red) by the workspace's playbook thresholds; the first
    MAX_REMINDERS of each, with how many more."""

    membership: Membership
    actions: list[Line]
    stale: list[StaleAssessment]
    attention_url: str
    more_actions: int = 0
    more_stale: int = 0
    # The head of the member's work queue (the attention page's rows with a red item),
    # shown with the reminders but no reason to send one: that is the digest's job.
    accounts: list[AccountLine] = field(default_factory=list)
    more_accounts: int = 0

    @property
    def count(self) -> int:
        return len(self.actions) + self.more_actions + len(self.stale) + self.more_stale

    @property
    def is_empty(self) -> bool:
        return self.count == 0


def _bounded(items: QuerySet, count: int) -> int:
    """How many of `items` are left out when `count` of them were shown (one query)."""
    return items.count() - count


def reminders_for(membership: Membership, *, today: date) -> Reminders:
    """The reminders of one member for `today`: the attention list's actions and
    assessment checks narrowed to what is theirs to do by tomorrow (the same queries
    however big the portfolio)."""
    queue = _my_queue(membership, today)
    actions = queue.all_actions().filter(due_on__lte=today + REMIND_BEFORE).order_by("due_on", "pk")
    # An account never assessed is on the weekly digest; the reminder is about an
    # assessment that exists and is ageing.
    stale = (
        queue.checks()
        .filter(check_key=Check.ASSESSMENT_FRESH, account__owner=membership.user_id)
        .exclude(reason_code=f"{Check.ASSESSMENT_FRESH}.never")
    )
    action_items = queue.action_items(actions[:MAX_REMINDERS])
    stale_items = queue.check_items(stale[:MAX_REMINDERS])
    slug = membership.workspace.slug
    work = WorkQueue.over(queue, show=Status.RED)
    groups = work.groups(0, MAX_REMINDER_ACCOUNTS)
    return Reminders(
        membership=membership,
        actions=_lines(membership, action_items),
        stale=[
            StaleAssessment(
                line, absolute(reverse("assessments:create", args=[slug, line.item.account.pk]))
            )
            for line in _lines(membership, stale_items)
        ],
        attention_url=attention_url(membership),
        more_actions=_bounded(actions, len(action_items)),
        more_stale=_bounded(stale, len(stale_items)),
        accounts=[
            AccountLine(
                group,
                absolute(reverse("dossier:overview", args=[slug, group.account.pk])),
            )
            for group in groups
        ],
        more_accounts=_bounded(work.ranked(), len(groups)) if groups else 0,
    )
