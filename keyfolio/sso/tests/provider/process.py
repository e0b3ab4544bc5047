"""Start the test OpenID provider (serve.py) in a process of its own, and stop it."""

import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def running_provider(redirect_uri: str) -> Iterator[str]:
    """The provider's issuer URL while it runs, for a client that comes back to
    `redirect_uri`."""
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "PROVIDER_DB": str(Path(folder) / "provider.sqlite3")}
        env.pop("DJANGO_SETTINGS_MODULE", None)
        process = subprocess.Popen(
            [sys.executable, "-m", "keyfolio.sso.tests.provider.serve", redirect_uri],
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            assert process.stdout is not None
            line = process.stdout.readline()  # "PORT <n>" once it listens, "" if it died
            assert line.startswith("PORT "), f"The test provider did not start: {line!r}"
            yield f"http://127.0.0.1:{line.split()[1]}/openid"
        finally:
            process.terminate()
            process.wait(timeout=10)
