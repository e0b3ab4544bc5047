"""Signatures as the Standard Webhooks specification has them (standardwebhooks.com).

The secret is "whsec_" followed by base64 of 24 random bytes; the key is those bytes.
A message is signed over "{webhook-id}.{webhook-timestamp}.{body}" with HMAC-SHA256,
and the `webhook-signature` header carries "v1," and the base64 of the digest.
"""

import base64
import hashlib
import hmac
import secrets

PREFIX = "whsec_"


def new_secret() -> str:
    return PREFIX + base64.b64encode(secrets.token_bytes(24)).decode()


def secret_key(secret: str) -> bytes:
    return base64.b64decode(secret.removeprefix(PREFIX))


def signature(secret: str, *, message_id: str, timestamp: int, body: bytes) -> str:
    """The value of the `webhook-signature` header."""
    signed = f"{message_id}.{timestamp}.".encode() + body
    digest = hmac.new(secret_key(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def headers(secret: str, *, message_id: str, timestamp: int, body: bytes) -> dict[str, str]:
    """The headers of one attempt to send `body`."""
    return {
        "Content-Type": "application/json",
        "User-Agent": "Keyfolio-Webhooks/1",
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signature(
            secret, message_id=message_id, timestamp=timestamp, body=body
        ),
    }
