"""Saving a checked scores import in chunks: the same outcome as one assessment_create
per row, a constant number of queries per chunk, the pointers of accounts with several
rows, and what happens when the database refuses a chunk."""

import io
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from keyfolio.accounts.models import Account
from keyfolio.accounts.signals import accounts_changed
from keyfolio.assessments.imports import (
    ImportResult,
    ImportStopped,
    scores_import_parse,
    scores_import_save,
)
from keyfolio.assessments.models import Assessment, Methodology, Score
from keyfolio.assessments.services import ScoreInput, assessment_create, preview
from keyfolio.core.tables import table_read
from keyfolio.users.models import User

HEADER = "account,assessed_on,assessor,note,client_growth,client_potential,relationship,prices\n"


def parse(world, text: str):
    with table_read(io.BytesIO((HEADER + text).encode())) as table:
        parsed = scores_import_parse(workspace=world.workspace, table=table)
    assert not parsed.errors, parsed.errors.messages()
    return parsed


def save(world, text: str) -> ImportResult:
    return scores_import_save(workspace=world.workspace, rows=parse(world, text).rows)


def rows_of(count: int, *, accounts: int = 3, start: int = 0) -> str:
    """`count` rows for `accounts` existing accounts, each row another date."""
    return "".join(
        f"Client {n % accounts},2024-{1 + n // 28:02d}-{1 + n % 28:02d},max@acme.test,"
        f"Row {n},{n % 101},{(n * 7) % 101},,{(n * 13) % 101}\n"
        for n in range(start, start + count)
    )


@pytest.fixture
def clients(world):
    return Account.objects.bulk_create(
        Account(workspace=world.workspace, name=f"Client {n}") for n in range(3)
    )


@pytest.fixture
def chunk_of_three(settings):
    settings.IMPORT_CHUNK_ROWS = 3


@pytest.mark.parametrize("count", [2, 3, 4, 7])  # Around one and two chunks of three.
def test_it_saves_what_assessment_create_would_at_chunk_boundaries(
    world, clients, chunk_of_three, count
):
    result = save(world, rows_of(count))

    assert result == ImportResult(assessments=count, new_accounts=0)
    methodology = Methodology.objects.current_for(world.workspace)
    saved = Assessment.objects.filter(workspace=world.workspace).order_by("pk")
    assert [a.note for a in saved] == [f"Row {n}" for n in range(count)]
    for n, assessment in enumerate(saved.prefetch_related("scores__criterion")):
        given = {
            "client_growth": n % 101,
            "client_potential": (n * 7) % 101,
            "prices": (n * 13) % 101,
        }
        expected = preview(
            methodology=methodology, scores={k: ScoreInput(v) for k, v in given.items()}
        )
        assert assessment.methodology == methodology
        assert assessment.assessor == world.manager
        assert assessment.account.name == f"Client {n % 3}"
        assert (assessment.client_index, assessment.our_index) == (
            expected.client_index,
            expected.our_index,
        )
        assert assessment.zone == (expected.zone.value if expected.zone else "")
        assert assessment.completeness == expected.completeness
        # A score for every active criterion, None where the row left it blank.
        scores = {s.criterion.key: s.value for s in assessment.scores.all()}
        active = set(methodology.active_criteria().values_list("key", flat=True))
        assert scores.keys() == active
        assert {k: v for k, v in scores.items() if v is not None} == given


def test_it_stores_the_figures_of_assessment_create(world, clients):
    save(world, "Client 0,2024-03-01,,,85,40,,70\n")
    imported = Assessment.objects.get(account=clients[0])
    made = assessment_create(
        account=clients[1],
        assessor=None,
        assessed_on=date(2024, 3, 1),
        scores={
            "client_growth": ScoreInput(85),
            "client_potential": ScoreInput(40),
            "prices": ScoreInput(70),
        },
    )
    fields = ("client_index", "our_index", "zone", "completeness", "methodology_id")
    assert [getattr(imported, f) for f in fields] == [getattr(made, f) for f in fields]


def test_it_makes_the_accounts_that_do_not_exist_once(world, chunk_of_three):
    result = save(
        world,
        "Newco,2024-03-01,,,50,,,\n"
        "Northwind,2024-03-01,,,50,,,\n"
        "Newco,2024-03-02,,,55,,,\n"
        "Newco,2024-03-03,,,60,,,\n",  # The second chunk finds Newco made by the first.
    )
    assert result == ImportResult(assessments=4, new_accounts=1)
    newco = Account.objects.get(workspace=world.workspace, name="Newco")
    assert newco.assessments.count() == 3
    assert newco.current_assessment.assessed_on == date(2024, 3, 3)
    assert newco.previous_assessment.assessed_on == date(2024, 3, 2)


def test_it_sets_the_pointers_of_an_account_with_several_rows(world, chunk_of_three):
    assessment_create(
        account=world.account,
        assessor=None,
        assessed_on=date(2024, 2, 1),
        scores={"client_growth": ScoreInput(10)},
    )
    save(
        world,
        "Northwind,2024-03-05,,,50,,,\n"  # chunk 1
        "Northwind,2024-01-01,,,40,,,\n"  # chunk 1: older than the one recorded
        "Northwind,2024-03-01,max@acme.test,,60,,,\n"  # chunk 1
        "Northwind,2024-03-05,max@acme.test,,70,,,\n",  # chunk 2: same day as line 2, later
    )

    world.account.refresh_from_db()
    current, previous = world.account.current_assessment, world.account.previous_assessment
    assert (current.assessed_on, current.assessor) == (date(2024, 3, 5), world.manager)
    assert (previous.assessed_on, previous.assessor) == (date(2024, 3, 5), None)
    # The very ones that the one-account method picks.
    world.account.refresh_assessment_pointers()
    assert world.account.current_assessment == current
    assert world.account.previous_assessment == previous


def test_it_changes_nothing_when_a_chunked_file_is_imported_twice(world, clients, chunk_of_three):
    text = rows_of(7)
    save(world, text)
    pointers = list(Account.objects.values_list("pk", "current_assessment", "previous_assessment"))

    again = parse(world, text)

    assert (again.unchanged, again.rows) == (7, [])
    assert scores_import_save(workspace=world.workspace, rows=again.rows) == ImportResult(0, 0)
    assert Assessment.objects.count() == 7
    assert (
        list(Account.objects.values_list("pk", "current_assessment", "previous_assessment"))
        == pointers
    )


def queries_of_save(world, text: str) -> int:
    rows = parse(world, text).rows
    with CaptureQueriesContext(connection) as queries:
        scores_import_save(workspace=world.workspace, rows=rows)
    return len(queries)


def test_its_queries_grow_with_the_chunks_not_the_rows(world, clients, settings):
    settings.IMPORT_CHUNK_ROWS = 10
    two_full_chunks = queries_of_save(world, rows_of(20))
    Assessment.objects.all().delete()
    two_small_chunks = queries_of_save(world, rows_of(12))
    Assessment.objects.all().delete()
    four_chunks = queries_of_save(world, rows_of(40))

    assert two_full_chunks == two_small_chunks
    # The methodology and its criteria; then per chunk its savepoint, the accounts, the
    # assessments, the scores, the pointers, the audit trail's events (one multi-row
    # INSERT) and the savepoint's release.
    assert two_full_chunks == 2 + 2 * 7
    assert four_chunks == 2 + 4 * 7


def test_it_tells_which_accounts_changed_once_per_chunk(world, clients, chunk_of_three):
    sent = []

    def receiver(sender, account_ids, **kwargs):
        sent.append(set(account_ids))

    accounts_changed.connect(receiver)
    try:
        save(world, rows_of(4) + "Newco,2024-03-01,,,50,,,\n")
    finally:
        accounts_changed.disconnect(receiver)

    newco = Account.objects.get(workspace=world.workspace, name="Newco")
    ids = [c.pk for c in clients]
    assert sent == [set(ids), {ids[0], newco.pk}]


@pytest.mark.django_db(transaction=True)
def test_it_keeps_the_chunks_before_one_the_database_refused(world, clients, chunk_of_three):
    sent = []

    def receiver(sender, account_ids, **kwargs):
        sent.append(connection.in_atomic_block)

    rows = parse(
        world,
        "Client 0,2024-03-01,,,50,,,\n"
        "Client 1,2024-03-01,,,50,,,\n"
        "Client 2,2024-03-01,,,50,,,\n"
        "Client 0,2024-03-02,tom@acme.test,,50,,,\n"  # line 5: the second chunk
        "Client 1,2024-03-02,,,50,,,\n",
    ).rows
    # Tom leaves the workspace (and Keyfolio) between the check and the save.
    world.teammate.delete()

    accounts_changed.connect(receiver)
    try:
        with pytest.raises(ImportStopped) as stopped:
            scores_import_save(workspace=world.workspace, rows=rows)
    finally:
        accounts_changed.disconnect(receiver)

    assert stopped.value.line == 5
    assert stopped.value.saved == ImportResult(assessments=3, new_accounts=0)
    assert "The import stopped at line 5" in str(stopped.value)
    assert list(Assessment.objects.order_by("pk").values_list("account__name", "assessed_on")) == [
        ("Client 0", date(2024, 3, 1)),
        ("Client 1", date(2024, 3, 1)),
        ("Client 2", date(2024, 3, 1)),
    ]
    assert Account.objects.get(pk=clients[0].pk).current_assessment.assessed_on == date(2024, 3, 1)
    # Sent inside each chunk's transaction, the refused one's too (its receivers' work
    # is rolled back with it).
    assert sent == [True, True]


@pytest.mark.django_db(transaction=True)
def test_the_command_says_what_it_saved_before_it_stopped(world, clients, chunk_of_three, tmp_path):
    path = tmp_path / "scores.csv"
    path.write_text(
        HEADER + "Client 0,2024-03-01,,,50,,,\n"
        "Newco,2024-03-01,,,50,,,\n"
        "Client 2,2024-03-01,,,50,,,\n"
        "Client 0,2024-03-02,tom@acme.test,,50,,,\n",  # line 5: the second chunk
        encoding="utf-8",
    )

    def leave(sender, account_ids, **kwargs):
        # Tom leaves Keyfolio while the first chunk is saved.
        User.objects.filter(pk=world.teammate.pk).delete()

    accounts_changed.connect(leave)
    out = StringIO()
    try:
        with pytest.raises(CommandError, match="The import stopped at line 5"):
            call_command("import_scores", str(path), "--workspace", "acme", stdout=out)
    finally:
        accounts_changed.disconnect(leave)
    assert "3 new assessments, 0 unchanged; 1 new accounts were created." in out.getvalue()
    assert Assessment.objects.count() == 3


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner statistics")
def test_a_big_import_brings_the_planner_statistics_up_to_date(world, clients, monkeypatch):
    monkeypatch.setattr("keyfolio.core.bulk.ANALYZE_AFTER_ROWS", 4)

    def estimated_scores() -> float:
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'assessments_score'")
            return cursor.fetchone()[0]

    save(world, rows_of(3))  # Fewer rows than that: not worth it.
    assert estimated_scores() != Score.objects.count()
    save(world, rows_of(4, start=3))
    assert estimated_scores() == Score.objects.count()
