"""Writes on meetings: planning one, changing its call plan, recording its outcome.

A planned meeting is logged through keyfolio.activities (the same checks on our people
and theirs); the call plan is prefilled from the dossier (keyfolio.meetings.prefill).
Two actions put the meeting on the attention queue (which lists open actions due this
week or overdue) while something is missing: one to prepare the call plan, done once the
plan is ready (it names the client's win, rule 2), and one to record the outcome, done
once it is recorded. Both are due on the meeting's day.

The outcome is recorded in one go: how each objective went, what the client said, the
next steps (each becomes an action, as an activity's next step does) and the attitudes
of the people met. They raise ValidationError keyed by field.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from keyfolio.accounts.models import Account
from keyfolio.accounts.signals import accounts_changed
from keyfolio.activities.models import KindChoice
from keyfolio.activities.services import activity_create, activity_update
from keyfolio.meetings.models import CallPlan, OutcomeChoice
from keyfolio.meetings.prefill import call_plan_prefill, with_people
from keyfolio.plans.models import Action, RuleChoice
from keyfolio.plans.services import action_create, action_update
from keyfolio.stakeholders.models import Attitude, Contact
from keyfolio.users.models import User

PLAN_TEXT_FIELDS = (
    "place",
    "purpose",
    "primary_objective",
    "fallback_objective",
    "client_win",
    "offer",
    "concessions",
    "questions",
    "objections",
)


@transaction.atomic
def meeting_plan(
    *,
    account: Account,
    by: User,
    on: date,
    our_people: Iterable[User],
    their_people: Iterable[Contact],
    today: date,
    **texts: str,
) -> CallPlan:
    """Plan a meeting: the activity (a meeting on `on`, serving rule 2) and its call plan,
    whose questions and objections the dossier suggests unless `texts` give them."""
    their_people = list(their_people)
    purpose = texts.get("purpose", "").strip()
    activity = activity_create(
        account=account,
        by=by,
        kind=KindChoice.MEETING,
        occurred_on=on,
        our_people=our_people,
        their_people=their_people,
        summary=purpose or _("Planned meeting"),
        rules=[RuleChoice.JOINT_STRATEGY],
    )
    contacts = with_people(Contact.objects.filter(pk__in=[c.pk for c in their_people]))
    prefill = call_plan_prefill(account, on=on, today=today, contacts=contacts)
    values = {
        "questions": prefill.questions_text,
        "objections": prefill.objections_text,
        **{name: value.strip() for name, value in texts.items() if name in PLAN_TEXT_FIELDS},
    }
    plan = CallPlan(
        workspace_id=account.workspace_id,
        account=account,
        activity=activity,
        created_by=by,
        **values,
    )
    _clean(plan)
    plan.save()
    plan.outcome_action = action_create(
        account=account,
        title=_("Record the outcome of the meeting on %(date)s") % {"date": on.isoformat()},
        owner=by,
        due_on=on,
        rule=RuleChoice.JOINT_STRATEGY,
    )
    _sync_preparation(plan, by=by, today=today)
    return plan


def _clean(plan: CallPlan) -> None:
    """Check the plan's texts (their lengths: the forms check them too, the REST API's
    bodies only here); the rest is the service's own doing."""
    plan.full_clean(
        exclude=[
            "workspace",
            "account",
            "activity",
            "prepare_action",
            "outcome_action",
            "created_by",
        ],
        validate_unique=False,
    )


def _close(action: Action | None, *, done: bool, due_on: date) -> None:
    """Mark the reminder done or open again, due on the meeting's day."""
    if action is None or (action.done, action.due_on) == (done, due_on):
        return
    action_update(
        action=action,
        title=action.title,
        owner=action.owner,
        due_on=due_on,
        rule=action.rule,
        done=done,
    )


def _sync_preparation(plan: CallPlan, *, by: User, today: date) -> None:
    """A plan not ready for a meeting still to come gets its preparation action; a
    ready one has it done. Saves the plan."""
    on = plan.activity.occurred_on
    if plan.prepare_action is None and not plan.ready and on >= today:
        plan.prepare_action = action_create(
            account=plan.account,
            title=_("Prepare the call plan for the meeting on %(date)s: what does the client win?")
            % {"date": on.isoformat()},
            owner=by,
            due_on=on,
            rule=RuleChoice.JOINT_STRATEGY,
        )
    _close(plan.prepare_action, done=plan.ready, due_on=on)
    _close(plan.outcome_action, done=plan.has_outcome, due_on=on)
    plan.save()


@transaction.atomic
def call_plan_update(
    *,
    plan: CallPlan,
    by: User,
    on: date,
    our_people: Iterable[User],
    their_people: Iterable[Contact],
    today: date,
    **texts: str,
) -> CallPlan:
    """Change the meeting's date, people and the call plan's texts; its reminders follow."""
    activity = plan.activity
    activity_update(
        activity=activity,
        by=by,
        kind=activity.kind,
        occurred_on=on,
        our_people=our_people,
        their_people=their_people,
        summary=activity.summary,
        next_step=activity.next_step,
        next_step_due=activity.next_step_due,
        rules=[row.rule for row in activity.rules.all()],
    )
    for name in PLAN_TEXT_FIELDS:
        if name in texts:
            setattr(plan, name, texts[name].strip())
    _clean(plan)
    activity.refresh_from_db(fields=["occurred_on"])
    _sync_preparation(plan, by=by, today=today)
    return plan


@dataclass(frozen=True)
class NextStep:
    title: str
    due_on: date | None = None


def _check_outcome(
    plan: CallPlan, primary: str, fallback: str, attitudes: dict[int, int], today: date
) -> None:
    errors: dict[str, str] = {}
    if plan.activity.occurred_on > today:
        errors["primary_outcome"] = _("The meeting has not taken place yet.")
    elif primary not in OutcomeChoice.values:
        errors["primary_outcome"] = _("Say how the primary objective went.")
    if fallback and fallback not in OutcomeChoice.values:
        errors["fallback_outcome"] = _("Choose met, partly met or not met.")
    if any(value not in Attitude.values for value in attitudes.values()):
        errors["attitudes"] = _("Choose an attitude from the list.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def meeting_outcome_record(
    *,
    plan: CallPlan,
    by: User,
    primary_outcome: str,
    fallback_outcome: str = "",
    client_said: str = "",
    next_steps: Iterable[NextStep] = (),
    attitudes: dict[int, int] | None = None,
    today: date,
) -> list[Action]:
    """Record how the meeting went, in one go: the outcome on the plan, what the client
    said as the activity's summary, an action (owned by `by`) for each next step, and the
    attitudes of the people met (contacts not at the meeting are ignored). Returns the
    new actions."""
    attitudes = attitudes or {}
    _check_outcome(plan, primary_outcome, fallback_outcome, attitudes, today)
    plan.primary_outcome = primary_outcome
    plan.fallback_outcome = fallback_outcome
    plan.client_said = client_said.strip()
    plan.outcome_recorded_at = timezone.now()
    _close(plan.outcome_action, done=True, due_on=plan.activity.occurred_on)
    plan.save()
    if plan.client_said:
        plan.activity.summary = plan.client_said
        plan.activity.save(update_fields=["summary", "updated_at"])
    met = plan.activity.their_people.filter(pk__in=list(attitudes))
    for contact in met:
        if contact.attitude != attitudes[contact.pk]:
            contact.attitude = attitudes[contact.pk]
            contact.save(update_fields=["attitude", "updated_at"])
    # Rule 2 reads the outcomes: the account's stored checks are computed again.
    accounts_changed.send(sender=CallPlan, account_ids=[plan.account_id])
    return [
        action_create(
            account=plan.account,
            title=step.title.strip(),
            owner=by,
            due_on=step.due_on,
            rule=RuleChoice.JOINT_STRATEGY,
        )
        for step in next_steps
        if step.title.strip()
    ]
