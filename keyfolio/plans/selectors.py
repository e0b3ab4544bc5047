"""Reads over account plans."""

from dataclasses import dataclass

from django.db.models import Case, F, Q, Value, When

from keyfolio.accounts.models import Account
from keyfolio.plans.models import AccountPlan, PlanAnswer, PlanQuestion, PlanStatus


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


def current_plan(account: Account) -> AccountPlan | None:
    """The plan that rules now: the newest active one, else the newest draft."""
    plans = AccountPlan.objects.filter(account=account).exclude(status=PlanStatus.ARCHIVED)
    active_first = Case(When(status=PlanStatus.ACTIVE, then=Value(0)), default=Value(1))
    return plans.order_by(active_first, F("starts_on").desc(nulls_last=True), "-created_at").first()
