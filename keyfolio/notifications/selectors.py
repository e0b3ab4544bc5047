"""What the e-mails say: who gets them, the weekly digest and the daily reminders.

Both are cut from the attention list (keyfolio.playbook.selectors.attention_items),
so that an e-mail never disagrees with the attention page: the same checks, the same
thresholds, the same sentences. Links are absolute (settings.SITE_URL), since they are
read outside the app.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse

from keyfolio.method.playbook import Check, Status
from keyfolio.playbook.selectors import AttentionItem, Scope, attention_items
from keyfolio.portfolio.movement import MovementRow, zone_changes_between
from keyfolio.workspaces.models import Membership, Role

# The digest compares where accounts stand today with where they stood this long ago.
DIGEST_LOOKBACK = timedelta(days=7)
# A reminder comes the day before an action is due (and every day after, until done).
REMIND_BEFORE = timedelta(days=1)

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


def _lines(membership: Membership, items: list[AttentionItem]) -> list[Line]:
    slug = membership.workspace.slug
    return [
        Line(item, absolute(reverse("dossier:overview", args=[slug, item.account.pk])))
        for item in items
    ]


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
    """A member's week: their attention list in three groups, in the list's order (red
    checks, amber checks, actions due this week or overdue), and the accounts they see
    that changed zone over the last week."""

    membership: Membership
    red: list[Line]
    amber: list[Line]
    actions: list[Line]
    zone_changes: list[ZoneChange]
    attention_url: str
    since: date

    @property
    def accounts_needing_attention(self) -> int:
        return len({line.item.account.pk for line in self.red + self.amber + self.actions})

    @property
    def is_empty(self) -> bool:
        return not (self.red or self.amber or self.actions or self.zone_changes)


def _zone_changes(membership: Membership, *, since: date, today: date) -> list[ZoneChange]:
    rows = zone_changes_between(membership, start=since, end=today)
    return [ZoneChange(row, absolute(row.url)) for row in rows]


def digest_for(membership: Membership, *, today: date) -> Digest:
    """The weekly digest of one member: their own attention list (as the attention page
    shows it by default) and the zone changes among every account they may see (all
    of them for a director). Eleven queries, however big the portfolio."""
    items = attention_items(membership, today=today, scope=Scope.of(membership.user))
    lines = _lines(membership, items)
    since = today - DIGEST_LOOKBACK
    return Digest(
        membership=membership,
        red=[
            line for line in lines if not line.item.is_action and line.item.severity == Status.RED
        ],
        amber=[
            line for line in lines if not line.item.is_action and line.item.severity == Status.AMBER
        ],
        actions=[line for line in lines if line.item.is_action],
        zone_changes=_zone_changes(membership, since=since, today=today),
        attention_url=attention_url(membership),
        since=since,
    )


# --- The daily reminders -----------------------------------------------------------------


@dataclass(frozen=True)
class StaleAssessment:
    line: Line
    assess_url: str


@dataclass(frozen=True)
class Reminders:
    """A member's reminders for one day: the open actions they own that are due by
    tomorrow or overdue, and the accounts they own whose current assessment is going
    stale (amber) or is stale (red) by the workspace's playbook thresholds."""

    membership: Membership
    actions: list[Line]
    stale: list[StaleAssessment]
    attention_url: str

    @property
    def count(self) -> int:
        return len(self.actions) + len(self.stale)

    @property
    def is_empty(self) -> bool:
        return self.count == 0


def _is_due_reminder(item: AttentionItem, user_id: int, today: date) -> bool:
    action = item.action
    return (
        action is not None
        and action.owner_id == user_id
        and item.due_on is not None
        and item.due_on <= today + REMIND_BEFORE
    )


def _is_stale_assessment(item: AttentionItem, user_id: int) -> bool:
    # An account never assessed is on the weekly digest; the reminder is about an
    # assessment that exists and is ageing.
    return (
        item.check == Check.ASSESSMENT_FRESH
        and item.reason_code != f"{Check.ASSESSMENT_FRESH}.never"
        and item.account.owner_id == user_id
    )


def reminders_for(membership: Membership, *, today: date) -> Reminders:
    """The reminders of one member for `today`: the attention list's actions and
    assessment checks narrowed to what is theirs to do by tomorrow (ten queries)."""
    user_id = membership.user_id
    items = attention_items(membership, today=today, scope=Scope.of(membership.user))
    actions = [item for item in items if _is_due_reminder(item, user_id, today)]
    stale = [item for item in items if _is_stale_assessment(item, user_id)]
    slug = membership.workspace.slug
    return Reminders(
        membership=membership,
        actions=_lines(membership, sorted(actions, key=lambda item: item.due_on or today)),
        stale=[
            StaleAssessment(
                line, absolute(reverse("assessments:create", args=[slug, line.item.account.pk]))
            )
            for line in _lines(membership, stale)
        ],
        attention_url=attention_url(membership),
    )
