"""The settings pages: adding a webhook shows its secret once, editing, deleting, the
test event, redelivery and the delivery log (its queries do not grow with it)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from keyfolio.testing import two_edit
from keyfolio.webhooks.models import DeliveryStatus, Webhook, WebhookDelivery
from keyfolio.webhooks.services import webhook_create, webhook_send_test


@pytest.fixture
def admin(world):
    return world.client_for(world.admin)


def test_adding_a_webhook_shows_its_secret_once(world, admin):
    response = admin.post(
        reverse("webhooks:list", args=["acme"]),
        {"url": "https://hooks.example/in", "events": ["assessment.created", "action.overdue"]},
    )
    hook = Webhook.objects.get(workspace=world.workspace)
    assert response.url == reverse("webhooks:detail", args=["acme", hook.pk])
    assert hook.events == ["action.overdue", "assessment.created"]
    assert not hook.allow_private
    first = admin.get(response.url)
    assert hook.secret in first.content.decode()
    again = admin.get(response.url)
    assert hook.secret not in again.content.decode()
    assert hook.secret[-4:] in again.content.decode()  # the hint


def test_it_refuses_a_bad_form(world, admin):
    response = admin.post(
        reverse("webhooks:list", args=["acme"]), {"url": "ftp://hooks.example/in"}
    )
    assert response.status_code == 200
    assert "Choose at least one event." in response.content.decode()
    assert not Webhook.objects.exists()


def test_editing_turns_it_back_on_and_forgets_failures(world, admin):
    from django.utils import timezone

    hook = webhook_create(workspace=world.workspace, url="https://a.example/", events=["x"])
    Webhook.objects.filter(pk=hook.pk).update(
        active=False, failure_count=5, disabled_at=timezone.now()
    )
    admin.post(
        reverse("webhooks:detail", args=["acme", hook.pk]),
        {
            "url": "https://b.example/",
            "events": ["opportunity.won"],
            "allow_private": "on",
            "active": "on",
        },
    )
    hook.refresh_from_db()
    assert (hook.url, hook.events, hook.allow_private, hook.active) == (
        "https://b.example/",
        ["opportunity.won"],
        True,
        True,
    )
    assert (hook.failure_count, hook.disabled_at) == (0, None)


def test_delete_test_event_and_redeliver(world, admin, django_capture_on_commit_callbacks):
    hook = webhook_create(workspace=world.workspace, url="https://a.example/", events=[])
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(reverse("webhooks:test", args=["acme", hook.pk]))
    delivery = WebhookDelivery.objects.get(webhook=hook)
    assert delivery.event_type == "webhook.test"
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.FAILED, attempts=6, response_code=500
    )
    admin.post(reverse("webhooks:redeliver", args=["acme", hook.pk, delivery.pk]))
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("pending", 0, None)
    admin.post(reverse("webhooks:delete", args=["acme", hook.pk]))
    assert not Webhook.objects.exists()


def test_a_delivery_of_another_webhook_is_not_found(world, admin):
    mine = webhook_create(workspace=world.workspace, url="https://a.example/", events=[])
    other = webhook_create(workspace=world.workspace, url="https://b.example/", events=[])
    delivery = webhook_send_test(webhook=other)
    url = reverse("webhooks:redeliver", args=["acme", mine.pk, delivery.pk])
    assert admin.post(url).status_code == 404


def _log_queries(admin, hook, count: int) -> tuple[int, str]:
    WebhookDelivery.objects.filter(webhook=hook).delete()
    for _ in range(count):
        webhook_send_test(webhook=hook)
    url = reverse("webhooks:detail", args=["acme", hook.pk])
    with CaptureQueriesContext(connection) as queries:
        response = admin.get(url + "?page=2")
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_the_log_costs_the_same_queries_at_any_size(world, admin):
    hook = webhook_create(workspace=world.workspace, url="https://a.example/", events=[])
    small, page = _log_queries(admin, hook, 30)
    assert "26–30 of 30" in page
    big, page = _log_queries(admin, hook, 120)
    assert "26–50 of 120" in page
    assert small == big


def test_a_save_over_a_newer_version_is_refused_and_the_merge_saved(world):
    hook = webhook_create(
        workspace=world.workspace, url="https://a.example/", events=["opportunity.won"]
    )

    def stored():
        return Webhook.objects.values_list("url", "description").get(pk=hook.pk)

    after_theirs, merged = two_edit(
        mine=world.client_for(world.owner),
        theirs=world.client_for(world.admin),
        url=reverse("webhooks:detail", args=[world.slug, hook.pk]),
        stored=stored,
        their_change={"url": "https://b.example/"},
        my_change={"url": "https://c.example/", "description": "CRM"},
    )
    assert after_theirs == ("https://b.example/", "")
    assert merged == ("https://b.example/", "CRM")
