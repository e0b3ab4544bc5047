import os
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = (
        "Serve Keyfolio with gunicorn, production-style: refuses the development SECRET_KEY "
        "(unless DEBUG), collects the static files, then hands over to gunicorn with "
        "threaded workers (SERVE_WORKERS processes of SERVE_THREADS threads each) and the "
        "request timeout REQUEST_TIMEOUT_SECONDS; see docs/deployment.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--workers", type=int, help="gunicorn worker processes (default: SERVE_WORKERS)"
        )
        parser.add_argument(
            "--threads", type=int, help="threads per worker process (default: SERVE_THREADS)"
        )
        parser.add_argument(
            "--no-collectstatic",
            action="store_true",
            help="serve the static files collected before (as the Docker image does at build)",
        )

    def handle(self, *args, host, port, workers, threads, no_collectstatic, **options):
        # The development SECRET_KEY was refused before this, by the system checks that
        # every command runs (keyfolio/core/checks.py).
        workers = settings.SERVE_WORKERS if workers is None else workers
        threads = settings.SERVE_THREADS if threads is None else threads
        if workers < 1:
            raise CommandError(_("--workers must be at least 1."))
        if threads < 1:
            raise CommandError(_("--threads must be at least 1."))
        if not no_collectstatic:
            call_command("collectstatic", interactive=False, verbosity=0)
        bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        self.stdout.write(_("Serving Keyfolio on http://%(bind)s") % {"bind": bind})
        sys.stdout.flush()
        # Replace this process with gunicorn, so that signals from a process
        # supervisor (systemd, Docker) reach the server directly.
        arguments = gunicorn_arguments(bind=bind, workers=workers, threads=threads)
        os.execv(
            sys.executable,
            [sys.executable, "-m", "gunicorn", "keyfolio.wsgi:application", *arguments],
        )


def gunicorn_arguments(*, bind: str, workers: int, threads: int) -> list[str]:
    """gunicorn's options for Keyfolio (docs/deployment.md says why).

    Threaded workers (gthread): each request has a thread of its own, so a slow one (a
    big export, a square of 100,000 accounts) holds one thread, not a worker that fast
    requests would queue behind. The timeout is the request budget: with threads it stops
    a worker only when the worker itself hangs, while the database stops a request's
    queries past the budget (keyfolio/core/timeouts.py). On a restart or stop, requests in
    flight get as long again to finish."""
    timeout = str(settings.REQUEST_TIMEOUT_SECONDS)
    return [
        "--bind",
        bind,
        "--worker-class",
        "gthread",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--timeout",
        timeout,
        "--graceful-timeout",
        timeout,
        "--access-logfile",
        "-",
    ]
