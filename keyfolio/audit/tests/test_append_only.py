"""The trail is append-only: nothing changes or removes an event but the retention
purge, which removes only events older than AUDIT_RETENTION_DAYS."""

from datetime import timedelta

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from keyfolio.accounts.services import account_update
from keyfolio.audit.context import Via, acting
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


def _aged(event: AuditEvent, days: int) -> AuditEvent:
    """A copy of `event` made `days` ago (events are never changed, not even by tests)."""
    event.pk = None
    event.at = timezone.now() - timedelta(days=days)
    event.save()
    return event


def test_the_purge_removes_only_events_past_the_retention(world, event, settings):
    settings.AUDIT_RETENTION_DAYS = 30
    kept = AuditEvent.objects.count()
    event = _aged(event, 31)
    assert audit_purge() == 1
    assert not AuditEvent.objects.filter(pk=event.pk).exists()
    assert AuditEvent.objects.count() == kept


def test_the_nightly_task_purges(world, event, settings):
    settings.AUDIT_RETENTION_DAYS = 730
    _aged(event, 729)
    assert purge_audit_trail.call() == {"removed": 0}
    _aged(event, 731)
    assert purge_audit_trail.call() == {"removed": 1}


def test_the_worker_queues_the_purge(db):
    assert Job.AUDIT_PURGE in timetable().enqueue


# The database's guard (keyfolio.audit.guard): raw SQL is refused too. -------------------

TABLE = AuditEvent._meta.db_table


def _refused(sql: str, params: list) -> bool:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
    except DatabaseError as error:
        assert "append-only" in str(error)
        return True
    return False


def test_the_database_refuses_a_raw_update(event):
    assert _refused(f"UPDATE {TABLE} SET object_repr = %s WHERE id = %s", ["Forged", event.pk])
    assert _refused(f"UPDATE {TABLE} SET actor_id = NULL, via = 'cli' WHERE id = %s", [event.pk])
    event.refresh_from_db()
    assert event.object_repr == "Northwind" and event.via == "system"


def test_the_database_refuses_a_raw_delete(event):
    assert _refused(f"DELETE FROM {TABLE} WHERE id = %s", [event.pk])
    assert _refused(f"DELETE FROM {TABLE}", [])
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_the_purge_still_deletes_and_leaves_the_guard_up(world, event, settings):
    settings.AUDIT_RETENTION_DAYS = 30
    old = _aged(AuditEvent.objects.get(pk=event.pk), 31)
    assert audit_purge() == 1
    assert not AuditEvent.objects.filter(pk=old.pk).exists()
    assert _refused(f"DELETE FROM {TABLE} WHERE id = %s", [event.pk])


def test_deleting_a_person_forgets_them_and_keeps_their_name(world):
    with acting(via=Via.WEB, user=world.teammate):
        account_update(account=world.account, segment="Retail")
    event = AuditEvent.objects.filter(actor=world.teammate).latest("pk")
    label = event.actor_label
    world.teammate.delete()
    event.refresh_from_db()
    assert (event.actor_id, event.actor_label) == (None, label)


def test_deleting_an_account_keeps_its_trail_and_a_workspace_takes_its_own(world):
    other = AuditEvent.objects.filter(workspace=world.other_workspace).count()
    account_id = world.account.pk
    world.account.delete()
    assert AuditEvent.objects.filter(account_id=account_id).exists()
    world.workspace.delete()
    assert not AuditEvent.objects.filter(workspace_id=world.workspace.pk).exists()
    assert AuditEvent.objects.filter(workspace=world.other_workspace).count() == other
