"""The plan's objectives: add, edit, delete inline."""

from datetime import date, timedelta

from django.utils import timezone

from keyfolio.plans import services
from keyfolio.plans.models import Objective
from keyfolio.plans.tests.conftest import body, plans_url
from keyfolio.testing import HTMX, is_page

OBJECTIVE = {
    "title": "Win the 2027 tender",
    "measure": "Contract signed",
    "target": "1",
    "due_on": "2027-06-30",
    "status": "on_track",
}


def new_url(world, plan) -> str:
    return plans_url(world, "objective_new", world.account.pk, plan.pk)


def test_it_adds_an_objective_and_answers_htmx_with_its_row(world, plan):
    response = world.client_for(world.manager).post(new_url(world, plan), OBJECTIVE, headers=HTMX)
    objective = Objective.objects.get()
    assert objective.plan == plan
    assert objective.due_on == date(2027, 6, 30)
    page = body(response)
    assert page.lstrip().startswith(f'<tr id="objective-{objective.pk}"')
    assert "Win the 2027 tender" in page and "On track" in page


def test_it_adds_an_objective_without_htmx_and_goes_back(world, plan):
    response = world.client_for(world.manager).post(new_url(world, plan), OBJECTIVE)
    assert response.status_code == 302
    assert response.url.endswith(f"?plan={plan.pk}#objectives")
    assert Objective.objects.count() == 1


def test_it_offers_a_form_row_or_a_form_page(world, plan):
    client = world.client_for(world.manager)
    row = body(client.get(new_url(world, plan), headers=HTMX))
    assert row.lstrip().startswith('<tr class="kf-edit-row"')
    assert is_page(client.get(new_url(world, plan)))


def test_it_shows_field_errors_and_saves_nothing(world, plan):
    data = {**OBJECTIVE, "title": "", "status": "forgotten", "due_on": "someday"}
    response = world.client_for(world.manager).post(new_url(world, plan), data, headers=HTMX)
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"title", "status", "due_on"}
    assert 'class="kf-edit-row"' in body(response)
    assert not Objective.objects.exists()


def test_it_edits_an_objective(world, plan):
    objective = services.objective_save(plan=plan, title="Old")
    url = plans_url(world, "objective_edit", world.account.pk, plan.pk, objective.pk)
    response = world.client_for(world.teammate).post(
        url, {**OBJECTIVE, "status": "achieved"}, headers=HTMX
    )
    assert "Achieved" in body(response)
    objective.refresh_from_db()
    assert (objective.title, objective.status) == ("Win the 2027 tender", "achieved")


def test_it_marks_an_overdue_objective_red(world, plan):
    past = timezone.localdate() - timedelta(days=3)
    late = services.objective_save(plan=plan, title="Late", due_on=past)
    done = services.objective_save(plan=plan, title="Done", due_on=past, status="achieved")
    url = plans_url(world, "objective", world.account.pk, plan.pk, late.pk)
    assert "kf-overdue" in body(world.client_for(world.manager).get(url, headers=HTMX))
    url = plans_url(world, "objective", world.account.pk, plan.pk, done.pk)
    assert "kf-overdue" not in body(world.client_for(world.manager).get(url, headers=HTMX))


def test_it_deletes_an_objective_after_asking(world, plan):
    objective = services.objective_save(plan=plan, title="Gone soon")
    url = plans_url(world, "objective_delete", world.account.pk, plan.pk, objective.pk)
    client = world.client_for(world.manager)
    question = client.get(url)
    assert "Delete this objective?" in body(question) and Objective.objects.exists()
    response = client.post(url, headers=HTMX)
    assert response.status_code == 200 and body(response) == ""
    assert not Objective.objects.exists()


def test_it_is_404_for_an_objective_of_another_plan(world, plan):
    other_plan = services.plan_create(account=world.account, title="2026")
    objective = services.objective_save(plan=other_plan, title="Elsewhere")
    url = plans_url(world, "objective_edit", world.account.pk, plan.pk, objective.pk)
    assert world.client_for(world.manager).post(url, OBJECTIVE).status_code == 404
    objective.refresh_from_db()
    assert objective.title == "Elsewhere"
