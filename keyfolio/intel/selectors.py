"""Reads over an account's intelligence and the workspace's competitors."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Avg, Count, F, Max, QuerySet, Sum
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext

from keyfolio.accounts.models import Account
from keyfolio.intel.models import Competitor, CompetitorPresence, IntelNote, NoteKind
from keyfolio.intel.shares import ShareBar, competitor_tone, share_bar
from keyfolio.method.freshness import INTEL_STALE_AFTER, is_stale
from keyfolio.method.plan import share_of_wallet
from keyfolio.plans.models import AccountPlan
from keyfolio.plans.selectors import current_plan
from keyfolio.workspaces.models import Workspace


def intel_updated_by_account(account_ids: Iterable[int]) -> dict[int, datetime]:
    """When anything on the client or its competitors was last written, by account id,
    for the accounts where anything was: one query however many accounts."""
    ids = list(account_ids)
    notes = IntelNote.objects.filter(account_id__in=ids).values("account_id")
    rivals = CompetitorPresence.objects.filter(account_id__in=ids).values("account_id")
    rows = (
        notes.annotate(last=Max("updated_at"))
        .order_by()
        .union(rivals.annotate(last=Max("updated_at")).order_by(), all=True)
    )
    latest: dict[int, datetime] = {}
    for row in rows:
        pk, last = row["account_id"], row["last"]
        latest[pk] = max(last, latest.get(pk, last))
    return latest


def intel_last_updated(account: Account) -> datetime | None:
    """When anything on the client or its competitors was last written (one query)."""
    return intel_updated_by_account([account.pk]).get(account.pk)


def intel_is_stale(last: datetime | None, *, today: date) -> bool:
    """Rule 6: intelligence not updated within INTEL_STALE_AFTER (or never) is stale."""
    return is_stale(timezone.localdate(last) if last else None, today, INTEL_STALE_AFTER)


@dataclass(frozen=True)
class Rivals:
    """The competitors recorded at a client."""

    count: int
    share: float | None  # their estimated shares of the client's spend, summed, in %


NO_RIVALS = Rivals(0, None)


def rivals_by_account(account_ids: Iterable[int]) -> dict[int, Rivals]:
    """How many competitors are recorded at each account and their summed share, by
    account id, for the accounts with any: one query."""
    rows = (
        CompetitorPresence.objects.filter(account_id__in=list(account_ids))
        .values("account_id")
        .annotate(count=Count("pk"), share=Sum("estimated_share"))
        .order_by()
    )
    return {row["account_id"]: Rivals(row["count"], row["share"]) for row in rows}


@dataclass(frozen=True)
class NoteRow:
    note: IntelNote
    stale: bool


@dataclass(frozen=True)
class NoteGroup:
    kind: str
    label: str
    rows: list[NoteRow]


@dataclass(frozen=True)
class PresenceRow:
    presence: CompetitorPresence
    stale: bool
    tone: str  # Its colour on the share bar; "" when it has no estimate.


@dataclass(frozen=True)
class OurShare:
    """Our share of the client's spend as the current plan puts it, if it can."""

    plan: AccountPlan | None
    share: float | None  # Per cent; may exceed 100 when the spend estimate is too low.


@dataclass(frozen=True)
class IntelPage:
    groups: list[NoteGroup]
    presences: list[PresenceRow]
    ours: OurShare
    shares: ShareBar
    last_updated: datetime | None
    stale: bool

    @property
    def note_count(self) -> int:
        return sum(len(group.rows) for group in self.groups)

    @property
    def unestimated(self) -> int:
        """How many competitors have no share estimate (they are not on the bar)."""
        return sum(1 for row in self.presences if row.presence.estimated_share is None)


def our_share(account: Account) -> OurShare:
    """Our share of wallet from the current plan: its current volume over the client's
    total spend in our category (two queries at most: the plan, nothing else)."""
    plan = current_plan(account)
    if plan is None:
        return OurShare(None, None)
    volume, spend = plan.current_volume, plan.client_total_spend
    share = share_of_wallet(
        float(volume) if volume is not None else None,
        float(spend) if spend is not None else None,
    )
    return OurShare(plan, share * 100 if share is not None else None)


def _note_groups(account: Account, today: date) -> list[NoteGroup]:
    by_kind: dict[str, list[NoteRow]] = {kind: [] for kind in NoteKind.values}
    notes = IntelNote.objects.filter(account=account).select_related("updated_by")
    for note in notes.order_by("kind", "-updated_at", "-pk"):
        by_kind[note.kind].append(NoteRow(note, intel_is_stale(note.updated_at, today=today)))
    return [NoteGroup(kind, str(NoteKind(kind).label), by_kind[kind]) for kind in NoteKind.values]


def _presence_rows(account: Account, today: date) -> list[PresenceRow]:
    presences = (
        CompetitorPresence.objects.filter(account=account)
        .select_related("competitor", "updated_by")
        .order_by(F("estimated_share").desc(nulls_last=True), "competitor__name")
    )
    rows, estimated = [], 0
    for presence in presences:
        tone = ""
        if presence.estimated_share is not None:
            tone, estimated = competitor_tone(estimated), estimated + 1
        rows.append(PresenceRow(presence, intel_is_stale(presence.updated_at, today=today), tone))
    return rows


def intel_page(account: Account, *, today: date) -> IntelPage:
    """Everything the intelligence tab shows, in a constant number of queries: the notes
    by kind, our competitors there with the bar of shares, and how fresh it all is."""
    groups = _note_groups(account, today)
    presences = _presence_rows(account, today)
    ours = our_share(account)
    shares = share_bar(
        (gettext("Us"), ours.share) if ours.share is not None else None,
        (
            (row.presence.competitor.name, row.presence.estimated_share)
            for row in presences
            if row.presence.estimated_share is not None
        ),
    )
    last = intel_last_updated(account)
    return IntelPage(groups, presences, ours, shares, last, intel_is_stale(last, today=today))


def competitors_with_usage(workspace: Workspace) -> QuerySet[Competitor]:
    """The workspace's competitors with `account_count` (the accounts where each is
    present) and `average_share` (of their estimates there), in one query."""
    return (
        Competitor.objects.filter(workspace=workspace)
        .annotate(
            account_count=Count("presences"),
            average_share=Avg("presences__estimated_share"),
        )
        .order_by(Lower("name"), "pk")
    )
