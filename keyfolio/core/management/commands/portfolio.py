import io
import json

from django.core.management.base import BaseCommand

from keyfolio.core.exports import portfolio_records, records_write_csv
from keyfolio.core.management.helpers import add_workspace_argument, workspace_for_command


class Command(BaseCommand):
    help = (
        "Print every active account with its current assessment: account, assessed_on, "
        "client_index, our_index, zone, completeness (indices unrounded, 0-100; completeness "
        "0-1; empty for accounts never assessed)."
    )

    def add_arguments(self, parser):
        add_workspace_argument(parser)
        parser.add_argument(
            "--format", dest="output_format", choices=["json", "csv"], default="json"
        )

    def handle(self, *args, workspace, output_format, **options):
        records = portfolio_records(workspace_for_command(workspace))
        if output_format == "csv":
            buffer = io.StringIO()
            records_write_csv(records, buffer)
            self.stdout.write(buffer.getvalue(), ending="")
        else:
            self.stdout.write(json.dumps(records, ensure_ascii=False, indent=2))
