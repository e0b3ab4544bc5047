"""Versions of objects, so that no one's edit is lost.

A version is a short token naming one state of an object. The REST API sends it as the
ETag of a read and checks it against If-Match on a write (`keyfolio.api.versions`); the
edit forms carry it in a hidden field (`VersionedForm`). A save whose version is no
longer the object's is refused: the form comes back with both versions of each field
that differs, and the person chooses, field by field, which to keep.

An object's version is its kind, id and time of last change (`version_tag`); objects
that keep no time of change are versioned by what they hold (`content_tag`). A form is
versioned by what it shows (the fields' values as read), so that a change it does not
show (a new assessment moving the account's current zone) never stops its save.
"""

import contextlib
import functools
import hashlib
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any, TypeVar, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import QueryDict
from django.template.defaultfilters import yesno
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

M = TypeVar("M", bound=models.Model)


def version_tag(kind: str, pk: object, changed: datetime | None) -> str:
    """The token of one version of an object: its kind, id and last change."""
    stamp = f"{changed.timestamp():.6f}" if changed else "none"
    return f'"{kind}-{pk}-{stamp}"'


def content_tag(kind: str, pk: object, *values: Any) -> str:
    """The token of an object that keeps no time of change: a digest of what it holds."""
    text = "|".join(
        "" if v is None else v.isoformat() if isinstance(v, date) else str(v) for v in values
    )
    return f'"{kind}-{pk}-{hashlib.sha256(text.encode()).hexdigest()[:16]}"'


def atomic_post(view: Callable) -> Callable:
    """Run a POST in one transaction, so that the version check and the write see the
    same row (`lock` it first). A GET stays outside: on SQLite a transaction takes the
    write lock, which a page that only reads must not hold."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method != "POST":
            return view(request, *args, **kwargs)
        with transaction.atomic():
            return view(request, *args, **kwargs)

    return wrapped


def lock(instance: M) -> M:
    """Lock the object's row until the transaction ends and read it again, so that no
    one saves it between the check of its version and the write. PostgreSQL locks the
    row; on SQLite the IMMEDIATE transaction already holds the database's write lock.
    Outside a transaction (a GET) it does nothing."""
    if instance.pk is None or transaction.get_autocommit():
        return instance
    model = instance.__class__  # Not type(): request.user is a lazy stand-in for a User.
    list(model._base_manager.select_for_update().filter(pk=instance.pk).values("pk"))
    instance.refresh_from_db()
    return instance


def lock_current(current: Callable[[], M]) -> M:
    """Lock the current one of a series of versions (the highest, as `current()` finds
    it) and make sure it still is once the lock is held: a POST that waited for someone
    saving the next version then works on that one."""
    instance = lock(current())
    if transaction.get_autocommit():
        return instance
    latest = current()
    return instance if latest.pk == instance.pk else lock_current(current)


def _plain(value: Any) -> Any:
    """A value as the version compares it: objects by id, sets of objects as sorted ids,
    nothing as empty text."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | set | models.QuerySet):
        return sorted(str(_plain(item)) for item in value)
    if value is None:
        return ""
    return value


def _same(field: forms.Field, theirs: Any, yours: Any) -> bool:
    """Whether the saved value and the posted one are the same, as the field reads them
    (an initial typed as text, "1 000", is the same amount as 1000)."""
    if isinstance(theirs, str) and not isinstance(yours, str):
        with contextlib.suppress(ValidationError):
            theirs = field.to_python(theirs)
    return _plain(theirs) == _plain(yours) or (_is_empty(theirs) and _is_empty(yours))


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == ()


def _shown(field: forms.Field, value: Any) -> str:
    """A field's value as a person reads it: the label of a choice, the names of people."""
    if _is_empty(value):
        return _("(empty)")
    if isinstance(field, forms.ModelMultipleChoiceField):
        chosen = _options(field).filter(pk__in=_plain(value))
        return ", ".join(str(field.label_from_instance(item)) for item in chosen)
    if isinstance(field, forms.ModelChoiceField):
        item = (
            value if isinstance(value, models.Model) else _options(field).filter(pk=value).first()
        )
        return str(field.label_from_instance(item)) if item else str(value)
    if isinstance(field, forms.BooleanField):
        return str(yesno(value))
    if isinstance(field, forms.ChoiceField):
        labels = {str(key): label for key, label in _flat_choices(cast(Iterable, field.choices))}
        values = value if isinstance(value, list | tuple) else [value]
        return ", ".join(str(labels.get(str(v), v)) for v in values)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _options(field: forms.ModelChoiceField) -> models.QuerySet:
    return cast(models.QuerySet, field.queryset)


def _flat_choices(choices: Iterable) -> Iterable[tuple[Any, Any]]:
    for key, label in choices:
        if isinstance(label, list | tuple):
            yield from _flat_choices(label)
        else:
            yield key, label


def _as_data(field: forms.Field, value: Any) -> list[str]:
    """A value as the browser would post it, for the field's widget to read."""
    value = field.prepare_value(value)
    if isinstance(value, list | tuple | set | models.QuerySet):
        return [str(_plain(item)) for item in value]
    if value is None:
        return [""]
    if isinstance(value, date):
        return [value.isoformat()]
    return [str(_plain(value))]


MERGE_THEIRS = "theirs"


class VersionedForm(forms.BaseForm):
    """A form that carries the version of what it shows, and refuses a save over a newer
    one without losing a keystroke.

    Put it first among a form's bases and build the form from the object as it is now
    (in a POST: `lock`ed, inside `atomic_post`). The form adds a hidden `version` field,
    the token of the values it was rendered with. On a post whose version is no longer
    current and where some field differs from what is saved now, validation fails with
    a message, `conflict` lists each differing field with their value and yours, and the
    hidden version moves to the current one, so that the next post saves against it.
    The person picks per field (`merge-<field>` = theirs, otherwise what the field
    holds), and a post without a version (a script) is not checked.
    """

    version_kind = "form"
    # Fields that hold HTML (rich text): their versions are shown as text.
    rich_text_fields: tuple[str, ...] = ()
    conflict: list[dict[str, Any]]

    def __init__(self, *args, version_of: models.Model | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # The object the form edits, for its id and who saved it when; a ModelForm's own.
        instance = getattr(self, "instance", None)
        self.version_of = version_of if version_of is not None else instance
        # A new object has no other version to lose. (A form may check anyway: a plan's
        # answer not written yet is a version too, the empty one.)
        self.checks_version = self.version_of is not None and self.version_of.pk is not None
        self.conflict = []
        self.fields["version"] = forms.CharField(widget=forms.HiddenInput, required=False)
        # Worked out when rendered, after the form's own __init__ has settled its fields.
        self.initial = {**self.initial, "version": self.current_version}

    def full_clean(self):
        if self.is_bound:
            self._take_theirs()
        super().full_clean()

    def versioned_fields(self) -> list[str]:
        """The fields a person sees and edits; hidden ones are the page's bookkeeping."""
        return [
            name
            for name, field in self.fields.items()
            if not isinstance(field.widget, forms.HiddenInput)
        ]

    def _theirs(self, name: str) -> Any:
        return self.get_initial_for_field(self.fields[name], name)

    def version_id(self) -> object:
        """What names the object in the token: its id. (An object saved as a new row
        each time, a criterion in each methodology version, is named by what stays.)"""
        return self.version_of.pk if self.version_of is not None else ""

    def current_version(self) -> str:
        """The token of the values the object holds now, as this form shows them."""
        values = [_plain(self._theirs(name)) for name in self.versioned_fields()]
        return content_tag(self.version_kind, self.version_id(), *values)

    def _merge_key(self, name: str) -> str:
        return f"merge-{self.add_prefix(name)}"

    def _take_theirs(self) -> None:
        """Put their value in each field the person chose to keep theirs for."""
        fields = self.versioned_fields()
        chosen = [n for n in fields if self.data.get(self._merge_key(n)) == MERGE_THEIRS]
        if not chosen:
            return
        theirs = {name: _as_data(self.fields[name], self._theirs(name)) for name in chosen}
        self.data = self._data_with({self.add_prefix(n): v for n, v in theirs.items()})

    def _data_with(self, values: dict[str, list[str]]) -> Any:
        """The posted data with `values` in place of what was posted (a copy: a request's
        own data stays as it came)."""
        data: Any = self.data
        if isinstance(data, QueryDict):
            data = data.copy()
            for key, items in values.items():
                data.setlist(key, items)
            return data
        return {**data, **{k: v if len(v) != 1 else v[0] for k, v in values.items()}}

    def field_label(self, name: str) -> str:
        """How the conflict names a field (a form whose labels repeat says more)."""
        return str(self.fields[name].label or name)

    def _yours(self, name: str) -> Any:
        if name in self.cleaned_data:
            return self.cleaned_data[name]
        return self[name].data

    def _differences(self) -> list[dict[str, Any]]:
        differences = []
        for name in self.versioned_fields():
            field, theirs, yours = self.fields[name], self._theirs(name), self._yours(name)
            if _same(field, theirs, yours):
                continue
            if name in self.rich_text_fields:
                theirs, yours = strip_tags(theirs or ""), strip_tags(yours or "")
            differences.append(
                {
                    "name": name,
                    "label": self.field_label(name),
                    "theirs": _shown(field, theirs),
                    "yours": _shown(field, yours),
                    "merge_name": self._merge_key(name),
                    "merge_id": f"{self[name].auto_id or self._merge_key(name)}-merge",
                }
            )
        return differences

    def clean(self):
        cleaned = super().clean()
        # Taken out of what the form hands on: the services save the object's fields.
        read = self.cleaned_data.pop("version", "")
        if not self.checks_version:
            return cleaned
        current = self.current_version()
        if read and read != current:
            self.conflict = self._differences()
            if self.conflict:
                self.add_error(None, self.conflict_message())
                self.data = self._data_with({self.add_prefix("version"): [current]})
        return cleaned

    def conflict_message(self) -> str:
        """Who saved it last and when, where the object keeps it."""
        when = getattr(self.version_of, "updated_at", None)
        who = getattr(self.version_of, "updated_by", None)
        if when and who:
            saved = _("Someone else saved this at %(time)s (%(who)s).") % {
                "time": _time(when),
                "who": getattr(who, "display_name", str(who)),
            }
        elif when:
            saved = _("Someone else saved this at %(time)s.") % {"time": _time(when)}
        else:
            saved = _("Someone else saved this since you opened it.")
        not_saved = _("Your changes are not saved yet.")
        return f"{saved} {not_saved}"


def _time(moment: datetime) -> str:
    local = timezone.localtime(moment)
    if local.date() == timezone.localdate():
        return local.strftime("%H:%M")
    return local.strftime("%Y-%m-%d %H:%M")
