from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape

from keyfolio.plans import services
from keyfolio.plans.models import PlanStatus
from keyfolio.plans.tests.conftest import body, plan_tab_url, plans_url, questions_of


def tab_url(world, account=None) -> str:
    return plan_tab_url(world, (account or world.account).pk)


@pytest.mark.parametrize("person", ["owner", "admin", "director", "manager", "teammate", "viewer"])
def test_it_shows_the_plan_to_those_who_may_see_the_account(world, plan, person):
    response = world.client_for(getattr(world, person)).get(tab_url(world))
    assert response.status_code == 200
    assert response.context["plan"] == plan
    assert response.context["tab"] == "plan"


def test_it_invites_to_make_a_plan_when_there_is_none(world):
    response = world.client_for(world.manager).get(tab_url(world))
    assert response.context["plan"] is None
    assert "No current plan" in body(response)
    assert plans_url(world, "new", world.account.pk) in body(response)


def test_it_offers_no_new_plan_to_a_viewer(world):
    response = world.client_for(world.viewer).get(tab_url(world))
    assert plans_url(world, "new", world.account.pk) not in body(response)


def test_it_shows_the_current_plan_and_lists_every_plan_in_the_switcher(world, plan):
    old = services.plan_create(account=world.account, title="2026", status=PlanStatus.ARCHIVED)
    old.starts_on = date(2026, 1, 1)
    old.save()
    response = world.client_for(world.manager).get(tab_url(world))
    assert response.context["plan"] == plan
    assert [p.title for p in response.context["plans"]] == ["2027", "2026"]
    page = body(response)
    assert f"?plan={old.pk}" in page
    assert "kf-plan-archived" in page


def test_it_opens_another_plan_by_its_id(world, plan):
    old = services.plan_create(account=world.account, title="2026", status=PlanStatus.ARCHIVED)
    response = world.client_for(world.manager).get(tab_url(world) + f"?plan={old.pk}")
    assert response.context["plan"] == old
    assert "This plan is archived" in body(response)


def test_it_is_404_for_a_plan_of_another_account(world, plan):
    other = services.plan_create(account=world.foreign_account, title="Theirs")
    response = world.client_for(world.owner).get(tab_url(world) + f"?plan={other.pk}")
    assert response.status_code == 404


def test_it_shows_how_many_questions_are_answered(world, plan):
    questions = questions_of(world)
    for question in questions[:7]:
        services.answer_save(plan=plan, question=question, text="<div>Yes</div>", by=world.manager)
    page = body(world.client_for(world.manager).get(tab_url(world)))
    assert "7 of 11 questions answered" in page
    assert 'aria-valuenow="64"' in page


def test_it_shows_the_questions_in_order_with_their_answers(world, plan):
    questions = questions_of(world)
    services.answer_save(
        plan=plan,
        question=questions[0],
        text="<div>Faster <strong>delivery</strong></div>",
        by=world.teammate,
    )
    page = body(world.client_for(world.manager).get(tab_url(world)))
    assert page.index(escape(questions[0].text_en)) < page.index(escape(questions[1].text_en))
    assert "Faster <strong>delivery</strong>" in page
    assert "Tom Teammate" in page


def test_it_links_the_access_and_decision_questions_to_the_stakeholder_map(world, plan):
    page = body(world.client_for(world.manager).get(tab_url(world)))
    map_url = f"/w/{world.slug}/accounts/{world.account.pk}/stakeholders/"
    section = page[page.index('id="q-access_to_key_people"') :]
    assert map_url in section[: section.index("</section>")]
    section = page[page.index('id="q-decision_process"') :]
    assert map_url in section[: section.index("</section>")]
    section = page[page.index('id="q-how_we_differ"') :]
    assert map_url not in section[: section.index("</section>")]


def test_it_keeps_answers_to_retired_questions_visible(world, plan):
    question = questions_of(world)[0]
    services.answer_save(plan=plan, question=question, text="<div>Old answer</div>", by=None)
    services.question_save(
        question=question,
        text_en=question.text_en,
        text_ru=question.text_ru,
        position=0,
        active=False,
    )
    response = world.client_for(world.manager).get(tab_url(world))
    assert "Old answer" in body(response)
    assert "0 of 10 questions answered" in body(response)
    assert "1 answer to a question no longer asked" in body(response)


def test_it_marks_overdue_actions_red_and_lists_them_first(world, plan):
    today = timezone.localdate()
    later = services.action_create(
        account=world.account, title="Later", due_on=today + timedelta(days=9)
    )
    late = services.action_create(
        account=world.account, title="Late", due_on=today - timedelta(days=2)
    )
    undated = services.action_create(account=world.account, title="Someday")
    response = world.client_for(world.manager).get(tab_url(world))
    assert [a.title for a in response.context["actions"]] == ["Late", "Later", "Someday"]
    page = body(response)
    row = page[page.index(f'id="action-{late.pk}"') :]
    assert "kf-overdue" in row[: row.index("</tr>")]
    row = page[page.index(f'id="action-{later.pk}"') :]
    assert "kf-overdue" not in row[: row.index("</tr>")]
    assert undated.pk


def _fill(world, plan, *, items: int, extra_questions: int):
    for n in range(extra_questions):
        services.question_create(
            workspace=world.workspace, key=f"extra-{n}", text_en=f"Extra {n}?", text_ru=f"Ещё {n}?"
        )
    for question in questions_of(world):
        services.answer_save(
            plan=plan, question=question, text="<div>An answer</div>", by=world.manager
        )
    owners = [world.manager, world.teammate]
    for n in range(items):
        services.objective_save(plan=plan, title=f"Objective {n}", due_on=date(2027, 6, 1))
        services.action_create(
            account=world.account,
            plan=plan,
            title=f"Action {n}",
            owner=owners[n % 2],
            rule=n % 6 + 1,
        )
        services.risk_save(
            plan=plan, description=f"Risk {n}", likelihood=n % 5 + 1, impact=3, owner=owners[n % 2]
        )
    services.plan_figures_update(
        plan=plan,
        current_volume=Decimal(1000),
        planned_revenue=Decimal(2000),
        client_total_spend=Decimal(10000),
        planned_share_of_wallet=20,
        price_or_value="value",
        loyalty=4,
        resource_owner=world.teammate,
        capacity_note="Two engineers.",
    )


def test_it_makes_as_many_queries_for_a_small_plan_as_for_a_big_one(
    world, plan, django_assert_num_queries
):
    client = world.client_for(world.manager)
    _fill(world, plan, items=3, extra_questions=0)
    client.get(tab_url(world))  # Warm up: the session and caches.
    with CaptureQueriesContext(connection) as small:
        client.get(tab_url(world))
    _fill(world, plan, items=17, extra_questions=4)
    with django_assert_num_queries(len(small)):
        response = client.get(tab_url(world))
    assert len(response.context["objectives"]) == 20
    assert len(response.context["actions"]) == 20
    assert len(response.context["risks"]) == 20
    assert len(response.context["questions"].asked) == 15
