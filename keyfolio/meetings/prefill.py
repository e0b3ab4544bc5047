"""What the dossier suggests for a meeting's call plan (METHOD.md §4 and rule 2).

Questions come from the account plan's questions left unanswered or answered long ago,
and from the weakest criteria of the current assessment; objections from the plan's
open risks, the competitors present at the client and the detractors among the people
we meet; the open actions and overdue promises are the ones to raise. Each suggestion
is plain text the manager edits; nothing here writes.
"""

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from keyfolio.accounts.models import Account
from keyfolio.assessments.selectors import scores_of
from keyfolio.intel.models import CompetitorPresence
from keyfolio.meetings.models import CallPlan
from keyfolio.plans.models import Action, Risk
from keyfolio.plans.selectors import current_plan, questions_with_answers
from keyfolio.stakeholders.models import Attitude, Contact, ContactRelationship

# A plan answer older than this is asked again: the client may have changed.
ANSWER_STALE_AFTER = timedelta(days=365)
# How many of the assessment's criteria the plan asks about, the weakest first, and
# below which score a criterion is weak enough to ask about.
WEAKEST_CRITERIA = 3
WEAK_SCORE = 50.0
# The people of theirs a new meeting suggests: the most influential active contacts.
SUGGESTED_ATTENDEES = 5


@dataclass(frozen=True)
class Attendee:
    id: int
    name: str
    title: str
    role: str
    influence: int
    attitude: int
    attitude_label: str
    known_by: list[str]

    @property
    def detractor(self) -> bool:
        return self.attitude < Attitude.NEUTRAL


@dataclass(frozen=True)
class Objection:
    objection: str
    answer: str
    source: str  # "risk", "competitor" or "detractor"


@dataclass(frozen=True)
class OpenAction:
    id: int
    title: str
    due_on: date | None
    owner: str
    overdue: bool


@dataclass(frozen=True)
class Prefill:
    account: str
    date: date
    attendees: list[Attendee] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    objections: list[Objection] = field(default_factory=list)
    open_actions: list[OpenAction] = field(default_factory=list)

    def as_json(self) -> dict:
        """The shape `keyfolio meeting plan --format json` prints."""
        data = asdict(self)
        data["date"] = self.date.isoformat()
        for action in data["open_actions"]:
            action["due_on"] = action["due_on"].isoformat() if action["due_on"] else None
        return data

    @property
    def questions_text(self) -> str:
        return "\n".join(self.questions)

    @property
    def objections_text(self) -> str:
        return "\n".join(_objection_line(o) for o in self.objections)


def _objection_line(objection: Objection) -> str:
    if not objection.answer:
        return objection.objection
    return f"{objection.objection} — {objection.answer}"


def attendees_of(contacts: Iterable[Contact]) -> list[Attendee]:
    """Contacts fetched with `with_people()`, as the plan shows them."""
    return [
        Attendee(
            id=contact.pk,
            name=contact.name,
            title=contact.title,
            role=contact.get_decision_role_display(),
            influence=contact.influence,
            attitude=contact.attitude,
            attitude_label=str(contact.get_attitude_display()),
            known_by=[r.user.display_name for r in contact.relationships.all()],
        )
        for contact in contacts
    ]


def with_people(contacts):
    """Contacts with who of ours knows them, in two queries however many."""
    return contacts.prefetch_related(
        Prefetch("relationships", queryset=ContactRelationship.objects.select_related("user"))
    )


def suggested_contacts(account: Account):
    return with_people(Contact.objects.active().filter(account=account))[:SUGGESTED_ATTENDEES]


def plan_questions(account: Account, *, today: date) -> list[str]:
    """The current plan's questions unanswered, or answered more than a year ago."""
    plan = current_plan(account)
    if plan is None:
        return []
    return [
        row.question.text
        for row in questions_with_answers(plan).asked
        if row.answer is None
        or not row.answered
        or today - row.answer.updated_at.date() > ANSWER_STALE_AFTER
    ]


def criteria_questions(account: Account) -> list[str]:
    """A question for each of the weakest criteria of the current assessment."""
    assessment = account.current_assessment
    if assessment is None:
        return []
    weak = [
        (score.value, score.criterion.position, score.criterion.label)
        for score in scores_of(assessment)
        if score.value is not None and score.value < WEAK_SCORE
    ]
    return [
        _("What would raise “%(criterion)s” (now %(score)d %%)?")
        % {"criterion": label, "score": round(value)}
        for value, _position, label in sorted(weak)[:WEAKEST_CRITERIA]
    ]


def objections_for(account: Account, attendees: Iterable[Attendee]) -> list[Objection]:
    """The plan's open risks, the competitors at the client and the detractors we meet."""
    objections = []
    plan = current_plan(account)
    if plan is not None:
        for risk in Risk.objects.filter(plan=plan, closed=False).order_by("-pk"):
            objections.append(Objection(risk.description, risk.mitigation.strip(), "risk"))
    presences = CompetitorPresence.objects.filter(account=account).select_related("competitor")
    for presence in presences.order_by("competitor__name"):
        objections.append(
            Objection(
                _("Why you rather than %(competitor)s?") % {"competitor": presence.competitor.name},
                presence.weaknesses.strip(),
                "competitor",
            )
        )
    for person in attendees:
        if person.detractor:
            objections.append(
                Objection(
                    _("%(name)s (%(attitude)s) will object")
                    % {"name": person.name, "attitude": person.attitude_label.lower()},
                    "",
                    "detractor",
                )
            )
    return objections


def open_actions(account: Account, *, today: date) -> list[OpenAction]:
    """The account's open actions, the overdue ones (promises not kept) first; the
    meetings' own reminders (to prepare, to record the outcome) are ours, not the client's."""
    plans = CallPlan.objects.filter(account=account)
    reminders = [
        *plans.values_list("prepare_action", flat=True),
        *plans.values_list("outcome_action", flat=True),
    ]
    actions = (
        Action.objects.filter(account=account, done_on__isnull=True)
        .exclude(pk__in=[pk for pk in reminders if pk is not None])
        .select_related("owner")
    )
    rows = [
        OpenAction(
            id=action.pk,
            title=action.title,
            due_on=action.due_on,
            owner=action.owner.display_name if action.owner else "",
            overdue=action.due_on is not None and action.due_on < today,
        )
        for action in actions
    ]
    return sorted(rows, key=lambda row: (not row.overdue, row.due_on or date.max, row.id))


def call_plan_prefill(
    account: Account, *, on: date, today: date, contacts: Iterable[Contact] | None = None
) -> Prefill:
    """What the dossier suggests for a meeting with `contacts` (by default the most
    influential active contacts) on `on`."""
    chosen = suggested_contacts(account) if contacts is None else contacts
    attendees = attendees_of(chosen)
    return Prefill(
        account=account.name,
        date=on,
        attendees=attendees,
        questions=plan_questions(account, today=today) + criteria_questions(account),
        objections=objections_for(account, attendees),
        open_actions=open_actions(account, today=today),
    )
