"""Recording changes: the registry of audited models and what writes their events.

An app registers its models in its AppConfig.ready (`audited(Model, ...)`). From then
on every save and delete of one of their instances is recorded with the audit context
(keyfolio.audit.context): who, through what, and each changed field's old and new value.
The old values are those the instance was loaded with (kept at `post_init`), so a change
costs one INSERT and no read. Writes that bypass save() (bulk_create, bulk_update, the
imports' multi-row INSERTs) record their events themselves with `record_bulk`, one
multi-row INSERT for a batch.
"""

import datetime
import decimal
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models.signals import post_delete, post_init, post_save, pre_delete
from django.utils import timezone

from keyfolio.audit.context import current
from keyfolio.audit.guard import allow_erasing, stop_erasing
from keyfolio.audit.models import AuditEvent

SNAPSHOT = "_audit_snapshot"
BULK_BATCH = 500


@dataclass(frozen=True, slots=True)
class Audited:
    model: type[models.Model]
    fields: tuple[str, ...]  # The attnames recorded.
    # The workspace whose trail the record's events go to; or, for a record of no one
    # workspace (a person's own profile), the workspaces, an event in each.
    workspace_of: Callable[[Any], int | Iterable[int] | None]
    account_of: Callable[[Any], int | None]
    archive_field: str | None
    describe: Callable[[Any], str]  # The record's name in the trail.
    is_tenant: bool  # The workspace itself: its trail is deleted with it.

    @property
    def label(self) -> str:
        return self.model._meta.label


REGISTRY: dict[type[models.Model], Audited] = {}


def attribute(name: str) -> Callable[[Any], Any]:
    return lambda instance: getattr(instance, name, None)


def audited(
    model: type[models.Model],
    *,
    workspace: str | Callable[[Any], int | Iterable[int] | None] = "workspace_id",
    account: str | Callable[[Any], int | None] | None = "account_id",
    exclude: Iterable[str] = (),
    archive_field: str | None = None,
    describe: Callable[[Any], str] = str,
) -> None:
    """Record every save and delete of `model`'s instances. `workspace` and `account`
    name the attribute (or give a function) that says whose the record is (a function
    may give several workspaces, which each get the event); `exclude`
    names fields not worth a line (timestamps kept by the code, denormalized copies);
    `describe` names a record from its own columns where its str() reads another row
    (the account's name, which the trail keeps anyway), a query per change saved."""
    # The event keeps the workspace and the account in its own columns.
    skipped = {"id", "workspace", "account", "created_at", "updated_at", *exclude}
    fields = tuple(
        field.attname
        for field in model._meta.concrete_fields
        if field.attname not in skipped and field.name not in skipped
    )
    REGISTRY[model] = Audited(
        model=model,
        fields=fields,
        workspace_of=attribute(workspace) if isinstance(workspace, str) else workspace,
        account_of=(
            (lambda instance: None)
            if account is None
            else attribute(account)
            if isinstance(account, str)
            else account
        ),
        archive_field=archive_field,
        describe=describe,
        is_tenant=workspace == "pk",
    )
    uid = f"audit:{model._meta.label}"
    post_init.connect(_keep_snapshot, sender=model, dispatch_uid=uid)
    post_save.connect(_record_save, sender=model, dispatch_uid=uid)
    post_delete.connect(_record_delete, sender=model, dispatch_uid=uid)
    if workspace == "pk":
        pre_delete.connect(_erase_tenant_trail, sender=model, dispatch_uid=uid)


def plain(value: Any) -> Any:
    """A value as JSON keeps it: dates as ISO text, decimals as text, ids as numbers."""
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        # By value, not by how many places were typed: 150 and 150.00 are one amount.
        return format(value.normalize(), "f")
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    return value


def _values(instance: models.Model, fields: tuple[str, ...]) -> dict[str, Any]:
    # Only what was loaded: a deferred field is not read for the audit's sake.
    loaded = instance.__dict__
    return {name: plain(loaded[name]) for name in fields if name in loaded}


def _keep_snapshot(sender, instance, **kwargs) -> None:
    # As loaded, made plain only when a save compares: a page that loads thousands of
    # records and saves none pays for a dict each, not for their conversion.
    loaded = instance.__dict__
    loaded[SNAPSHOT] = {name: loaded[name] for name in REGISTRY[sender].fields if name in loaded}


def _snapshot(instance: models.Model) -> dict[str, Any] | None:
    kept = instance.__dict__.get(SNAPSHOT)
    return None if kept is None else {name: plain(value) for name, value in kept.items()}


def _record_save(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    if raw:  # Fixtures and restores are not changes anybody made.
        return
    action, changes = _what_changed(REGISTRY[sender], instance, created=created)
    if changes or created:
        record(instance, action, changes)


def _what_changed(
    audited_model: Audited, instance: models.Model, *, created: bool
) -> tuple[str, dict[str, list]]:
    """The action and the changed fields of a save of `instance`, whose values become
    the ones the next save compares with."""
    after = _values(instance, audited_model.fields)
    action: str
    if created:
        changes, action = _created(after), AuditEvent.Action.CREATE
    else:
        changes = _changed(instance, after)
        action = _update_action(audited_model, changes)
    instance.__dict__[SNAPSHOT] = after
    return action, changes


def _created(after: dict[str, Any]) -> dict[str, list]:
    return {name: [None, value] for name, value in after.items() if value not in (None, "")}


def _changed(instance: models.Model, after: dict[str, Any]) -> dict[str, list]:
    """{attname: [old, new]} for the fields whose value differs from the one loaded."""
    before = _snapshot(instance) or {}
    return {
        name: [before[name], value]
        for name, value in after.items()
        if name in before and before[name] != value
    }


def _update_action(audited_model: Audited, changes: dict[str, list]) -> str:
    archived = changes.get(audited_model.archive_field or "")
    if archived is None:
        return AuditEvent.Action.UPDATE
    return AuditEvent.Action.ARCHIVE if archived[1] else AuditEvent.Action.RESTORE


def _erase_tenant_trail(sender, instance, using: str = "default", **kwargs) -> None:
    # The deletion's transaction (the ORM's collector) removes the workspace's events
    # before the workspace: the database's guard lets it, until _record_delete.
    allow_erasing(str(instance.pk), using=using)


def _record_delete(sender, instance, origin=None, **kwargs) -> None:
    # What a deletion takes with it (an account's contacts, a workspace's everything) is
    # implied by the deletion of the record that was asked for: only that is recorded.
    if REGISTRY[sender].is_tenant:
        stop_erasing(str(instance.pk), using=kwargs.get("using", "default"))
        return  # A workspace's trail went with it.
    if origin is not instance and getattr(origin, "model", None) is not sender:
        return
    before = _snapshot(instance) or _values(instance, REGISTRY[sender].fields)
    changes = {name: [value, None] for name, value in before.items() if value not in (None, "")}
    record(instance, AuditEvent.Action.DELETE, changes)


def actor_fields() -> dict[str, Any]:
    context = current()
    actor = context.actor()
    label = ""
    if actor is not None:
        name = getattr(actor, "full_name", "") or ""
        label = f"{name} <{actor.email}>" if name else actor.email
    return {
        "actor_id": actor.pk if actor is not None else None,
        "actor_label": label[:300],
        "via": context.via,
        "source": context.source[:200],
        "ip": context.ip,
    }


def workspaces_of(audited_model: Audited, instance: models.Model) -> list[int]:
    found = audited_model.workspace_of(instance)
    if found is None:
        return []
    return [found] if isinstance(found, int) else sorted(set(found))


def events_for(instance: models.Model, action: str, changes: dict[str, list]) -> list[AuditEvent]:
    audited_model = REGISTRY[type(instance)]
    return [
        AuditEvent(
            workspace_id=workspace_id,
            account_id=audited_model.account_of(instance),
            model=audited_model.label,
            object_id=instance.pk,
            object_repr=str(audited_model.describe(instance))[:300],
            action=action,
            changes=changes,
        )
        for workspace_id in workspaces_of(audited_model, instance)
    ]


def record(instance: models.Model, action: str, changes: dict[str, list]) -> None:
    events = events_for(instance, action, changes)
    if not events:
        return
    who = actor_fields()
    now = timezone.now()
    for event in events:
        for name, value in who.items():
            setattr(event, name, value)
        event.at = now
    if len(events) == 1:
        events[0].save()
    else:
        AuditEvent.objects.bulk_create(events, batch_size=BULK_BATCH)


@dataclass(slots=True)
class BulkChange:
    """One record written by a bulk write, for `record_bulk`."""

    object_id: int
    account_id: int | None
    action: str
    changes: dict[str, list]
    object_repr: str = ""


def record_bulk(
    *, workspace_id: int, model: type[models.Model] | str, changes: Iterable[BulkChange]
) -> int:
    """Record the events of a bulk write in multi-row INSERTs (BULK_BATCH a query).
    Returns how many."""
    label = model if isinstance(model, str) else model._meta.label
    who = actor_fields()
    now = timezone.now()
    events = [
        AuditEvent(
            workspace_id=workspace_id,
            account_id=change.account_id,
            model=label,
            object_id=change.object_id,
            object_repr=change.object_repr[:300],
            action=change.action,
            changes=plain(change.changes),
            at=now,
            **who,
        )
        for change in changes
    ]
    AuditEvent.objects.bulk_create(events, batch_size=BULK_BATCH)
    return len(events)


def field_changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list]:
    """{name: [old, new]} for the names in `after` whose value differs from `before`."""
    return {
        name: [plain(before.get(name)), plain(value)]
        for name, value in after.items()
        if plain(before.get(name)) != plain(value)
    }


def record_updates(instances: Iterable[models.Model]) -> int:
    """Record what changed in audited `instances` since they were loaded, after a
    bulk_update wrote them (which sends no signal), in multi-row INSERTs."""
    return _record_instances(instances, created=False)


def record_created(instances: Iterable[models.Model]) -> int:
    """Record audited `instances` that bulk_create wrote (it sends no signal), in
    multi-row INSERTs."""
    return _record_instances(instances, created=True)


def _record_instances(instances: Iterable[models.Model], *, created: bool) -> int:
    batches: dict[tuple[int, type[models.Model]], list[BulkChange]] = {}
    for instance in instances:
        audited_model = REGISTRY[type(instance)]
        action, changes = _what_changed(audited_model, instance, created=created)
        if not (changes or created):
            continue
        for workspace_id in workspaces_of(audited_model, instance):
            batches.setdefault((workspace_id, type(instance)), []).append(
                BulkChange(
                    object_id=instance.pk,
                    account_id=audited_model.account_of(instance),
                    action=action,
                    changes=changes,
                    object_repr=str(audited_model.describe(instance)),
                )
            )
    return sum(
        record_bulk(workspace_id=workspace_id, model=model, changes=changes)
        for (workspace_id, model), changes in batches.items()
    )
