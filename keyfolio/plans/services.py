"""Writes for account plans."""

from keyfolio.method.plan import DEFAULT_QUESTIONS
from keyfolio.plans.models import PlanQuestion
from keyfolio.workspaces.models import Workspace


def plan_questions_create_default(*, workspace: Workspace) -> list[PlanQuestion]:
    """The article's eleven questions as the workspace's plan template."""
    return PlanQuestion.objects.bulk_create(
        PlanQuestion(
            workspace=workspace,
            key=spec.key,
            text_en=spec.text_en,
            text_ru=spec.text_ru,
            position=position,
        )
        for position, spec in enumerate(DEFAULT_QUESTIONS)
    )
