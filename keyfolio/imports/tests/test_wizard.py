"""The import wizard, through its views: upload, mapping, check, import, undo, list."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from keyfolio.accounts.models import Account
from keyfolio.imports.models import ImportMapping, ImportRun, ImportState
from keyfolio.imports.services import run_upload
from keyfolio.imports.tests.conftest import FIXTURES, run_queued_tasks
from keyfolio.revenue.models import RevenueEntry
from keyfolio.testing import HTMX

pytestmark = pytest.mark.django_db

CUSTOM = b"Firma;Land;Notiz\nBlue Harbour;Norway;x\nRed Kite;Chile;y\n"


def upload(client, world, name: str, data: bytes, kind: str = "accounts"):
    return client.post(
        reverse("imports:upload", args=[world.slug]),
        {"kind": kind, "file": SimpleUploadedFile(name, data)},
    )


def the_mapping(response) -> dict[str, str]:
    """The mapping page's preselected fields, as its form would post them."""
    form = response.context["form"]
    return {name: form.initial.get(name, "") for name in form.columns}


def test_it_uploads_checks_imports_and_undoes_a_file(world):
    client = world.client_for(world.admin)
    response = upload(
        client, world, "companies.csv", (FIXTURES / "hubspot_companies.csv").read_bytes()
    )
    run = ImportRun.objects.get()
    assert response.url == reverse("imports:mapping", args=[world.slug, run.pk])
    assert run.state == ImportState.UPLOADED and run.created_by == world.admin

    page = client.get(response.url)
    assert page.context["choice"] == "hubspot"
    assert page.context["preview"].encoding and "Northbeam Analytics" in page.content.decode()
    assert the_mapping(page)["col_1"] == "name"
    assert not page.context["problems"]

    response = client.post(page.request["PATH_INFO"], {"preset": "hubspot", **the_mapping(page)})
    log_url = reverse("imports:run", args=[world.slug, run.pk])
    assert response.url == log_url
    run.refresh_from_db()
    assert run.state == ImportState.CHECKING
    polling = client.get(log_url, headers=HTMX).content.decode()
    assert 'hx-trigger="every 1s"' in polling and 'role="progressbar"' in polling

    assert run_queued_tasks() == 1
    run.refresh_from_db()
    assert run.state == ImportState.CHECKED and run.report["created"] == 2
    assert run.file is not None  # Kept for the import that follows.
    assert not Account.objects.filter(name="Northbeam Analytics").exists()
    report = client.get(log_url, headers=HTMX).content.decode()
    assert "every 1s" not in report and "would be created" in report

    response = client.post(reverse("imports:start", args=[world.slug, run.pk]))
    assert response.url == log_url
    assert run_queued_tasks() == 1
    run.refresh_from_db()
    assert run.state == ImportState.IMPORTED and run.file is None
    assert Account.objects.filter(workspace=world.workspace, name="Pinecrest Health").exists()
    assert "Undo" in client.get(log_url).content.decode()

    response = client.post(reverse("imports:undo", args=[world.slug, run.pk]), follow=True)
    assert "2 records removed" in response.content.decode()
    run.refresh_from_db()
    assert run.state == ImportState.UNDONE
    assert not Account.objects.filter(name__in=["Northbeam Analytics", "Pinecrest Health"]).exists()


def test_it_refuses_a_file_that_is_not_a_table_and_keeps_nothing(world):
    client = world.client_for(world.admin)
    response = upload(client, world, "old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    assert response.status_code == 400
    assert "old Excel workbook" in response.content.decode()
    assert not ImportRun.objects.exists()


def test_it_names_the_fields_no_column_holds_and_checks_nothing(world):
    client = world.client_for(world.admin)
    run = run_upload(workspace=world.workspace, kind="accounts", file_name="x.csv", data=CUSTOM)
    url = reverse("imports:mapping", args=[world.slug, run.pk])
    assert "No column holds Name" in client.get(url).content.decode()
    response = client.post(url, {"col_0": "", "col_1": "country"})
    assert response.status_code == 400
    assert "No column holds Name" in response.content.decode()
    run.refresh_from_db()
    assert run.state == ImportState.UPLOADED


def test_it_refuses_one_field_for_two_columns(world):
    client = world.client_for(world.admin)
    run = run_upload(workspace=world.workspace, kind="accounts", file_name="x.csv", data=CUSTOM)
    url = reverse("imports:mapping", args=[world.slug, run.pk])
    response = client.post(url, {"col_0": "name", "col_1": "name"})
    assert response.status_code == 400
    assert "already taken by the column Firma" in response.content.decode()


def test_it_saves_a_mapping_and_offers_it_for_the_next_file_like_it(world):
    client = world.client_for(world.admin)
    run = run_upload(workspace=world.workspace, kind="accounts", file_name="x.csv", data=CUSTOM)
    url = reverse("imports:mapping", args=[world.slug, run.pk])
    client.post(url, {"col_0": "name", "col_1": "country", "col_2": "", "save_as": "Our sheet"})
    saved = ImportMapping.objects.get(workspace=world.workspace, kind="accounts")
    assert saved.name == "Our sheet" and saved.columns == {"Firma": "name", "Land": "country"}
    run_queued_tasks()
    run.refresh_from_db()
    assert run.report["created"] == 2 and run.preset == "keyfolio"

    again = run_upload(workspace=world.workspace, kind="accounts", file_name="y.csv", data=CUSTOM)
    page = client.get(reverse("imports:mapping", args=[world.slug, again.pk]))
    assert page.context["choice"] == f"saved:{saved.pk}"
    assert the_mapping(page) == {"col_0": "name", "col_1": "country", "col_2": ""}
    client.post(page.request["PATH_INFO"], {"preset": f"saved:{saved.pk}", **the_mapping(page)})
    run_queued_tasks()
    again.refresh_from_db()
    assert again.preset == "Our sheet" and again.report["created"] == 2


def test_it_checks_and_imports_revenue_without_a_mapping(world):
    client = world.client_for(world.admin)
    data = b"account,month,amount\nNorthwind,2025-01,1200\n"
    response = upload(client, world, "revenue.csv", data, kind="revenue")
    page = client.get(response.url)
    assert page.context["fixed"] and "Column in the file" not in page.content.decode()
    assert "Northwind" in page.content.decode()  # The preview.
    client.post(response.url, {})
    run_queued_tasks()
    run = ImportRun.objects.get()
    assert run.state == ImportState.CHECKED and run.report["created"] == 1, run.report
    assert not RevenueEntry.objects.filter(account=world.account).exists()
    client.post(reverse("imports:start", args=[world.slug, run.pk]))
    run_queued_tasks()
    entry = RevenueEntry.objects.get(account=world.account)
    assert entry.amount == 1200 and entry.month == date(2025, 1, 1)


@pytest.mark.parametrize("person", ["manager", "director", "viewer"])
def test_it_is_for_the_admins(world, person):
    client = world.client_for(getattr(world, person))
    response = upload(client, world, "x.csv", CUSTOM)
    assert response.status_code == 403
    assert not ImportRun.objects.exists()


def test_another_workspaces_import_is_not_found(world):
    theirs = run_upload(
        workspace=world.other_workspace, kind="accounts", file_name="x.csv", data=CUSTOM
    )
    client = world.client_for(world.owner)
    for name in ("imports:mapping", "imports:run"):
        assert client.get(reverse(name, args=[world.slug, theirs.pk])).status_code == 404
    assert client.post(reverse("imports:undo", args=[world.slug, theirs.pk])).status_code == 404


def test_the_list_costs_the_same_whatever_the_number_of_imports(world):
    client = world.client_for(world.admin)
    url = reverse("imports:runs", args=[world.slug])
    counts = []
    for size in (2, 12):
        while ImportRun.objects.count() < size:
            run_upload(
                workspace=world.workspace,
                kind="accounts",
                file_name="x.csv",
                data=CUSTOM,
                user=world.admin,
            )
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        assert response.content.decode().count("x.csv") == size
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_it_gives_open_opportunities_the_probability_chosen_with_the_mapping(world):
    from keyfolio.revenue.models import Opportunity

    client = world.client_for(world.admin)
    data = b"account,name,amount,expected_close\nNorthwind,Cranes,5000,2027-05-31\n"
    response = upload(client, world, "deals.csv", data, kind="opportunities")
    page = client.get(response.url)
    assert "Probability of open opportunities without one" in page.content.decode()
    response = client.post(response.url, {**the_mapping(page), "probability": "35"})
    run_queued_tasks()
    run = ImportRun.objects.get()
    assert run.state == ImportState.CHECKED and run.report["warnings"] == []
    client.post(reverse("imports:start", args=[world.slug, run.pk]))
    run_queued_tasks()
    assert Opportunity.objects.get(name="Cranes").probability == 35


def test_a_probability_beyond_100_is_refused_on_the_form(world):
    client = world.client_for(world.admin)
    data = b"account,name,amount,expected_close\nNorthwind,Cranes,5000,2027-05-31\n"
    response = upload(client, world, "deals.csv", data, kind="opportunities")
    page = client.get(response.url)
    refused = client.post(response.url, {**the_mapping(page), "probability": "140"})
    assert refused.status_code == 400 and refused.context["form"].errors["probability"]
    assert ImportRun.objects.get().state == ImportState.UPLOADED
