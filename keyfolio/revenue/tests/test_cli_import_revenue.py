"""`keyfolio import-revenue FILE [--workspace SLUG]`."""

from datetime import date
from decimal import Decimal
from io import StringIO

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from keyfolio.revenue.models import RevenueEntry
from keyfolio.revenue.tests.factories import record


def import_revenue(path, *args: str) -> str:
    out = StringIO()
    call_command("import_revenue", str(path), *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def import_errors(path, *args: str, match: str = "Nothing was imported") -> list[str]:
    err = StringIO()
    with pytest.raises(CommandError, match=match):
        call_command("import_revenue", str(path), *args, stdout=StringIO(), stderr=err)
    return err.getvalue().splitlines()


def test_it_imports_a_csv_into_the_workspace(world, tmp_path):
    record(world.account, date(2024, 2, 1), 1, note="Kept")
    path = tmp_path / "revenue.csv"
    path.write_text(
        "account;month;amount\nNorthwind;2024-01;12 500,50\nNorthwind;2024-02;\u2212300\n",
        encoding="utf-8-sig",
    )
    output = import_revenue(path, "--workspace", "acme")
    assert (
        "Imported 2 months of revenue for 1 accounts into 'acme': 1 new, 1 overwritten, "
        "0 unchanged. The file was read as UTF-8 text." in output
    )
    entries = dict(RevenueEntry.objects.values_list("month", "amount"))
    assert entries == {date(2024, 1, 1): Decimal("12500.50"), date(2024, 2, 1): Decimal(-300)}
    # Without a note column, the notes stay.
    assert RevenueEntry.objects.get(month=date(2024, 2, 1)).note == "Kept"


def test_it_imports_nothing_and_prints_every_bad_row_of_an_xlsx(world, tmp_path):
    workbook = openpyxl.Workbook()
    for row in [
        ["account", "month", "amount", "note"],
        ["Northwind", "2024-01", 10, ""],
        ["Initech", "2024-01", 10, ""],  # Another workspace's account.
        ["Northwind", "2024/02", 10, ""],
        ["Northwind", "2024-03", "ten", ""],
        ["Northwind", "2024-01", 20, ""],
        ["Northwind", "2024-04", 10, "x" * 201],
    ]:
        workbook.active.append(row)
    path = tmp_path / "revenue.xlsx"
    workbook.save(path)

    errors = import_errors(path, "--workspace", "acme")

    assert "line 3: unknown account 'Initech'" in errors
    assert "line 4: month '2024/02' is not in the form YYYY-MM" in errors
    assert any(line.startswith("line 5: 'ten' is not an amount") for line in errors)
    assert "line 6: Northwind 2024-01 is already on line 2" in errors
    assert "line 7: the note is longer than 200 characters" in errors
    assert len(errors) == 5
    assert not RevenueEntry.objects.exists()


def test_it_needs_the_workspace_when_there_are_several(world, tmp_path):
    path = tmp_path / "revenue.csv"
    path.write_text("account,month,amount\nNorthwind,2024-01,5\n")
    import_errors(path, match="--workspace")
    world.other_workspace.delete()
    import_revenue(path)
    assert RevenueEntry.objects.count() == 1


def test_it_says_when_the_file_cannot_be_read(world, tmp_path):
    import_errors(tmp_path / "missing.csv", "--workspace", "acme", match="Cannot read")


def test_it_changes_nothing_when_a_file_is_imported_twice(world, tmp_path):
    path = tmp_path / "revenue.csv"
    path.write_text("account,month,amount,note\nNorthwind,2024-01,100,\nNorthwind,2024-02,5,x\n")
    import_revenue(path, "--workspace", "acme")
    output = import_revenue(path, "--workspace", "acme")
    assert "2 months of revenue for 1 accounts into 'acme': 0 new, 0 overwritten, 2 unchanged" in (
        output
    )
    assert RevenueEntry.objects.count() == 2


def test_it_reads_a_ragged_file_with_a_trailing_delimiter(world, tmp_path):
    path = tmp_path / "revenue.csv"
    path.write_text(
        "account;month;amount;note;\n"
        "Northwind;2024-01;1\u202f000,5;;\n"  # A narrow no-break space between thousands.
        "Northwind;2024-02;7\n"  # No note cell at all.
        ";;;;\n"
        "Northwind;2024-03;7;;;;surprise\n",
        encoding="utf-8",
    )
    errors = import_errors(path, "--workspace", "acme")
    assert errors == [
        "line 5: column 7 has a value but no header",
        "The file was read as UTF-8 text.",
    ]
    path.write_text(path.read_text().replace(";;;;surprise", ""), encoding="utf-8")
    assert "3 new" in import_revenue(path, "--workspace", "acme")
    assert RevenueEntry.objects.get(month=date(2024, 1, 1)).amount == Decimal("1000.50")


def test_it_prints_no_more_than_the_errors_of_a_hundred_rows(world, tmp_path):
    path = tmp_path / "revenue.csv"
    path.write_text(
        "account,month,amount\n" + "".join(f"Nobody {n},2024-01,5\n" for n in range(5000))
    )
    errors = import_errors(path, "--workspace", "acme", match="Nothing was imported: 5000 errors")
    assert len(errors) == 102
    assert errors[-2:] == ["… and 4900 more rows with errors.", "The file was read as UTF-8 text."]
