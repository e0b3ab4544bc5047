from django.core.paginator import Page
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from keyfolio.core.pagination import counted_page
from keyfolio.webhooks.models import DeliveryStatus, Webhook, WebhookDelivery
from keyfolio.workspaces.models import Workspace

LOG_PAGE_SIZE = 25


def webhooks_of(workspace: Workspace) -> QuerySet[Webhook]:
    """The workspace's webhooks, each with how many of its messages were given up."""
    return Webhook.objects.filter(workspace=workspace).annotate(
        failed=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.FAILED))
    )


def get_webhook(workspace: Workspace, pk: int) -> Webhook:
    return get_object_or_404(Webhook, pk=pk, workspace=workspace)


def delivery_log(webhook: Webhook, number: str | int | None) -> Page:
    """A page of the webhook's messages, the latest first: two queries whatever its size."""
    deliveries = WebhookDelivery.objects.filter(webhook=webhook).defer("payload")
    return counted_page(deliveries, count=deliveries.count(), number=number, per_page=LOG_PAGE_SIZE)
