from datetime import date
from io import StringIO

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from keyfolio.accounts.models import Account
from keyfolio.assessments.imports import parse_percent
from keyfolio.assessments.models import Assessment


def import_scores(path, *args: str) -> str:
    out = StringIO()
    call_command("import_scores", str(path), *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def import_errors(path, *args: str, match: str = "Nothing was imported") -> list[str]:
    """The lines printed to stderr by an import that must fail."""
    err = StringIO()
    with pytest.raises(CommandError, match=match):
        call_command("import_scores", str(path), *args, stdout=StringIO(), stderr=err)
    return err.getvalue().splitlines()


def scores_of(assessment: Assessment) -> dict[str, float | None]:
    return {s.criterion.key: s.value for s in assessment.scores.select_related("criterion")}


def test_it_imports_a_semicolon_csv_with_a_byte_order_mark(world, tmp_path):
    path = tmp_path / "scores.csv"
    path.write_text(
        "account;assessed_on;assessor;note;client_growth;client_potential;relationship;prices\n"
        "Northwind;2024-03-01;MAX@acme.test;First look;85%;85,5;;70\n"
        "Contoso;2024-04-01;;;60;40;50;\n"
        "Contoso;2024-05-01;;;65;45.5;55;60\n",
        encoding="utf-8-sig",
    )

    output = import_scores(path, "--workspace", "acme")

    assert "3 new assessments, 0 unchanged; 1 new accounts were created" in output
    assert "The file was read as UTF-8 text." in output
    northwind = Assessment.objects.get(account=world.account)
    assert northwind.assessed_on == date(2024, 3, 1)
    assert northwind.assessor == world.manager
    assert northwind.note == "First look"
    scores = scores_of(northwind)
    assert scores["client_growth"] == 85
    assert scores["client_potential"] == 85.5
    assert scores["relationship"] is None  # Blank: not assessed.
    assert scores["prices"] == 70
    assert scores["reputation"] is None  # No column: not assessed.
    assert northwind.client_index == pytest.approx(85.25)
    contoso = Account.objects.get(workspace=world.workspace, name="Contoso")
    assert contoso.assessments.count() == 2
    assert contoso.current_assessment.assessed_on == date(2024, 5, 1)


def test_it_imports_an_xlsx_workbook(world, tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["account", "assessed_on", "assessor", "client_growth", "prices", "relationship"])
    sheet.append(["Northwind", date(2024, 3, 1), "max@acme.test", 85, "85,5", None])
    sheet.append(["Fabrikam", "2024-04-02", None, "85%", None, 0.855])
    sheet["F3"].number_format = "0.0%"  # Excel keeps 85.5 % as 0.855.
    path = tmp_path / "scores.xlsx"
    workbook.save(path)

    output = import_scores(path, "--workspace", "acme")

    assert "2 new assessments" in output
    assert "read as" not in output  # A workbook is not decoded text.
    northwind = scores_of(Assessment.objects.get(account=world.account))
    assert (northwind["client_growth"], northwind["prices"], northwind["relationship"]) == (
        85,
        85.5,
        None,
    )
    fabrikam = Assessment.objects.get(account__name="Fabrikam")
    assert fabrikam.assessed_on == date(2024, 4, 2)
    assert scores_of(fabrikam)["client_growth"] == 85
    assert scores_of(fabrikam)["relationship"] == 85.5
    assert fabrikam.workspace == world.workspace


def test_it_imports_nothing_and_reports_every_bad_row(world, tmp_path):
    path = tmp_path / "scores.csv"
    path.write_text(
        "account,assessed_on,assessor,client_growth,relationship,colour\n"
        "Northwind,2024-13-01,,50,50,\n"  # line 2
        "Northwind,2024-03-01,,120,50,\n"  # line 3
        "Newco,2024-03-01,sam@globex.test,50,50,\n"  # line 4
        "Newco,2024-03-01,,50,abc,\n"  # line 5
        "Goodco,2024-03-01,,50,50,red\n"  # line 6: fine but for the unknown column
        ",2024-03-01,,50,50,\n"  # line 7
        "Goodco,01.03.2024,,,,\n",  # line 8
        encoding="utf-8",
    )

    errors = import_errors(path, "--workspace", "acme")

    assert "line 1: unknown column 'colour'" in errors
    assert "line 2: assessed_on '2024-13-01' is not a date in the form YYYY-MM-DD" in errors
    assert "line 3: client_growth: 120 is not within 0..100" in errors
    assert "line 4: assessor sam@globex.test is not a member of this workspace" in errors
    assert "line 5: relationship: 'abc' is not a number" in errors
    assert "line 7: the account name is missing" in errors
    assert "line 8: assessed_on '01.03.2024' is not a date in the form YYYY-MM-DD" in errors
    assert "line 8: no criterion is scored" not in errors  # Said only of otherwise good rows.
    assert not any(error.startswith("line 6:") for error in errors)
    assert not Assessment.objects.exists()
    assert not Account.objects.filter(name__in=["Newco", "Goodco"]).exists()


def test_it_counts_lines_of_the_file_not_records(world, tmp_path):
    path = tmp_path / "scores.csv"
    path.write_text(
        'account,assessed_on,note,client_growth\nNorthwind,2024-03-01,"two\nlines",50\n'
        "\nNorthwind,2024-03-02,,-5\n",
        encoding="utf-8",
    )
    assert import_errors(path, "--workspace", "acme") == [
        "line 5: client_growth: -5 is not within 0..100",
        "The file was read as UTF-8 text.",
    ]


def test_it_requires_the_account_and_date_columns(world, tmp_path):
    path = tmp_path / "scores.csv"
    path.write_text("name,client_growth\nNorthwind,50\n", encoding="utf-8")
    errors = import_errors(path, "--workspace", "acme")
    assert "line 1: unknown column 'name'" in errors
    assert "line 1: the column 'account' is missing" in errors
    assert "line 1: the column 'assessed_on' is missing" in errors
    assert not Assessment.objects.exists()


def test_it_needs_the_workspace_when_there_are_several(world, tmp_path):
    path = tmp_path / "scores.csv"
    path.write_text("account,assessed_on,client_growth\nNorthwind,2024-03-01,50\n")
    import_errors(path, match="--workspace")
    world.other_workspace.delete()
    import_scores(path)
    assert world.account.assessments.count() == 1


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("85", 85),
        ("85%", 85),
        ("85 %", 85),
        ("85.5", 85.5),
        ("85,5", 85.5),
        (" 0 ", 0),
        ("100", 100),
        ("", None),
        ("  ", None),
        (None, None),
        (70, 70),
        (12.5, 12.5),
    ],
)
def test_it_reads_scores_as_people_write_them(cell, value):
    assert parse_percent(cell) == value


@pytest.mark.parametrize("cell", ["abc", "-1", "100.5", "101%", "nan", "inf", "8 5", True])
def test_it_rejects_scores_that_are_not_percentages(cell):
    with pytest.raises(ValueError):
        parse_percent(cell)


# Idempotency ---------------------------------------------------------------------

TWICE = (
    "account,assessed_on,assessor,note,client_growth,prices\n"
    "Northwind,2024-03-01,max@acme.test,First look,85,70\n"
    "Northwind,2024-03-01,,,60,\n"  # No assessor: another assessment.
    "Contoso,2024-04-01,max@acme.test,,40,50\n"
)


def test_it_changes_nothing_when_a_file_is_imported_twice(world, tmp_path):
    path = tmp_path / "scores.csv"
    path.write_text(TWICE, encoding="utf-8")
    first = import_scores(path, "--workspace", "acme")
    assert "3 new assessments, 0 unchanged; 1 new accounts" in first

    second = import_scores(path, "--workspace", "acme")

    assert "0 new assessments, 3 unchanged; 0 new accounts" in second
    assert Assessment.objects.count() == 3
    assert Account.objects.filter(workspace=world.workspace).count() == 2


def test_it_adds_only_the_new_rows_of_a_file_that_grew(world, tmp_path):
    path = tmp_path / "scores.csv"
    path.write_text(TWICE, encoding="utf-8")
    import_scores(path, "--workspace", "acme")
    path.write_text(TWICE + "Contoso,2024-05-01,max@acme.test,,45,55\n", encoding="utf-8")

    assert "1 new assessments, 3 unchanged" in import_scores(path, "--workspace", "acme")
    assert Assessment.objects.count() == 4


def test_it_refuses_the_same_assessment_twice_in_a_file(world, tmp_path):
    path = tmp_path / "scores.csv"
    path.write_text(
        "account,assessed_on,assessor,client_growth\n"
        "Northwind,2024-03-01,max@acme.test,50\n"  # line 2
        "Northwind,2024-03-01,,50\n"  # line 3: no assessor, another assessment
        "Northwind,2024-03-01,MAX@acme.test,60\n"  # line 4: line 2 again
        "Northwind,2024-03-01,,50\n",  # line 5: line 3 again
        encoding="utf-8",
    )
    errors = import_errors(path, "--workspace", "acme")
    assert errors[:2] == [
        "line 4: Northwind 2024-03-01 by max@acme.test is already on line 2",
        "line 5: Northwind 2024-03-01 is already on line 3",
    ]
    assert not Assessment.objects.exists()


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            "Northwind,2024-03-01,max@acme.test,First look,85,71",
            "line 2: Northwind already has an assessment of 2024-03-01 by max@acme.test, "
            "with other scores",
        ),
        (
            "Northwind,2024-03-01,max@acme.test,First look,85,",  # prices left blank
            "line 2: Northwind already has an assessment of 2024-03-01 by max@acme.test, "
            "with other scores",
        ),
        (
            "Northwind,2024-03-01,max@acme.test,Second look,85,70",
            "line 2: Northwind already has an assessment of 2024-03-01 by max@acme.test, "
            "with another note",
        ),
        (
            "Northwind,2024-03-01,,,61,",
            "line 2: Northwind already has an assessment of 2024-03-01 without an assessor, "
            "with other scores",
        ),
    ],
)
def test_it_refuses_a_row_that_differs_from_the_recorded_assessment(world, tmp_path, row, message):
    path = tmp_path / "scores.csv"
    path.write_text(TWICE, encoding="utf-8")
    import_scores(path, "--workspace", "acme")
    path.write_text(TWICE.splitlines()[0] + "\n" + row + "\n", encoding="utf-8")

    assert import_errors(path, "--workspace", "acme")[0] == message
    assert Assessment.objects.count() == 3


def test_a_recorded_assessment_with_its_scores_in_percent_cells_is_unchanged(world, tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["account", "assessed_on", "client_growth", "prices"])
    sheet.append(["Northwind", date(2024, 3, 1), 0.855, "70,0"])
    sheet["C2"].number_format = "0.0%"
    path = tmp_path / "scores.xlsx"
    workbook.save(path)
    import_scores(path, "--workspace", "acme")
    assert "0 new assessments, 1 unchanged" in import_scores(path, "--workspace", "acme")


# Hostile and real-world files ----------------------------------------------------


def test_it_imports_a_windows_1251_file_and_says_so(world, tmp_path):
    path = tmp_path / "scores.csv"
    path.write_bytes(
        # Excel's Russian number format puts a no-break space before the percent sign.
        "account;assessed_on;note;client_growth;prices;\r\n"
        "Пример;2024-03-01;Встреча в офисе;85,5\u00a0%;70;\r\n".encode("cp1251")
    )
    output = import_scores(path, "--workspace", "acme")
    assert "1 new assessments" in output
    assert "The file was read as Windows-1251 text." in output
    assessment = Assessment.objects.get(account__name="Пример")
    assert assessment.note == "Встреча в офисе"
    assert scores_of(assessment)["client_growth"] == 85.5


def test_it_imports_excel_unicode_text(world, tmp_path):
    path = tmp_path / "scores.txt"
    path.write_bytes(
        "account\tassessed_on\tclient_growth\r\nСевер\t2024-03-01\t85,5\u202f%\r\n".encode("utf-16")
    )
    output = import_scores(path, "--workspace", "acme")
    assert "The file was read as UTF-16 text." in output
    assert scores_of(Assessment.objects.get(account__name="Север"))["client_growth"] == 85.5


def test_it_refuses_a_file_over_the_row_limit_and_saves_nothing(world, tmp_path, settings):
    settings.IMPORT_MAX_ROWS = 50
    path = tmp_path / "scores.csv"
    path.write_text(
        "account,assessed_on,client_growth\n"
        + "".join(f"Account {n},2024-03-01,50\n" for n in range(200)),
        encoding="utf-8",
    )
    import_errors(path, "--workspace", "acme", match="more than 50 rows")
    assert not Assessment.objects.exists()
    assert not Account.objects.filter(name__startswith="Account ").exists()


def test_it_refuses_a_zip_bomb_and_saves_nothing(world, tmp_path, settings, monkeypatch):
    from keyfolio.core.tests.test_tables import zip_bomb

    settings.IMPORT_MAX_XLSX_MB = 1
    monkeypatch.setattr(openpyxl, "load_workbook", pytest.fail)
    path = tmp_path / "scores.xlsx"
    path.write_bytes(zip_bomb(2))
    import_errors(path, "--workspace", "acme", match="at most 1 MB unpacked")
    assert not Assessment.objects.exists()


def test_it_prints_the_errors_of_the_first_hundred_bad_rows_then_a_count(world, tmp_path):
    path = tmp_path / "scores.csv"
    path.write_text(
        "account,assessed_on,client_growth\n"
        + "".join(f"Account {n},2024-03-01,{100 + n}\n" for n in range(1, 251)),
        encoding="utf-8",
    )
    err = StringIO()
    with pytest.raises(CommandError, match=r"Nothing was imported: 250 errors\."):
        call_command("import_scores", str(path), "--workspace", "acme", stderr=err)
    lines = err.getvalue().splitlines()
    assert len(lines) == 102
    assert lines[0] == "line 2: client_growth: 101 is not within 0..100"
    assert lines[99] == "line 101: client_growth: 200 is not within 0..100"
    assert lines[100:] == ["… and 150 more rows with errors.", "The file was read as UTF-8 text."]
