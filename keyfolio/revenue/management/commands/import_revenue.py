from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from keyfolio.accounts.models import Account
from keyfolio.core.commands import refuse_import, table_for_command
from keyfolio.revenue.imports import (
    ImportStopped,
    RevenueImportResult,
    revenue_import_parse,
    revenue_import_save,
)
from keyfolio.workspaces.commands import add_workspace_argument, workspace_for_command


class Command(BaseCommand):
    help = (
        "Import monthly revenue from a CSV (UTF-8, UTF-16, Windows-1251 or Windows-1252; "
        "comma, semicolon or tab) or XLSX file (first sheet). Columns: account (an existing "
        "account's exact name), month (YYYY-MM), amount (12500, 12 500 or 12 500,50: spaces "
        "between thousands, a comma or a point only before the cents; negative for credit "
        "notes) and note (optional). Months already recorded are overwritten, unless the row "
        "equals them: then they are left unchanged, so running a file twice changes nothing. "
        "All or nothing: if any row is bad, the errors are printed with their line numbers "
        "and nothing is imported. The rows are saved a thousand at a time "
        "(IMPORT_CHUNK_ROWS), so other users are not kept waiting; should the database "
        "refuse a chunk, the rows before it stay saved and running the file again saves "
        "the rest."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="the CSV or XLSX file")
        add_workspace_argument(parser)

    def handle(self, *args, file, workspace, **options):
        workspace = workspace_for_command(workspace)
        accounts = list(Account.objects.in_workspace(workspace))
        with table_for_command(file) as table:
            parsed = revenue_import_parse(accounts=accounts, table=table)
        refuse_import(self, parsed.errors, table)
        try:
            result = revenue_import_save(rows=parsed.rows)
        except ImportStopped as stopped:
            self.stdout.write(_message(stopped.saved, workspace.slug))
            raise CommandError(str(stopped)) from None
        message = _message(result, workspace.slug)
        self.stdout.write(self.style.SUCCESS(" ".join(filter(None, [message, table.read_as()]))))


def _message(result: RevenueImportResult, slug: str) -> str:
    return _(
        "Imported %(months)d months of revenue for %(accounts)d accounts into "
        "'%(slug)s': %(created)d new, %(overwritten)d overwritten, %(unchanged)d unchanged."
    ) % {
        "months": result.months,
        "accounts": result.accounts,
        "slug": slug,
        "created": result.created,
        "overwritten": result.overwritten,
        "unchanged": result.unchanged,
    }
