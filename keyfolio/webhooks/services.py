"""Webhooks: keeping them, emitting events to them and delivering the messages.

An event becomes one WebhookDelivery per active webhook of the workspace that subscribed
to it; the worker sends each (keyfolio.webhooks.tasks.deliver_webhook). A delivery is
claimed by one conditional UPDATE before it is sent, so a task that runs twice (a retry,
a second worker, a redelivery) sends it once. A failed attempt is tried again after
BACKOFF; after the last one the delivery is given up, and a webhook that gives up
DISABLE_AFTER deliveries in a row, or has failed for DISABLE_AFTER_FAILING_FOR, is turned
off and the workspace's admins get an e-mail.
"""

import http.client
import json
import logging
import uuid
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from keyfolio.plans.models import Action
from keyfolio.webhooks import signing, transport
from keyfolio.webhooks.models import (
    TEST_EVENT,
    DeliveryStatus,
    EventType,
    Webhook,
    WebhookDelivery,
)
from keyfolio.workspaces.models import Membership, Role, Workspace, roles_at_least

log = logging.getLogger(__name__)

# The waits after the first, second… failed attempt; after the last, it is given up.
BACKOFF = [
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=6),
]
MAX_ATTEMPTS = len(BACKOFF) + 1
DISABLE_AFTER = 5  # deliveries given up in a row
DISABLE_AFTER_FAILING_FOR = timedelta(days=1)
# A delivery being sent longer than this was lost with its worker: it is sent again.
SENDING_LEASE = timedelta(minutes=5)
# An overdue action is announced if it fell due within these days: a webhook added today
# hears of this week's, not of every action forgotten for years.
OVERDUE_WINDOW = timedelta(days=7)


# --- Keeping webhooks ----------------------------------------------------------------------


def _check_target(url: str) -> None:
    try:
        transport.check_url(url)
    except transport.Refused as error:
        raise ValidationError({"url": str(error)}) from None


def webhook_create(
    *,
    workspace: Workspace,
    url: str,
    events: list[str],
    description: str = "",
    allow_private: bool = False,
) -> Webhook:
    _check_target(url)
    return Webhook.objects.create(
        workspace=workspace,
        url=url,
        description=description,
        events=sorted(events),
        allow_private=allow_private,
        secret=signing.new_secret(),
    )


def webhook_update(
    *,
    webhook: Webhook,
    url: str,
    events: list[str],
    description: str,
    allow_private: bool,
    active: bool,
) -> Webhook:
    """Change what the admin may change; turning a webhook on again forgets its failures."""
    _check_target(url)
    if active and not webhook.active:
        webhook.failure_count, webhook.failing_since, webhook.disabled_at = 0, None, None
    webhook.url, webhook.events, webhook.description = url, sorted(events), description
    webhook.allow_private, webhook.active = allow_private, active
    webhook.save()
    return webhook


def webhook_delete(*, webhook: Webhook) -> None:
    webhook.delete()


# --- Events --------------------------------------------------------------------------------


def payload(event_type: str, data: dict[str, Any], *, now: datetime | None = None) -> dict:
    return {
        "type": event_type,
        "timestamp": (now or timezone.now()).isoformat(timespec="seconds"),
        "data": data,
    }


def _new_delivery(webhook: Webhook, event_type: str, body: dict, dedupe_key: str = ""):
    return WebhookDelivery(
        webhook=webhook,
        event_type=event_type,
        message_id=f"msg_{uuid.uuid4().hex}",
        payload=body,
        dedupe_key=dedupe_key,
        next_attempt_at=timezone.now(),
    )


def subscribers(workspace_id: int, event_type: str) -> list[Webhook]:
    """The active webhooks of the workspace that listen to `event_type` (a workspace has
    a few webhooks: they are filtered here rather than by the database's JSON)."""
    webhooks = Webhook.objects.filter(workspace_id=workspace_id, active=True)
    return [webhook for webhook in webhooks if event_type in webhook.events]


def event_emit(*, workspace_id: int, event_type: EventType, data: dict[str, Any]) -> int:
    """A message of the event to each webhook that listens to it, queued for the worker.
    Call it once the data is committed (the receivers do, on commit). Returns how many."""
    webhooks = subscribers(workspace_id, event_type)
    if not webhooks:
        return 0
    body = payload(event_type, data)
    deliveries = WebhookDelivery.objects.bulk_create(
        _new_delivery(webhook, event_type, body) for webhook in webhooks
    )
    _queue(deliveries)
    return len(deliveries)


def webhook_send_test(*, webhook: Webhook) -> WebhookDelivery:
    """A test message to the webhook, whatever its events."""
    if not webhook.active:
        raise ValidationError(_("Turn the webhook on to send it a test event."))
    body = payload(TEST_EVENT, {"workspace": webhook.workspace.slug, "webhook_id": webhook.pk})
    delivery = _new_delivery(webhook, TEST_EVENT, body)
    delivery.save()
    transaction.on_commit(lambda: _queue([delivery]))
    return delivery


def delivery_redeliver(*, delivery: WebhookDelivery) -> None:
    """Send the message again, with the same id, as if it were new."""
    if not delivery.webhook.active:
        raise ValidationError(_("Turn the webhook on to send it messages again."))
    if delivery.status == DeliveryStatus.SENDING:
        raise ValidationError(_("This message is being sent."))
    delivery.status, delivery.attempts = DeliveryStatus.PENDING, 0
    delivery.next_attempt_at, delivery.delivered_at = timezone.now(), None
    delivery.response_code, delivery.last_error = None, ""
    delivery.save()
    transaction.on_commit(lambda: _queue([delivery]))


def actions_overdue_emit(*, today: date) -> int:
    """`action.overdue` for each open action that fell due (in OVERDUE_WINDOW) before
    `today`, once per action and due date and webhook (the deliveries' dedupe key)."""
    listening = [
        webhook
        for webhook in Webhook.objects.filter(active=True)
        if EventType.ACTION_OVERDUE in webhook.events
    ]
    if not listening:
        return 0
    actions = list(
        Action.objects.filter(
            workspace_id__in={webhook.workspace_id for webhook in listening},
            done_on__isnull=True,
            due_on__lt=today,
            due_on__gte=today - OVERDUE_WINDOW,
            account__archived_at__isnull=True,
        ).select_related("account", "owner")
    )
    created = 0
    for webhook in listening:
        mine = [action for action in actions if action.workspace_id == webhook.workspace_id]
        keys = {_overdue_key(action): action for action in mine}
        known = set(
            webhook.deliveries.filter(dedupe_key__in=keys).values_list("dedupe_key", flat=True)
        )
        new = [
            _new_delivery(
                webhook,
                EventType.ACTION_OVERDUE,
                payload(EventType.ACTION_OVERDUE, action_data(action)),
                key,
            )
            for key, action in keys.items()
            if key not in known
        ]
        WebhookDelivery.objects.bulk_create(new, ignore_conflicts=True)
        fresh = WebhookDelivery.objects.filter(
            webhook=webhook,
            dedupe_key__in=[d.dedupe_key for d in new],
            attempts=0,
            status=DeliveryStatus.PENDING,
        )
        created += _queue(list(fresh))
    return created


def _overdue_key(action: Action) -> str:
    assert action.due_on is not None
    return f"action.overdue:{action.pk}:{action.due_on.isoformat()}"


def account_data(account) -> dict[str, Any]:
    return {"id": account.pk, "name": account.name}


def action_data(action: Action) -> dict[str, Any]:
    return {
        "action": {
            "id": action.pk,
            "title": action.title,
            "due_on": action.due_on.isoformat() if action.due_on else None,
            "owner": action.owner.email if action.owner else None,
        },
        "account": account_data(action.account),
    }


# --- Delivering ----------------------------------------------------------------------------


def _queue(deliveries: list[WebhookDelivery]) -> int:
    # The task calls back into this module: imported here, not at the top.
    from keyfolio.webhooks.tasks import deliver_webhook

    for delivery in deliveries:
        when = delivery.next_attempt_at
        task = deliver_webhook.using(run_after=when) if when else deliver_webhook
        task.enqueue(delivery.pk)
    return len(deliveries)


def body_of(delivery: WebhookDelivery) -> bytes:
    return json.dumps(delivery.payload, ensure_ascii=False, separators=(",", ":")).encode()


def delivery_attempt(delivery_id: int, *, now: datetime | None = None) -> str | None:
    """One attempt to send the delivery if it is due; its status after, or None when it
    was not to be sent (sent already, not yet due, its webhook off)."""
    now = now or timezone.now()
    claimed = WebhookDelivery.objects.filter(
        pk=delivery_id,
        status=DeliveryStatus.PENDING,
        next_attempt_at__lte=now,
        webhook__active=True,
    ).update(
        status=DeliveryStatus.SENDING,
        attempts=F("attempts") + 1,
        next_attempt_at=now + SENDING_LEASE,
    )
    if not claimed:
        return None
    delivery = WebhookDelivery.objects.select_related("webhook").get(pk=delivery_id)
    webhook = delivery.webhook
    body = body_of(delivery)
    code, error = _send(webhook, delivery, body, now)
    if code is not None and 200 <= code < 300:
        _delivered(delivery, code, now)
    else:
        _failed(delivery, code, error, now)
    return delivery.status


def _send(webhook: Webhook, delivery, body: bytes, now: datetime) -> tuple[int | None, str]:
    timestamp = int(now.timestamp())
    headers = signing.headers(
        webhook.secret, message_id=delivery.message_id, timestamp=timestamp, body=body
    )
    try:
        response = transport.post(
            webhook.url, body=body, headers=headers, allow_private=webhook.allow_private
        )
    except transport.Refused as error:
        return None, str(error)
    except (OSError, http.client.HTTPException) as error:
        return None, (str(error) or type(error).__name__)
    if 300 <= response.status < 400:
        return response.status, _("A redirect, which is not followed.")
    return response.status, "" if response.status < 300 else f"HTTP {response.status}"


def _delivered(delivery: WebhookDelivery, code: int, now: datetime) -> None:
    delivery.status, delivery.response_code, delivery.last_error = (
        DeliveryStatus.DELIVERED,
        code,
        "",
    )
    delivery.delivered_at, delivery.next_attempt_at = now, None
    delivery.save()
    Webhook.objects.filter(pk=delivery.webhook_id).update(failure_count=0, failing_since=None)


def _failed(delivery: WebhookDelivery, code: int | None, error: str, now: datetime) -> None:
    delivery.response_code, delivery.last_error = code, error[: transport.ERROR_LENGTH]
    webhook = delivery.webhook
    given_up = delivery.attempts >= MAX_ATTEMPTS
    if given_up:
        delivery.status, delivery.next_attempt_at = DeliveryStatus.FAILED, None
    else:
        delivery.status = DeliveryStatus.PENDING
        delivery.next_attempt_at = now + BACKOFF[delivery.attempts - 1]
    delivery.save()
    Webhook.objects.filter(pk=webhook.pk, failing_since__isnull=True).update(failing_since=now)
    if given_up:
        Webhook.objects.filter(pk=webhook.pk).update(failure_count=F("failure_count") + 1)
    webhook.refresh_from_db(fields=["failure_count", "failing_since", "active"])
    assert webhook.failing_since is not None
    failing_long = now - webhook.failing_since >= DISABLE_AFTER_FAILING_FOR
    if webhook.active and (webhook.failure_count >= DISABLE_AFTER or failing_long):
        webhook_disable(webhook=webhook, now=now)
        delivery.status, delivery.next_attempt_at = DeliveryStatus.FAILED, None
    elif not given_up:
        _queue([delivery])


def webhook_disable(*, webhook: Webhook, now: datetime) -> None:
    """Turn off a webhook that keeps failing, and tell the workspace's admins. Its
    pending messages stay in the log, where an admin may send them again."""
    turned_off = Webhook.objects.filter(pk=webhook.pk, active=True).update(
        active=False, disabled_at=now
    )
    webhook.active, webhook.disabled_at = False, now
    if turned_off:
        WebhookDelivery.objects.filter(webhook=webhook, status=DeliveryStatus.PENDING).update(
            status=DeliveryStatus.FAILED, next_attempt_at=None
        )
        transaction.on_commit(lambda: _tell_admins(webhook))


def _tell_admins(webhook: Webhook) -> None:
    from django.conf import settings
    from django.urls import reverse

    admins = Membership.objects.filter(
        workspace_id=webhook.workspace_id, role__in=roles_at_least(Role.ADMIN)
    ).select_related("user", "workspace")
    for membership in admins:
        language = membership.user.language or settings.LANGUAGE_CODE
        with translation.override(language):
            context = {
                "webhook": webhook,
                "workspace": membership.workspace,
                "url": settings.SITE_URL.rstrip("/")
                + reverse("webhooks:detail", args=[membership.workspace.slug, webhook.pk]),
            }
            message = EmailMessage(
                subject=_("Keyfolio · a webhook was turned off after failing"),
                body=render_to_string("webhooks/email/disabled.txt", context),
                to=[membership.user.email],
                headers={"Content-Language": language},
            )
        try:
            message.send()
        except Exception:
            log.exception(
                "Could not tell %s that webhook %s was turned off", membership.user, webhook.pk
            )


def deliveries_requeue(*, now: datetime) -> int:
    """Queue again the deliveries whose task was lost: due for a while and not sent, or
    claimed by a worker that died while sending."""
    WebhookDelivery.objects.filter(status=DeliveryStatus.SENDING, next_attempt_at__lte=now).update(
        status=DeliveryStatus.PENDING
    )
    stale = WebhookDelivery.objects.filter(
        status=DeliveryStatus.PENDING,
        next_attempt_at__lte=now - SENDING_LEASE,
        webhook__active=True,
    )
    return _queue(list(stale))
