import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from keyfolio.accounts.commands import account_for_command
from keyfolio.accounts.models import Account
from keyfolio.stakeholders.models import Contact
from keyfolio.surveys.selectors import account_satisfaction
from keyfolio.surveys.services import survey_send
from keyfolio.workspaces.commands import add_workspace_argument, workspace_for_command


class Command(BaseCommand):
    help = (
        "Satisfaction surveys. `survey send --account NAME --to EMAIL [--lang en|ru]` sends "
        "the relationship survey to that contact of the account now, through the configured "
        "mail backend (with the file backend the link is in the file). `survey results "
        "--account NAME --format json` prints the account's figures over the last 12 months: "
        "account, responses, nps, csat, response_rate, last_answered."
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        send = actions.add_parser("send", help="send the survey to one contact")
        send.add_argument("--account", required=True, metavar="NAME", help="id or name")
        send.add_argument("--to", required=True, metavar="EMAIL", help="the contact's e-mail")
        send.add_argument(
            "--lang",
            choices=[code for code, _name in settings.LANGUAGES],
            help="the survey's language (by default the contact's)",
        )
        add_workspace_argument(send)
        results = actions.add_parser("results", help="print an account's figures")
        results.add_argument("--account", required=True, metavar="NAME", help="id or name")
        results.add_argument("--format", dest="output_format", choices=["json"], default="json")
        add_workspace_argument(results)

    def handle(self, *args, action, account, workspace, **options):
        found = account_for_command(workspace_for_command(workspace), account)
        if action == "send":
            self.send(found, options["to"], options["lang"])
        else:
            self.results(found)

    def send(self, account: Account, email: str, language: str | None) -> None:
        contact = (
            Contact.objects.filter(account=account, email__iexact=email.strip())
            .order_by("-active", "pk")
            .first()
        )
        if contact is None:
            raise CommandError(
                _("%(email)s is not a contact of '%(account)s'.")
                % {"email": email, "account": account.name}
            )
        report = survey_send(
            workspace=account.workspace, contacts=[contact], by=None, language=language, queue=False
        )
        if report.skipped:
            skipped = report.skipped[0]
            raise CommandError(
                _("Not sent to %(name)s: %(reason)s.")
                % {"name": skipped.contact.name, "reason": skipped.text}
            )
        invitation = report.invitations[0]
        invitation.refresh_from_db()
        if invitation.bounced_at:
            raise CommandError(
                _("The mail server refused %(email)s: %(reason)s")
                % {"email": invitation.email, "reason": invitation.bounce_reason}
            )
        self.stdout.write(
            self.style.SUCCESS(
                _("Sent the survey to %(name)s <%(email)s>.")
                % {"name": contact.name, "email": invitation.email}
            )
        )

    def results(self, account: Account) -> None:
        satisfaction = account_satisfaction(account, today=timezone.localdate())
        last = satisfaction.last_answered
        record = {
            "account": account.name,
            "responses": satisfaction.responses,
            "nps": _rounded(satisfaction.nps),
            "csat": _rounded(satisfaction.csat),
            "response_rate": _rounded(satisfaction.response_rate),
            "last_answered": timezone.localtime(last).isoformat() if last else None,
        }
        self.stdout.write(json.dumps(record, ensure_ascii=False, indent=2))


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 1)
