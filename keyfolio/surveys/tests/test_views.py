"""The pages inside the app: who may open them, what they show, how many queries they
cost at two sizes, and the export."""

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from keyfolio.accounts.models import Account
from keyfolio.surveys.models import Answer, Invitation, SurveySettings, SurveyTemplate
from keyfolio.surveys.tests.conftest import make_contact
from keyfolio.testing import two_edit


def tab_url(world, account=None):
    return reverse("surveys:account", args=[world.slug, (account or world.account).pk])


def answered(account, contact, *, nps=9, csat=4, comment="", days_ago=10) -> Invitation:
    """An invitation answered `days_ago`, with its Answer rows."""
    now = timezone.now() - timedelta(days=days_ago)
    template = SurveyTemplate.objects.current_for(account.workspace)
    invitation = Invitation.objects.create(
        workspace=account.workspace,
        account=account,
        contact=contact,
        contact_name=contact.name,
        email=contact.email,
        template=template,
        created_at=now,
        sent_at=now,
        expires_at=now + timedelta(days=30),
        answered_at=now,
        nps=nps,
        csat=csat,
        comment=comment,
    )
    values = {"nps": nps, "csat": csat}
    Answer.objects.bulk_create(
        Answer(invitation=invitation, question=q, number=values.get(q.kind), text=comment)
        for q in template.questions.all()
        if q.kind in values or comment
    )
    return invitation


@pytest.mark.parametrize(
    ("person", "status"),
    [("owner", 200), ("teammate", 200), ("viewer", 200), ("outsider", 404), ("stranger", 404)],
)
def test_the_tab_is_for_those_who_see_the_account(world, person, status):
    response = world.client_for(getattr(world, person)).get(tab_url(world))
    assert response.status_code == status


def test_the_send_form_is_for_editors_only(world, anna):
    viewer = world.client_for(world.viewer).get(tab_url(world)).content.decode()
    assert "Send the relationship survey" not in viewer
    url = reverse("surveys:account_send", args=[world.slug, world.account.pk])
    refused = world.client_for(world.viewer).post(url, {"contacts": [anna.pk]})
    assert refused.status_code == 403
    outsider = world.client_for(world.outsider).post(url, {"contacts": [anna.pk]})
    assert outsider.status_code == 404
    assert not Invitation.objects.exists()


def test_it_asks_to_tick_someone(world, anna):
    url = reverse("surveys:account_send", args=[world.slug, world.account.pk])
    response = world.client_for(world.manager).post(url, {})
    assert "Tick at least one person." in response.content.decode()


def test_the_tab_costs_the_same_queries_for_few_and_many_surveys(world, anna):
    client = world.client_for(world.manager)
    client.get(tab_url(world))  # warm the session and the caches
    answered(world.account, anna, comment="ok")
    with CaptureQueriesContext(connection) as few:
        client.get(tab_url(world))
    for n in range(30):
        contact = make_contact(world.account, f"Person {n}", f"p{n}@northwind.test")
        answered(world.account, contact, nps=n % 11, comment=f"note {n}", days_ago=n * 20)
    with CaptureQueriesContext(connection) as many:
        response = client.get(tab_url(world))
    assert response.status_code == 200
    assert len(many) == len(few), "\n".join(q["sql"][:120] for q in many.captured_queries)


def test_the_audience_page_lists_decision_makers_of_a_segment(world, anna):
    world.account.segment = "Retail"
    world.account.save()
    url = reverse("surveys:audience", args=[world.slug])
    page = world.client_for(world.manager).get(url, {"segment": "Retail"})
    assert "Anna Petrova" in page.content.decode()
    assert (
        world.client_for(world.outsider).get(url, {"segment": "Retail"}).context["people"] == []
    )  # the outsider does not see Northwind
    assert world.client_for(world.viewer).get(url).status_code == 403
    sent = world.client_for(world.manager).post(url, {"segment": "Retail"}, follow=True)
    assert "The survey goes out to 1 person." in sent.content.decode()
    assert Invitation.objects.get().contact == anna
    nothing = world.client_for(world.manager).get(url, {"zone": "", "segment": ""})
    assert "Choose a zone, a segment or both." in nothing.content.decode()


def test_the_audience_page_costs_the_same_queries_at_two_sizes(world, anna):
    world.account.segment = "Retail"
    world.account.save()
    client = world.client_for(world.owner)
    url = reverse("surveys:audience", args=[world.slug])
    client.get(url, {"segment": "Retail"})
    with CaptureQueriesContext(connection) as few:
        client.get(url, {"segment": "Retail"})
    for n in range(20):
        account = Account.objects.create(
            workspace=world.workspace, name=f"Shop {n}", owner=world.manager, segment="Retail"
        )
        make_contact(account, f"Boss {n}", f"b{n}@shop.test", decision_role="decision_maker")
    with CaptureQueriesContext(connection) as many:
        response = client.get(url, {"segment": "Retail"})
    assert len(response.context["people"]) == 21
    assert len(many) == len(few)


def test_settings_are_for_admins(world):
    url = reverse("surveys:settings", args=[world.slug])
    assert world.client_for(world.director).get(url).status_code == 403
    assert world.client_for(world.stranger).get(url).status_code == 404
    response = world.client_for(world.admin).post(
        url, {"quiet_days": 30, "expiry_days": 0, "reminder_days": 3}
    )
    assert "Ensure this value is greater than or equal to 1." in response.content.decode()
    world.client_for(world.admin).post(
        url, {"quiet_days": 30, "expiry_days": 14, "reminder_days": 3}
    )
    world.workspace.survey_settings.refresh_from_db()
    assert world.workspace.survey_settings.expiry_days == 14


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_export_is_formula_safe(world, anna, file_format):
    answered(world.account, anna, comment='=HYPERLINK("http://evil")')
    url = reverse("surveys:account_export", args=[world.slug, world.account.pk, file_format])
    assert world.client_for(world.outsider).get(url).status_code == 404
    response = world.client_for(world.viewer).get(url)
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    if file_format == "csv":
        rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    else:
        sheet = load_workbook(io.BytesIO(content)).active
        header, *data = [[cell.value for cell in row] for row in sheet.iter_rows()]
        rows = [dict(zip(header, row, strict=True)) for row in data]
    texts = [row["answer"] for row in rows if row["kind"] == "text"]
    assert texts == ['\'=HYPERLINK("http://evil")']
    assert {str(row["answer"]) for row in rows if row["kind"] == "nps"} == {"9"}


def test_a_settings_save_over_a_newer_version_is_refused_and_the_merge_saved(world):
    def stored():
        return SurveySettings.objects.values_list("quiet_days", "reminder_days").get(
            workspace=world.workspace
        )

    after_theirs, merged = two_edit(
        mine=world.client_for(world.owner),
        theirs=world.client_for(world.admin),
        url=reverse("surveys:settings", args=[world.slug]),
        stored=stored,
        their_change={"quiet_days": "60"},
        my_change={"quiet_days": "45", "reminder_days": "5"},
    )
    assert after_theirs[0] == 60
    assert merged == (60, 5)
