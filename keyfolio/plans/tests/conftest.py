"""Plans of the `world` account, and small helpers for the plan tab's tests."""

from datetime import date

import pytest
from django.urls import reverse

from keyfolio.plans import services
from keyfolio.plans.models import AccountPlan, PlanQuestion, PlanStatus

HTMX = {"HX-Request": "true"}


def plans_url(world, name: str, *args) -> str:
    """The URL of plans:<name> in the world's workspace; `args` follow the slug."""
    return reverse(f"plans:{name}", args=[world.slug, *args])


def questions_of(world) -> list[PlanQuestion]:
    return list(PlanQuestion.objects.filter(workspace=world.workspace, active=True))


def body(response) -> str:
    return response.content.decode()


@pytest.fixture
def plan(world) -> AccountPlan:
    """Northwind's active plan for 2027, with no answers yet."""
    return services.plan_create(
        account=world.account,
        title="2027",
        starts_on=date(2027, 1, 1),
        ends_on=date(2027, 12, 31),
        status=PlanStatus.ACTIVE,
        created_by=world.manager,
    )
