import json
from collections.abc import Iterable
from textwrap import indent

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from keyfolio.playbook.queue import AttentionItem, AttentionQueue, Scope
from keyfolio.playbook.workqueue import AccountGroup, WorkQueue
from keyfolio.workspaces.commands import add_workspace_argument, workspace_for_command
from keyfolio.workspaces.models import Membership, Workspace


class Command(BaseCommand):
    help = (
        "Print what needs attention this week, as the attention page lists it: one record per "
        "account, in the work queue's order, with its most urgent item's keys account, check, "
        "severity (red|amber), reason, suggestion (in English), then more (how many items "
        "more it has) and snoozed (how many of its checks are snoozed). With --all, the flat "
        "list instead: one record per item (every red and amber check not snoozed and every "
        "action due within a week or overdue) with exactly the keys account, check, "
        "severity, reason, suggestion, as before; actions have the check action_due or "
        "action_overdue. --format text prints one line per record. With --user, that "
        "member's accounts and actions; without it, the whole workspace as a director sees it."
    )

    def add_arguments(self, parser):
        add_workspace_argument(parser)
        parser.add_argument("--user", metavar="EMAIL", help="a member of the workspace")
        parser.add_argument(
            "--format", dest="output_format", choices=["json", "text"], default="json"
        )
        parser.add_argument(
            "--all", dest="flat", action="store_true", help="one record per item, not per account"
        )

    def handle(self, *args, workspace, user, output_format, flat, **options):
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
            viewer: Membership | Workspace = membership
            scope = Scope.of(membership.user)
        else:
            viewer, scope = workspace, Scope.whole_team()
        queue: Iterable[AttentionItem | AccountGroup] = (
            AttentionQueue(viewer, today=today, scope=scope)
            if flat
            else WorkQueue(viewer, today=today, scope=scope)
        )
        # Records are for scripts and integrations: always the same language.
        with translation.override("en"):
            if output_format == "text":
                self.write_text(queue)
            else:
                self.write_json(queue)

    def write_text(self, rows: Iterable[AttentionItem | AccountGroup]) -> None:
        """One line per record: severity, account, check: reason, and for an account how
        many items more and snoozed."""
        for row in rows:
            record = row.as_record()
            extra = []
            if record.get("more"):
                extra.append(f"+{record['more']} more")
            if record.get("snoozed"):
                extra.append(f"{record['snoozed']} snoozed")
            tail = f" ({', '.join(extra)})" if extra else ""
            self.stdout.write(
                f"{record['severity']:<6} {record['account']} — {record['check']}: "
                f"{record['reason']}{tail}"
            )

    def write_json(self, rows: Iterable[AttentionItem | AccountGroup]) -> None:
        """A JSON array, as json.dumps(records, indent=2) writes it, one record at a
        time: the queue is read in chunks, so memory does not grow with it."""
        first = True
        for item in rows:
            record = json.dumps(item.as_record(), ensure_ascii=False, indent=2)
            self.stdout.write(("[\n" if first else ",\n") + indent(record, "  "), ending="")
            first = False
        self.stdout.write("[]" if first else "\n]")
