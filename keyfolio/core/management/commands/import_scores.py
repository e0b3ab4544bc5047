from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from keyfolio.assessments.imports import (
    TableError,
    scores_import_parse,
    scores_import_save,
    scores_table_read,
)
from keyfolio.core.management.helpers import add_workspace_argument, workspace_for_command


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
        try:
            with open(file, "rb") as stream:
                table = scores_table_read(stream)
        except OSError as error:
            raise CommandError(
                _("Cannot read %(file)s: %(reason)s") % {"file": file, "reason": error.strerror}
            ) from None
        except TableError as error:
            raise CommandError(str(error)) from None

        parsed = scores_import_parse(workspace=workspace, table=table)
        if parsed.errors:
            for row_error in parsed.errors:
                self.stderr.write(str(row_error))
            count = len(parsed.errors)
            raise CommandError(
                ngettext(
                    "Nothing was imported: %(count)d error.",
                    "Nothing was imported: %(count)d errors.",
                    count,
                )
                % {"count": count}
            )
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
