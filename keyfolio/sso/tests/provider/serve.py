"""Run the test OpenID provider: `python -m keyfolio.sso.tests.provider.serve REDIRECT_URI`.

It migrates its own SQLite database (PROVIDER_DB), makes a signing key, registers
Keyfolio as a confidential client that may come back to REDIRECT_URI, creates PEOPLE,
then serves on a free port of 127.0.0.1 and prints "PORT <n>" once it listens.
"""

import os
import sys
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server


class ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):  # The tests' output is no access log.
        pass


def set_up(redirect_uri: str) -> None:
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from oidc_provider.models import Client, ResponseType

    from keyfolio.sso.tests.provider.people import CLIENT_ID, CLIENT_SECRET, PASSWORD, PEOPLE

    call_command("migrate", verbosity=0)
    call_command("creatersakey", stdout=open(os.devnull, "w"))  # noqa: SIM115
    client = Client.objects.create(
        name="Keyfolio",
        client_type="confidential",
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        jwt_alg="RS256",
        require_consent=True,
        reuse_consent=False,
    )
    client.redirect_uris = [redirect_uri]
    client.save()
    client.response_types.add(ResponseType.objects.get(value="code"))
    for username in PEOPLE:
        User.objects.create_user(username, password=PASSWORD)


def main() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "keyfolio.sso.tests.provider.settings"
    import django
    from django.core.wsgi import get_wsgi_application

    django.setup()
    set_up(sys.argv[1])
    server = make_server(
        "127.0.0.1", 0, get_wsgi_application(), ThreadingServer, handler_class=QuietHandler
    )
    print(f"PORT {server.server_port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
