from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "keyfolio.plans"
    label = "plans"

    def ready(self) -> None:
        # Every change to these is recorded in the audit trail (keyfolio.audit).
        from keyfolio.audit.recording import audited
        from keyfolio.plans import receivers  # noqa: F401  (connects to the workspace signals)
        from keyfolio.plans.models import (
            AccountPlan,
            Action,
            Objective,
            PlanAnswer,
            PlanQuestion,
            Risk,
        )

        audited(PlanQuestion, account=None)
        audited(AccountPlan, describe=lambda plan: plan.title)
        audited(Action)
        for model in (PlanAnswer, Objective, Risk):
            audited(
                model,
                workspace=lambda item: item.plan.workspace_id,
                account=lambda item: item.plan.account_id,
                # An answer's str() reads its question; the plan is at hand.
                describe=(lambda answer: answer.plan.title) if model is PlanAnswer else str,
            )
