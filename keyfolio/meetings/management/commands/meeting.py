import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from keyfolio.accounts.commands import account_for_command
from keyfolio.meetings.prefill import call_plan_prefill
from keyfolio.workspaces.commands import add_workspace_argument, workspace_for_command


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(_("Give the date as YYYY-MM-DD.")) from None


class Command(BaseCommand):
    help = (
        "Meeting preparation. `meeting plan --account NAME --date YYYY-MM-DD --format json` "
        "prints what the dossier suggests for a meeting's call plan: account, date, "
        "attendees, questions, objections and open_actions."
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        plan = actions.add_parser("plan", help="print the prefilled call plan")
        plan.add_argument("--account", required=True, metavar="NAME", help="id or name")
        plan.add_argument("--date", required=True, metavar="YYYY-MM-DD", type=str)
        plan.add_argument("--format", dest="output_format", choices=["json"], default="json")
        add_workspace_argument(plan)

    def handle(self, *args, action, account, date, workspace, **options):
        found = account_for_command(workspace_for_command(workspace), account)
        prefill = call_plan_prefill(found, on=_day(date), today=timezone.localdate())
        self.stdout.write(json.dumps(prefill.as_json(), ensure_ascii=False, indent=2))
