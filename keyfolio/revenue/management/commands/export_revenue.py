from django.core.management.base import BaseCommand

from keyfolio.accounts.models import Account
from keyfolio.core.commands import add_export_arguments, write_export
from keyfolio.revenue.exports import (
    REVENUE_FIELDS,
    REVENUE_SHEET,
    REVENUE_WIDTHS,
    revenue_records,
)
from keyfolio.workspaces.commands import add_workspace_argument, workspace_for_command


class Command(BaseCommand):
    help = (
        "Write the monthly revenue of the active accounts in the columns "
        "`keyfolio import-revenue` reads: account, month (YYYY-MM), amount, note. CSV goes "
        "to the standard output unless --output FILE is given; XLSX needs --output FILE."
    )

    def add_arguments(self, parser):
        add_workspace_argument(parser)
        add_export_arguments(parser)

    def handle(self, *args, workspace, output_format, output, **options):
        accounts = Account.objects.in_workspace(workspace_for_command(workspace)).active()
        write_export(
            self,
            revenue_records(accounts),
            fields=REVENUE_FIELDS,
            output_format=output_format,
            output=output,
            title=REVENUE_SHEET,
            widths=REVENUE_WIDTHS,
        )
