from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from keyfolio.accounts.models import Account
from keyfolio.core.management.helpers import (
    add_workspace_argument,
    read_table_for_command,
    refuse_import,
    workspace_for_command,
)
from keyfolio.revenue.imports import revenue_import_parse, revenue_import_save


class Command(BaseCommand):
    help = (
        "Import monthly revenue from a CSV (UTF-8, comma or semicolon) or XLSX file (first "
        "sheet). Columns: account (an existing account's exact name), month (YYYY-MM), "
        "amount (12500, 12 500 or 12 500,50: spaces between thousands, a comma or a point "
        "only before the cents; negative for credit notes) and note (optional). Months "
        "already recorded are overwritten. All or nothing: if any row is bad, every error "
        "is printed with its line number and nothing is imported."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="the CSV or XLSX file")
        add_workspace_argument(parser)

    def handle(self, *args, file, workspace, **options):
        workspace = workspace_for_command(workspace)
        table = read_table_for_command(file)

        accounts = list(Account.objects.in_workspace(workspace))
        parsed = revenue_import_parse(accounts=accounts, table=table)
        refuse_import(self, parsed.errors)
        result = revenue_import_save(rows=parsed.rows)
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Imported %(months)d months of revenue for %(accounts)d accounts into "
                    "'%(slug)s': %(created)d new, %(overwritten)d overwritten."
                )
                % {
                    "months": result.months,
                    "accounts": result.accounts,
                    "slug": workspace.slug,
                    "created": result.created,
                    "overwritten": result.overwritten,
                }
            )
        )
