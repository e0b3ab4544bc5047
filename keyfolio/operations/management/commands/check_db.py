from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from keyfolio.operations.checks import database_check


class Command(BaseCommand):
    help = (
        "Check the database: on SQLite PRAGMA integrity_check and foreign_key_check; on "
        "PostgreSQL that every constraint is validated, every index valid and every "
        "foreign key finds its row; on both, that the applied migrations match this code. "
        "Exits non-zero and lists the problems when something is wrong."
    )

    def handle(self, *args, **options):
        self.stdout.write(
            _("Checking the %(vendor)s database %(name)s.")
            % {"vendor": connection.display_name, "name": connection.settings_dict["NAME"]}
        )
        report = database_check(connection)
        for line in report.checked:
            self.stdout.write(f"  {line}")
        if not report.problems:
            self.stdout.write(self.style.SUCCESS(_("No problems found.")))
            return
        for problem in report.problems:
            self.stdout.write(self.style.ERROR(f"  {problem}"))
        raise CommandError(
            ngettext("%(count)d problem found.", "%(count)d problems found.", len(report.problems))
            % {"count": len(report.problems)}
        )
