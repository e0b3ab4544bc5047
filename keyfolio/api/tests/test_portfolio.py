from django.db import connection
from django.test.utils import CaptureQueriesContext

from keyfolio.accounts.models import Account
from keyfolio.api.tests.conftest import api_client
from keyfolio.api.tests.test_auth import assert_problem
from keyfolio.assessments.services import ScoreInput, assessment_create
from keyfolio.method import DEFAULT_CRITERIA

URL = "/api/v1/portfolio/square"


def _assess(world, account, value=80):
    assessment_create(
        account=account,
        assessor=world.manager,
        scores={c.key: ScoreInput(value) for c in DEFAULT_CRITERIA},
    )


def _names(body) -> list[str]:
    fields = body["points"]["fields"]
    return sorted(row[fields.index("name")] for row in body["points"]["rows"])


def test_a_token_is_required(world):
    assert_problem(api_client(None).get(URL), 401)


def test_each_member_sees_the_accounts_they_may(world, as_member):
    _assess(world, world.account)
    _assess(world, world.foreign_account)
    body = as_member(world.teammate).get(URL).json()
    assert body["mode"] == "points" and body["count"] == 1
    assert _names(body) == ["Northwind"]
    assert as_member(world.outsider).get(URL).json()["count"] == 0
    assert _names(as_member(world.owner).get(URL).json()) == ["Northwind"]
    # Read-only tokens read it too.
    assert as_member(world.viewer, read_only=True).get(URL).json()["count"] == 1


def test_the_filters_and_the_window(world, as_member):
    _assess(world, world.account, 80)
    contoso = Account.objects.create(
        workspace=world.workspace, name="Contoso", owner=world.director, segment="Retail"
    )
    _assess(world, contoso, 20)
    client = as_member(world.owner)
    assert _names(client.get(URL + "?segment=Retail").json()) == ["Contoso"]
    assert _names(client.get(URL + "?owner=MAX@acme.test").json()) == ["Northwind"]
    assert _names(client.get(URL + "?zone=key").json()) == ["Northwind"]
    assert _names(client.get(URL + "?our_min=50&client_min=50").json()) == ["Northwind"]
    assert _names(client.get(URL + "?find=cont").json()) == ["Contoso"]
    plain = client.get(URL).json()["points"]["fields"]
    more = client.get(URL + "?arrows=true&forecast=true").json()["points"]["fields"]
    assert more[: len(plain)] == plain and len(more) > len(plain)


def test_bad_filters_are_422_problems_with_field_errors(world, as_member):
    client = as_member(world.owner)
    body = assert_problem(client.get(URL + "?zone=purple&owner=nobody@x.test"), 422)
    assert {"zone", "owner"} <= body["errors"].keys()
    body = assert_problem(client.get(URL + "?our_min=60&our_max=40"), 422)
    assert "our_max" in body["errors"]


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL + "?arrows=1").status_code == 200
    return len(queries)


def test_the_square_takes_the_same_queries_however_many_accounts(world, as_member):
    client = as_member(world.owner)
    _assess(world, world.account)
    client.get(URL)
    small = _queries(client)
    for n in range(20):
        account = Account.objects.create(
            workspace=world.workspace, name=f"A{n}", owner=world.manager
        )
        _assess(world, account, 10 + n)
        _assess(world, account, 20 + n)
    assert _queries(client) == small


def test_the_openapi_schema_lists_the_new_endpoints(db):
    paths = set(api_client(None).get("/api/v1/openapi.json").json()["paths"])
    assert {
        "/api/v1/accounts/{pk}/assessments",
        "/api/v1/assessments/{pk}",
        "/api/v1/portfolio/square",
        "/api/v1/accounts/{pk}/plan",
        "/api/v1/accounts/{pk}/plans/{plan_id}/answers/{question_id}",
        "/api/v1/accounts/{pk}/plans/{plan_id}/figures",
        "/api/v1/accounts/{pk}/revenue/{year}/{month}",
        "/api/v1/accounts/{pk}/revenue/targets",
        "/api/v1/accounts/{pk}/surveys",
        "/api/v1/surveys",
        "/api/v1/attention",
    } <= paths
