"""The trail is append-only: nothing changes or removes an event but the retention
purge, which removes only events older than AUDIT_RETENTION_DAYS."""

from datetime import timedelta

import pytest
from django.db import models
from django.utils import timezone

from keyfolio.accounts.services import account_update
from keyfolio.audit.models import AppendOnly, AuditEvent
from keyfolio.audit.retention import audit_purge
from keyfolio.audit.tasks import purge_audit_trail
from keyfolio.notifications.schedule import Job
from keyfolio.operations.management.commands.worker import timetable


@pytest.fixture
def event(world):
    account_update(account=world.account, segment="Retail")
    return AuditEvent.objects.filter(model="accounts.Account").latest("pk")


def test_an_event_cannot_be_changed(event):
    event.changes = {}
    with pytest.raises(AppendOnly):
        event.save()
    with pytest.raises(AppendOnly):
        AuditEvent.objects.filter(pk=event.pk).update(changes={})
    event.refresh_from_db()
    assert event.changes["segment"] == ["", "Retail"]


def test_an_event_cannot_be_deleted(event):
    with pytest.raises(AppendOnly):
        event.delete()
    with pytest.raises(AppendOnly):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def _age(event: AuditEvent, days: int) -> None:
    # The purge is the one writer allowed: so is the test that ages an event.
    aged = timezone.now() - timedelta(days=days)
    models.QuerySet.update(AuditEvent.objects.filter(pk=event.pk), at=aged)


def test_the_purge_removes_only_events_past_the_retention(world, event, settings):
    settings.AUDIT_RETENTION_DAYS = 30
    kept = AuditEvent.objects.exclude(pk=event.pk).count()
    _age(event, 31)
    assert audit_purge() == 1
    assert not AuditEvent.objects.filter(pk=event.pk).exists()
    assert AuditEvent.objects.count() == kept


def test_the_nightly_task_purges(world, event, settings):
    settings.AUDIT_RETENTION_DAYS = 730
    _age(event, 729)
    assert purge_audit_trail.call() == {"removed": 0}
    _age(event, 731)
    assert purge_audit_trail.call() == {"removed": 1}


def test_the_worker_queues_the_purge(db):
    assert Job.AUDIT_PURGE in timetable().enqueue
