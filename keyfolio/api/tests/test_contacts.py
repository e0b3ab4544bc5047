import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from keyfolio.accounts.models import Account
from keyfolio.api.tests.conftest import OVERWRITE, api_client
from keyfolio.api.tests.test_accounts import patch, post
from keyfolio.api.tests.test_auth import assert_problem
from keyfolio.stakeholders.models import Contact
from keyfolio.stakeholders.services import contact_create

LIST = "/api/v1/contacts"


@pytest.fixture
def anna(world):
    return contact_create(account=world.account, name="Anna Petrova", email="anna@client.test")


def detail(contact) -> str:
    return f"{LIST}/{contact.pk}"


def test_it_requires_a_token(world, anna):
    assert_problem(api_client(None).get(LIST), 401)
    assert_problem(api_client(None).get(detail(anna)), 401)


@pytest.mark.parametrize("person", ["owner", "manager", "teammate", "viewer"])
def test_those_who_see_the_account_read_its_contacts(world, as_member, anna, person):
    client = as_member(getattr(world, person))
    response = client.get(detail(anna))
    assert response.status_code == 200
    assert response.json()["name"] == "Anna Petrova" and response["ETag"]
    assert [c["name"] for c in client.get(LIST).json()["items"]] == ["Anna Petrova"]


def test_an_outsider_and_another_workspace_get_404s(world, as_member, anna):
    outsider = as_member(world.outsider)
    assert_problem(outsider.get(detail(anna)), 404)
    assert outsider.get(LIST).json()["items"] == []
    assert_problem(patch(outsider, detail(anna), {"title": "CEO"}), 404)
    assert_problem(outsider.delete(detail(anna)), 404)
    stranger = as_member(world.owner)
    foreign = contact_create(account=world.foreign_account, name="Ivan")
    assert_problem(stranger.get(detail(foreign)), 404)
    assert_problem(post(stranger, LIST, {"account": world.foreign_account.pk, "name": "X"}), 422)
    assert not Contact.objects.filter(name="X").exists()


def test_the_list_filters(world, as_member, anna):
    other = Account.objects.create(workspace=world.workspace, name="Contoso", owner=world.manager)
    contact_create(account=other, name="Boris")
    client = as_member(world.manager)
    names = [c["name"] for c in client.get(f"{LIST}?account={other.pk}").json()["items"]]
    assert names == ["Boris"]
    assert client.get(f"{LIST}?updated_since=2999-01-01T00:00:00Z").json()["items"] == []


def test_a_teammate_creates_patches_and_deletes(world, as_member, anna):
    client = as_member(world.teammate)
    response = post(
        client,
        LIST,
        {"account": world.account.pk, "name": " Boris ", "reports_to": anna.pk, "influence": 5},
    )
    assert response.status_code == 201, response.content
    boris = Contact.objects.get(pk=response.json()["id"])
    assert (boris.name, boris.reports_to, boris.influence) == ("Boris", anna, 5)
    read = client.get(detail(boris))
    response = patch(client, detail(boris), {"active": False}, **{"If-Match": read["ETag"]})
    assert response.status_code == 200, response.content
    assert response.json()["active"] is False
    assert client.delete(detail(boris)).status_code == 204
    assert not Contact.objects.filter(pk=boris.pk).exists()


def test_a_stale_if_match_is_a_412(world, as_member, anna):
    client = as_member(world.manager)
    read = client.get(detail(anna))
    assert (
        patch(client, detail(anna), {"title": "CEO"}, **{"If-Match": read["ETag"]}).status_code
        == 200
    )
    assert_problem(patch(client, detail(anna), {"title": "CFO"}, **{"If-Match": read["ETag"]}), 412)
    assert Contact.objects.get(pk=anna.pk).title == "CEO"


def test_refusals_of_the_services_are_422s_with_field_errors(world, as_member, anna):
    client = as_member(world.manager)
    body = assert_problem(patch(client, detail(anna), {"reports_to": anna.pk}, **OVERWRITE), 422)
    assert "themselves" in body["errors"]["reports_to"][0]
    body = assert_problem(
        patch(client, detail(anna), {"influence": 9, "name": None}, **OVERWRITE), 422
    )
    assert "name" in body["errors"]
    body = assert_problem(patch(client, detail(anna), {"influence": 9}, **OVERWRITE), 422)
    assert "influence" in body["errors"]
    body = assert_problem(
        post(client, LIST, {"account": world.account.pk, "name": "B", "email": "x"}), 422
    )
    assert "email" in body["errors"]


def test_a_viewer_and_a_read_only_token_cannot_write(world, as_member, anna):
    for client in (as_member(world.viewer), as_member(world.manager, read_only=True)):
        assert_problem(post(client, LIST, {"account": world.account.pk, "name": "B"}), 403)
        assert_problem(patch(client, detail(anna), {"title": "CEO"}), 403)
        assert_problem(client.delete(detail(anna)), 403)
    assert Contact.objects.get(pk=anna.pk).title == ""
    assert not Contact.objects.filter(name="B").exists()


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(LIST + "?limit=200").status_code == 200
    return len(queries)


def test_the_list_takes_the_same_number_of_queries_however_many_contacts(world, as_member, anna):
    client = as_member(world.manager)
    client.get(LIST)  # notes the token's last use, once a minute
    small = _list_queries(client)
    for n in range(20):
        contact_create(account=world.account, name=f"C{n}", reports_to=anna)
    assert _list_queries(client) == small
