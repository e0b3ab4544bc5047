"""`keyfolio import`: each CRM's export, matching, safety (dry run, all or nothing, good
rows only), the log and undo. The fixtures are invented companies written from each
CRM's documented columns, in the encodings those CRMs write."""

import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from keyfolio.accounts.models import Account
from keyfolio.imports.engine import Options
from keyfolio.imports.models import ImportChange, ImportRun, ImportState
from keyfolio.imports.presets import preset_guess
from keyfolio.imports.readers import source_read
from keyfolio.imports.services import ImportRefused, file_import, import_undo, run_start
from keyfolio.revenue.models import Opportunity
from keyfolio.stakeholders.models import Contact

FIXTURES = Path(__file__).parent / "fixtures"


def run_import(world, kind, data, *, name="file.csv", **options):
    """Import `data` (bytes, or a fixture's name) into Acme; the run and its outcome."""
    if isinstance(data, str):
        name, data = data, (FIXTURES / data).read_bytes()
    preset = options.pop("preset", None)
    run = run_start(workspace=world.workspace, kind=kind, file_name=name)
    outcome = file_import(
        run=run, file=io.BytesIO(data), options=Options(**options), preset_name=preset
    )
    return run, outcome


def accounts_of(world):
    return {account.name: account for account in Account.objects.filter(workspace=world.workspace)}


def cli(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import", *args, "--workspace", "acme", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


# Each CRM's export ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("fixture", "preset", "names"),
    [
        (
            "salesforce_accounts_cp1252.csv",
            "salesforce",
            {
                "Brightwater Logistics",
                "Brightwater Logistics Nord",
                "Café Müller Gruppe",
                "Helios Energía",
            },
        ),
        ("hubspot_companies.csv", "hubspot", {"Northbeam Analytics", "Pinecrest Health"}),
        ("pipedrive_organizations.csv", "pipedrive", {"Granite Ridge Mining"}),
        ("bitrix24_companies.csv", "bitrix24", {"ООО «Северная верфь»", "АО «Уральский кабель»"}),
        ("bitrix24_companies.xls", "bitrix24", {"ООО «Северная верфь»", "ПАО «Волжский хлеб»"}),
        ("amocrm_export.csv", "amocrm", {"Тёплый дом", "Байкал Тур"}),
        ("1c_counterparties.xml", "1c", {"Ромашка", "Вектор"}),
    ],
)
def test_each_crms_accounts_export_is_recognised_and_imported(world, fixture, preset, names):
    run, outcome = run_import(world, "accounts", fixture)
    assert outcome.preset == preset  # Guessed from the header: no --preset given.
    assert not outcome.errors, list(outcome.errors)
    assert outcome.created == len(names)
    assert names <= set(accounts_of(world))
    assert run.state == ImportState.IMPORTED
    assert Account.objects.filter(workspace=world.workspace, source=preset).count() == len(names)


def test_a_salesforce_file_in_windows_1252_keeps_its_accents_ids_and_groups(world):
    _run, outcome = run_import(world, "accounts", "salesforce_accounts_cp1252.csv")
    assert outcome.encoding == "Windows-1252"
    accounts = accounts_of(world)
    cafe = accounts["Café Müller Gruppe"]
    assert cafe.external_id == "001Aa00000Qz7VvIAJ"  # 18 characters, case kept.
    assert cafe.website == "https://cafe-mueller.example"
    assert accounts["Brightwater Logistics Nord"].parent == accounts["Brightwater Logistics"]
    assert accounts["Helios Energía"].website == "https://helios.example"
    assert "AnnualRevenue" in outcome.ignored


def test_owners_are_members_by_e_mail_then_name_and_a_stranger_is_only_reported(world):
    data = b"name,owner\nAlpha,max@acme.test\nBeta,Tom Teammate\nGamma,ghost@nowhere.test\n"
    _run, outcome = run_import(world, "accounts", data)
    accounts = accounts_of(world)
    assert accounts["Alpha"].owner == world.manager
    assert accounts["Beta"].owner == world.teammate
    assert accounts["Gamma"].owner is None
    assert outcome.warnings == [
        "line 4: 'ghost@nowhere.test' is not a manager of this workspace; the owner is left "
        "as it is."
    ]


def test_the_bitrix24_html_xls_is_read_as_a_table(world):
    with open(FIXTURES / "bitrix24_companies.xls", "rb") as file, source_read(file) as source:
        assert source.file_format == "html"
        rows = [row.cells for row in source.rows]
    assert source.header[:2] == ("ID", "Название компании")
    assert rows[1][1] == "ПАО «Волжский хлеб»"  # &nbsp; and entities read as text.
    assert rows[1][3] == "Пищевая\nпромышленность"  # <br> is a line break.


def test_the_1c_file_matches_by_tax_id_first(world):
    Account.objects.create(workspace=world.workspace, name="ООО Ромашка-Опт", tax_id="7701234567")
    _run, outcome = run_import(world, "accounts", "1c_counterparties.xml")
    assert (outcome.created, outcome.updated) == (1, 1)
    matched = Account.objects.get(workspace=world.workspace, tax_id="7701234567")
    assert matched.name == "Ромашка"  # Renamed to 1C's name, the record is the same.
    assert matched.external_id == "7c1e9f1a-0b2d-11ee-8c90-0242ac120002"


def test_an_xml_file_with_a_document_type_is_refused(world):
    bomb = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'
    with pytest.raises(ImportRefused, match="declares a document type"):
        run_import(world, "accounts", bomb, name="bomb.xml")
    assert ImportRun.objects.get().state == ImportState.FAILED


def test_dynamics_365_labels_in_any_language_map_through_the_hidden_sheet(world):
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["(Не изменять) Организация", "Название организации", "Отрасль", "Веб-сайт"])
    sheet.append(
        ["a1b2c3d4-0000-0000-0000-000000000001", "Сибирские сети", "Связь", "sibseti.example"]
    )
    hidden = workbook.create_sheet("hiddenSheet")
    hidden.sheet_state = "hidden"
    hidden.append(["account:ab12-view-metadata"])
    hidden.append(["accountid", "name", "industrycode", "websiteurl"])
    data = io.BytesIO()
    workbook.save(data)
    _run, outcome = run_import(world, "accounts", data.getvalue(), name="Организации.xlsx")
    assert outcome.preset == "dynamics365"
    account = Account.objects.get(workspace=world.workspace, name="Сибирские сети")
    assert (account.industry, account.website) == ("Связь", "https://sibseti.example")
    assert account.external_id == "a1b2c3d4-0000-0000-0000-000000000001"


@pytest.mark.parametrize(
    ("header", "preset"),
    [
        ("Id,Name,ParentId,OwnerId,Industry", "salesforce"),
        ("Record ID,Company name,Company owner,Industry", "hubspot"),
        ("Organization - ID,Organization - Name", "pipedrive"),
        ("ID;Название компании;Ответственный;Сфера деятельности", "bitrix24"),
        ("ID,Тип,Наименование,Ответственный", "amocrm"),
        ("name,segment,industry,owner", "keyfolio"),
    ],
)
def test_the_preset_is_guessed_from_the_header(header, preset):
    columns = header.replace(";", ",").split(",")
    assert preset_guess("accounts", columns).name == preset


# Contacts and opportunities ------------------------------------------------------


def test_contacts_find_their_account_by_the_crms_id_and_who_they_report_to(world):
    run_import(world, "accounts", "salesforce_accounts_cp1252.csv")
    _run, outcome = run_import(world, "contacts", "salesforce_contacts_cp1252.csv")
    assert outcome.created == 2 and not outcome.warnings
    anna = Contact.objects.get(name="Anna Weiß")
    assert anna.account.name == "Brightwater Logistics"
    assert anna.reports_to.name == "Jürgen Kessler"
    assert anna.email == "a.weiss@brightwater.example"


def test_amocrm_contacts_are_the_rows_of_type_contact(world):
    run_import(world, "accounts", "amocrm_export.csv")
    _run, outcome = run_import(world, "contacts", "amocrm_export.csv")
    assert outcome.rows == 1
    irina = Contact.objects.get(name="Ирина Смирнова")
    assert (irina.account.name, irina.title) == ("Тёплый дом", "Коммерческий директор")


def test_a_contact_of_an_account_that_does_not_exist_is_an_error(world):
    data = b"name,account\nJane Roe,Nowhere Ltd\n"
    _run, outcome = run_import(world, "contacts", data)
    assert [str(error) for error in outcome.errors] == [
        "line 2: no account 'Nowhere Ltd' in this workspace: import the accounts first"
    ]
    assert not Contact.objects.exists()


@pytest.mark.parametrize(
    ("accounts", "deals", "expected"),
    [
        (
            "salesforce_accounts_cp1252.csv",
            "salesforce_opportunities.csv",
            {
                "Fleet telematics 2027": ("250000.00", 70, "open"),
                "Warehouse robots pilot": ("90000.00", 100, "won"),
                "Coffee line retrofit": ("40000.00", 0, "lost"),
            },
        ),
        (
            "hubspot_companies.csv",
            "hubspot_deals.csv",
            {
                "Northbeam data platform": ("120000.00", 0, "open"),
                "Pinecrest analytics pilot": ("35000.00", 100, "won"),
            },
        ),
        (
            "bitrix24_companies.csv",
            "bitrix24_deals.csv",
            {
                "Модернизация стапеля": ("4500000.50", 0, "open"),
                "Поставка кабеля 2026": ("1250000.00", 100, "won"),
            },
        ),
        (
            "amocrm_export.csv",
            "amocrm_leads.csv",
            {
                "Утепление склада": ("850000.00", 0, "open"),
                "Корпоративный тур": ("120000.00", 0, "lost"),
            },
        ),
    ],
)
def test_opportunities_read_amounts_statuses_and_dates_as_each_crm_writes_them(
    world, accounts, deals, expected
):
    run_import(world, "accounts", accounts)
    _run, outcome = run_import(world, "opportunities", deals)
    assert not outcome.errors, list(outcome.errors)
    found = {
        opportunity.name: (str(opportunity.amount), opportunity.probability, opportunity.status)
        for opportunity in Opportunity.objects.all()
    }
    assert found == expected


def test_amocrm_budget_header_names_the_currency_and_dates_are_day_first(world):
    run_import(world, "accounts", "amocrm_export.csv")
    run_import(world, "opportunities", "amocrm_leads.csv")
    deal = Opportunity.objects.get(name="Утепление склада")
    assert deal.currency == "RUB"
    assert deal.expected_close.isoformat() == "2027-02-20"


def test_open_opportunities_without_probability_take_the_one_given(world):
    run_import(world, "accounts", "hubspot_companies.csv")
    _run, outcome = run_import(world, "opportunities", "hubspot_deals.csv", probability=40)
    assert Opportunity.objects.get(name="Northbeam data platform").probability == 40
    assert not [warning for warning in outcome.warnings if "probability" in warning]


# Matching ------------------------------------------------------------------------


def test_the_same_file_twice_creates_and_changes_nothing(world):
    _first_run, first = run_import(world, "accounts", "salesforce_accounts_cp1252.csv")
    second_run, second = run_import(world, "accounts", "salesforce_accounts_cp1252.csv")
    assert (first.created, second.created, second.updated, second.unchanged) == (4, 0, 0, 4)
    assert not ImportChange.objects.filter(run=second_run).exists()


def test_same_name_different_ids_are_never_merged(world):
    data = b"Id,Name\n001A,Acme Trading\n001B,Acme Trading\n"
    _run, outcome = run_import(world, "accounts", data, preset="salesforce")
    assert [str(error) for error in outcome.errors] == [
        "line 3: 'Acme Trading' is already the account with id 001A from salesforce; a record "
        "with another id is another client: rename one of them"
    ]
    assert not Account.objects.filter(name="Acme Trading").exists()  # All or nothing.


def test_a_known_id_updates_its_account_even_when_renamed(world):
    run_import(
        world, "accounts", b"Id,Name,Industry\n001A,Acme Trading,Retail\n", preset="salesforce"
    )
    _run, outcome = run_import(
        world,
        "accounts",
        b"Id,Name,Industry\n001A,Acme Trading Group,Wholesale\n",
        preset="salesforce",
    )
    assert (outcome.created, outcome.updated) == (0, 1)
    account = Account.objects.get(external_id="001A")
    assert (account.name, account.industry) == ("Acme Trading Group", "Wholesale")


def test_a_name_matches_ignoring_case_quotes_and_legal_forms(world):
    _run, outcome = run_import(world, "accounts", b'name,industry\n"NORTHWIND, LLC",Shipping\n')
    assert (outcome.created, outcome.updated) == (0, 1)
    world.account.refresh_from_db()
    assert world.account.industry == "Shipping"


def test_a_blank_cell_changes_nothing(world):
    world.account.industry = "Shipping"
    world.account.save()
    _run, _outcome = run_import(world, "accounts", b"name,industry,country\nNorthwind,,Norway\n")
    world.account.refresh_from_db()
    assert (world.account.industry, world.account.country) == ("Shipping", "Norway")


def test_other_workspaces_are_never_matched(world):
    _run, outcome = run_import(world, "accounts", b"name\nInitech\n")
    assert outcome.created == 1
    assert world.foreign_account.workspace == world.other_workspace
    assert Account.objects.filter(name="Initech").count() == 2


def test_a_parent_later_in_the_file_is_found_and_a_circle_is_refused(world):
    _run, outcome = run_import(world, "accounts", b"name,parent\nChild Co,Parent Co\nParent Co,\n")
    accounts = accounts_of(world)
    assert accounts["Child Co"].parent == accounts["Parent Co"]
    _run, outcome = run_import(world, "accounts", b"name,parent\nParent Co,Child Co\n")
    assert [str(error) for error in outcome.errors] == [
        "line 2: the parent accounts go round in a circle"
    ]


# Safety --------------------------------------------------------------------------


BAD_AND_GOOD = b"name,website,currency\nGood One,good.example,EUR\nBad One,not a site,money\n"


def test_a_dry_run_reports_and_writes_nothing(world):
    run, outcome = run_import(world, "accounts", b"name\nNorthwind\nNew One\n", dry_run=True)
    assert (outcome.created, outcome.unchanged, outcome.imported) == (1, 1, False)
    assert run.state == ImportState.CHECKED
    assert not Account.objects.filter(name="New One").exists()


def test_one_bad_row_imports_nothing_and_every_error_has_its_line(world):
    _run, outcome = run_import(world, "accounts", BAD_AND_GOOD)
    assert [str(error) for error in outcome.errors] == [
        "line 3: Website: 'not a site' is not a web address",
        "line 3: Currency: 'money' is not a currency code such as EUR",
    ]
    assert not outcome.imported
    assert not Account.objects.filter(name="Good One").exists()


def test_good_rows_only_imports_the_good_ones(world):
    _run, outcome = run_import(world, "accounts", BAD_AND_GOOD, good_rows=True)
    assert outcome.imported and outcome.created == 1 and len(outcome.errors) == 2
    assert Account.objects.filter(name="Good One").exists()
    assert not Account.objects.filter(name="Bad One").exists()


def test_a_file_without_the_needed_columns_is_refused_with_the_reason(world):
    with pytest.raises(ImportRefused, match="No column holds Name"):
        run_import(world, "accounts", b"colour,size\nred,big\n")


@pytest.mark.parametrize(
    "data",
    [b"", b"\x00\x01\x02binary", b"PK\x03\x04broken zip"],
    ids=["empty", "binary", "broken-xlsx"],
)
def test_malformed_files_give_a_clear_error_and_import_nothing(world, data):
    with pytest.raises(ImportRefused):
        run_import(world, "accounts", data)
    assert Account.objects.filter(workspace=world.workspace).count() == 1


# The log and undo ----------------------------------------------------------------


def test_undo_removes_what_the_import_created_and_restores_what_it_changed(world):
    world.account.industry = "Shipping"
    world.account.save()
    run, _outcome = run_import(
        world, "accounts", b"name,industry\nNorthwind,Rail\nNew One,Mining\n"
    )
    undone = import_undo(run=run, user=world.admin)
    assert (undone.removed, undone.restored, undone.kept) == (1, 1, 0)
    world.account.refresh_from_db()
    assert world.account.industry == "Shipping"
    assert not Account.objects.filter(name="New One").exists()
    run.refresh_from_db()
    assert run.state == ImportState.UNDONE and run.undone_by == world.admin


def test_undo_keeps_what_was_changed_again_since(world):
    run, _outcome = run_import(world, "accounts", b"name,industry\nNorthwind,Rail\n")
    Account.objects.filter(pk=world.account.pk).update(industry="Ports")
    undone = import_undo(run=run)
    assert (undone.restored, undone.kept) == (0, 1)
    world.account.refresh_from_db()
    assert world.account.industry == "Ports"


def test_undo_of_opportunities_restores_amounts(world):
    data = b"account,name,amount,expected_close,probability\nNorthwind,Deal,1000,2027-01-31,50\n"
    run_import(world, "opportunities", data)
    run, _outcome = run_import(
        world,
        "opportunities",
        b"account,name,amount,expected_close,probability\nNorthwind,Deal,2500.50,2027-01-31,50\n",
    )
    assert Opportunity.objects.get().amount == Decimal("2500.50")
    import_undo(run=run)
    assert Opportunity.objects.get().amount == Decimal("1000")


def test_an_import_cannot_be_undone_twice(world):
    from django.core.exceptions import ValidationError

    run, _outcome = run_import(world, "accounts", b"name\nNew One\n")
    import_undo(run=run)
    with pytest.raises(ValidationError):
        import_undo(run=run)


# The command ---------------------------------------------------------------------


def test_the_command_prints_one_json_object(world):
    out, _err = cli("accounts", str(FIXTURES / "hubspot_companies.csv"), "--format", "json")
    result = json.loads(out)
    assert {key: result[key] for key in ("kind", "preset", "encoding", "rows", "created")} == {
        "kind": "accounts",
        "preset": "hubspot",
        "encoding": "UTF-8",
        "rows": 2,
        "created": 2,
    }
    assert result["errors"] == [] and result["error_count"] == 0


def test_the_command_refuses_a_bad_file_and_says_why(world, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(BAD_AND_GOOD)
    with pytest.raises(CommandError, match="Nothing was imported: 2 errors"):
        cli("accounts", str(path))


def test_the_command_undoes_an_import(world):
    out, _err = cli("accounts", str(FIXTURES / "pipedrive_organizations.csv"))
    run = ImportRun.objects.get()
    assert f"--undo {run.pk}" in out
    out, _err = cli("--undo", str(run.pk))
    assert "1 records removed" in out
    assert not Account.objects.filter(name="Granite Ridge Mining").exists()


def test_the_command_imports_revenue_and_scores_with_their_own_columns(world, tmp_path):
    path = tmp_path / "revenue.csv"
    path.write_text("account,month,amount\nNorthwind,2026-01,1200\n")
    out, _err = cli("revenue", str(path), "--format", "json")
    assert json.loads(out)["created"] == 1
    run = ImportRun.objects.get(kind="revenue")
    import_undo(run=run)
    assert not world.account.revenue.exists()


def test_another_workspaces_import_cannot_be_undone(world):
    run = run_start(workspace=world.other_workspace, kind="accounts", file_name="x.csv")
    with pytest.raises(CommandError, match="no import"):
        cli("--undo", str(run.pk))


def test_docs_import_names_every_column_of_every_preset():
    from django.conf import settings

    from keyfolio.imports.presets import PRESETS

    docs = (Path(settings.PROJECT_DIR) / "docs" / "import.md").read_text()
    missing = [
        f"{preset.name}: {alias}"
        for preset in PRESETS.values()
        for aliases in preset.columns.values()
        for names in aliases.values()
        for alias in names
        if f"`{alias}`" not in docs
    ]
    assert missing == []


def test_a_new_parent_that_makes_a_group_too_deep_counts_the_children_below(world):
    run_import(world, "accounts", b"name,parent\nMid,Top\nTop,\nLeaf,Mid\n")
    # Top > Mid > Leaf: three levels. A parent above Top would make four.
    _run, outcome = run_import(world, "accounts", b"name,parent\nTop,Holding\nHolding,\n")
    assert [str(error) for error in outcome.errors] == [
        "line 2: a group of companies has at most 3 levels"
    ]
