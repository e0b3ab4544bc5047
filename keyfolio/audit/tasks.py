"""The night's purge of the audit trail (queued by `keyfolio worker`'s timetable)."""

from django_tasks import task

from keyfolio.audit.retention import audit_purge


@task()
def purge_audit_trail() -> dict:
    return {"removed": audit_purge()}
