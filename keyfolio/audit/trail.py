"""Reading the audit trail: pages of events newest first, and their changes in words.

A page is read by keyset (the events after the last one shown, by `at` and id), from
the index on (workspace, at, id) or (workspace, account_id, at, id), so that its cost
is one page's whatever the length of the trail; nothing counts the events.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from keyfolio.audit.models import AuditEvent

PAGE_SIZE = 50


@dataclass(frozen=True, slots=True)
class Filters:
    actor_id: int | None = None
    via: str = ""
    model: str = ""
    account_id: int | None = None
    # The ids of the accounts to keep, as a query (a subquery of the events' query: the
    # accounts whose name matches, however many).
    account_in: models.QuerySet | None = None
    since: datetime | None = None
    until: datetime | None = None

    def apply(self, events: models.QuerySet) -> models.QuerySet:
        conditions = {
            "actor_id": self.actor_id,
            "via": self.via or None,
            "model": self.model or None,
            "account_id": self.account_id,
            "account_id__in": self.account_in,
            "at__gte": self.since,
            "at__lt": self.until,
        }
        given = {name: value for name, value in conditions.items() if value not in (None, "")}
        return events.filter(**given)


def cursor_of(event: AuditEvent) -> str:
    return f"{event.at.isoformat()}_{event.pk}"


def _parse_cursor(cursor: str | None) -> tuple[datetime, int] | None:
    at, _sep, pk = (cursor or "").rpartition("_")
    moment = parse_datetime(at) if at else None
    return (moment, int(pk)) if moment is not None and pk.isdigit() else None


@dataclass(slots=True)
class EventPage:
    events: list["ShownEvent"]
    next_cursor: str | None  # The cursor of the next (older) page, if there is one.


def event_page(events: models.QuerySet, *, cursor: str | None, size: int = PAGE_SIZE) -> EventPage:
    """`size` events older than `cursor`, newest first, worded; and the next cursor."""
    after = _parse_cursor(cursor)
    if after is not None:
        at, pk = after
        events = events.filter(Q(at__lt=at) | Q(at=at, pk__lt=pk))
    rows = list(events.order_by("-at", "-pk")[: size + 1])
    shown = worded(rows[:size])
    return EventPage(shown, cursor_of(rows[size - 1]) if len(rows) > size else None)


# Wording -------------------------------------------------------------------------


@dataclass(slots=True)
class Change:
    field: str
    old: str
    new: str


@dataclass(slots=True)
class ShownEvent:
    event: AuditEvent
    what: str  # The kind of record, in words ("Contact").
    changes: list[Change] = field(default_factory=list)

    @property
    def who(self) -> str:
        return self.event.actor_label or _("System")


SCORES = "assessments.Score"


def worded(events: list[AuditEvent]) -> list[ShownEvent]:
    """The events with their model's and fields' names and their values in words; the
    people the values name, and the criteria that scores name, are read in one query
    each for the whole list."""
    people = _people(events)
    criteria = _criteria(events)
    return [_worded(event, people, criteria) for event in events]


def _criteria(events: Iterable[AuditEvent]) -> dict[tuple[int, str], str]:
    """The label, in the reader's language, of each criterion key that the score events
    name, by (workspace, key): an assessment's scores are recorded by criterion key."""
    keys = {
        (event.workspace_id, key.removesuffix("_comment"))
        for event in events
        if event.model == SCORES
        for key in event.changes
    }
    if not keys:
        return {}
    criterion = apps.get_model("assessments", "Criterion")
    russian = get_language() == "ru"
    labels: dict[tuple[int, str], str] = {}
    # Oldest methodology first, so that the latest label of a key wins.
    for workspace_id, key, label_en, label_ru in (
        criterion.objects.filter(
            methodology__workspace_id__in={w for w, _k in keys},
            key__in={k for _w, k in keys},
        )
        .order_by("methodology__version")
        .values_list("methodology__workspace_id", "key", "label_en", "label_ru")
    ):
        labels[(workspace_id, key)] = label_ru if russian and label_ru else label_en
    return labels


def _score_line(event: AuditEvent, key: str, criteria: dict[tuple[int, str], str]) -> str:
    criterion = key.removesuffix("_comment")
    label = criteria.get((event.workspace_id, criterion), criterion.replace("_", " "))
    if key == criterion:
        return label
    comment = _("comment")
    return f"{label}: {comment}"


def _model(label: str) -> type[models.Model] | None:
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def model_name(label: str) -> str:
    model = _model(label)
    return str(model._meta.verbose_name).capitalize() if model else label


def _field(model: type[models.Model] | None, attname: str) -> models.Field | None:
    if model is None:
        return None
    try:
        found = model._meta.get_field(attname)  # A foreign key by its attname too.
    except FieldDoesNotExist:
        return None
    return found if isinstance(found, models.Field) else None


def _people(events: Iterable[AuditEvent]) -> dict[int, str]:
    user_model = get_user_model()
    ids: set[int] = set()
    for event in events:
        model = _model(event.model)
        for attname, values in event.changes.items():
            target = _field(model, attname)
            if target is not None and target.related_model is user_model:
                for value in values:
                    found = value if isinstance(value, list) else [value]
                    ids.update(pk for pk in found if isinstance(pk, int))
    if not ids:
        return {}
    return {
        pk: name or email
        for pk, name, email in user_model.objects.filter(pk__in=ids).values_list(
            "pk", "full_name", "email"
        )
    }


def _worded(
    event: AuditEvent, people: dict[int, str], criteria: dict[tuple[int, str], str]
) -> ShownEvent:
    model = _model(event.model)
    shown = ShownEvent(event, model_name(event.model))
    for attname, (old, new) in event.changes.items():
        target = _field(model, attname)
        if event.model == SCORES:
            name = _score_line(event, attname, criteria)
        elif target is not None:
            name = str(target.verbose_name)
        else:
            name = attname.replace("_", " ")
        shown.changes.append(
            Change(name, value_text(target, old, people), value_text(target, new, people))
        )
    return shown


def value_text(target: models.Field | None, value: Any, people: dict[int, str]) -> str:
    """One stored value as a person reads it: a choice's label, yes or no, a person's
    name, a date in the reader's format."""
    if value is None or value == "" or value == []:
        return "—"
    if target is not None:
        if target.choices:
            return str(dict(target.flatchoices).get(value, value))
        if isinstance(target, models.BooleanField):
            return _("yes") if value else _("no")
        if target.related_model is get_user_model():
            names = [
                people.get(pk, f"#{pk}") for pk in (value if isinstance(value, list) else [value])
            ]
            return ", ".join(names) or "—"
        if target.is_relation:
            return f"#{value}"
        if isinstance(target, models.DateTimeField) and isinstance(value, str):
            moment = parse_datetime(value)
            return date_format(moment, "SHORT_DATETIME_FORMAT") if moment else value
        if isinstance(target, models.DateField) and isinstance(value, str):
            day = parse_date(value)
            return date_format(day, "SHORT_DATE_FORMAT") if day else value
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")  # An index, not its 15 digits.
    if isinstance(value, list | dict):
        return ", ".join(
            str(item) for item in (value if isinstance(value, list) else value.items())
        )
    return str(value)


CSV_FIELDS = (
    "at",
    "who",
    "via",
    "source",
    "ip",
    "model",
    "object_id",
    "object",
    "account_id",
    "action",
    "field",
    "old",
    "new",
)


def csv_records(events: models.QuerySet) -> Iterator[dict[str, Any]]:
    """Every event of `events`, newest first, a record per changed field (one for an
    event without fields), read in chunks as the download is sent."""
    for event in events.order_by("-at", "-pk").iterator(chunk_size=2000):
        base = {
            "at": event.at,
            "who": event.actor_label,
            "via": event.via,
            "source": event.source,
            "ip": event.ip,
            "model": event.model,
            "object_id": event.object_id,
            "object": event.object_repr,
            "account_id": event.account_id,
            "action": event.action,
        }
        if not event.changes:
            yield base
        for attname, (old, new) in event.changes.items():
            yield base | {"field": attname, "old": _cell(old), "new": _cell(new)}


def _cell(value: Any) -> Any:
    return str(value) if isinstance(value, list | dict | bool) else value
