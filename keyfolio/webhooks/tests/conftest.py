"""A receiver on 127.0.0.1 that records what it gets and answers with the status its
path asks for (/ok → 200, /status/500 → 500, /status/302 → 302 to /ok)."""

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from keyfolio.webhooks.services import webhook_create


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    base: str
    received: list[Received] = field(default_factory=list)

    def url(self, path: str = "/ok") -> str:
        return self.base + path


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    got: list[Received] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", 0))
            got.append(
                Received(
                    self.path,
                    {k.lower(): v for k, v in self.headers.items()},
                    self.rfile.read(length),
                )
            )
            status = int(self.path.rsplit("/", 1)[1]) if self.path.startswith("/status/") else 200
            self.send_response(status)
            if status == 302:
                self.send_header("Location", "/ok")
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Receiver(f"http://127.0.0.1:{server.server_address[1]}", got)
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def hook(world, receiver):
    """A webhook of Acme to the local receiver, private addresses allowed, every event."""
    from keyfolio.webhooks.models import EventType

    return webhook_create(
        workspace=world.workspace,
        url=receiver.url(),
        events=list(EventType.values),
        allow_private=True,
    )
