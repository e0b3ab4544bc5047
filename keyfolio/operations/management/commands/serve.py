import os
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = (
        "Serve Keyfolio with gunicorn, production-style: refuses the development SECRET_KEY "
        "(unless DEBUG), collects the static files, then hands over to gunicorn."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")

    def handle(self, *args, host, port, workers, **options):
        # The development SECRET_KEY was refused before this, by the system checks that
        # every command runs (keyfolio/core/checks.py).
        if workers < 1:
            raise CommandError(_("--workers must be at least 1."))
        call_command("collectstatic", interactive=False, verbosity=0)
        bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        self.stdout.write(_("Serving Keyfolio on http://%(bind)s") % {"bind": bind})
        sys.stdout.flush()
        # Replace this process with gunicorn, so that signals from a process
        # supervisor (systemd, Docker) reach the server directly.
        os.execv(
            sys.executable,
            [
                sys.executable,
                "-m",
                "gunicorn",
                "keyfolio.wsgi:application",
                "--bind",
                bind,
                "--workers",
                str(workers),
                "--access-logfile",
                "-",
            ],
        )
