import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from keyfolio.accounts.models import Account
from keyfolio.api.tests.conftest import OVERWRITE
from keyfolio.api.tests.test_auth import assert_problem
from keyfolio.assessments.services import ScoreInput, assessment_create
from keyfolio.method import DEFAULT_CRITERIA

LIST = "/api/v1/accounts"


def detail(account) -> str:
    return f"{LIST}/{account.pk}"


def patch(client, url, data, **headers):
    return client.patch(url, json.dumps(data), content_type="application/json", headers=headers)


def post(client, url, data=None):
    return client.post(url, json.dumps(data or {}), content_type="application/json")


# --- reading ----------------------------------------------------------------------------


@pytest.mark.parametrize("person", ["owner", "director", "manager", "teammate", "viewer"])
def test_those_who_see_the_account_read_it(world, as_member, person):
    response = as_member(getattr(world, person)).get(detail(world.account))
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Northwind"
    assert body["owner"] == "max@acme.test"
    assert body["team"] == ["tom@acme.test", "vera@acme.test"]
    assert response["ETag"]


def test_an_outsider_gets_a_404_problem(world, as_member):
    assert_problem(as_member(world.outsider).get(detail(world.account)), 404)
    names = [a["name"] for a in as_member(world.outsider).get(LIST).json()["items"]]
    assert names == []


def test_another_workspaces_account_is_a_404(world, as_member):
    assert_problem(as_member(world.owner).get(detail(world.foreign_account)), 404)


def test_the_list_gives_the_current_assessment_with_iso_dates(world, as_member):
    assessment_create(
        account=world.account,
        assessor=world.manager,
        scores={c.key: ScoreInput(80) for c in DEFAULT_CRITERIA},
    )
    item = as_member(world.manager).get(LIST).json()["items"][0]
    assert item["assessment"]["zone"] == "key"
    assert item["assessment"]["client_index"] == pytest.approx(80)
    assert item["assessment"]["assessed_on"].count("-") == 2
    assert "T" in item["updated_at"]


def test_the_list_filters(world, as_member):
    Account.objects.create(
        workspace=world.workspace, name="Contoso", owner=world.director, segment="Retail"
    )
    world.account.segment = "Energy"
    world.account.save()
    client = as_member(world.owner)

    def names(query: str) -> list[str]:
        response = client.get(LIST + query)
        assert response.status_code == 200, response.content
        return [a["name"] for a in response.json()["items"]]

    assert names("?segment=Retail") == ["Contoso"]
    assert names("?owner=MAX@acme.test") == ["Northwind"]
    assert names("?zone=none") == ["Northwind", "Contoso"]
    assert names("?zone=key") == []
    assert names("?updated_since=2999-01-01T00:00:00Z") == []
    body = assert_problem(client.get(LIST + "?zone=purple"), 422)
    assert "zone" in body["errors"]
    body = assert_problem(client.get(LIST + "?updated_since=yesterday"), 422)
    assert "updated_since" in body["errors"]


def test_cursor_pagination_walks_every_page_once(world, as_member):
    for n in range(6):
        Account.objects.create(workspace=world.workspace, name=f"Account {n}", owner=world.manager)
    client = as_member(world.manager)
    seen, url, pages = [], LIST + "?limit=3", 0
    while url:
        body = client.get(url).json()
        seen += [item["id"] for item in body["items"]]
        url, pages = body["next"], pages + 1
    expected = list(
        Account.objects.filter(owner=world.manager).order_by("pk").values_list("pk", flat=True)
    )
    assert seen == expected and pages == 3
    assert_problem(client.get(LIST + "?cursor=garbage"), 422)
    assert_problem(client.get(LIST + "?limit=201"), 422)


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(LIST + "?limit=200").status_code == 200
    return len(queries)


def test_the_list_takes_the_same_number_of_queries_however_many_accounts(world, as_member):
    client = as_member(world.owner)
    client.get(LIST)  # notes the token's last use, once a minute
    small = _list_queries(client)
    for n in range(30):
        account = Account.objects.create(
            workspace=world.workspace, name=f"A{n}", owner=world.manager
        )
        account.team.add(world.teammate, world.viewer)
        assessment_create(
            account=account,
            assessor=world.manager,
            scores={c.key: ScoreInput(50) for c in DEFAULT_CRITERIA},
        )
    assert _list_queries(client) == small


# --- writing ----------------------------------------------------------------------------


def test_a_manager_creates_an_account(world, as_member):
    response = post(
        as_member(world.manager),
        LIST,
        {"name": "Umbrella", "segment": "Pharma", "team": ["TOM@acme.test"]},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["owner"] == "max@acme.test" and body["team"] == ["tom@acme.test"]
    account = Account.objects.get(name="Umbrella")
    assert account.workspace == world.workspace and account.currency == "EUR"


def test_create_refusals_are_422_problems_with_field_errors(world, as_member):
    client = as_member(world.manager)
    body = assert_problem(post(client, LIST, {"name": "Northwind"}), 422)
    assert "already exists" in body["errors"]["name"][0]
    body = assert_problem(post(client, LIST, {"segment": "x"}), 422)
    assert "name" in body["errors"]
    body = assert_problem(post(client, LIST, {"name": "X", "owner": "vera@acme.test"}), 422)
    assert "owner" in body["errors"]  # a viewer cannot own an account
    body = assert_problem(
        post(client, LIST, {"name": "X", "website": "nope", "goal_min_zone": "gold"}), 422
    )
    assert {"goal_min_zone"} <= body["errors"].keys()
    body = assert_problem(post(client, LIST, {"name": "X", "website": "nope"}), 422)
    assert {"website"} <= body["errors"].keys()
    body = assert_problem(
        post(client, LIST, {"name": "X", "parent": world.foreign_account.pk}), 422
    )
    assert "parent" in body["errors"]
    assert not Account.objects.filter(name="X").exists()


def test_a_viewer_and_a_read_only_token_cannot_write(world, as_member):
    assert_problem(post(as_member(world.viewer), LIST, {"name": "Umbrella"}), 403)
    read_only = as_member(world.manager, read_only=True)
    assert read_only.get(detail(world.account)).status_code == 200
    assert_problem(post(read_only, LIST, {"name": "Umbrella"}), 403)
    assert_problem(patch(read_only, detail(world.account), {"segment": "Energy"}), 403)
    assert_problem(post(read_only, detail(world.account) + "/archive"), 403)
    assert_problem(patch(as_member(world.viewer), detail(world.account), {"segment": "E"}), 403)
    assert not Account.objects.filter(name="Umbrella").exists()
    assert Account.objects.get(pk=world.account.pk).segment == ""


def test_outsiders_and_other_workspaces_cannot_write(world, as_member):
    assert_problem(patch(as_member(world.outsider), detail(world.account), {"segment": "E"}), 404)
    assert_problem(post(as_member(world.outsider), detail(world.account) + "/archive"), 404)
    assert_problem(
        patch(as_member(world.owner), detail(world.foreign_account), {"segment": "E"}), 404
    )


def test_a_teammate_patches_with_if_match(world, as_member):
    client = as_member(world.teammate)
    read = client.get(detail(world.account))
    response = patch(
        client, detail(world.account), {"segment": "Energy"}, **{"If-Match": read["ETag"]}
    )
    assert response.status_code == 200, response.content
    assert response.json()["segment"] == "Energy"
    assert response["ETag"] != read["ETag"]
    # The first ETag is stale now: a second write on it is refused and writes nothing.
    stale = patch(
        client, detail(world.account), {"segment": "Retail"}, **{"If-Match": read["ETag"]}
    )
    assert_problem(stale, 412)
    assert Account.objects.get(pk=world.account.pk).segment == "Energy"


def test_a_write_that_names_no_version_is_a_428_and_changes_nothing(world, as_member):
    client = as_member(world.manager)
    body = assert_problem(patch(client, detail(world.account), {"segment": "Retail"}), 428)
    assert "If-Match" in body["detail"]
    assert Account.objects.get(pk=world.account.pk).segment != "Retail"
    response = patch(client, detail(world.account), {"segment": "Retail"}, **OVERWRITE)
    assert response.status_code == 200 and response.json()["segment"] == "Retail"


def test_a_patch_refused_by_the_services_is_a_422(world, as_member):
    client = as_member(world.manager)
    body = assert_problem(
        patch(
            client,
            detail(world.account),
            {"goal_min_zone": "key", "goal_max_zone": "reconsider"},
            **OVERWRITE,
        ),
        422,
    )
    assert "goal_max_zone" in body["errors"]
    body = assert_problem(patch(client, detail(world.account), {"name": None}, **OVERWRITE), 422)
    assert "name" in body["errors"]


def test_archiving(world, as_member):
    response = post(as_member(world.manager), detail(world.account) + "/archive")
    assert response.status_code == 200
    assert response.json()["archived_at"]
    assert Account.objects.get(pk=world.account.pk).is_archived
    client = as_member(world.manager)
    assert [a["name"] for a in client.get(LIST).json()["items"]] == []
    assert [a["name"] for a in client.get(LIST + "?archived=true").json()["items"]] == ["Northwind"]


def test_the_tax_id_is_written_and_the_crms_id_read(world, as_member):
    Account.objects.filter(pk=world.account.pk).update(external_id="001A", source="salesforce")
    client = as_member(world.manager)
    response = patch(client, detail(world.account), {"tax_id": "7707083893"}, **OVERWRITE)
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["tax_id"], body["external_id"], body["source"]) == (
        "7707083893",
        "001A",
        "salesforce",
    )
