from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

EXECV = "keyfolio.operations.management.commands.serve.os.execv"


@pytest.fixture
def production(settings, tmp_path):
    settings.DEBUG = False
    settings.SECRET_KEY = "a-real-secret-key-for-this-test-only-0123456789"
    settings.STATIC_ROOT = tmp_path / "static"
    # The storage production uses (conftest swaps in a plain one for the other tests):
    # it fails on any file that a static file names but we do not ship.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    return settings


def test_it_refuses_the_development_secret_key(production):
    production.SECRET_KEY = production.DEV_SECRET_KEY
    with mock.patch(EXECV) as execv, pytest.raises(CommandError, match=r"keyfolio\.E001"):
        # call_command skips the system checks unless asked; the console script runs them.
        call_command("serve", stdout=StringIO(), skip_checks=False)
    execv.assert_not_called()
    assert not production.STATIC_ROOT.exists()


def test_it_collects_static_files_and_hands_over_to_gunicorn(production):
    with mock.patch(EXECV) as execv:
        call_command(
            "serve", "--host", "0.0.0.0", "--port", "9000", "--workers", "2", stdout=StringIO()
        )

    assert (production.STATIC_ROOT / "keyfolio" / "css" / "keyfolio.css").exists()
    assert (production.STATIC_ROOT / "staticfiles.json").exists()
    program, argv = execv.call_args.args
    assert argv[0] == program
    assert argv[1:4] == ["-m", "gunicorn", "keyfolio.wsgi:application"]
    assert argv[argv.index("--bind") + 1] == "0.0.0.0:9000"
    assert argv[argv.index("--workers") + 1] == "2"


def option(argv: list[str], name: str) -> str:
    return argv[argv.index(name) + 1]


COLLECTSTATIC = "keyfolio.operations.management.commands.serve.call_command"


def test_it_runs_threaded_workers_with_the_request_timeout(production):
    production.SERVE_WORKERS, production.SERVE_THREADS = 5, 4
    production.REQUEST_TIMEOUT_SECONDS = 20
    with mock.patch(EXECV) as execv, mock.patch(COLLECTSTATIC):
        call_command("serve", stdout=StringIO())
    argv = execv.call_args.args[1]
    assert option(argv, "--worker-class") == "gthread"
    assert (option(argv, "--workers"), option(argv, "--threads")) == ("5", "4")
    assert option(argv, "--timeout") == option(argv, "--graceful-timeout") == "20"


def test_its_options_win_over_the_settings(production):
    production.SERVE_WORKERS, production.SERVE_THREADS = 5, 4
    with mock.patch(EXECV) as execv, mock.patch(COLLECTSTATIC):
        call_command("serve", "--workers", "1", "--threads", "8", stdout=StringIO())
    argv = execv.call_args.args[1]
    assert (option(argv, "--workers"), option(argv, "--threads")) == ("1", "8")


@pytest.mark.parametrize("flag", ["--workers", "--threads"])
def test_it_refuses_fewer_than_one_worker_or_thread(production, flag):
    with mock.patch(EXECV) as execv, pytest.raises(CommandError, match=f"{flag} must be"):
        call_command("serve", flag, "0", stdout=StringIO())
    execv.assert_not_called()


def test_it_allows_the_development_key_with_debug(production):
    production.SECRET_KEY = production.DEV_SECRET_KEY
    production.DEBUG = True
    with mock.patch(EXECV) as execv:
        call_command("serve", stdout=StringIO(), skip_checks=False)
    argv = execv.call_args.args[1]
    assert argv[argv.index("--bind") + 1] == "127.0.0.1:8000"
    assert argv[argv.index("--workers") + 1] == str(production.SERVE_WORKERS)


def test_it_serves_the_static_files_collected_before_when_told_to(production):
    with mock.patch(EXECV) as execv:
        call_command("serve", "--no-collectstatic", stdout=StringIO())

    assert not production.STATIC_ROOT.exists()
    execv.assert_called_once()
