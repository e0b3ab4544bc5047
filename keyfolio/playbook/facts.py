"""What the playbook checks need to know about accounts, read for many at once.

`facts_for_accounts` turns the database into keyfolio.method.playbook.AccountFacts for
a whole portfolio in a fixed number of queries (one aggregate per source, grouped by
account), so that the overview, the attention list and the weekly digest cost the same
whether a manager has five accounts or forty.

Where the method leaves a choice, these are ours:

- Executive contact (rule 1): an activity that took place, of an executive kind
  (EXECUTIVE_KINDS), or any activity one of our executives took part in, whether or
  not it was marked as serving rule 1. Who is an executive is the account's workspace's
  say (Membership.is_executive there), not another workspace's.
- A new offer (rule 3): an activity that took place, of an offer kind (OFFER_KINDS) or
  marked as serving rule 3. Open actions do not count: an action is an intention, and
  the playbook's own "Create action" button would otherwise turn the check green
  without anything happening. Whitespace cells do not count either: they carry no date.
- Satisfaction (rule 5): an activity that took place and serves rule 5 (a business
  review, by default). There are no surveys yet; when they come, the last answered
  survey feeds `last_satisfaction_signal` too, and a falling score `satisfaction_dropped`.
- Planned activities (dated after today) count for nothing until they happen.
"""

from collections.abc import Iterable
from datetime import date

from django.db.models import Count, F, Max, Q
from django.utils import timezone

from keyfolio.accounts.models import Account
from keyfolio.activities.models import Activity
from keyfolio.intel.models import CompetitorPresence, IntelNote
from keyfolio.method.activities import EXECUTIVE_KINDS, OFFER_KINDS
from keyfolio.method.plan import Rule
from keyfolio.method.playbook import AccountFacts
from keyfolio.method.zones import Zone
from keyfolio.plans.selectors import current_plans
from keyfolio.stakeholders.models import Contact

# One Q, so that both conditions fall on the same membership: the one that the person
# who took part holds in the activity's workspace (which is its account's).
EXECUTIVE_CONTACT = Q(kind__in=[kind.value for kind in EXECUTIVE_KINDS]) | Q(
    our_people__memberships__workspace=F("workspace"),
    our_people__memberships__is_executive=True,
)
NEW_OFFER = Q(kind__in=[kind.value for kind in OFFER_KINDS]) | Q(
    rules__rule=Rule.NEEDS_AND_SOLUTIONS
)
SATISFACTION_SIGNAL = Q(rules__rule=Rule.SATISFACTION)


def facts_for_accounts(accounts: Iterable[Account], *, today: date) -> dict[int, AccountFacts]:
    """AccountFacts for each account, by id, as of `today`. Five queries however many
    accounts and however much history they have."""
    ids = [account.pk for account in accounts]
    if not ids:
        return {}
    assessments = _assessments(ids)
    activities = _activity_dates(ids, today)
    plans = current_plans(ids)
    intel = _intel_updated(ids)
    contacts = _active_contacts(ids)
    facts = {}
    for pk in ids:
        assessed = assessments.get(pk, {})
        events = activities.get(pk, {})
        plan = plans.get(pk)
        facts[pk] = AccountFacts(
            today=today,
            last_executive_contact=events.get("executive"),
            plan_reviewed_on=plan.reviewed_on if plan else None,
            plan_agreed_with_client=bool(plan and plan.agreed_with_client),
            last_new_offer=events.get("offer"),
            has_resource_owner=bool(plan and plan.resource_owner_id),
            has_capacity_note=bool(plan and plan.capacity_note.strip()),
            last_satisfaction_signal=events.get("satisfaction"),
            intel_updated=intel.get(pk),
            assessed_on=assessed.get("current_assessment__assessed_on"),
            active_contacts=contacts.get(pk, 0),
            zone=_zone(assessed.get("current_assessment__zone")),
            previous_zone=_zone(assessed.get("previous_assessment__zone")),
        )
    return facts


def _zone(value: str | None) -> Zone | None:
    # An assessment without a criterion on one axis is not placed: its zone is "".
    return Zone(value) if value else None


def _assessments(ids: list[int]) -> dict[int, dict]:
    rows = Account.objects.filter(pk__in=ids).values(
        "pk",
        "current_assessment__assessed_on",
        "current_assessment__zone",
        "previous_assessment__zone",
    )
    return {row["pk"]: row for row in rows}


def _activity_dates(ids: list[int], today: date) -> dict[int, dict[str, date | None]]:
    """The last executive contact, new offer and satisfaction signal of each account.

    One query: the joins to our people and to the rules repeat an activity's row, which
    changes no maximum."""
    rows = (
        Activity.objects.filter(account_id__in=ids, occurred_on__lte=today)
        .values("account_id")
        .annotate(
            executive=Max("occurred_on", filter=EXECUTIVE_CONTACT),
            offer=Max("occurred_on", filter=NEW_OFFER),
            satisfaction=Max("occurred_on", filter=SATISFACTION_SIGNAL),
        )
        .order_by()
    )
    return {row.pop("account_id"): row for row in rows}


def _intel_updated(ids: list[int]) -> dict[int, date]:
    """When anything on the client or its competitors was last written, as a local date
    (the same reading as keyfolio.intel.selectors.intel_last_updated), in one query."""
    notes = IntelNote.objects.filter(account_id__in=ids).values("account_id")
    rivals = CompetitorPresence.objects.filter(account_id__in=ids).values("account_id")
    rows = (
        notes.annotate(last=Max("updated_at"))
        .order_by()
        .union(rivals.annotate(last=Max("updated_at")).order_by(), all=True)
    )
    latest: dict[int, date] = {}
    for row in rows:
        day = timezone.localdate(row["last"])
        latest[row["account_id"]] = max(day, latest.get(row["account_id"], day))
    return latest


def _active_contacts(ids: list[int]) -> dict[int, int]:
    rows = (
        Contact.objects.filter(account_id__in=ids, active=True)
        .values("account_id")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return {row["account_id"]: row["count"] for row in rows}
