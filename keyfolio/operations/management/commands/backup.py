import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from keyfolio.operations.backups import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Back up the database to FILE while Keyfolio runs: an SQLite copy made through "
        "SQLite's online backup API, or a pg_dump custom archive on PostgreSQL. The file "
        "holds the schema state too; `keyfolio restore FILE` puts it back."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", type=Path, help="where to write the backup")

    def handle(self, *args, file: Path, **options):
        start = time.perf_counter()
        try:
            backup_create(file)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            _("Backed up to %(path)s (%(size)s) in %(seconds).1f s.")
            % {
                "path": file.resolve(),
                "size": filesizeformat(file.stat().st_size),
                "seconds": time.perf_counter() - start,
            }
        )
