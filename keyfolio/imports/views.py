"""The import wizard: upload a file, map its columns, check it (a dry run in the
background), import it (in the background too), read the log, undo it.

Every page is for the workspace's admins. An import matches, overwrites and creates
records across the whole workspace (any account, found by the CRM's id, tax ID or
name) and assigns their owners, and undoing it removes what it made: more than a
manager may edit (their own accounts) or a director may set up. Like the other
workspace-wide set-up (methodology, members, offerings), it is the admins' job."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from keyfolio.core.htmx import render_part
from keyfolio.core.pagination import counted_page
from keyfolio.imports import selectors
from keyfolio.imports.fields import FIXED_KINDS, KIND_LABELS
from keyfolio.imports.forms import MappingForm, UploadForm, preset_choices
from keyfolio.imports.models import ImportMapping, ImportRun, ImportState
from keyfolio.imports.presets import PRESETS
from keyfolio.imports.services import (
    ImportRefused,
    import_undo,
    mapping_problems,
    mapping_save,
    run_chosen,
    run_preview,
    run_queue,
    run_upload,
)
from keyfolio.workspaces.access import workspace_view
from keyfolio.workspaces.models import Role

RUNS_PER_PAGE = 25


@workspace_view(min_role=Role.ADMIN)
def runs(request):
    """The workspace's imports, the latest first."""
    rows = selectors.runs_of(request.workspace)
    page = counted_page(
        rows, count=rows.count(), number=request.GET.get("page"), per_page=RUNS_PER_PAGE
    )
    return render(request, "imports/runs.html", {"page": page, "kinds": KIND_LABELS})


@workspace_view(min_role=Role.ADMIN)
def upload(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        try:
            run = run_upload(
                workspace=request.workspace,
                kind=form.cleaned_data["kind"],
                file_name=file.name,
                data=file.read(),
                user=request.user,
            )
        except ImportRefused as refused:
            form.add_error("file", str(refused))
        else:
            return redirect("imports:mapping", request.workspace.slug, run.pk)
    status = 400 if form.errors else 200
    return render(request, "imports/upload.html", {"form": form}, status=status)


def _choice(request, run: ImportRun) -> tuple[str | None, ImportMapping | None, str | None]:
    """The preset or saved mapping the person chose (`preset`: a preset's name or
    `saved:<pk>`), and the choice as given."""
    choice = request.POST.get("preset") or request.GET.get("preset")
    if choice in PRESETS:
        return choice, None, choice
    if choice and choice.startswith("saved:") and choice[6:].isdigit():
        saved = ImportMapping.objects.filter(
            pk=int(choice[6:]), workspace=request.workspace, kind=run.kind
        ).first()
        if saved is not None:
            return None, saved, choice
    return None, None, None


@workspace_view(min_role=Role.ADMIN)
def mapping(request, import_run_pk: int):
    """The file as detected, its columns mapped to fields, and its first rows; posting
    it starts the check (a dry run)."""
    run = selectors.run_for(request.workspace, import_run_pk, with_file=True)
    if run.file is None or run.state not in (ImportState.UPLOADED, ImportState.CHECKED):
        return redirect("imports:run", request.workspace.slug, run.pk)
    preset_name, saved, choice = _choice(request, run)
    previous = None
    if choice is None and run.mapping:  # Back from a check: the mapping checked.
        previous = {int(index): key for index, key in run.mapping.items()}
        preset_name, saved = run_chosen(run)
    preview = run_preview(run, preset_name=preset_name, saved=saved, mapping=previous)
    detected = preview.detected
    initial: dict[str, object] = {"good_rows": run.good_rows, "probability": run.probability}
    if detected is not None:
        initial |= {f"col_{index}": key for index, key in detected.mapping.items()}
    form = MappingForm(
        request.POST if request.method == "POST" else None,
        kind=run.kind,
        labels=preview.labels,
        initial=initial,
    )
    problems = mapping_problems(run.kind, detected.mapping) if detected else []
    if request.method == "POST" and form.is_valid():
        chosen = form.mapping() if detected else None
        problems = mapping_problems(run.kind, chosen) if chosen is not None else []
        if not problems:
            name = form.cleaned_data["save_as"].strip()
            if name and detected:
                mapping_save(
                    workspace=request.workspace,
                    kind=run.kind,
                    name=name,
                    header=detected.header,
                    mapping=chosen or {},
                )
            return _queue(
                request,
                run,
                dry_run=True,
                preset_name=preset_name,
                saved=saved,
                mapping=chosen,
                good_rows=form.cleaned_data["good_rows"],
                probability=form.cleaned_data["probability"],
            )
    if detected is not None and choice is None:
        choice = f"saved:{preview.saved.pk}" if preview.saved else detected.preset.name
    context = {
        "run": run,
        "kind_label": KIND_LABELS[run.kind],
        "preview": preview,
        "form": form,
        "columns": list(zip(form.column_fields(), _examples(preview), strict=True)),
        "delimiter": _delimiter_name(preview.delimiter),
        "problems": problems,
        "choice": choice,
        "choices": preset_choices(request.workspace, run.kind) if detected else [],
        "fixed": run.kind in FIXED_KINDS,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "imports/mapping.html", context, status=status)


def _delimiter_name(delimiter: str | None) -> str | None:
    names = {",": _("comma"), ";": _("semicolon"), "\t": _("tab"), "|": _("vertical bar")}
    return names.get(delimiter or "", delimiter)


def _examples(preview) -> list[str]:
    """Each column's first value in the preview rows (blank if it has none there)."""
    return [
        next((row[index] for row in preview.rows if index < len(row) and row[index]), "")
        for index in range(len(preview.labels))
    ]


def _queue(request, run: ImportRun, **arguments):
    try:
        run_queue(run=run, **arguments)
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
    return redirect("imports:run", request.workspace.slug, run.pk)


@workspace_view(min_role=Role.ADMIN)
def run(request, import_run_pk: int):
    """The check's or the import's progress, then its report: the import log. htmx
    asks for the status part every second while the worker is on it."""
    item = selectors.run_for(request.workspace, import_run_pk)
    report = item.report or {}
    working = item.state in (ImportState.CHECKING, ImportState.IMPORTING)
    preset = PRESETS.get(report.get("preset", ""))
    kept = getattr(item, "kept", False)  # Annotated by selectors.runs_of.
    context = {
        # A check, or the import itself (the report says which it was, once there is one).
        "is_check": item.dry_run if working or not report else report.get("dry_run", False),
        "preset_label": preset.label if preset else report.get("preset", ""),
        "run": item,
        "kind_label": KIND_LABELS.get(item.kind, item.kind),
        "report": report,
        "working": working,
        "percent": round(100 * item.rows_done / item.rows_total) if item.rows_total else 0,
        "checked": item.state == ImportState.CHECKED and report.get("dry_run"),
        "can_import": (
            item.state == ImportState.CHECKED
            and kept
            and (not report.get("error_count") or item.good_rows)
        ),
        "can_remap": item.state in (ImportState.UPLOADED, ImportState.CHECKED) and kept,
    }
    return render_part(request, "imports/run.html", "status", context)


@require_POST
@workspace_view(min_role=Role.ADMIN)
def start(request, import_run_pk: int):
    """Import the checked file, in the background."""
    item = selectors.run_for(request.workspace, import_run_pk, with_file=True)
    if item.state != ImportState.CHECKED:
        messages.error(request, _("Check the file before importing it."))
        return redirect("imports:run", request.workspace.slug, item.pk)
    preset_name, saved = run_chosen(item)
    return _queue(request, item, dry_run=False, preset_name=preset_name, saved=saved)


@require_POST
@workspace_view(min_role=Role.ADMIN)
def undo(request, import_run_pk: int):
    item = selectors.run_for(request.workspace, import_run_pk)
    try:
        undone = import_undo(run=item, user=request.user)
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
    else:
        messages.success(
            request,
            _(
                "Import undone: %(removed)d records removed, %(restored)d restored, "
                "%(kept)d changed since and left as they are."
            )
            % {"removed": undone.removed, "restored": undone.restored, "kept": undone.kept},
        )
    return redirect("imports:run", request.workspace.slug, item.pk)
