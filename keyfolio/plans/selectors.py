"""Reads over account plans."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import models
from django.db.models import (
    BooleanField,
    Case,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from keyfolio.accounts.models import Account
from keyfolio.method.plan import share_of_wallet
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
from keyfolio.workspaces.models import Workspace


@dataclass(frozen=True)
class Completeness:
    answered: int
    asked: int

    @property
    def share(self) -> float:
        return self.answered / self.asked if self.asked else 0.0


def plan_completeness(plan: AccountPlan) -> Completeness:
    """How many of the workspace's active questions the plan answers (two queries).

    An answer counts when its text is not empty; answers to retired questions do not
    count, so that adding a question makes every plan a little less complete."""
    asked = PlanQuestion.objects.filter(workspace_id=plan.workspace_id, active=True)
    answered = PlanAnswer.objects.filter(plan=plan, question__in=asked).exclude(Q(text="")).count()
    return Completeness(answered=answered, asked=asked.count())


def _current_first(plans: QuerySet[AccountPlan]) -> QuerySet[AccountPlan]:
    """The rule of the current plan: archived plans never rule; the newest active one
    does, else the newest draft."""
    active_first = Case(When(status=PlanStatus.ACTIVE, then=Value(0)), default=Value(1))
    return plans.exclude(status=PlanStatus.ARCHIVED).order_by(
        active_first, F("starts_on").desc(nulls_last=True), "-created_at"
    )


def current_plan(account: Account) -> AccountPlan | None:
    """The plan that rules now: the newest active one, else the newest draft."""
    return _current_first(AccountPlan.objects.filter(account=account)).first()


def current_plans(account_ids: Iterable[int]) -> dict[int, AccountPlan]:
    """The current plan (as `current_plan` picks it) of each of these accounts that has
    one, by account id: one query however many accounts."""
    newest = _current_first(AccountPlan.objects.filter(account=OuterRef("account"))).values("pk")
    plans = AccountPlan.objects.filter(account_id__in=list(account_ids), pk=Subquery(newest[:1]))
    return {plan.account_id: plan for plan in plans}


def current_plan_spend() -> Subquery:
    """The client's total spend in our category by the current plan (as `current_plan`
    picks it), as a subquery of an Account queryset (`.annotate(spend=...)`, None without
    a plan or a figure), so that a list of accounts reads it in its own query."""
    plans = _current_first(AccountPlan.objects.filter(account=OuterRef("pk")))
    return Subquery(plans.values("client_total_spend")[:1])


# --- The plan tab ------------------------------------------------------------------------


def _newest_first(plans: QuerySet[AccountPlan]) -> QuerySet[AccountPlan]:
    return plans.order_by(F("starts_on").desc(nulls_last=True), "-created_at", "-pk")


def plans_of(account: Account) -> list[AccountPlan]:
    """Every plan of the account, the newest period first (the tab's period switcher)."""
    fields = ("pk", "title", "status", "starts_on", "ends_on", "account_id", "created_at")
    return list(_newest_first(AccountPlan.objects.filter(account=account)).only(*fields))


def latest_plan(account: Account) -> AccountPlan | None:
    """The newest plan of any status: a new plan may start from its answers."""
    return _newest_first(AccountPlan.objects.filter(account=account)).first()


def get_plan_for(account: Account, pk: int) -> AccountPlan:
    """The plan `pk` of this account (already fetched for the member), or 404."""
    plans = AccountPlan.objects.select_related("resource_owner")
    return get_object_or_404(plans, pk=pk, account=account)


@dataclass(frozen=True)
class QuestionAnswer:
    question: PlanQuestion
    answer: PlanAnswer | None

    @property
    def answered(self) -> bool:
        return self.answer is not None and bool(self.answer.text)


@dataclass(frozen=True)
class PlanQuestions:
    asked: list[QuestionAnswer]  # the workspace's active questions, in order
    retired: list[QuestionAnswer]  # answers this plan gave to questions no longer asked


def questions_with_answers(plan: AccountPlan) -> PlanQuestions:
    """The plan's questions with their answers (two queries, however many)."""
    answers = {
        answer.question_id: answer
        for answer in PlanAnswer.objects.filter(plan=plan)
        .exclude(text="")
        .select_related("question", "updated_by")
    }
    asked = PlanQuestion.objects.filter(workspace_id=plan.workspace_id, active=True)
    asked_rows = [QuestionAnswer(q, answers.pop(q.pk, None)) for q in asked]
    retired = sorted(answers.values(), key=lambda a: (a.question.position, a.question.pk))
    return PlanQuestions(asked=asked_rows, retired=[QuestionAnswer(a.question, a) for a in retired])


@dataclass(frozen=True)
class PlanFigures:
    """The plan's money figures read together: in which currency, and the shares of
    the client's spend they imply (0..1, None when a figure is missing)."""

    currency: str
    implied_share: float | None  # planned revenue / the client's spend
    current_share: float | None  # current volume / the client's spend

    @property
    def implied_share_exceeds_spend(self) -> bool:
        return self.implied_share is not None and self.implied_share > 1


def _as_float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def plan_figures(plan: AccountPlan, *, account: Account, workspace: Workspace) -> PlanFigures:
    spend = _as_float(plan.client_total_spend)
    return PlanFigures(
        currency=account.currency or workspace.default_currency,
        implied_share=share_of_wallet(_as_float(plan.planned_revenue), spend),
        current_share=share_of_wallet(_as_float(plan.current_volume), spend),
    )


def _true_when(condition: Q) -> Case:
    # True or False, never NULL (an undated row is not overdue), so that it sorts
    # the same on every database.
    return Case(
        When(condition, then=Value(True)), default=Value(False), output_field=BooleanField()
    )


# Objectives still to reach; achieved and missed ones are settled and never overdue.
OPEN_OBJECTIVE_STATUSES = (ObjectiveStatus.OPEN, ObjectiveStatus.ON_TRACK, ObjectiveStatus.AT_RISK)


def objectives_of(plan: AccountPlan, *, today: date) -> QuerySet[Objective]:
    """The plan's objectives by due date, each with `overdue`."""
    overdue = Q(due_on__lt=today, status__in=OPEN_OBJECTIVE_STATUSES)
    return (
        Objective.objects.filter(plan=plan)
        .annotate(overdue=_true_when(overdue))
        .order_by(F("due_on").asc(nulls_last=True), "pk")
    )


def with_overdue(actions: QuerySet[Action], *, today: date) -> QuerySet[Action]:
    """Annotate `overdue`: not done and due before today."""
    return actions.annotate(overdue=_true_when(Q(done_on__isnull=True, due_on__lt=today)))


class ActionShow(models.TextChoices):
    OPEN = "open", pgettext_lazy("filter", "Open")
    DONE = "done", pgettext_lazy("filter", "Done")
    ALL = "all", _("All")


@dataclass(frozen=True)
class ActionFilters:
    show: str = ActionShow.OPEN
    owner_id: int | None = None
    rule: int | None = None


def actions_of(account: Account, filters: ActionFilters, *, today: date) -> QuerySet[Action]:
    """The account's actions as the plan tab lists them: open ones first, the overdue
    at the very top, then by due date (undated last); done ones latest first."""
    actions = with_overdue(Action.objects.filter(account=account), today=today)
    if filters.show == ActionShow.OPEN:
        actions = actions.filter(done_on__isnull=True)
    elif filters.show == ActionShow.DONE:
        actions = actions.filter(done_on__isnull=False)
    if filters.owner_id is not None:
        actions = actions.filter(owner_id=filters.owner_id)
    if filters.rule is not None:
        actions = actions.filter(rule=filters.rule)
    return actions.select_related("owner").order_by(
        F("done_on").desc(nulls_first=True),
        F("overdue").desc(),
        F("due_on").asc(nulls_last=True),
        "pk",
    )


class RiskShow(models.TextChoices):
    OPEN = "open", pgettext_lazy("filter", "Open")
    CLOSED = "closed", pgettext_lazy("filter", "Closed")
    ALL = "all", _("All")


def risks_of(plan: AccountPlan, show: str = RiskShow.OPEN) -> QuerySet[Risk]:
    """The plan's risk register, open risks first, the most severe at the top."""
    risks = Risk.objects.filter(plan=plan).select_related("owner")
    if show == RiskShow.OPEN:
        risks = risks.filter(closed=False)
    elif show == RiskShow.CLOSED:
        risks = risks.filter(closed=True)
    severity = ExpressionWrapper(F("likelihood") * F("impact"), output_field=IntegerField())
    return risks.annotate(severity_order=severity).order_by("closed", "-severity_order", "-pk")
