import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from keyfolio.api.tests.conftest import OVERWRITE, api_client
from keyfolio.api.tests.test_auth import assert_problem
from keyfolio.plans.models import AccountPlan, PlanAnswer, PlanQuestion
from keyfolio.plans.services import answer_save


def plan_url(account, plan) -> str:
    return f"/api/v1/accounts/{account.pk}/plans/{plan.pk}"


def patch(client, target, data, **headers):
    return client.patch(target, json.dumps(data), content_type="application/json", headers=headers)


@pytest.fixture
def question(world):
    return PlanQuestion.objects.filter(workspace=world.workspace, active=True)[0]


def test_a_token_is_required(world, plan):
    assert_problem(api_client(None).get(f"/api/v1/accounts/{world.account.pk}/plan"), 401)


@pytest.mark.parametrize("person", ["owner", "manager", "teammate", "viewer"])
def test_those_who_see_the_account_read_its_plan(world, as_member, plan, question, person):
    answer_save(plan=plan, question=question, text="<ul><li>Growth</li></ul>", by=world.manager)
    response = as_member(getattr(world, person)).get(f"/api/v1/accounts/{world.account.pk}/plan")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["id"] == plan.pk and body["title"] == "2027" and response["ETag"]
    first = next(q for q in body["questions"] if q["question"] == question.pk)
    assert first["answer"] == "<ul><li>Growth</li></ul>" and first["updated_by"] == "max@acme.test"
    assert body["answered"] == 1 and body["asked"] >= 1
    assert body["figures"]["currency"] == "EUR"


def test_no_plan_outsiders_and_other_workspaces_are_404s(world, as_member, plan, question):
    assert_problem(as_member(world.outsider).get(plan_url(world.account, plan)), 404)
    assert_problem(
        patch(
            as_member(world.outsider),
            f"{plan_url(world.account, plan)}/answers/{question.pk}",
            {"answer": "x"},
        ),
        404,
    )
    owner = as_member(world.owner)
    assert_problem(owner.get(f"/api/v1/accounts/{world.foreign_account.pk}/plan"), 404)
    assert_problem(owner.get(f"/api/v1/accounts/{world.foreign_account.pk}/plans/{plan.pk}"), 404)
    AccountPlan.objects.all().delete()
    body = assert_problem(owner.get(f"/api/v1/accounts/{world.account.pk}/plan"), 404)
    assert "no plan" in body["detail"]


def test_a_teammate_writes_an_answer_with_if_match(world, as_member, plan, question):
    client = as_member(world.teammate)
    target = f"{plan_url(world.account, plan)}/answers/{question.pk}"
    read = client.get(target)
    assert read.json()["answer"] == ""
    response = patch(
        client, target, {"answer": "<b>Ok</b><script>x</script>"}, **{"If-Match": read["ETag"]}
    )
    assert response.status_code == 200, response.content
    assert "<script>" not in response.json()["answer"] and response["ETag"] != read["ETag"]
    assert_problem(patch(client, target, {"answer": "Late"}, **{"If-Match": read["ETag"]}), 412)
    assert "Late" not in PlanAnswer.objects.get().text


def test_figures_are_written_with_if_match_and_refusals_are_422s(world, as_member, plan):
    client = as_member(world.manager)
    target = f"{plan_url(world.account, plan)}/figures"
    read = client.get(target)
    sent = {"planned_revenue": "500", "client_total_spend": "1000", "loyalty": 4}
    response = patch(client, target, sent, **{"If-Match": read["ETag"]})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["implied_share"] == pytest.approx(0.5) and body["loyalty"] == 4
    assert_problem(patch(client, target, {"loyalty": 2}, **{"If-Match": read["ETag"]}), 412)
    body = assert_problem(
        patch(client, target, {"current_volume": "-5", "loyalty": 9}, **OVERWRITE), 422
    )
    assert "current_volume" in body["errors"]
    body = assert_problem(patch(client, target, {"loyalty": 9}, **OVERWRITE), 422)
    assert "loyalty" in body["errors"]
    body = assert_problem(
        patch(client, target, {"resource_owner": "nobody@x.test"}, **OVERWRITE), 422
    )
    assert "resource_owner" in body["errors"]
    response = patch(client, target, {"resource_owner": "TOM@acme.test"}, **OVERWRITE)
    assert response.json()["resource_owner"] == "tom@acme.test"
    assert AccountPlan.objects.get().loyalty == 4
    for cleared in ("", "  ", None):
        patch(client, target, {"resource_owner": "tom@acme.test"}, **OVERWRITE)
        response = patch(client, target, {"resource_owner": cleared}, **OVERWRITE)
        assert response.status_code == 200 and response.json()["resource_owner"] is None


def test_a_viewer_and_a_read_only_token_cannot_write(world, as_member, plan, question):
    answer = f"{plan_url(world.account, plan)}/answers/{question.pk}"
    figures = f"{plan_url(world.account, plan)}/figures"
    for client in (as_member(world.viewer), as_member(world.manager, read_only=True)):
        assert client.get(figures).status_code == 200
        assert_problem(patch(client, answer, {"answer": "x"}), 403)
        assert_problem(patch(client, figures, {"loyalty": 3}), 403)
    assert not PlanAnswer.objects.exists() and AccountPlan.objects.get().loyalty is None


def _queries(client, target) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(target).status_code == 200
    return len(queries)


def test_reading_a_plan_takes_the_same_queries_however_many_answers(world, as_member, plan):
    client = as_member(world.manager)
    target = plan_url(world.account, plan)
    client.get(target)
    small = _queries(client, target)
    for question in PlanQuestion.objects.filter(workspace=world.workspace):
        answer_save(plan=plan, question=question, text="Yes", by=world.teammate)
    assert _queries(client, target) == small
