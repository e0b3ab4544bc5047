"""Imports and bulk writes are in the trail too: as the import's (via "import", the run
as the source), written a batch at a time; and the command line's as such."""

from datetime import date
from decimal import Decimal

from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from keyfolio import cli
from keyfolio.accounts.models import Account
from keyfolio.audit.models import AuditEvent
from keyfolio.imports.engine import Options
from keyfolio.imports.services import file_import, file_of, import_undo, run_upload
from keyfolio.imports.tests.conftest import FIXTURES
from keyfolio.revenue.models import RevenueEntry
from keyfolio.revenue.services import revenue_entry_set


def hubspot_run(world, user=None):
    data = (FIXTURES / "hubspot_companies.csv").read_bytes()
    return run_upload(
        workspace=world.workspace, kind="accounts", file_name="c.csv", data=data, user=user
    )


def test_an_import_records_each_record_it_made_as_the_imports(world):
    run = hubspot_run(world, user=world.admin)
    file_import(run=run, file=file_of(run), options=Options())
    made = Account.objects.filter(workspace=world.workspace).exclude(pk=world.account.pk)
    events = AuditEvent.objects.filter(model="accounts.Account", action="create", via="import")
    assert sorted(events.values_list("object_id", flat=True)) == sorted(
        made.values_list("pk", flat=True)
    )
    event = events.get(object_repr="Northbeam Analytics")
    assert event.account_id == event.object_id
    assert (event.actor, event.source) == (world.admin, f"#{run.pk} c.csv")
    assert event.changes["name"] == [None, "Northbeam Analytics"]


def test_an_imports_events_cost_no_query_per_record(world, tmp_path):
    """Two files, five and fifty accounts: the same number of queries."""
    counts = []
    for size in (5, 50):
        lines = ["Name"] + [f"Company {size}-{n}" for n in range(size)]
        data = ("\n".join(lines) + "\n").encode()
        run = run_upload(workspace=world.workspace, kind="accounts", file_name="f.csv", data=data)
        with CaptureQueriesContext(connection) as queries:
            file_import(run=run, file=file_of(run), options=Options())
        counts.append(len(queries))
        assert AuditEvent.objects.filter(source=f"#{run.pk} f.csv").count() == size
    assert counts[0] == counts[1]


def test_undoing_an_import_records_what_it_restores(world):
    run = hubspot_run(world)
    file_import(run=run, file=file_of(run), options=Options())
    import_undo(run=run, user=world.owner)
    deleted = AuditEvent.objects.filter(model="accounts.Account", action="delete")
    assert deleted.filter(object_repr="Northbeam Analytics").exists()


def test_a_revenue_import_records_new_and_overwritten_months(
    world, tmp_path, settings, monkeypatch
):
    settings.SECRET_KEY = "a-key-for-the-system-checks-of-this-test-only-0123456789"
    # A command run from the command line closes the connections when it ends, which
    # would close the test's transaction.
    monkeypatch.setattr(connections, "close_all", lambda: None)
    revenue_entry_set(account=world.account, month=date(2024, 2, 1), amount=Decimal(1))
    path = tmp_path / "revenue.csv"
    path.write_text("account;month;amount\nNorthwind;2024-01;12500\nNorthwind;2024-02;300\n")
    cli.main(["import-revenue", str(path), "--workspace", "acme"])
    events = AuditEvent.objects.filter(model="revenue.RevenueEntry", via="cli").order_by("pk")
    assert [(event.action, event.changes["amount"]) for event in events] == [
        ("create", [None, "12500"]),
        ("update", ["1", "300"]),
    ]
    assert {event.source for event in events} == {"keyfolio import-revenue"}
    assert RevenueEntry.objects.filter(account=world.account).count() == 2
