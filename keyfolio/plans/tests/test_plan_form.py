"""Making a plan, changing its period and status, and marking it reviewed."""

from datetime import date

import pytest
from django.utils import timezone

from keyfolio.plans import services
from keyfolio.plans.models import AccountPlan, PlanStatus
from keyfolio.plans.tests.conftest import body, plans_url, questions_of

NEW_PLAN = {"title": "2028", "starts_on": "2028-01-01", "ends_on": "2028-12-31", "status": "draft"}


def new_url(world) -> str:
    return plans_url(world, "new", world.account.pk)


@pytest.mark.parametrize("person", ["owner", "director", "manager", "teammate"])
def test_it_lets_editors_create_a_plan(world, person):
    response = world.client_for(getattr(world, person)).post(new_url(world), NEW_PLAN)
    plan = AccountPlan.objects.get()
    assert response.status_code == 302
    assert response.url.endswith(f"/plan/?plan={plan.pk}")
    assert (plan.title, plan.starts_on, plan.status) == ("2028", date(2028, 1, 1), "draft")
    assert plan.workspace == world.workspace
    assert plan.created_by == getattr(world, person)


def test_it_shows_field_errors_and_saves_nothing(world):
    data = {**NEW_PLAN, "title": "", "ends_on": "2027-01-01"}
    response = world.client_for(world.manager).post(new_url(world), data)
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"title", "ends_on"}
    assert not AccountPlan.objects.exists()


def test_it_offers_to_copy_answers_only_when_there_is_an_earlier_plan(world):
    client = world.client_for(world.manager)
    assert "copy_answers" not in body(client.get(new_url(world)))
    services.plan_create(account=world.account, title="2027")
    form = client.get(new_url(world)).context["form"]
    assert form["copy_answers"].value() is True


def test_it_copies_the_previous_plans_answers_when_asked(world, plan):
    services.answer_save(
        plan=plan, question=questions_of(world)[0], text="<div>Ours</div>", by=None
    )
    client = world.client_for(world.manager)
    client.post(new_url(world), {**NEW_PLAN, "copy_answers": "on"})
    copied = AccountPlan.objects.get(title="2028")
    assert copied.answers.get().text == "<div>Ours</div>"
    client.post(new_url(world), {**NEW_PLAN, "title": "2029"})
    assert AccountPlan.objects.get(title="2029").answers.count() == 0


def edit_url(world, plan) -> str:
    return plans_url(world, "edit", world.account.pk, plan.pk)


def test_it_changes_a_plans_period_status_and_agreement(world, plan):
    data = {**NEW_PLAN, "title": "2027 (revised)", "status": "active", "agreed_with_client": "on"}
    response = world.client_for(world.teammate).post(edit_url(world, plan), data)
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.title == "2027 (revised)"
    assert plan.agreed_with_client is True
    assert plan.status == PlanStatus.ACTIVE


def test_it_marks_a_plan_reviewed(world, plan):
    url = plans_url(world, "review", world.account.pk, plan.pk)
    response = world.client_for(world.manager).post(url)
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.reviewed_on == timezone.localdate()
    assert "Reviewed" in body(world.client_for(world.manager).get(response.url))
