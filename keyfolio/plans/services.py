"""Writes for account plans: plans and their figures, answers, objectives, actions, risks,
and the workspace's question template.

Every interface goes through these functions, so the rules (who may own what, which
dates make sense, that answers are sanitized) are decided once. They raise
ValidationError keyed by field so that a form can show each message by its field.
"""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from keyfolio.accounts.models import Account
from keyfolio.audit.recording import record_created
from keyfolio.method.plan import DEFAULT_QUESTIONS
from keyfolio.plans.models import (
    AccountPlan,
    Action,
    Objective,
    ObjectiveStatus,
    PlanAnswer,
    PlanQuestion,
    PlanStatus,
    Risk,
)
from keyfolio.plans.richtext import sanitize
from keyfolio.users.models import User
from keyfolio.workspaces.models import Membership, Workspace

# The structured answers of a plan (METHOD.md §4): copied into the next plan with the
# written answers, edited together on the plan's "Key figures" card.
FIGURE_FIELDS = (
    "current_volume",
    "planned_revenue",
    "client_total_spend",
    "planned_share_of_wallet",
    "price_or_value",
    "loyalty",
    "resource_owner",
    "capacity_note",
)


def plan_questions_create_default(*, workspace: Workspace) -> list[PlanQuestion]:
    """The article's eleven questions as the workspace's plan template."""
    questions = PlanQuestion.objects.bulk_create(
        PlanQuestion(
            workspace=workspace,
            key=spec.key,
            text_en=spec.text_en,
            text_ru=spec.text_ru,
            position=position,
        )
        for position, spec in enumerate(DEFAULT_QUESTIONS)
    )
    record_created(questions)
    return questions


# --- Shared checks -----------------------------------------------------------------------


def _refuse_non_members(workspace_id: int, people: dict[str, User | None]) -> None:
    """Everyone named on a plan must belong to its workspace (any role)."""
    named = {field: user for field, user in people.items() if user is not None}
    if not named:
        return
    members = set(
        Membership.objects.filter(
            workspace_id=workspace_id, user_id__in=[user.pk for user in named.values()]
        ).values_list("user_id", flat=True)
    )
    errors = {
        field: _("Choose a member of this workspace.")
        for field, user in named.items()
        if user.pk not in members
    }
    if errors:
        raise ValidationError(errors)


def validate_period(starts_on: date | None, ends_on: date | None) -> None:
    if starts_on and ends_on and ends_on < starts_on:
        raise ValidationError({"ends_on": _("The plan cannot end before it starts.")})


def _clean(instance, *, exclude: tuple[str, ...] = ()) -> None:
    """Run the model's own validators (ranges, lengths, choices), foreign keys excluded:
    those are checked against the workspace by the callers."""
    foreign_keys = [f.name for f in instance._meta.fields if f.is_relation]
    instance.full_clean(exclude=[*foreign_keys, *exclude], validate_unique=False)


# --- Plans -------------------------------------------------------------------------------


def _copy_answers(*, source: AccountPlan, target: AccountPlan) -> None:
    """Start `target` from `source`'s written and structured answers (not its objectives
    or risks: those belong to the period)."""
    for field in FIGURE_FIELDS:
        setattr(target, field, getattr(source, field))
    target.save()
    record_created(
        PlanAnswer.objects.bulk_create(
            PlanAnswer(
                plan=target, question_id=answer.question_id, text=answer.text, updated_by_id=None
            )
            for answer in source.answers.exclude(text="")
        )
    )


@transaction.atomic
def plan_create(
    *,
    account: Account,
    title: str,
    starts_on: date | None = None,
    ends_on: date | None = None,
    status: str = PlanStatus.DRAFT,
    agreed_with_client: bool = False,
    created_by: User | None = None,
    copy_answers_from: AccountPlan | None = None,
) -> AccountPlan:
    """A new plan for `account`, optionally starting from an earlier plan's answers."""
    if copy_answers_from is not None and copy_answers_from.account_id != account.pk:
        raise ValidationError(_("Answers can only be copied from a plan of the same account."))
    plan = AccountPlan(
        workspace_id=account.workspace_id,
        account=account,
        title=title.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        status=status,
        agreed_with_client=agreed_with_client,
        created_by=created_by,
    )
    validate_period(starts_on, ends_on)
    _clean(plan)
    plan.save()
    if copy_answers_from is not None:
        _copy_answers(source=copy_answers_from, target=plan)
    return plan


def plan_update(
    *,
    plan: AccountPlan,
    title: str,
    starts_on: date | None,
    ends_on: date | None,
    status: str,
    agreed_with_client: bool,
) -> AccountPlan:
    plan.title = title.strip()
    plan.starts_on, plan.ends_on = starts_on, ends_on
    plan.status = status
    plan.agreed_with_client = agreed_with_client
    validate_period(starts_on, ends_on)
    _clean(plan)
    plan.save()
    return plan


def plan_figures_update(
    *,
    plan: AccountPlan,
    current_volume: Decimal | None,
    planned_revenue: Decimal | None,
    client_total_spend: Decimal | None,
    planned_share_of_wallet: float | None,
    price_or_value: str,
    loyalty: int | None,
    resource_owner: User | None,
    capacity_note: str,
) -> AccountPlan:
    """The plan's structured answers: money in the account's currency, shares in %."""
    negative = {
        field: _("Enter an amount of zero or more.")
        for field, value in (
            ("current_volume", current_volume),
            ("planned_revenue", planned_revenue),
            ("client_total_spend", client_total_spend),
        )
        if value is not None and value < 0
    }
    if negative:
        raise ValidationError(negative)
    _refuse_non_members(plan.workspace_id, {"resource_owner": resource_owner})
    plan.current_volume = current_volume
    plan.planned_revenue = planned_revenue
    plan.client_total_spend = client_total_spend
    plan.planned_share_of_wallet = planned_share_of_wallet
    plan.price_or_value = price_or_value or ""
    plan.loyalty = loyalty
    plan.resource_owner = resource_owner
    plan.capacity_note = capacity_note.strip()
    _clean(plan)
    plan.save()
    return plan


def plan_mark_reviewed(*, plan: AccountPlan, on: date | None = None) -> AccountPlan:
    """Record that the plan was reviewed (rule 2 looks for a review within a year)."""
    plan.reviewed_on = on or timezone.localdate()
    plan.save(update_fields=["reviewed_on", "updated_at"])
    return plan


# --- Written answers ---------------------------------------------------------------------


def answer_save(
    *, plan: AccountPlan, question: PlanQuestion, text: str, by: User | None
) -> PlanAnswer:
    """Store the answer to `question`, sanitized; an empty editor stores "" (unanswered)."""
    if question.workspace_id != plan.workspace_id:
        raise ValidationError(_("This question belongs to another workspace."))
    answer, _created = PlanAnswer.objects.update_or_create(
        plan=plan, question=question, defaults={"text": sanitize(text), "updated_by": by}
    )
    return answer


# --- Objectives --------------------------------------------------------------------------


def objective_save(
    *,
    plan: AccountPlan,
    objective: Objective | None = None,
    title: str,
    measure: str = "",
    target: str = "",
    due_on: date | None = None,
    status: str = ObjectiveStatus.OPEN,
) -> Objective:
    """Create an objective of `plan`, or change `objective` (which must be one of it)."""
    if objective is None:
        objective = Objective(plan=plan)
    elif objective.plan_id != plan.pk:
        raise ValidationError(_("This objective belongs to another plan."))
    objective.title = title.strip()
    objective.measure = measure.strip()
    objective.target = target.strip()
    objective.due_on = due_on
    objective.status = status
    _clean(objective)
    objective.save()
    return objective


def objective_delete(*, objective: Objective) -> None:
    objective.delete()


# --- Actions -----------------------------------------------------------------------------


def action_create(
    *,
    account: Account,
    title: str,
    plan: AccountPlan | None = None,
    owner: User | None = None,
    due_on: date | None = None,
    rule: int | None = None,
) -> Action:
    """A new open action for `account`, part of `plan` when made from a plan."""
    if plan is not None and plan.account_id != account.pk:
        raise ValidationError(_("The plan belongs to another account."))
    _refuse_non_members(account.workspace_id, {"owner": owner})
    action = Action(
        workspace_id=account.workspace_id,
        account=account,
        plan=plan,
        title=title.strip(),
        owner=owner,
        due_on=due_on,
        rule=rule,
    )
    _clean(action)
    action.save()
    return action


def action_update(
    *,
    action: Action,
    title: str,
    owner: User | None,
    due_on: date | None,
    rule: int | None,
    done: bool,
) -> Action:
    _refuse_non_members(action.workspace_id, {"owner": owner})
    action.title = title.strip()
    action.owner = owner
    action.due_on = due_on
    action.rule = rule
    _set_done(action, done)
    _clean(action)
    action.save()
    return action


def _set_done(action: Action, done: bool, on: date | None = None) -> None:
    # An action already done keeps the day it was done on.
    if not done:
        action.done_on = None
    elif action.done_on is None:
        action.done_on = on or timezone.localdate()


def action_complete(*, action: Action, done: bool = True, on: date | None = None) -> Action:
    """Tick an action off (today, unless `on`), or reopen it with done=False."""
    _set_done(action, done, on)
    action.save(update_fields=["done_on"])
    return action


def action_delete(*, action: Action) -> None:
    action.delete()


# --- Risks -------------------------------------------------------------------------------


def risk_save(
    *,
    plan: AccountPlan,
    risk: Risk | None = None,
    description: str,
    likelihood: int,
    impact: int,
    owner: User | None = None,
    mitigation: str = "",
    closed: bool = False,
) -> Risk:
    """Create a risk in `plan`'s register, or change `risk` (which must be one of it)."""
    if risk is None:
        risk = Risk(plan=plan)
    elif risk.plan_id != plan.pk:
        raise ValidationError(_("This risk belongs to another plan."))
    _refuse_non_members(plan.workspace_id, {"owner": owner})
    risk.description = description.strip()
    risk.likelihood, risk.impact = likelihood, impact
    risk.owner = owner
    risk.mitigation = mitigation.strip()
    risk.closed = closed
    _clean(risk)
    risk.save()
    return risk


def risk_delete(*, risk: Risk) -> None:
    risk.delete()


# --- The question template ---------------------------------------------------------------


def question_create(
    *, workspace: Workspace, key: str, text_en: str, text_ru: str, position: int | None = None
) -> PlanQuestion:
    """A new active question, last unless `position` says otherwise. Its key is the
    question's identity within the workspace and never changes."""
    if position is None:
        last = PlanQuestion.objects.filter(workspace=workspace).aggregate(last=Max("position"))
        position = 0 if last["last"] is None else last["last"] + 1
    question = PlanQuestion(
        workspace=workspace,
        key=key.strip().lower(),
        text_en=text_en.strip(),
        text_ru=text_ru.strip(),
        position=position,
    )
    _clean(question)
    duplicate = ValidationError(
        {
            "key": _("Another question of this workspace already has the key “%(key)s”.")
            % {"key": question.key}
        },
        code="duplicate_key",
    )
    if PlanQuestion.objects.filter(workspace=workspace, key=question.key).exists():
        raise duplicate
    try:
        with transaction.atomic():
            question.save()
    except IntegrityError:
        raise duplicate from None
    return question


def question_save(
    *, question: PlanQuestion, text_en: str, text_ru: str, position: int, active: bool
) -> PlanQuestion:
    """Change a question's texts, place or whether it is asked. Retiring a question
    (active=False) keeps every answer given to it."""
    question.text_en = text_en.strip()
    question.text_ru = text_ru.strip()
    question.position = position
    question.active = active
    _clean(question)
    question.save()
    return question
