"""The audit trail: one append-only row per change to an audited record.

The trail refers to workspaces, accounts and users by plain ids and by snapshots of
their names, so that it imports no app above it and outlives what it describes: an
account's history stays readable after the account is deleted.
"""

from django.conf import settings
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from keyfolio.audit import context
from keyfolio.audit.guard import erasing


class AppendOnly(Exception):
    """Raised on any attempt to change or remove audit events other than the purge."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnly("The audit trail is append-only.")

    def delete(self):
        raise AppendOnly("The audit trail is append-only.")

    def for_workspace(self, workspace_id: int) -> "AuditEventQuerySet":
        return self.filter(workspace_id=workspace_id)

    def purge_before(self, when) -> int:
        """Remove the events older than `when`: the retention period's end, and the only
        way events leave the trail (the database refuses other DELETEs: audit.guard).
        Returns how many."""
        old = AuditEvent.objects.filter(at__lt=when)
        with transaction.atomic(using=old.db), erasing(using=old.db):
            return old._raw_delete(old.db)


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        CREATE = "create", _("created")
        UPDATE = "update", _("changed")
        DELETE = "delete", _("deleted")
        ARCHIVE = "archive", _("archived")
        RESTORE = "restore", _("restored")

    class Via(models.TextChoices):
        WEB = context.Via.WEB, _("web")
        API = context.Via.API, _("API token")
        IMPORT = context.Via.IMPORT, _("import")
        CLI = context.Via.CLI, _("command line")
        SYSTEM = context.Via.SYSTEM, _("system")

    workspace = models.ForeignKey(
        "workspaces.Workspace", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    account_id = models.BigIntegerField(null=True, blank=True)
    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    actor_label = models.CharField(max_length=300, blank=True)
    via = models.CharField(max_length=10, choices=Via.choices, default=Via.SYSTEM)
    source = models.CharField(max_length=200, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    model = models.CharField(max_length=100)  # app_label.ModelName
    object_id = models.BigIntegerField(null=True, blank=True)
    object_repr = models.CharField(max_length=300, blank=True)
    action = models.CharField(max_length=10, choices=Action.choices)
    changes = models.JSONField(default=dict, blank=True)  # {attname: [old, new]}

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["workspace", "-at", "-id"], name="audit_workspace_at"),
            models.Index(fields=["workspace", "account_id", "-at", "-id"], name="audit_account_at"),
        ]

    def __str__(self) -> str:
        return f"{self.model} {self.object_id} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnly("The audit trail is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("The audit trail is append-only.")
