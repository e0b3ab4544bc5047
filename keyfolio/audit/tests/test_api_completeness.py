"""Every write of the REST API is recorded as the token's: via "api", the token's name
as the source, its member as the actor, with old and new values."""

import json
from datetime import date

import pytest
from django.test import Client

from keyfolio.api.services import api_token_create
from keyfolio.api.tests.conftest import OVERWRITE
from keyfolio.audit.models import AuditEvent
from keyfolio.method import DEFAULT_CRITERIA
from keyfolio.plans.models import PlanQuestion
from keyfolio.plans.services import plan_create
from keyfolio.revenue.services import opportunity_create
from keyfolio.stakeholders.services import contact_create
from keyfolio.workspaces.models import Membership

API = "/api/v1"


@pytest.fixture
def api(world):
    membership = Membership.objects.get(workspace=world.workspace, user=world.manager)
    token = api_token_create(membership=membership, name="CRM sync")
    return Client(headers={"Authorization": f"Bearer {token}"}, REMOTE_ADDR="198.51.100.4")


def send(api, method, url, data=None):
    # A change names the version it overwrites; "*" is any (the API's own tests check
    # the versions).
    headers = OVERWRITE if method in {"patch", "put"} else {}
    response = getattr(api, method)(
        API + url, json.dumps(data or {}), content_type="application/json", headers=headers
    )
    assert response.status_code < 300, response.content
    return response


def latest(model: str) -> AuditEvent:
    event = AuditEvent.objects.filter(model=model).latest("pk")
    assert (event.via, event.source, event.ip) == ("api", "CRM sync", "198.51.100.4")
    assert event.actor_label == "Max Manager <max@acme.test>"
    return event


def test_account_update_and_archive(world, api):
    send(api, "patch", f"/accounts/{world.account.pk}", {"segment": "Retail"})
    assert latest("accounts.Account").changes["segment"] == ["", "Retail"]
    send(api, "post", f"/accounts/{world.account.pk}/archive")
    assert latest("accounts.Account").action == "archive"
    send(api, "post", f"/accounts/{world.account.pk}/restore")
    assert latest("accounts.Account").action == "restore"


def test_account_create(world, api):
    send(api, "post", "/accounts", {"name": "Initech"})
    event = latest("accounts.Account")
    assert (event.action, event.changes["name"]) == ("create", [None, "Initech"])


def test_contacts(world, api):
    contact_id = send(
        api, "post", "/contacts", {"account": world.account.pk, "name": "Ann"}
    ).json()["id"]
    assert latest("stakeholders.Contact").changes["name"] == [None, "Ann"]
    send(api, "patch", f"/contacts/{contact_id}", {"title": "CEO"})
    assert latest("stakeholders.Contact").changes == {"title": ["", "CEO"]}
    send(api, "delete", f"/contacts/{contact_id}")
    event = latest("stakeholders.Contact")
    assert (event.action, event.object_id, event.account_id) == (
        "delete",
        contact_id,
        world.account.pk,
    )


def test_opportunities(world, api):
    created = send(
        api,
        "post",
        "/opportunities",
        {
            "account": world.account.pk,
            "name": "Renewal",
            "amount": "500",
            "probability": 40,
            "expected_close": "2027-03-01",
        },
    ).json()
    assert latest("revenue.Opportunity").changes["amount"] == [None, "500"]
    send(api, "patch", f"/opportunities/{created['id']}", {"probability": 60})
    assert latest("revenue.Opportunity").changes == {"probability": [40, 60]}
    send(api, "delete", f"/opportunities/{created['id']}")
    assert latest("revenue.Opportunity").action == "delete"


def test_actions(world, api):
    action_id = send(
        api, "post", "/actions", {"account": world.account.pk, "title": "Call"}
    ).json()["id"]
    assert latest("plans.Action").changes["title"] == [None, "Call"]
    send(api, "patch", f"/actions/{action_id}", {"title": "Call the CFO"})
    assert latest("plans.Action").changes["title"] == ["Call", "Call the CFO"]


def test_activities(world, api):
    send(
        api,
        "post",
        "/activities",
        {
            "account": world.account.pk,
            "kind": "call",
            "summary": "Intro",
            "occurred_on": "2026-11-02",
        },
    )
    assert latest("activities.Activity").changes["summary"] == [None, "Intro"]


def test_assessments_and_their_scores(world, api):
    key = DEFAULT_CRITERIA[0].key
    send(api, "post", f"/accounts/{world.account.pk}/assessments", {"scores": {key: {"value": 4}}})
    assert latest("assessments.Assessment").action == "create"
    assert latest("assessments.Score").changes[key] == [None, 4]


def test_plan_answers_and_figures(world, api):
    plan = plan_create(account=world.account, title="2027", created_by=world.manager)
    question = PlanQuestion.objects.filter(workspace=world.workspace, active=True)[0]
    base = f"/accounts/{world.account.pk}/plans/{plan.pk}"
    send(api, "patch", f"{base}/answers/{question.pk}", {"answer": "Grow"})
    assert latest("plans.PlanAnswer").changes["text"] == [None, "Grow"]
    send(api, "patch", f"{base}/figures", {"loyalty": 4})
    assert latest("plans.AccountPlan").changes["loyalty"] == [None, 4]


def test_revenue(world, api):
    send(api, "put", f"/accounts/{world.account.pk}/revenue/2026/3", {"amount": "120.50"})
    event = latest("revenue.RevenueEntry")
    assert event.changes["amount"] == [None, "120.5"]
    assert event.changes["month"] == [None, date(2026, 3, 1).isoformat()]


def test_a_read_records_nothing(world, api):
    contact_create(account=world.account, name="Ann")
    opportunity_create(
        account=world.account, name="R", amount=1, probability=1, expected_close=date(2027, 1, 1)
    )
    before = AuditEvent.objects.count()
    api.get(f"{API}/accounts/{world.account.pk}")
    api.get(f"{API}/contacts")
    assert AuditEvent.objects.count() == before
