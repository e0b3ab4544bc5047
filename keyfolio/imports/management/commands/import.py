"""`keyfolio import KIND FILE`: accounts, contacts, opportunities, revenue or scores
from a CRM's export or Keyfolio's own files (keyfolio.imports.services)."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from keyfolio.imports.engine import Options, Outcome
from keyfolio.imports.fields import KINDS
from keyfolio.imports.models import ImportMapping, ImportRun
from keyfolio.imports.presets import PRESETS
from keyfolio.imports.services import ImportRefused, file_import, import_undo, run_start
from keyfolio.workspaces.commands import add_workspace_argument, workspace_for_command


class Command(BaseCommand):
    help = (
        "Import accounts, contacts, opportunities, revenue or scores from a CSV, XLSX, "
        "HTML .xls (Bitrix24) or CommerceML XML (1C) file. The CRM is recognised from the "
        "header unless --preset names it (docs/import.md lists every column). Records are "
        "matched by the CRM's id, then tax ID, then name: running a file twice changes "
        "nothing. All or nothing: if a row is bad, nothing is imported unless --good-rows. "
        "Every import is logged and can be undone with --undo RUN."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", metavar="KIND", nargs="?", choices=KINDS, help=", ".join(KINDS))
        parser.add_argument("file", metavar="FILE", nargs="?", help="the file to import")
        parser.add_argument("--preset", choices=list(PRESETS), help="the CRM the file comes from")
        parser.add_argument("--mapping", metavar="NAME", help="a mapping saved in the web wizard")
        add_workspace_argument(parser)
        parser.add_argument(
            "--dry-run", action="store_true", help="check and report; write nothing"
        )
        parser.add_argument(
            "--good-rows", action="store_true", help="import the good rows even if others are bad"
        )
        parser.add_argument(
            "--probability",
            type=int,
            metavar="PERCENT",
            help="for open opportunities the file gives no probability for",
        )
        parser.add_argument(
            "--format", dest="output_format", choices=("text", "json"), default="text"
        )
        parser.add_argument("--undo", type=int, metavar="RUN", help="undo the import numbered RUN")

    def handle(
        self,
        *args,
        kind,
        file,
        preset,
        mapping,
        workspace,
        dry_run,
        good_rows,
        probability,
        output_format,
        undo,
        **options,
    ):
        workspace = workspace_for_command(workspace)
        if undo is not None:
            return self._undo(workspace, undo)
        if not kind or not file:
            raise CommandError(_("Give what to import and the file: keyfolio import KIND FILE."))
        if probability is not None and not 0 <= probability <= 100:
            raise CommandError(_("--probability is a percentage, from 0 to 100."))
        saved = None
        if mapping:
            saved = ImportMapping.objects.filter(
                workspace=workspace, kind=kind, name=mapping
            ).first()
            if saved is None:
                raise CommandError(
                    _("There is no saved mapping '%(name)s' for %(kind)s.")
                    % {"name": mapping, "kind": kind}
                )
        try:
            stream = open(file, "rb")  # noqa: SIM115 (closed below)
        except OSError as error:
            raise CommandError(
                _("Cannot read %(file)s: %(reason)s") % {"file": file, "reason": error.strerror}
            ) from None
        run = run_start(
            workspace=workspace, kind=kind, file_name=file, dry_run=dry_run, good_rows=good_rows
        )
        run_options = Options(dry_run=dry_run, good_rows=good_rows, probability=probability)
        with stream:
            try:
                outcome = file_import(
                    run=run, file=stream, options=run_options, preset_name=preset, saved=saved
                )
            except ImportRefused as refused:
                if output_format == "json":
                    self.stdout.write(
                        json.dumps(
                            run.report | {"kind": kind, "error_count": 1}, ensure_ascii=False
                        )
                    )
                raise CommandError(str(refused)) from None
        if output_format == "json":
            self.stdout.write(json.dumps(outcome.as_dict() | {"run": run.pk}, ensure_ascii=False))
        else:
            self._report(outcome, run, dry_run)
        if outcome.errors and not outcome.imported:
            raise CommandError(
                ngettext(
                    "Nothing was imported: %(count)d error.",
                    "Nothing was imported: %(count)d errors.",
                    len(outcome.errors),
                )
                % {"count": len(outcome.errors)}
                if not dry_run
                else _("The dry run found errors.")
            )

    def _report(self, outcome: Outcome, run: ImportRun, dry_run: bool) -> None:
        for error in outcome.errors.messages():
            self.stderr.write(error)
        for warning in outcome.warnings:
            self.stderr.write(_("warning: %(message)s") % {"message": warning})
        figures = {
            "preset": outcome.preset,
            "rows": outcome.rows,
            "created": outcome.created,
            "updated": outcome.updated,
            "unchanged": outcome.unchanged,
            "run": run.pk,
        }
        if dry_run:
            message = _(
                "Dry run (%(preset)s, rows: %(rows)d): would create %(created)d, update "
                "%(updated)d, leave %(unchanged)d unchanged. Nothing was written."
            )
        elif outcome.imported:
            message = _(
                "Imported (%(preset)s, rows: %(rows)d): %(created)d created, %(updated)d updated, "
                "%(unchanged)d unchanged. Undo with: keyfolio import --undo %(run)d"
            )
        else:
            return
        self.stdout.write(self.style.SUCCESS(message % figures))
        if outcome.ignored:
            self.stdout.write(
                _("Columns not imported: %(names)s") % {"names": ", ".join(outcome.ignored)}
            )

    def _undo(self, workspace, pk: int) -> None:
        run = ImportRun.objects.filter(workspace=workspace, pk=pk).first()
        if run is None:
            raise CommandError(_("There is no import %(run)d in this workspace.") % {"run": pk})
        from django.core.exceptions import ValidationError

        try:
            undone = import_undo(run=run)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Undone: %(removed)d records removed, %(restored)d restored, %(kept)d "
                    "changed since and left as they are."
                )
                % {"removed": undone.removed, "restored": undone.restored, "kept": undone.kept}
            )
        )
