"""Importing a file and undoing an import: what the CLI (`keyfolio import`) and the web
wizard share.

`file_import` reads the file (keyfolio.imports.readers), picks the preset (given, or
guessed from the header) and the mapping, and imports the rows: accounts, contacts and
opportunities through keyfolio.imports.engine, revenue and scores through their own
importers (their columns are Keyfolio's). Every run is an ImportRun with its report;
every record it wrote is an ImportChange, which `import_undo` reads to remove what
the import created and restore what it changed.
"""

import io
import itertools
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from keyfolio.accounts.models import Account
from keyfolio.accounts.signals import accounts_changed
from keyfolio.assessments.imports import scores_import_parse, scores_import_save
from keyfolio.assessments.models import Assessment
from keyfolio.audit.context import Via, acting
from keyfolio.audit.recording import record_updates
from keyfolio.core.bulk import ImportStopped, rows_insert
from keyfolio.core.tables import TableError, cell_text, table_read
from keyfolio.imports.engine import JSON, Options, Outcome, records_import
from keyfolio.imports.fields import FIXED_KINDS, KIND_FIELDS, REQUIRED, field_label
from keyfolio.imports.models import ImportChange, ImportMapping, ImportRun, ImportState
from keyfolio.imports.presets import KEYFOLIO, PRESETS, Preset, header_key, preset_guess
from keyfolio.imports.readers import Source, source_read
from keyfolio.revenue.imports import revenue_import_parse, revenue_import_save
from keyfolio.revenue.models import Opportunity, RevenueEntry
from keyfolio.stakeholders.models import Contact
from keyfolio.users.models import User
from keyfolio.workspaces.models import Workspace

MODELS: dict[str, type[Model]] = {
    "assessment": Assessment,
    "revenue": RevenueEntry,
    "opportunity": Opportunity,
    "contact": Contact,
    "account": Account,
}
UNDO_CHUNK = 1000
KEEP_FILE_DAYS = 7  # An uploaded file not imported within this many days is dropped.


class ImportRefused(ValueError):
    """The file cannot be imported at all (unreadable, or no column for a needed field)."""


@dataclass(frozen=True)
class Detected:
    """What the file is: how it was read, the preset, and the mapping of its columns."""

    preset: Preset
    mapping: dict[int, str]  # Column index -> field key.
    header: tuple[str, ...]
    labels: tuple[str, ...]
    file_format: str
    encoding: str | None
    delimiter: str | None

    def ignored(self) -> list[str]:
        return [
            label or header
            for index, (header, label) in enumerate(zip(self.header, self.labels, strict=False))
            if index not in self.mapping and (label or header)
        ]


def preset_named(name: str) -> Preset:
    try:
        return PRESETS[name]
    except KeyError:
        raise ImportRefused(
            _("There is no preset '%(name)s'; the presets are: %(names)s.")
            % {"name": name, "names": ", ".join(PRESETS)}
        ) from None


def detect(
    source: Source,
    kind: str,
    *,
    preset_name: str | None = None,
    saved: ImportMapping | None = None,
    mapping: dict[int, str] | None = None,
) -> Detected:
    """The preset (given, or guessed from the header) and the mapping of the columns (a
    saved one, one chosen in the wizard, or the preset's)."""
    if preset_name:
        preset = preset_named(preset_name)
    elif source.file_format == "commerceml":
        preset = PRESETS["1c"]
    else:
        preset = preset_guess(kind, source.header)
    if mapping is None and saved is not None:
        by_header = {header_key(text): key for text, key in saved.columns.items()}
        mapping = {
            index: by_header[header_key(text)]
            for index, text in enumerate(source.header)
            if header_key(text) in by_header
        }
    if mapping is None:
        mapping = preset.mapping(kind, source.header)
    return Detected(
        preset,
        mapping,
        source.header,
        source.labels or source.header,
        source.file_format,
        source.encoding,
        source.delimiter,
    )


def mapping_problems(kind: str, mapping: dict[int, str]) -> list[str]:
    """The fields a row needs that no column is mapped to."""
    mapped = set(mapping.values())
    problems = []
    for alternatives in REQUIRED[kind]:
        if not mapped & set(alternatives):
            names = _(" or ").join(str(field_label(kind, key)) for key in alternatives)
            problems.append(
                _("No column holds %(field)s: choose the right preset or map a column to it.")
                % {"field": names}
            )
    return problems


class ChangeLog:
    """The ImportRecorder of a run: writes its ImportChange rows as they come."""

    def __init__(self, run: ImportRun):
        self.run = run
        self.pending: list[tuple] = []

    def created(self, model: str, pks: Iterable[int]) -> None:
        self.pending += [(self.run.pk, model, pk, True, "{}", "{}") for pk in pks]
        self.flush()

    def changed(self, model: str, pk: int, before: dict, after: dict) -> None:
        self.pending.append(
            (self.run.pk, model, pk, False, JSON.encode(before), JSON.encode(after))
        )

    def flush(self) -> None:
        rows_insert(
            ImportChange,
            ["run_id", "model", "object_id", "created", "before", "after"],
            self.pending,
        )
        self.pending = []


def run_start(
    *, workspace: Workspace, kind: str, file_name: str, user: User | None = None, **fields
) -> ImportRun:
    if kind not in KIND_FIELDS and kind not in FIXED_KINDS:
        raise ImportRefused(_("Keyfolio cannot import '%(kind)s'.") % {"kind": kind})
    return ImportRun.objects.create(
        workspace=workspace, kind=kind, file_name=file_name[:255], created_by=user, **fields
    )


def file_import(
    *,
    run: ImportRun,
    file: IO[bytes],
    options: Options,
    preset_name: str | None = None,
    saved: ImportMapping | None = None,
    progress: Callable[[int], None] | None = None,
) -> Outcome:
    """Import (or, for a dry run, check) the file into the run's workspace; the run keeps
    the report. ImportRefused when the file cannot be imported at all."""
    try:
        with acting(via=Via.IMPORT, user=run.created_by, source=f"#{run.pk} {run.file_name}"):
            if run.kind in FIXED_KINDS:
                outcome = _fixed_import(run, file, options)
            else:
                outcome = _records_import(run, file, options, preset_name, saved, progress)
    except TableError as error:
        _finish(run, ImportState.FAILED, {"errors": [{"line": 0, "message": str(error)}]})
        raise ImportRefused(str(error)) from None
    except ImportRefused as refused:
        _finish(run, ImportState.FAILED, {"errors": [{"line": 0, "message": str(refused)}]})
        raise
    state = ImportState.IMPORTED if outcome.imported else ImportState.CHECKED
    report = outcome.as_dict() | {"dry_run": options.dry_run, "good_rows": options.good_rows}
    _finish(run, state, report, rows=outcome.rows)
    return outcome


def _records_import(run, file, options, preset_name, saved, progress) -> Outcome:
    with source_read(file) as source:
        mapping = {int(index): key for index, key in run.mapping.items()} if run.mapping else None
        detected = detect(source, run.kind, preset_name=preset_name, saved=saved, mapping=mapping)
        problems = mapping_problems(run.kind, detected.mapping)
        if problems:
            raise ImportRefused(" ".join(problems))
        run.preset = detected.preset.name if saved is None else saved.name
        run.mapping = detected.mapping
        run.file_format, run.encoding = detected.file_format, detected.encoding or ""
        run.delimiter = detected.delimiter or ""
        run.save(update_fields=["preset", "mapping", "file_format", "encoding", "delimiter"])
        outcome = Outcome(run.kind, run.preset, detected.encoding)
        outcome.ignored = detected.ignored()
        return records_import(
            run=run,
            rows=source.rows,
            mapping=detected.mapping,
            preset=detected.preset if saved is None else KEYFOLIO,
            options=options,
            outcome=outcome,
            header=detected.header,
            progress=progress,
        )


def _fixed_import(run: ImportRun, file: IO[bytes], options: Options) -> Outcome:
    """Revenue and scores: Keyfolio's own columns, read by their own importers."""
    workspace = run.workspace
    with table_read(file) as table:
        if run.kind == "scores":
            parsed: Any = scores_import_parse(workspace=workspace, table=table)
        else:
            accounts = list(Account.objects.in_workspace(workspace))
            parsed = revenue_import_parse(accounts=accounts, table=table)
    outcome = Outcome(run.kind, "keyfolio", table.encoding)
    outcome.errors = parsed.errors
    outcome.rows = len(parsed.rows) + getattr(parsed, "unchanged", 0)
    run.preset, run.encoding = "keyfolio", table.encoding or ""
    run.save(update_fields=["preset", "encoding"])
    if parsed.errors or options.dry_run:
        outcome.created = len(parsed.rows)
        outcome.unchanged = getattr(parsed, "unchanged", 0)
        return outcome
    log = ChangeLog(run)
    try:
        if run.kind == "scores":
            result = scores_import_save(workspace=workspace, rows=parsed.rows, record=log)
            outcome.created, outcome.unchanged = result.assessments, parsed.unchanged
        else:
            revenue = revenue_import_save(rows=parsed.rows, user=run.created_by, record=log)
            outcome.created, outcome.updated = revenue.created, revenue.overwritten
            outcome.unchanged = revenue.unchanged
    except ImportStopped as stopped:
        log.flush()
        outcome.errors.add(stopped.line, str(stopped))
        outcome.imported = True  # The chunks before it were saved (and can be undone).
        return outcome
    log.flush()
    outcome.imported = True
    return outcome


def _finish(run: ImportRun, state: str, report: dict, *, rows: int | None = None) -> None:
    run.state = state
    run.report = report
    run.finished_at = timezone.now()
    fields = ["state", "report", "finished_at"]
    if state in (ImportState.IMPORTED, ImportState.FAILED):
        # The file is not kept once it is imported or refused. A dry run (or an import
        # that found errors and wrote nothing) keeps it: the wizard imports it next.
        run.file = None
        fields.append("file")
    if rows is not None:
        run.rows_done = run.rows_total = rows
        fields += ["rows_done", "rows_total"]
    run.save(update_fields=fields)


# Undo ----------------------------------------------------------------------------


@dataclass
class Undone:
    removed: int = 0  # Records the import created, deleted.
    restored: int = 0  # Records the import changed, given back their values.
    kept: int = 0  # Records changed again since: left as they are now.


@transaction.atomic
def import_undo(*, run: ImportRun, user: User | None = None) -> Undone:
    """Remove what the import created and restore what it changed. A value changed again
    since the import is left as it is now (and counted as kept): undoing never
    overwrites later work."""
    run = ImportRun.objects.select_for_update().get(pk=run.pk)
    if run.state != ImportState.IMPORTED:
        raise ValidationError(_("Only a finished import can be undone."), code="not_imported")
    undone = Undone()
    accounts: set[int] = set()
    for label, model in MODELS.items():
        changes = run.changes.filter(model=label)
        created = list(changes.filter(created=True).values_list("object_id", flat=True))
        for start in range(0, len(created), UNDO_CHUNK):
            records = model._default_manager.filter(
                pk__in=created[start : start + UNDO_CHUNK], workspace=run.workspace
            )
            accounts.update(_account_ids(model, records))
            undone.removed += records.count()
            records.delete()
        updated = changes.filter(created=False).order_by("pk")
        for start in range(0, updated.count(), UNDO_CHUNK):
            _restore(model, list(updated[start : start + UNDO_CHUNK]), undone, accounts)
    accounts = set(Account.objects.filter(pk__in=accounts).values_list("pk", flat=True))
    Account.objects.filter(pk__in=accounts).refresh_assessment_pointers()
    if accounts:
        accounts_changed.send(sender=ImportRun, account_ids=accounts)
    run.state = ImportState.UNDONE
    run.undone_at = timezone.now()
    run.undone_by = user
    run.report = run.report | {
        "undone": {"removed": undone.removed, "restored": undone.restored, "kept": undone.kept}
    }
    run.save(update_fields=["state", "undone_at", "undone_by", "report"])
    return undone


def _account_ids(model: type[Model], records) -> list[int]:
    if model is Account:
        return list(records.values_list("pk", flat=True))
    return list(records.values_list("account_id", flat=True))


def _restore(
    model: type[Model], changes: list[ImportChange], undone: Undone, accounts: set
) -> None:
    records = model._default_manager.in_bulk([change.object_id for change in changes])
    fields: set[str] = set()
    restored = []
    for change in changes:
        record = records.get(change.object_id)
        if record is None:
            continue  # Deleted since: nothing to restore.
        before, after = json.loads(change.before), json.loads(change.after)
        kept = False
        for name, value in before.items():
            if JSON.encode(getattr(record, name)) == JSON.encode(
                _typed(model, name, after.get(name))
            ):
                setattr(record, name, _typed(model, name, value))
                fields.add(name)
            else:
                kept = True
        undone.kept += kept
        undone.restored += not kept
        restored.append(record)
        accounts.add(record.pk if model is Account else record.account_id)  # type: ignore[attr-defined]
    if fields:
        model._default_manager.bulk_update(restored, sorted(fields), batch_size=500)
        record_updates(restored)


def _typed(model: type[Model], name: str, value: Any) -> Any:
    """A value from the log's JSON as the model field holds it (a Decimal, a date...)."""
    if value is None:
        return None
    field = next(field for field in model._meta.concrete_fields if field.attname == name)
    return field.to_python(value)


def file_of(run: ImportRun) -> io.BytesIO:
    """The file the wizard keeps in the run, to read it."""
    return io.BytesIO(bytes(run.file or b""))


# The web wizard ------------------------------------------------------------------

PREVIEW_ROWS = 5


@dataclass(frozen=True)
class Preview:
    """A kept file as the wizard's mapping step shows it: how it was read, its columns
    (mapped by `detected`, None for revenue and scores, whose columns are fixed) and
    its first rows as text."""

    labels: tuple[str, ...]
    rows: list[list[str]]
    file_format: str
    encoding: str | None
    delimiter: str | None
    detected: Detected | None
    saved: ImportMapping | None = None  # The saved mapping `detected` follows, if one.


def run_upload(
    *, workspace: Workspace, kind: str, file_name: str, data: bytes, user: User | None = None
) -> ImportRun:
    """Keep an uploaded file in a new run, if it can be read as a table at all: an
    ImportRefused (and nothing kept) when it cannot."""
    if kind not in KIND_FIELDS and kind not in FIXED_KINDS:
        raise ImportRefused(_("Keyfolio cannot import '%(kind)s'.") % {"kind": kind})
    try:
        with source_read(io.BytesIO(data)) as source:
            next(source.rows, None)  # An XLSX tells its troubles while it is read.
    except TableError as error:
        raise ImportRefused(str(error)) from None
    abandoned_files_drop(workspace)
    return run_start(workspace=workspace, kind=kind, file_name=file_name, user=user, file=data)


def abandoned_files_drop(workspace: Workspace) -> int:
    """Forget the files of runs left uploaded or checked for KEEP_FILE_DAYS: an upload
    nobody imports should not stay in the database for ever. Their logs stay."""
    cutoff = timezone.now() - timedelta(days=KEEP_FILE_DAYS)
    return ImportRun.objects.filter(
        workspace=workspace,
        state__in=(ImportState.UPLOADED, ImportState.CHECKED),
        created_at__lt=cutoff,
        file__isnull=False,
    ).update(file=None)


def run_preview(
    run: ImportRun,
    *,
    preset_name: str | None = None,
    saved: ImportMapping | None = None,
    mapping: dict[int, str] | None = None,
    limit: int = PREVIEW_ROWS,
) -> Preview:
    """The kept file's first `limit` rows and, for accounts, contacts and opportunities,
    its mapping: the one given, else that of the preset or saved mapping given, else
    the best of the workspace's saved mappings and the preset the header suggests."""
    try:
        with source_read(file_of(run)) as source:
            rows = [
                [cell_text(cell) for cell in row.cells]
                for row in itertools.islice(source.rows, limit)
            ]
            detected = None
            if run.kind in KIND_FIELDS:
                detected = detect(
                    source, run.kind, preset_name=preset_name, saved=saved, mapping=mapping
                )
                if not (preset_name or saved or mapping):
                    saved = mapping_saved_for(run.workspace, run.kind, source.header)
                    by_saved = saved and detect(source, run.kind, saved=saved)
                    if by_saved and len(by_saved.mapping) >= len(detected.mapping):
                        detected = by_saved
                    else:
                        saved = None
    except TableError as error:
        raise ImportRefused(str(error)) from None
    return Preview(
        source.labels or source.header,
        rows,
        source.file_format,
        source.encoding,
        source.delimiter,
        detected,
        saved,
    )


def run_rows_count(run: ImportRun) -> int:
    """The rows of the kept file after its header (read once, not checked): the total
    the wizard's progress bar counts up to."""
    try:
        with source_read(file_of(run)) as source:
            return sum(1 for _row in source.rows)
    except TableError:
        return 0


def mapping_saved_for(
    workspace: Workspace, kind: str, header: Iterable[str]
) -> ImportMapping | None:
    """The saved mapping of this kind that knows most of the header's columns (at least
    one), or None."""
    names = {header_key(text) for text in header}
    best, best_count = None, 0
    for saved in ImportMapping.objects.filter(workspace=workspace, kind=kind):
        count = len(names & {header_key(text) for text in saved.columns})
        if count > best_count:
            best, best_count = saved, count
    return best


def mapping_save(
    *, workspace: Workspace, kind: str, name: str, header: tuple[str, ...], mapping: dict[int, str]
) -> ImportMapping:
    """Save (or replace) the mapping named `name`: each mapped column's header text and
    its field, so that a file with the same header maps the same way next time."""
    columns = {header[index]: key for index, key in mapping.items() if index < len(header)}
    saved, _created = ImportMapping.objects.update_or_create(
        workspace=workspace, kind=kind, name=name.strip()[:60], defaults={"columns": columns}
    )
    return saved


def run_queue(
    *,
    run: ImportRun,
    dry_run: bool,
    preset_name: str | None = None,
    saved: ImportMapping | None = None,
    mapping: dict[int, str] | None = None,
    good_rows: bool | None = None,
    probability: int | None = None,
) -> None:
    """Check (dry run) or import the kept file in the background (keyfolio.imports.tasks):
    the run shows "checking" or "importing" until the worker is done."""
    from keyfolio.imports.tasks import import_run  # The task calls back into this module.

    if run.state not in (ImportState.UPLOADED, ImportState.CHECKED) or run.file is None:
        raise ValidationError(_("This file is no longer kept: upload it again."), code="gone")
    run.state = ImportState.CHECKING if dry_run else ImportState.IMPORTING
    run.dry_run = dry_run
    run.rows_done = 0
    fields = ["state", "dry_run", "rows_done"]
    if mapping is not None:
        run.mapping = mapping
        fields.append("mapping")
    if good_rows is not None:
        run.good_rows = good_rows
        fields.append("good_rows")
    if run.kind == "opportunities" and dry_run:
        run.probability = probability  # Chosen with the mapping; the import keeps it.
        fields.append("probability")
    run.save(update_fields=fields)
    import_run.enqueue(run_id=run.pk, preset_name=preset_name, saved_id=saved.pk if saved else None)


def run_chosen(run: ImportRun) -> tuple[str | None, ImportMapping | None]:
    """The preset or saved mapping the run was checked with (its `preset` names either),
    for the import that follows the check."""
    if run.preset in PRESETS:
        return run.preset, None
    saved = ImportMapping.objects.filter(
        workspace=run.workspace, kind=run.kind, name=run.preset
    ).first()
    return None, saved


def run_work(*, run_id: int, preset_name: str | None, saved_id: int | None) -> dict:
    """What the background task does: count the rows, then check or import them,
    reporting the rows done as it goes. A run no longer waiting is left alone (a task
    run twice)."""
    run = ImportRun.objects.select_related("workspace", "created_by").get(pk=run_id)
    if run.state not in (ImportState.CHECKING, ImportState.IMPORTING):
        return {"skipped": run.state}
    saved = None
    if saved_id is not None:
        saved = ImportMapping.objects.filter(pk=saved_id, workspace=run.workspace).first()
    run.rows_total = run_rows_count(run)
    run.save(update_fields=["rows_total"])

    def progress(rows: int) -> None:
        ImportRun.objects.filter(pk=run.pk).update(rows_done=rows)

    options = Options(dry_run=run.dry_run, good_rows=run.good_rows, probability=run.probability)
    try:
        outcome = file_import(
            run=run,
            file=file_of(run),
            options=options,
            preset_name=preset_name,
            saved=saved,
            progress=progress,
        )
    except ImportRefused:
        return run.report
    return outcome.as_dict()
