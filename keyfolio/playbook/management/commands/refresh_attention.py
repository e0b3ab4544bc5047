import sys
import time

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from keyfolio.playbook.refresh import checks_refresh_all, checks_refresh_stale
from keyfolio.workspaces.commands import workspace_by_slug


class Command(BaseCommand):
    help = (
        "Compute every playbook check of every active account again and store it for the "
        "attention list: of one workspace with --workspace, else of all of them. With "
        "--stale, only the accounts not yet computed for today (what the worker does every "
        "night, and `keyfolio init` after an upgrade). Safe to run at any time; writes "
        "500 accounts per transaction."
    )

    def add_arguments(self, parser):
        parser.add_argument("--workspace", metavar="SLUG", help="only this workspace")
        parser.add_argument(
            "--stale",
            action="store_true",
            help="only the accounts whose checks were not computed for today",
        )

    def handle(self, *args, workspace, stale, verbosity, **options):
        chosen = workspace_by_slug(workspace) if workspace else None
        today = timezone.localdate()
        start = time.monotonic()
        progress = self.progress if verbosity > 0 and sys.stderr.isatty() else None
        if stale:
            count = checks_refresh_stale(today=today, workspace=chosen, progress=progress)
        else:
            count = checks_refresh_all(chosen, today=today, progress=progress)
        if progress is not None:
            self.stderr.write("")
        self.stdout.write(
            _("Refreshed the checks of %(count)d accounts in %(seconds).1f s.")
            % {"count": count, "seconds": time.monotonic() - start}
        )

    def progress(self, done: int, total: int) -> None:
        self.stderr.write(
            "\r" + _("%(done)d of %(total)d accounts") % {"done": done, "total": total}, ending=""
        )
