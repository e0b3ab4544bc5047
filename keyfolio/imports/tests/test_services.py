"""What the wizard adds to the import services: the kept file, its preview."""

from datetime import timedelta

import pytest
from django.utils import timezone

from keyfolio.imports.engine import Options
from keyfolio.imports.models import ImportRun, ImportState
from keyfolio.imports.services import file_import, file_of, run_preview, run_upload
from keyfolio.imports.tests.conftest import FIXTURES

pytestmark = pytest.mark.django_db


def kept_run(world):
    data = (FIXTURES / "hubspot_companies.csv").read_bytes()
    return run_upload(workspace=world.workspace, kind="accounts", file_name="c.csv", data=data)


def test_a_dry_run_keeps_the_file_and_the_import_clears_it(world):
    run = kept_run(world)
    file_import(run=run, file=file_of(run), options=Options(dry_run=True))
    run.refresh_from_db()
    assert run.state == ImportState.CHECKED and run.file is not None
    file_import(run=run, file=file_of(run), options=Options())
    run.refresh_from_db()
    assert run.state == ImportState.IMPORTED and run.file is None


def test_the_preview_is_the_first_rows_and_the_detected_mapping(world):
    preview = run_preview(kept_run(world), limit=1)
    assert preview.labels[:2] == ("Record ID", "Company name")
    assert preview.rows == [
        [
            "18234001",
            "Northbeam Analytics",
            "Demo Manager",
            "Computer Software",
            "United States",
            "northbeam.example",
            "5000000",
            "2025-01-12 10:01",
        ]
    ]
    assert preview.detected is not None and preview.detected.preset.name == "hubspot"
    assert preview.file_format == "csv" and preview.delimiter == ","


def test_files_left_unimported_for_a_week_are_dropped_at_the_next_upload(world):
    old = run_upload(
        workspace=world.workspace, kind="accounts", file_name="a.csv", data=b"name\nA\n"
    )
    ImportRun.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=8))
    recent = run_upload(
        workspace=world.workspace, kind="accounts", file_name="b.csv", data=b"name\nB\n"
    )
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.file is None and old.state == ImportState.UPLOADED
    assert recent.file is not None
