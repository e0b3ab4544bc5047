"""The signature, checked by an implementation of the Standard Webhooks verification
written here from the specification, not by keyfolio.webhooks.signing."""

import base64
import hashlib
import hmac
import json

from keyfolio.webhooks.services import delivery_attempt, webhook_send_test


def verify(secret: str, headers: dict[str, str], body: bytes) -> bool:
    key = base64.b64decode(secret[len("whsec_") :])
    content = headers["webhook-id"] + "." + headers["webhook-timestamp"] + "." + body.decode()
    expected = base64.b64encode(hmac.new(key, content.encode(), hashlib.sha256).digest())
    for candidate in headers["webhook-signature"].split(" "):
        version, _, value = candidate.partition(",")
        if version == "v1" and hmac.compare_digest(value.encode(), expected):
            return True
    return False


def test_it_generates_a_standard_secret(hook):
    assert hook.secret.startswith("whsec_")
    assert len(base64.b64decode(hook.secret.removeprefix("whsec_"))) == 24


def test_the_receiver_gets_a_post_it_can_verify(hook, receiver, django_capture_on_commit_callbacks):
    delivery = webhook_send_test(webhook=hook)

    assert delivery_attempt(delivery.pk) == "delivered"

    [got] = receiver.received
    assert got.path == "/ok"
    assert got.headers["content-type"] == "application/json"
    assert got.headers["webhook-id"] == delivery.message_id
    assert abs(int(got.headers["webhook-timestamp"]) - delivery.created_at.timestamp()) < 60
    assert verify(hook.secret, got.headers, got.body)
    message = json.loads(got.body)
    assert message["type"] == "webhook.test"
    assert message["data"] == {"workspace": "acme", "webhook_id": hook.pk}
    assert message["timestamp"].startswith(str(delivery.created_at.year))


def test_a_tampered_body_does_not_verify(hook, receiver):
    delivery = webhook_send_test(webhook=hook)
    delivery_attempt(delivery.pk)
    [got] = receiver.received
    assert not verify(hook.secret, got.headers, got.body.replace(b"acme", b"acmf"))
    assert not verify("whsec_" + base64.b64encode(b"x" * 24).decode(), got.headers, got.body)
