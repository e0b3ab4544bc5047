from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from keyfolio.assessments.imports import (
    ImportResult,
    ImportStopped,
    scores_import_parse,
    scores_import_save,
)
from keyfolio.core.commands import refuse_import, table_for_command
from keyfolio.workspaces.commands import add_workspace_argument, workspace_for_command


class Command(BaseCommand):
    help = (
        "Import assessments from a CSV (UTF-8, UTF-16, Windows-1251 or Windows-1252; comma, "
        "semicolon or tab) or XLSX file (first sheet). Columns: account, assessed_on "
        "(YYYY-MM-DD), assessor (a member's e-mail, optional), note (optional) and one column "
        "per criterion key; a blank cell is 'not assessed'. Accounts that do not exist are "
        "created. One assessment per account, date and assessor: a row equal to one already "
        "recorded (same scores and note) is left unchanged, so running a file twice changes "
        "nothing; a row for a recorded account, date and assessor with other scores or "
        "another note is an error, as is the same account, date and assessor twice in the "
        "file. All or nothing: if any row is bad, the errors are printed with their line "
        "numbers and nothing is imported. The rows are saved a thousand at a time "
        "(IMPORT_CHUNK_ROWS), so other users are not kept waiting; should the database "
        "refuse a chunk, the rows before it stay saved and running the file again saves "
        "the rest."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="the CSV or XLSX file")
        add_workspace_argument(parser)

    def handle(self, *args, file, workspace, **options):
        workspace = workspace_for_command(workspace)
        with table_for_command(file) as table:
            parsed = scores_import_parse(workspace=workspace, table=table)
        refuse_import(self, parsed.errors, table)
        try:
            result = scores_import_save(workspace=workspace, rows=parsed.rows)
        except ImportStopped as stopped:
            self.stdout.write(_message(stopped.saved, parsed.unchanged, workspace.slug))
            raise CommandError(str(stopped)) from None
        message = _message(result, parsed.unchanged, workspace.slug)
        self.stdout.write(self.style.SUCCESS(" ".join(filter(None, [message, table.read_as()]))))


def _message(result: ImportResult, unchanged: int, slug: str) -> str:
    return _(
        "Imported into '%(slug)s': %(created)d new assessments, %(unchanged)d unchanged; "
        "%(accounts)d new accounts were created."
    ) % {
        "created": result.assessments,
        "unchanged": unchanged,
        "accounts": result.new_accounts,
        "slug": slug,
    }
