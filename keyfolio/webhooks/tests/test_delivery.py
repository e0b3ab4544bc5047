"""Sending a message: success, retries with back-off, redirects, refused addresses, and a
webhook turned off after failing, with its admins told."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from keyfolio.webhooks import transport
from keyfolio.webhooks.models import DeliveryStatus, Webhook, WebhookDelivery
from keyfolio.webhooks.services import (
    BACKOFF,
    MAX_ATTEMPTS,
    delivery_attempt,
    delivery_redeliver,
    webhook_create,
    webhook_send_test,
)


def _point(hook: Webhook, url: str) -> Webhook:
    hook.url = url
    hook.save(update_fields=["url"])
    return hook


def test_it_delivers_once(hook, receiver):
    delivery = webhook_send_test(webhook=hook)
    assert delivery_attempt(delivery.pk) == DeliveryStatus.DELIVERED
    # A second run of the task (a retry, a second worker) finds it sent.
    assert delivery_attempt(delivery.pk) is None
    delivery.refresh_from_db()
    assert (delivery.attempts, delivery.response_code, delivery.delivered_at is not None) == (
        1,
        200,
        True,
    )
    assert len(receiver.received) == 1


def test_it_retries_a_500_with_growing_waits_then_gives_up(hook, receiver):
    _point(hook, receiver.url("/status/500"))
    delivery = webhook_send_test(webhook=hook)
    now = timezone.now()
    waits = []
    for attempt in range(1, MAX_ATTEMPTS + 1):
        status = delivery_attempt(delivery.pk, now=now)
        delivery.refresh_from_db()
        assert delivery.attempts == attempt
        assert delivery.response_code == 500
        assert delivery.last_error == "HTTP 500"
        if attempt < MAX_ATTEMPTS:
            assert status == DeliveryStatus.PENDING
            # Not before its time.
            assert delivery_attempt(delivery.pk, now=now) is None
            waits.append(delivery.next_attempt_at - now)
            now = delivery.next_attempt_at
    assert (
        waits
        == BACKOFF
        == [
            timedelta(minutes=1),
            timedelta(minutes=5),
            timedelta(minutes=30),
            timedelta(hours=2),
            timedelta(hours=6),
        ]
    )
    assert delivery.status == DeliveryStatus.FAILED and delivery.next_attempt_at is None
    assert len(receiver.received) == MAX_ATTEMPTS
    hook.refresh_from_db()
    assert hook.failure_count == 1 and hook.active


def test_a_success_after_failures_clears_them(hook, receiver):
    _point(hook, receiver.url("/status/500"))
    delivery = webhook_send_test(webhook=hook)
    delivery_attempt(delivery.pk)
    _point(hook, receiver.url("/ok"))
    later = timezone.now() + timedelta(minutes=2)
    assert delivery_attempt(delivery.pk, now=later) == DeliveryStatus.DELIVERED
    hook.refresh_from_db()
    assert (hook.failure_count, hook.failing_since) == (0, None)


def test_it_does_not_follow_a_redirect(hook, receiver):
    _point(hook, receiver.url("/status/302"))
    delivery = webhook_send_test(webhook=hook)
    assert delivery_attempt(delivery.pk) == DeliveryStatus.PENDING
    delivery.refresh_from_db()
    assert delivery.response_code == 302
    assert "redirect" in delivery.last_error
    assert [r.path for r in receiver.received] == ["/status/302"]  # not /ok


def test_it_refuses_a_private_address_without_the_setting(world, receiver):
    hook = webhook_create(workspace=world.workspace, url=receiver.url(), events=[])
    delivery = webhook_send_test(webhook=hook)
    assert delivery_attempt(delivery.pk) == DeliveryStatus.PENDING
    delivery.refresh_from_db()
    assert delivery.response_code is None
    assert "127.0.0.1 is a private or reserved address" in delivery.last_error
    assert receiver.received == []


@pytest.mark.parametrize(
    "address",
    [
        "10.1.2.3",
        "192.168.0.1",
        "169.254.169.254",
        "::1",
        "fe80::1",
        "::ffff:127.0.0.1",
        "100.64.0.1",
        "0.0.0.0",
        "224.0.0.1",
        "fc00::1",
    ],
)
def test_it_refuses_every_non_global_address(monkeypatch, address):
    family = 10 if ":" in address else 2
    monkeypatch.setattr(
        transport.socket,
        "getaddrinfo",
        lambda *a, **k: [(2, 1, 6, "", ("93.184.216.34", 80)), (family, 1, 6, "", (address, 80))],
    )
    with pytest.raises(transport.Refused):
        transport.resolve("rebind.example", 80, allow_private=False)
    assert transport.resolve("rebind.example", 80, allow_private=True) == "93.184.216.34"


def test_it_connects_to_the_address_it_checked(monkeypatch, hook, receiver):
    # The name resolves to the receiver once; a second lookup (rebinding) would give
    # another address, but the connection goes to the one checked.
    port = int(receiver.base.rsplit(":", 1)[1])
    answers = iter([[(2, 1, 6, "", ("127.0.0.1", port))], [(2, 1, 6, "", ("10.9.9.9", port))]])
    real = transport.socket.getaddrinfo

    def getaddrinfo(host, *args, **kwargs):
        return next(answers) if host == "receiver.example" else real(host, *args, **kwargs)

    monkeypatch.setattr(transport.socket, "getaddrinfo", getaddrinfo)
    _point(hook, f"http://receiver.example:{port}/ok")
    delivery = webhook_send_test(webhook=hook)
    assert delivery_attempt(delivery.pk) == DeliveryStatus.DELIVERED
    [got] = receiver.received
    assert got.headers["host"] == f"receiver.example:{port}"
    assert next(answers)[0][4][0] == "10.9.9.9"  # the name was looked up once only


@pytest.mark.parametrize(
    "url", ["ftp://example.com/", "file:///etc/passwd", "http://user:pw@example.com/"]
)
def test_it_refuses_other_schemes_and_credentials(world, url):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        webhook_create(workspace=world.workspace, url=url, events=[])


def test_a_webhook_failing_repeatedly_is_turned_off_and_admins_told(
    hook, receiver, world, django_capture_on_commit_callbacks
):
    _point(hook, receiver.url("/status/500"))
    now = timezone.now() + timedelta(seconds=1)
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            delivery = webhook_send_test(webhook=hook)
            WebhookDelivery.objects.filter(pk=delivery.pk).update(attempts=MAX_ATTEMPTS - 1)
            delivery_attempt(delivery.pk, now=now)
    hook.refresh_from_db()
    assert not hook.active and hook.disabled_at == now and hook.failure_count == 5
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == ["adam@acme.test", "olga@acme.test"]
    assert hook.url in mail.outbox[0].body
    assert f"/w/acme/settings/webhooks/{hook.pk}/" in mail.outbox[0].body
    # Off, it sends nothing more, and says so to an admin who tries.
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        webhook_send_test(webhook=hook)
    with pytest.raises(ValidationError):
        delivery_redeliver(delivery=delivery)


def test_a_day_of_failures_turns_it_off(hook, receiver):
    _point(hook, receiver.url("/status/500"))
    start = timezone.now() + timedelta(seconds=1)
    first = webhook_send_test(webhook=hook)
    delivery_attempt(first.pk, now=start)
    second = webhook_send_test(webhook=hook)
    assert delivery_attempt(second.pk, now=start + timedelta(days=1)) == DeliveryStatus.FAILED
    hook.refresh_from_db()
    assert not hook.active and hook.disabled_at is not None
    # Its waiting messages are given up with it.
    assert set(hook.deliveries.values_list("status", flat=True)) == {DeliveryStatus.FAILED}


def test_redeliver_sends_the_same_message_again(hook, receiver):
    delivery = webhook_send_test(webhook=hook)
    delivery_attempt(delivery.pk)
    delivery_redeliver(delivery=delivery)
    assert delivery_attempt(delivery.pk) == DeliveryStatus.DELIVERED
    first, second = receiver.received
    assert first.headers["webhook-id"] == second.headers["webhook-id"] == delivery.message_id
    assert first.body == second.body
