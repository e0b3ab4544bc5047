"""Small helpers for the plan tab's tests (the `plan` fixture is in keyfolio/conftest.py)."""

from django.urls import reverse

from keyfolio.plans.models import PlanQuestion


def plans_url(world, name: str, *args) -> str:
    """The URL of plans:<name> in the world's workspace; `args` follow the slug."""
    return reverse(f"plans:{name}", args=[world.slug, *args])


def questions_of(world) -> list[PlanQuestion]:
    return list(PlanQuestion.objects.filter(workspace=world.workspace, active=True))


def body(response) -> str:
    return response.content.decode()


def plan_tab_url(world, account_pk: int) -> str:
    """The plan tab: served by the dossier app (dossier:plan), its page is plans'."""
    return reverse("dossier:plan", args=[world.slug, account_pk])
