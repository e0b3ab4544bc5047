import sys
import time
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from keyfolio.operations.backups import BackupError, backup_migrations, backup_restore
from keyfolio.operations.schema import migration_names, pending_migrations, unknown_migrations


class Command(BaseCommand):
    help = (
        "Replace the database with a backup made by `keyfolio backup`. Asks first (type "
        "yes), or --yes. Refuses a backup from a newer Keyfolio; a backup from an older one "
        "is migrated to this version right after the restore."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", type=Path, help="the backup to restore")
        parser.add_argument(
            "--yes", action="store_true", help="replace the database without asking"
        )

    def handle(self, *args, file: Path, yes: bool, **options):
        try:
            unknown = unknown_migrations(backup_migrations(file))
        except BackupError as error:
            raise CommandError(str(error)) from error
        if unknown:
            raise CommandError(
                _(
                    "%(path)s comes from a newer Keyfolio: it has migrations this version "
                    "does not know (%(names)s). Upgrade Keyfolio first, then restore it."
                )
                % {"path": file, "names": migration_names(unknown)}
            )
        if not yes:
            self._confirm(file)

        start = time.perf_counter()
        try:
            backup_restore(file)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            _("Restored %(path)s into %(database)s in %(seconds).1f s.")
            % {"path": file, "database": self._database(), "seconds": time.perf_counter() - start}
        )
        self._migrate()
        self.stdout.write(_("Run `keyfolio check-db` to check the restored database."))

    def _database(self) -> str:
        return str(connection.settings_dict["NAME"])

    def _confirm(self, file: Path) -> None:
        # Without a terminal (cron, a pipe, CI) nobody can answer: refuse at once rather
        # than wait for input that never comes, or read a "yes" meant for something else.
        if not sys.stdin.isatty():
            raise CommandError(
                _(
                    "Restoring replaces everything in %(database)s, and there is no terminal "
                    "to ask on. Add --yes to go ahead."
                )
                % {"database": self._database()}
            )
        self.stdout.write(
            # Translators: the person must type the English word "yes" whatever the language.
            _("This replaces everything in %(database)s with %(path)s. Type yes to go on: ")
            % {"database": self._database(), "path": file},
            ending="",
        )
        self.stdout.flush()
        if sys.stdin.readline().strip().lower() != "yes":
            raise CommandError(_("Restore cancelled: nothing was changed."))

    def _migrate(self) -> None:
        # A backup from an older Keyfolio is brought up to this version at once, so that
        # the app works right after the restore (what `keyfolio init` would do, without
        # its other set-up).
        pending = pending_migrations(connection)
        if not pending:
            return
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write(
            ngettext(
                "Brought it up to this version: applied %(count)d migration (%(names)s).",
                "Brought it up to this version: applied %(count)d migrations (%(names)s).",
                len(pending),
            )
            % {"count": len(pending), "names": migration_names(pending)}
        )
