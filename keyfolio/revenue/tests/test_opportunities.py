"""The pipeline of the revenue tab: opportunities added, edited, removed, won and
booked as revenue, and the figures beside the year's target."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from keyfolio.revenue.models import Opportunity, OpportunityStatus, RevenueEntry
from keyfolio.revenue.selectors import month_start
from keyfolio.revenue.services import opportunity_book, opportunity_create, opportunity_update
from keyfolio.revenue.tests.factories import make_opportunity, record, set_target

HTMX = {"HTTP_HX_REQUEST": "true"}


def url(world, name, *args, account=None):
    return reverse(f"revenue:{name}", args=[world.slug, (account or world.account).pk, *args])


def form_data(**changes):
    data = {
        "name": "Line 3 retrofit",
        "amount": "120 000",
        "currency": "eur",
        "stage": "Proposal",
        "status": "open",
        "probability": "40",
        "expected_close": timezone.localdate().isoformat(),
        "owner": "",
    }
    return {**data, **changes}


# Adding, editing, removing -----------------------------------------------------------


def test_it_adds_an_opportunity_without_javascript(world):
    client = world.client_for(world.manager)
    response = client.post(url(world, "opportunity_add"), form_data(owner=world.manager.pk))
    assert response.status_code == 302
    assert response["Location"].endswith("#pipeline")
    opportunity = Opportunity.objects.get(account=world.account)
    assert opportunity.amount == Decimal("120000")
    assert opportunity.currency == "EUR"
    assert opportunity.probability == 40
    assert opportunity.owner == world.manager
    assert opportunity.workspace == world.workspace


def test_it_answers_htmx_with_the_fresh_pipeline(world):
    client = world.client_for(world.teammate)
    response = client.post(url(world, "opportunity_add"), form_data(), **HTMX)
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#pipeline"
    assert response["HX-Trigger"] == "kf-dialog-close"
    assert "Line 3 retrofit" in response.content.decode()


def test_the_form_opens_as_a_page_without_javascript(world):
    response = world.client_for(world.manager).get(url(world, "opportunity_add"))
    assert response.status_code == 200
    assert response.templates[0].name == "revenue/dialog_page.html"
    assert response.context["form"].initial["currency"] == "EUR"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("probability", "120", "less than or equal to 100"),
        ("probability", "-1", "greater than or equal to 0"),
        ("amount", "-5", "An amount is zero or more."),
        ("amount", "12,500", "is not an amount"),
        ("expected_close", "1901-01-01", "Choose a close date from"),
        ("expected_close", "2999-01-01", "Choose a close date from"),
        ("name", "", "This field is required."),
    ],
)
def test_it_refuses_bad_input_and_saves_nothing(world, field, value, message):
    client = world.client_for(world.manager)
    response = client.post(url(world, "opportunity_add"), form_data(**{field: value}), **HTMX)
    assert message in response.content.decode()
    assert not Opportunity.objects.exists()


def test_an_open_opportunity_needs_a_probability(world):
    client = world.client_for(world.manager)
    response = client.post(url(world, "opportunity_add"), form_data(probability=""), **HTMX)
    assert "Enter the probability of winning" in response.content.decode()
    assert not Opportunity.objects.exists()


def test_a_won_or_lost_status_sets_the_probability_unless_told(world):
    opportunity = make_opportunity(world.account, probability=60)
    client = world.client_for(world.manager)
    edit = url(world, "opportunity_edit", opportunity.pk)
    client.post(edit, form_data(status="lost", probability="60"))
    opportunity.refresh_from_db()
    assert (opportunity.status, opportunity.probability) == ("lost", 0)
    client.post(edit, form_data(status="won", probability="90"))
    opportunity.refresh_from_db()
    assert (opportunity.status, opportunity.probability) == ("won", 90)


def test_it_removes_an_opportunity(world):
    opportunity = make_opportunity(world.account)
    client = world.client_for(world.manager)
    response = client.post(url(world, "opportunity_delete", opportunity.pk))
    assert response.status_code == 302
    assert not Opportunity.objects.exists()


def test_an_external_id_is_unique_per_source(world):
    opportunity_create(
        account=world.account,
        name="A",
        amount=Decimal(1),
        probability=10,
        expected_close=timezone.localdate(),
        external_id="006A",
        source="salesforce",
    )
    with pytest.raises(ValidationError, match="already has this external id"):
        opportunity_create(
            account=world.account,
            name="B",
            amount=Decimal(1),
            probability=10,
            expected_close=timezone.localdate(),
            external_id="006A",
            source="salesforce",
        )
    other = opportunity_create(
        account=world.account,
        name="C",
        amount=Decimal(1),
        probability=10,
        expected_close=timezone.localdate(),
        external_id="006A",
        source="hubspot",
    )
    assert other.pk


def test_the_owner_must_be_a_member(world):
    opportunity = make_opportunity(world.account)
    with pytest.raises(ValidationError, match="member of this workspace"):
        opportunity_update(opportunity=opportunity, owner=world.stranger)


# Access ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("person", "status"),
    [
        ("manager", 200),
        ("teammate", 200),
        ("director", 200),
        ("outsider", 404),
        ("viewer", 403),
        ("stranger", 404),
    ],
)
def test_who_may_edit_an_opportunity(world, person, status):
    opportunity = make_opportunity(world.account)
    client = world.client_for(getattr(world, person))
    assert client.get(url(world, "opportunity_edit", opportunity.pk)).status_code == status
    response = client.post(url(world, "opportunity_delete", opportunity.pk), **HTMX)
    assert response.status_code == status
    assert Opportunity.objects.exists() == (status != 200)


def test_an_opportunity_of_another_account_is_not_found(world):
    foreign = make_opportunity(world.foreign_account)
    client = world.client_for(world.owner)
    assert client.get(url(world, "opportunity_edit", foreign.pk)).status_code == 404
    assert client.post(url(world, "opportunity_won", foreign.pk)).status_code == 404
    assert Opportunity.objects.get(pk=foreign.pk).status == "open"


def test_viewers_see_the_pipeline_without_buttons(world):
    make_opportunity(world.account, name="Service contract")
    body = world.client_for(world.viewer).get(url(world, "index")).content.decode()
    assert "Service contract" in body
    assert "Won → revenue" not in body
    assert url(world, "opportunity_add") not in body


# Won → revenue -----------------------------------------------------------------------


def test_a_won_opportunity_becomes_revenue_once(world):
    last_month = month_start(timezone.localdate(), 1)
    opportunity = make_opportunity(world.account, 5000, 70, expected_close=last_month)
    client = world.client_for(world.manager)
    won = url(world, "opportunity_won", opportunity.pk)
    first = client.post(won, follow=True)
    assert "won: added to the revenue of" in first.content.decode()
    second = client.post(won, follow=True)
    assert "was already added to the revenue of" in second.content.decode()
    entry = RevenueEntry.objects.get(account=world.account, month=last_month)
    assert entry.amount == Decimal(5000)
    opportunity.refresh_from_db()
    assert (opportunity.status, opportunity.probability) == ("won", 100)
    assert opportunity.revenue_entry == entry


def test_it_adds_to_a_month_already_recorded(world):
    this_month = month_start(timezone.localdate())
    record(world.account, this_month, 1000, note="invoices")
    opportunity = make_opportunity(world.account, 250, name="Spare parts")
    entry, added = opportunity_book(opportunity=opportunity)
    assert added
    assert entry.amount == Decimal(1250)
    assert entry.note == "invoices; Won: Spare parts"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"status": OpportunityStatus.LOST, "probability": 0}, "A lost opportunity"),
        ({"currency": "USD"}, "no exchange rates"),
        ({"expected_close": date(timezone.localdate().year + 1, 6, 1)}, "still to come"),
    ],
)
def test_it_refuses_to_book_what_cannot_be_revenue(world, changes, message):
    opportunity = make_opportunity(world.account)
    Opportunity.objects.filter(pk=opportunity.pk).update(**changes)
    with pytest.raises(ValidationError, match=message):
        opportunity_book(opportunity=opportunity)
    assert not RevenueEntry.objects.exists()


# The figures ------------------------------------------------------------------------------


def test_the_plan_gap_counts_target_booked_and_weighted_pipeline(world):
    today = timezone.localdate()
    set_target(world.account, today.year, 100000)
    record(world.account, month_start(today), 30000)
    make_opportunity(world.account, 40000, 50)  # weighs 20 000
    make_opportunity(world.account, 10000, 100, currency="USD")  # another currency
    make_opportunity(world.account, 99000, 90, expected_close=date(today.year + 1, 3, 1))
    make_opportunity(world.account, 5000, 100, status=OpportunityStatus.LOST)
    response = world.client_for(world.manager).get(url(world, "index"))
    pipeline = response.context["pipeline"]
    assert pipeline.plan_gap.gap == Decimal(100000 - 30000 - 20000)
    totals = {t.currency: (t.open, t.weighted, t.deals) for t in pipeline.totals}
    assert totals == {
        "EUR": (Decimal(139000), Decimal("109100.00"), 2),
        "USD": (Decimal(10000), Decimal("10000.00"), 1),
    }
    assert "no exchange rates" in response.content.decode()
