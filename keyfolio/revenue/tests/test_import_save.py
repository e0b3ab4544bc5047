"""Saving a checked revenue import in chunks: the same outcome at chunk boundaries, a
constant number of queries per chunk, the accounts_changed signal, and what happens
when the database refuses a chunk (service, CLI and the revenue tab)."""

import io
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from keyfolio.accounts.models import Account
from keyfolio.accounts.signals import accounts_changed
from keyfolio.core.tables import table_read
from keyfolio.revenue.imports import (
    ImportStopped,
    RevenueImportResult,
    revenue_import_parse,
    revenue_import_save,
)
from keyfolio.revenue.models import RevenueEntry
from keyfolio.revenue.tests.factories import record
from keyfolio.revenue.tests.test_import import csv_file, upload

HEADER = "account;month;amount;note\n"


@pytest.fixture
def clients(world):
    return Account.objects.bulk_create(
        Account(workspace=world.workspace, name=f"Client {n}", owner=world.manager)
        for n in range(3)
    )


@pytest.fixture
def chunk_of_three(settings):
    settings.IMPORT_CHUNK_ROWS = 3


def rows_of(count: int, base: int = 1000) -> str:
    """`count` months for three accounts, each row another month."""
    return "".join(
        f"Client {n % 3};{2000 + n // 12}-{1 + n % 12:02d};{base + n},50;Row {n}\n"
        for n in range(count)
    )


def parse(world, text: str):
    with table_read(io.BytesIO((HEADER + text).encode())) as table:
        parsed = revenue_import_parse(
            accounts=list(Account.objects.in_workspace(world.workspace)), table=table
        )
    assert not parsed.errors, parsed.errors.messages()
    return parsed.rows


@pytest.mark.parametrize("count", [2, 3, 4, 7])  # Around one and two chunks of three.
def test_it_saves_every_row_at_chunk_boundaries(world, clients, chunk_of_three, count):
    record(clients[0], date(2000, 1, 1), 5, note="Old")  # Overwritten by row 0.
    record(clients[1], date(2000, 2, 1), Decimal("1001.50"), note="Row 1")  # Row 1: same.

    result = revenue_import_save(rows=parse(world, rows_of(count)), user=world.manager)

    assert result == RevenueImportResult(
        created=count - 2, overwritten=1, unchanged=1, accounts=min(count, 3)
    )
    entries = RevenueEntry.objects.order_by("month").values_list("account__name", "amount", "note")
    assert list(entries) == [
        (f"Client {n % 3}", Decimal(f"{1000 + n}.50"), f"Row {n}") for n in range(count)
    ]
    created = RevenueEntry.objects.exclude(month__in=[date(2000, 1, 1), date(2000, 2, 1)])
    assert {entry.created_by for entry in created} <= {world.manager}
    assert all(entry.workspace_id == world.workspace.pk for entry in created)


def test_it_changes_nothing_when_a_chunked_file_is_imported_twice(world, clients, chunk_of_three):
    rows = parse(world, rows_of(7))
    revenue_import_save(rows=rows)
    assert revenue_import_save(rows=rows) == RevenueImportResult(0, 0, 7, 3)
    assert RevenueEntry.objects.count() == 7


def queries_of_save(world, text: str) -> int:
    rows = parse(world, text)
    with CaptureQueriesContext(connection) as queries:
        revenue_import_save(rows=rows)
    return len(queries)


def test_its_queries_grow_with_the_chunks_not_the_rows(world, clients, settings):
    settings.IMPORT_CHUNK_ROWS = 10
    two_full_chunks = queries_of_save(world, rows_of(20))
    RevenueEntry.objects.all().delete()
    two_small_chunks = queries_of_save(world, rows_of(12))
    RevenueEntry.objects.all().delete()
    four_chunks = queries_of_save(world, rows_of(40))
    four_chunks_overwritten = queries_of_save(world, rows_of(40, base=2000))

    assert two_full_chunks == two_small_chunks
    # Per chunk: its savepoint, the entries recorded, the insert of the new ones or the
    # update of the overwritten ones, their audit trail's events, the release.
    assert two_full_chunks == 2 * 5
    assert four_chunks == four_chunks_overwritten == 4 * 5


def test_it_tells_which_accounts_changed_once_per_chunk(world, clients, chunk_of_three):
    sent = []

    def receiver(sender, account_ids, **kwargs):
        sent.append(set(account_ids))

    rows = parse(world, rows_of(4))
    accounts_changed.connect(receiver)
    try:
        revenue_import_save(rows=rows)
        revenue_import_save(rows=rows)  # Nothing changes: nothing is sent.
    finally:
        accounts_changed.disconnect(receiver)

    assert sent == [{c.pk for c in clients}, {clients[0].pk}]


def leave_during_the_first_chunk(account: Account):
    """Connect a receiver that deletes `account` while the first chunk is saved, as
    someone else could meanwhile: the next chunk's rows for it are then refused."""

    def receiver(sender, account_ids, **kwargs):
        if Account.objects.filter(pk=account.pk).exists():
            Account.objects.filter(pk=account.pk).delete()

    accounts_changed.connect(receiver, weak=False, dispatch_uid="test-leave")
    return lambda: accounts_changed.disconnect(dispatch_uid="test-leave")


GROWING = (
    "Client 0;2024-01;100;\n"
    "Client 1;2024-01;100;\n"
    "Client 0;2024-02;100;\n"
    "Client 2;2024-01;100;\n"  # line 5: the second chunk
    "Client 0;2024-03;100;\n"
)


@pytest.mark.django_db(transaction=True)
def test_it_keeps_the_chunks_before_one_the_database_refused(world, clients, chunk_of_three):
    rows = parse(world, GROWING)
    stop = leave_during_the_first_chunk(clients[2])
    try:
        with pytest.raises(ImportStopped) as stopped:
            revenue_import_save(rows=rows)
    finally:
        stop()

    assert stopped.value.line == 5
    assert stopped.value.saved == RevenueImportResult(3, 0, 0, 2)
    assert RevenueEntry.objects.count() == 3


@pytest.mark.django_db(transaction=True)
def test_the_command_says_what_it_saved_before_it_stopped(world, clients, chunk_of_three, tmp_path):
    path = tmp_path / "revenue.csv"
    path.write_text(HEADER + GROWING, encoding="utf-8")
    out = StringIO()
    stop = leave_during_the_first_chunk(clients[2])
    try:
        with pytest.raises(CommandError, match="The import stopped at line 5"):
            call_command("import_revenue", str(path), "--workspace", "acme", stdout=out)
    finally:
        stop()
    assert "Imported 3 months of revenue for 2 accounts" in out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_the_revenue_tab_says_what_it_saved_before_it_stopped(world, clients, chunk_of_three):
    stop = leave_during_the_first_chunk(clients[2])
    try:
        response = upload(world, "manager", csv_file(HEADER + GROWING), account=clients[0])
    finally:
        stop()
    body = response.content.decode()
    assert "Imported 3 months of revenue for 2 accounts: 3 new" in body
    assert "The import stopped at line 5" in body
    assert RevenueEntry.objects.count() == 3
