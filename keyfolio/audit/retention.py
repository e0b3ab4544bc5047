"""How long the audit trail keeps its events (AUDIT_RETENTION_DAYS), and the purge."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from keyfolio.audit.models import AuditEvent


def audit_purge(*, now=None) -> int:
    """Remove the events older than the retention period. Returns how many."""
    now = now or timezone.now()
    return AuditEvent.objects.purge_before(now - timedelta(days=settings.AUDIT_RETENTION_DAYS))
