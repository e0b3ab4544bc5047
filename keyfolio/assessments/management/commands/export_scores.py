from django.core.management.base import BaseCommand

from keyfolio.accounts.models import Account
from keyfolio.assessments.exports import (
    SCORES_SHEET,
    SCORES_WIDTHS,
    scores_export_fields,
    scores_records,
)
from keyfolio.core.commands import add_export_arguments, write_export
from keyfolio.workspaces.commands import add_workspace_argument, workspace_for_command


class Command(BaseCommand):
    help = (
        "Write every assessment of the active accounts in the columns `keyfolio import-scores` "
        "reads: account, assessed_on, assessor, note and one column per criterion key of the "
        "current methodology (blank: not assessed). CSV goes to the standard output unless "
        "--output FILE is given; XLSX needs --output FILE."
    )

    def add_arguments(self, parser):
        add_workspace_argument(parser)
        add_export_arguments(parser)

    def handle(self, *args, workspace, output_format, output, **options):
        workspace = workspace_for_command(workspace)
        fields = scores_export_fields(workspace)
        write_export(
            self,
            scores_records(Account.objects.in_workspace(workspace), fields=fields),
            fields=fields,
            output_format=output_format,
            output=output,
            title=SCORES_SHEET,
            widths=SCORES_WIDTHS,
        )
