"""Outgoing webhooks: the workspace's receivers, and each message sent to one of them.

A message (WebhookDelivery) keeps its payload and its id (`webhook-id`), so that a retry
or a redelivery sends the same message, which the receiver may recognise and skip.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from keyfolio.workspaces.models import Workspace


class EventType(models.TextChoices):
    ASSESSMENT_CREATED = "assessment.created", _("An assessment is recorded")
    ACCOUNT_ZONE_CHANGED = "account.zone_changed", _("An account changes zone")
    ACTION_OVERDUE = "action.overdue", _("An action becomes overdue")
    SURVEY_ANSWERED = "survey.answered", _("A client answers a survey")
    OPPORTUNITY_WON = "opportunity.won", _("An opportunity is won")


# The message of the "Send a test event" button; nobody subscribes to it.
TEST_EVENT = "webhook.test"


class Webhook(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    url = models.URLField(_("URL"), max_length=500)
    description = models.CharField(_("description"), max_length=200, blank=True)
    events = models.JSONField(_("events"), default=list)  # EventType values
    # Standard Webhooks' form, "whsec_" and base64 of random bytes: kept to sign with.
    secret = models.CharField(max_length=100)
    allow_private = models.BooleanField(_("allow private addresses"), default=False)
    active = models.BooleanField(_("active"), default=True)
    # Deliveries given up since the last one that arrived, and since when they fail.
    failure_count = models.PositiveIntegerField(default=0)
    failing_since = models.DateTimeField(null=True, blank=True)
    # When it was turned off for failing (not by an admin's hand).
    disabled_at = models.DateTimeField(_("turned off for failing"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.url

    def event_labels(self) -> list[str]:
        labels = dict(EventType.choices)
        return [str(labels[event]) for event in self.events if event in labels]

    @property
    def secret_hint(self) -> str:
        """The secret as the page shows it after the first time: its last characters."""
        return f"whsec_…{self.secret[-4:]}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")


class WebhookDelivery(models.Model):
    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event_type = models.CharField(max_length=40)
    message_id = models.CharField(max_length=40, unique=True)  # the `webhook-id` header
    payload = models.JSONField()
    # What makes the message once only (e.g. "action.overdue:12:2026-11-30"), or blank.
    dedupe_key = models.CharField(max_length=100, blank=True)
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    response_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["webhook", "-created_at", "-id"], name="delivery_log"),
            models.Index(fields=["status", "next_attempt_at"], name="delivery_due"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["webhook", "dedupe_key"],
                condition=~models.Q(dedupe_key=""),
                name="delivery_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.event_type} {self.message_id}"
