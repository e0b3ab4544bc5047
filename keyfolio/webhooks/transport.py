"""One POST to a receiver, refusing what a webhook must not reach.

Only http and https; the host is resolved once and every address it gives must be a
global one (not private, loopback, link-local, shared, reserved or multicast) unless the
webhook allows private addresses. The connection goes to the address checked, not to the
name again, so a DNS answer that changes between the check and the connection (DNS
rebinding) cannot lead it inside. HTTPS still verifies the certificate against the
host's name. Redirects are not followed (http.client never does): a 3xx is a failure.
"""

import http.client
import ipaddress
import socket
import ssl
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

TIMEOUT = 10  # seconds, for the connection and for each read
ERROR_LENGTH = 300


class Refused(Exception):
    """The URL is one a webhook may not call; the message says why."""


@dataclass(frozen=True)
class Response:
    status: int


def _is_global(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def resolve(host: str, port: int, *, allow_private: bool) -> str:
    """The address to connect to: the first the host resolves to, once every one of them
    passed the check."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise Refused(
            _("The host name could not be resolved: %(error)s") % {"error": error}
        ) from None
    addresses = [str(info[4][0]) for info in found]
    if not addresses:
        raise Refused(_("The host name could not be resolved."))
    if not allow_private:
        for address in addresses:
            if not _is_global(address):
                raise Refused(
                    _("%(address)s is a private or reserved address; only public ones are allowed.")
                    % {"address": address}
                )
    return addresses[0]


class _HTTPConnection(http.client.HTTPConnection):
    def __init__(self, host: str, port: int, *, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class _HTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, *, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self.address = address

    def connect(self) -> None:
        sock = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


def check_url(url: str) -> tuple[str, str, int, str]:
    """The scheme, host, port and path (with the query) of a URL a webhook may have."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise Refused(_("Only http:// and https:// addresses are allowed."))
    if parts.username or parts.password:
        raise Refused(_("The address may not contain a user name or password."))
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise Refused(_("The port is not a number.")) from None
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return parts.scheme, parts.hostname, port, path


def post(url: str, *, body: bytes, headers: dict[str, str], allow_private: bool) -> Response:
    """POST `body`; the receiver's status, or Refused, or OSError (timeouts among them)
    and http.client.HTTPException when the connection fails."""
    scheme, host, port, path = check_url(url)
    address = resolve(host, port, allow_private=allow_private)
    kind = _HTTPSConnection if scheme == "https" else _HTTPConnection
    connection = kind(host, port, address=address, timeout=TIMEOUT)
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        response.read(4096)  # a little of the answer, then hang up: it is not read
        return Response(response.status)
    finally:
        connection.close()
