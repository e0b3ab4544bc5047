from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from keyfolio.assessments.imports import (
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
        "numbers and nothing is imported."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="the CSV or XLSX file")
        add_workspace_argument(parser)

    def handle(self, *args, file, workspace, **options):
        workspace = workspace_for_command(workspace)
        with table_for_command(file) as table:
            parsed = scores_import_parse(workspace=workspace, table=table)
        refuse_import(self, parsed.errors, table)
        result = scores_import_save(workspace=workspace, rows=parsed.rows)
        message = _(
            "Imported into '%(slug)s': %(created)d new assessments, %(unchanged)d unchanged; "
            "%(accounts)d new accounts were created."
        ) % {
            "created": result.assessments,
            "unchanged": parsed.unchanged,
            "accounts": result.new_accounts,
            "slug": workspace.slug,
        }
        self.stdout.write(self.style.SUCCESS(" ".join(filter(None, [message, table.read_as()]))))
