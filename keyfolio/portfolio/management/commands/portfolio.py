from django.core.management.base import BaseCommand

from keyfolio.accounts.models import Account
from keyfolio.core.commands import add_export_arguments, write_export
from keyfolio.portfolio.exports import (
    PORTFOLIO_FIELDS,
    PORTFOLIO_SHEET,
    PORTFOLIO_WIDTHS,
    portfolio_records,
)
from keyfolio.workspaces.commands import add_workspace_argument, workspace_for_command


class Command(BaseCommand):
    help = (
        "Print every active account with its current assessment: account, assessed_on, "
        "client_index, our_index, zone, completeness (indices unrounded, 0-100; completeness "
        "0-1; empty for accounts never assessed), as JSON, CSV or XLSX (with --output FILE)."
    )

    def add_arguments(self, parser):
        add_workspace_argument(parser)
        add_export_arguments(parser, formats=("json", "csv", "xlsx"))

    def handle(self, *args, workspace, output_format, output, **options):
        accounts = Account.objects.in_workspace(workspace_for_command(workspace))
        write_export(
            self,
            portfolio_records(accounts),
            fields=PORTFOLIO_FIELDS,
            output_format=output_format,
            output=output,
            title=PORTFOLIO_SHEET,
            widths=PORTFOLIO_WIDTHS,
        )
