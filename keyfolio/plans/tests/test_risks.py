"""The plan's risk register: add, edit, close, delete, filter."""

import pytest

from keyfolio.plans import services
from keyfolio.plans.models import Risk
from keyfolio.plans.tests.conftest import body, plan_tab_url, plans_url
from keyfolio.testing import HTMX

RISK = {
    "description": "The new CFO favours a cheaper rival",
    "likelihood": "4",
    "impact": "4",
    "owner": "",
    "mitigation": "Meet the CFO before the budget round.",
}


def new_url(world, plan) -> str:
    return plans_url(world, "risk_new", world.account.pk, plan.pk)


def test_it_adds_a_risk_with_its_severity_chip(world, plan):
    data = {**RISK, "owner": world.manager.pk}
    page = body(world.client_for(world.manager).post(new_url(world, plan), data, headers=HTMX))
    risk = Risk.objects.get()
    assert (risk.plan, risk.severity, risk.owner) == (plan, 16, world.manager)
    assert "kf-severity-critical" in page and ">16</span> Critical" in page


@pytest.mark.parametrize(
    ("likelihood", "impact", "band"),
    [
        (1, 1, "low"),
        (2, 2, "low"),
        (1, 5, "medium"),
        (3, 3, "medium"),
        (2, 5, "high"),
        (3, 5, "critical"),
    ],
)
def test_it_colours_severity_by_band(world, plan, likelihood, impact, band):
    risk = services.risk_save(plan=plan, description="R", likelihood=likelihood, impact=impact)
    url = plans_url(world, "risk", world.account.pk, plan.pk, risk.pk)
    assert f"kf-severity-{band}" in body(world.client_for(world.viewer).get(url, headers=HTMX))


def test_it_shows_field_errors_and_saves_nothing(world, plan):
    data = {**RISK, "description": "", "likelihood": "0", "impact": "9"}
    response = world.client_for(world.manager).post(new_url(world, plan), data, headers=HTMX)
    assert set(response.context["form"].errors) == {"description", "likelihood", "impact"}
    assert not Risk.objects.exists()


def test_it_closes_a_risk_by_editing_it(world, plan):
    risk = services.risk_save(plan=plan, description="R", likelihood=2, impact=2)
    url = plans_url(world, "risk_edit", world.account.pk, plan.pk, risk.pk)
    page = body(world.client_for(world.teammate).post(url, {**RISK, "closed": "on"}, headers=HTMX))
    risk.refresh_from_db()
    assert risk.closed and risk.description == RISK["description"]
    assert "closed" in page


def test_it_deletes_a_risk(world, plan):
    risk = services.risk_save(plan=plan, description="R", likelihood=2, impact=2)
    url = plans_url(world, "risk_delete", world.account.pk, plan.pk, risk.pk)
    assert body(world.client_for(world.manager).post(url, headers=HTMX)) == ""
    assert not Risk.objects.exists()


def test_it_filters_open_and_closed_risks(world, plan):
    services.risk_save(plan=plan, description="Open one", likelihood=1, impact=1)
    services.risk_save(plan=plan, description="Closed one", likelihood=5, impact=5, closed=True)
    client = world.client_for(world.manager)
    url = plan_tab_url(world, world.account.pk)

    def descriptions(query):
        return [r.description for r in client.get(url + query).context["risks"]]

    assert descriptions("") == ["Open one"]
    assert descriptions("?risks=closed") == ["Closed one"]
    assert descriptions("?risks=all") == ["Open one", "Closed one"]
    assert descriptions("?risks=nonsense") == ["Open one"]
