"""The facts about accounts that the method's rules read, gathered for many at once.

One gatherer serves the playbook's checks (keyfolio.method.playbook.AccountFacts, for
the overview, the attention list and the weekly digest) and the assessment form's
data-backed hints (EvidenceFacts, worded by keyfolio.assessments.evidence). Each figure
is read once for the whole batch, in one query, by the selector of the app it belongs
to (intel freshness by keyfolio.intel.selectors, contacts by
keyfolio.stakeholders.selectors, revenue months by keyfolio.revenue.selectors, the
current plan by keyfolio.plans.selectors, survey answers by keyfolio.surveys.selectors),
and only when a record asks for it: the playbook's facts cost six queries and the
hints' nine, however many accounts.

It lives in assessments because that is the lowest app that may read every source:
the hints belong to the assessment form, and the playbook sits above assessments.

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
  review, by default), and, apart, the last answered survey and the answers of the last
  two survey windows (`survey_days`, the longest window among the batch's workspaces),
  from which the checks read a fall of the NPS and a decision maker's detractor answer.
- Planned activities (dated after today) count for nothing until they happen.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from django.db.models import F, Max, Q
from django.utils import timezone

from keyfolio.accounts.models import Account
from keyfolio.activities.models import Activity
from keyfolio.intel.selectors import NO_RIVALS, Rivals, intel_updated_by_account, rivals_by_account
from keyfolio.method import evidence as rules
from keyfolio.method.activities import EXECUTIVE_KINDS, OFFER_KINDS
from keyfolio.method.coverage import Coverage
from keyfolio.method.plan import Rule
from keyfolio.method.playbook import AccountFacts, PlaybookThresholds
from keyfolio.method.zones import Zone
from keyfolio.plans.models import AccountPlan
from keyfolio.plans.selectors import Completeness, current_plans, plan_completeness
from keyfolio.revenue.selectors import months_with_revenue_by_account
from keyfolio.stakeholders.selectors import (
    NO_ACTIVE_CONTACTS,
    ActiveContacts,
    active_contacts_by_account,
    coverage_by_account,
)
from keyfolio.surveys.selectors import (
    Satisfaction,
    satisfaction_by_account_id,
    survey_answers_by_account,
)

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
# Rule 2: a meeting whose call plan (keyfolio.meetings, beside the activity, one to one)
# named the client's win and has its outcome recorded. Read through the relation's name,
# as the layers keep this app from importing the app above it.
WIN_WIN_MEETING = Q(call_plan__outcome_recorded_at__isnull=False) & ~Q(call_plan__client_win="")


@dataclass(frozen=True)
class EvidenceFacts:
    """Everything the assessment form's hints read about one account."""

    today: date
    months_with_revenue: int
    coverage: Coverage
    attitudes: ActiveContacts
    plan: AccountPlan | None
    completeness: Completeness | None
    intel_updated: date | None
    rivals: Rivals
    satisfaction: Satisfaction  # the surveys' figures over the last year


class Gatherer:
    """The facts of a batch of accounts as of `today`. Each property is one figure for
    every account of the batch, by account id, read in one query the first time a
    record needs it."""

    def __init__(
        self,
        account_ids: Iterable[int],
        *,
        today: date,
        survey_days: int = PlaybookThresholds().survey_window_days,
    ) -> None:
        self.ids = list(account_ids)
        self.today = today
        self.survey_days = survey_days

    @cached_property
    def plans(self) -> dict[int, AccountPlan]:
        return current_plans(self.ids)

    @cached_property
    def intel_updated(self) -> dict[int, date]:
        """When the intelligence was last written, as a local date."""
        return {pk: timezone.localdate(at) for pk, at in intel_updated_by_account(self.ids).items()}

    @cached_property
    def active_contacts(self) -> dict[int, ActiveContacts]:
        return active_contacts_by_account(self.ids)

    @cached_property
    def coverage(self) -> dict[int, Coverage]:
        return coverage_by_account(self.ids)

    @cached_property
    def rivals(self) -> dict[int, Rivals]:
        return rivals_by_account(self.ids)

    @cached_property
    def months_with_revenue(self) -> dict[int, int]:
        return months_with_revenue_by_account(
            self.ids, today=self.today, months=rules.FREQUENCY_MONTHS
        )

    @cached_property
    def assessments(self) -> dict[int, dict]:
        """The date and zone of the current assessment and the zone of the previous, and
        when the account was created (a new account's checks wait: METHOD.md §5)."""
        rows = Account.objects.filter(pk__in=self.ids).values(
            "pk",
            "created_at",
            "current_assessment__assessed_on",
            "current_assessment__zone",
            "previous_assessment__zone",
        )
        return {row["pk"]: row for row in rows}

    @cached_property
    def activity_dates(self) -> dict[int, dict[str, date | None]]:
        """The last executive contact, new offer, satisfaction signal and win-win meeting
        of each account.

        One query: the joins to our people and to the rules repeat an activity's row,
        which changes no maximum."""
        rows = (
            Activity.objects.filter(account_id__in=self.ids, occurred_on__lte=self.today)
            .values("account_id")
            .annotate(
                executive=Max("occurred_on", filter=EXECUTIVE_CONTACT),
                offer=Max("occurred_on", filter=NEW_OFFER),
                satisfaction=Max("occurred_on", filter=SATISFACTION_SIGNAL),
                win_win=Max("occurred_on", filter=WIN_WIN_MEETING),
            )
            .order_by()
        )
        return {row.pop("account_id"): row for row in rows}

    @cached_property
    def surveys(self):
        """The last answered survey of each account and its answers of the last two
        survey windows (keyfolio.surveys.selectors.survey_answers_by_account)."""
        return survey_answers_by_account(self.ids, today=self.today, days=2 * self.survey_days)

    @cached_property
    def satisfaction(self) -> dict[int, Satisfaction]:
        """NPS, CSAT and answers of the last year, as the Surveys tab shows them."""
        return satisfaction_by_account_id(self.ids, today=self.today)

    def playbook(self) -> dict[int, AccountFacts]:
        """What the playbook's checks read, for each account: six queries."""
        if not self.ids:
            return {}
        return {pk: self._playbook_facts(pk) for pk in self.ids}

    def _playbook_facts(self, pk: int) -> AccountFacts:
        assessed = self.assessments.get(pk, {})
        events = self.activity_dates.get(pk, {})
        plan = self.plans.get(pk)
        surveyed = self.surveys.get(pk)
        return AccountFacts(
            today=self.today,
            last_executive_contact=events.get("executive"),
            plan_reviewed_on=plan.reviewed_on if plan else None,
            plan_agreed_with_client=bool(plan and plan.agreed_with_client),
            last_win_win_meeting=events.get("win_win"),
            last_new_offer=events.get("offer"),
            has_resource_owner=bool(plan and plan.resource_owner_id),
            has_capacity_note=bool(plan and plan.capacity_note.strip()),
            last_satisfaction_signal=events.get("satisfaction"),
            last_survey_answered=surveyed.last_answered if surveyed else None,
            survey_answers=surveyed.answers if surveyed else (),
            intel_updated=self.intel_updated.get(pk),
            assessed_on=assessed.get("current_assessment__assessed_on"),
            active_contacts=self.active_contacts.get(pk, NO_ACTIVE_CONTACTS).count,
            zone=_zone(assessed.get("current_assessment__zone")),
            previous_zone=_zone(assessed.get("previous_assessment__zone")),
            opened_on=_local_date(assessed.get("created_at")),
        )

    def evidence(self) -> dict[int, EvidenceFacts]:
        """What the assessment hints read, for each account: seven queries, and two for
        the completeness of each current plan."""
        return {pk: self._evidence_facts(pk) for pk in self.ids}

    def _evidence_facts(self, pk: int) -> EvidenceFacts:
        plan = self.plans.get(pk)
        return EvidenceFacts(
            today=self.today,
            months_with_revenue=self.months_with_revenue.get(pk, 0),
            coverage=self.coverage[pk],
            attitudes=self.active_contacts.get(pk, NO_ACTIVE_CONTACTS),
            plan=plan,
            completeness=plan_completeness(plan) if plan else None,
            intel_updated=self.intel_updated.get(pk),
            rivals=self.rivals.get(pk, NO_RIVALS),
            satisfaction=self.satisfaction[pk],
        )


def _local_date(moment) -> date | None:
    return None if moment is None else timezone.localdate(moment)


def _zone(value: str | None) -> Zone | None:
    # An assessment without a criterion on one axis is not placed: its zone is "".
    return Zone(value) if value else None


def facts_for_accounts(
    accounts: Iterable[Account],
    *,
    today: date,
    survey_days: int = PlaybookThresholds().survey_window_days,
) -> dict[int, AccountFacts]:
    """The playbook's AccountFacts for each account, by id, as of `today`: six queries
    however many accounts and however much history they have."""
    ids = (account.pk for account in accounts)
    return Gatherer(ids, today=today, survey_days=survey_days).playbook()


def evidence_facts(account: Account, *, today: date) -> EvidenceFacts:
    """What the assessment hints read about one account: nine queries with a current
    plan, seven without, whatever the data size."""
    return Gatherer([account.pk], today=today).evidence()[account.pk]
