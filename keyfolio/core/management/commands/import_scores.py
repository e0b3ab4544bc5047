from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from keyfolio.assessments.imports import (
    scores_import_parse,
    scores_import_save,
)
from keyfolio.core.management.helpers import (
    add_workspace_argument,
    read_table_for_command,
    refuse_import,
    workspace_for_command,
)


class Command(BaseCommand):
    help = (
        "Import assessments from a CSV (UTF-8, comma or semicolon) or XLSX file (first sheet). "
        "Columns: account, assessed_on (YYYY-MM-DD), assessor (a member's e-mail, optional), "
        "note (optional) and one column per criterion key; a blank cell is 'not assessed'. "
        "Accounts that do not exist are created. All or nothing: if any row is bad, every "
        "error is printed with its line number and nothing is imported."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="the CSV or XLSX file")
        add_workspace_argument(parser)

    def handle(self, *args, file, workspace, **options):
        workspace = workspace_for_command(workspace)
        table = read_table_for_command(file)

        parsed = scores_import_parse(workspace=workspace, table=table)
        refuse_import(self, parsed.errors)
        result = scores_import_save(workspace=workspace, rows=parsed.rows)
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Imported %(assessments)d assessments into '%(slug)s'; "
                    "%(accounts)d new accounts were created."
                )
                % {
                    "assessments": result.assessments,
                    "accounts": result.new_accounts,
                    "slug": workspace.slug,
                }
            )
        )
