import json
from collections.abc import Iterable
from textwrap import indent

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from keyfolio.playbook.queue import AttentionItem, AttentionQueue, Scope
from keyfolio.workspaces.commands import add_workspace_argument, workspace_for_command
from keyfolio.workspaces.models import Membership


class Command(BaseCommand):
    help = (
        "Print what needs attention this week: every red and amber playbook check and every "
        "action due within a week or overdue, most urgent first, one record per item with the "
        "keys account, check, severity (red|amber), reason, suggestion (in English). Actions "
        "have the check action_due or action_overdue. With --user, that member's accounts and "
        "actions; without it, the whole workspace as a director sees it."
    )

    def add_arguments(self, parser):
        add_workspace_argument(parser)
        parser.add_argument("--user", metavar="EMAIL", help="a member of the workspace")
        parser.add_argument("--format", dest="output_format", choices=["json"], default="json")

    def handle(self, *args, workspace, user, output_format, **options):
        workspace = workspace_for_command(workspace)
        today = timezone.localdate()
        if user:
            membership = (
                Membership.objects.select_related("workspace", "user")
                .filter(workspace=workspace, user__email__iexact=user.strip())
                .first()
            )
            if membership is None:
                raise CommandError(
                    _("%(email)s is not a member of %(workspace)s.")
                    % {"email": user, "workspace": workspace.slug}
                )
            queue = AttentionQueue(membership, today=today, scope=Scope.of(membership.user))
        else:
            queue = AttentionQueue(workspace, today=today, scope=Scope.whole_team())
        # Records are for scripts and integrations: always the same language.
        with translation.override("en"):
            self.write_json(queue)

    def write_json(self, items: Iterable[AttentionItem]) -> None:
        """A JSON array, as json.dumps(records, indent=2) writes it, one record at a
        time: the queue is read in chunks, so memory does not grow with it."""
        first = True
        for item in items:
            record = json.dumps(item.as_record(), ensure_ascii=False, indent=2)
            self.stdout.write(("[\n" if first else ",\n") + indent(record, "  "), ending="")
            first = False
        self.stdout.write("[]" if first else "\n]")
