import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from keyfolio.api.tests.conftest import api_client
from keyfolio.api.tests.test_auth import assert_problem
from keyfolio.assessments.models import Assessment
from keyfolio.assessments.services import ScoreInput, assessment_create
from keyfolio.method import DEFAULT_CRITERIA


def url(account) -> str:
    return f"/api/v1/accounts/{account.pk}/assessments"


def post(client, target, data):
    return client.post(target, json.dumps(data), content_type="application/json")


def _assess(world, account, value=80):
    return assessment_create(
        account=account,
        assessor=world.manager,
        scores={c.key: ScoreInput(value) for c in DEFAULT_CRITERIA},
    )


def test_a_token_is_required(world):
    assert_problem(api_client(None).get(url(world.account)), 401)


@pytest.mark.parametrize("person", ["owner", "manager", "teammate", "viewer"])
def test_those_who_see_the_account_read_its_assessments(world, as_member, person):
    assessment = _assess(world, world.account)
    client = as_member(getattr(world, person))
    items = client.get(url(world.account)).json()["items"]
    assert [item["id"] for item in items] == [assessment.pk]
    response = client.get(f"/api/v1/assessments/{assessment.pk}")
    assert response.status_code == 200 and response["ETag"]
    body = response.json()
    assert body["zone"] == "key" and body["client_index"] == pytest.approx(80)
    assert body["completeness"] == pytest.approx(1)
    assert body["scores"][DEFAULT_CRITERIA[0].key]["value"] == 80
    assert body["assessor"] == "max@acme.test"


def test_outsiders_and_other_workspaces_get_404s(world, as_member):
    assessment = _assess(world, world.account)
    foreign = assessment_create(
        account=world.foreign_account,
        assessor=world.stranger,
        scores={c.key: ScoreInput(50) for c in DEFAULT_CRITERIA},
    )
    outsider = as_member(world.outsider)
    assert_problem(outsider.get(url(world.account)), 404)
    assert_problem(outsider.get(f"/api/v1/assessments/{assessment.pk}"), 404)
    assert_problem(post(outsider, url(world.account), {"scores": {}}), 404)
    owner = as_member(world.owner)
    assert_problem(owner.get(url(world.foreign_account)), 404)
    assert_problem(owner.get(f"/api/v1/assessments/{foreign.pk}"), 404)
    assert_problem(post(owner, url(world.foreign_account), {"scores": {}}), 404)


def test_a_teammate_creates_an_assessment_with_scores_by_key(world, as_member):
    scores = {c.key: {"value": 30, "comment": "low"} for c in DEFAULT_CRITERIA[:3]}
    response = post(as_member(world.teammate), url(world.account), {"scores": scores})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["scores"][DEFAULT_CRITERIA[0].key] == {"value": 30, "comment": "low"}
    assert body["scores"][DEFAULT_CRITERIA[5].key]["value"] is None
    assert 0 < body["completeness"] < 1 and body["assessor"] == "tom@acme.test"
    assert (
        world.account.__class__.objects.get(pk=world.account.pk).current_assessment_id
        == (body["id"])
    )


def test_refusals_are_422_problems_with_an_error_per_criterion(world, as_member):
    client = as_member(world.manager)
    key = DEFAULT_CRITERIA[0].key
    body = assert_problem(
        post(client, url(world.account), {"scores": {key: {"value": 120}, "x": {"value": 1}}}),
        422,
    )
    assert set(body["errors"]) == {f"scores.{key}", "scores.x"}
    body = assert_problem(post(client, url(world.account), {"scores": {key: 5}}), 422)
    assert any(field.startswith("scores") for field in body["errors"])
    assert not Assessment.objects.exists()


def test_a_viewer_and_a_read_only_token_cannot_assess(world, as_member):
    key = DEFAULT_CRITERIA[0].key
    data = {"scores": {key: {"value": 50}}}
    assert_problem(post(as_member(world.viewer), url(world.account), data), 403)
    read_only = as_member(world.manager, read_only=True)
    assert read_only.get(url(world.account)).status_code == 200
    assert_problem(post(read_only, url(world.account), data), 403)
    assert not Assessment.objects.exists()


def _queries(client, target) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(target).status_code == 200
    return len(queries)


def test_the_list_takes_the_same_queries_however_many_assessments(world, as_member):
    client = as_member(world.manager)
    _assess(world, world.account)
    client.get(url(world.account))  # notes the token's last use
    small = _queries(client, url(world.account) + "?limit=200")
    for value in range(10):
        _assess(world, world.account, value * 10)
    assert _queries(client, url(world.account) + "?limit=200") == small
    page = client.get(url(world.account) + "?limit=4").json()
    assert len(page["items"]) == 4 and page["next"]
