"""The assessment form, built field by field from a methodology's criteria.

Each criterion gets three fields: score_<key> (0..100, blank for "not assessed"),
na_<key> (the explicit "not assessed" box) and comment_<key>. The form hands the
services a `Mapping[str, ScoreInput]`; what the scores mean is decided there.
"""

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BoundField
from django.forms.models import model_to_dict
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from keyfolio.assessments.display import AxisGroup, group_by_axis
from keyfolio.assessments.evidence import Hint
from keyfolio.assessments.models import PERCENT, Assessment, Criterion, Methodology
from keyfolio.assessments.services import (
    CriterionDraft,
    ScoreInput,
    criterion_draft_of,
    methodology_matches,
    methodology_revise,
)
from keyfolio.core.forms import BootstrapMixin
from keyfolio.core.versions import VersionedForm


class ScoreField(forms.CharField):
    """A percentage typed by a person: "85", "85.5" and "85,5" all mean 85.5;
    blank means not assessed (None)."""

    default_error_messages = {"invalid": _("Enter a number from 0 to 100, such as 85 or 85,5.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("validators", PERCENT)
        super().__init__(required=False, **kwargs)

    def to_python(self, value) -> float | None:  # type: ignore[override]
        text = (super().to_python(value) or "").replace(",", ".").replace("%", "").strip()
        if not text:
            return None
        try:
            number = float(text)
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        if not math.isfinite(number):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return number


def format_score(value: float | None) -> str:
    """A stored score as the number box shows it: 85.0 as "85", 85.5 as "85.5"."""
    return "" if value is None else f"{value:g}"


@dataclass(frozen=True)
class CriterionRow:
    criterion: Criterion
    score: BoundField
    na: BoundField
    comment: BoundField
    hint: Hint | None = None  # what the account's data says about this criterion

    @property
    def not_assessed(self) -> bool:
        return bool(self.na.value()) or not str(self.score.value() or "").strip()

    @property
    def has_comment(self) -> bool:
        return bool(self.comment.value())

    @property
    def errors(self) -> list:
        return [*self.score.errors, *self.na.errors, *self.comment.errors]


class _CriterionFieldsForm(forms.Form):
    """Adds the three fields of every criterion. A separate base class so that
    BootstrapMixin, which styles the fields once they exist, sees them too."""

    def __init__(self, *args, criteria: Sequence[Criterion], **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for c in self.criteria:
            self.fields[f"score_{c.key}"] = ScoreField(
                label=c.label,
                widget=forms.TextInput(
                    attrs={
                        "class": "form-control-sm kf-score-number text-end",
                        "inputmode": "decimal",
                        "autocomplete": "off",
                    }
                ),
            )
            self.fields[f"na_{c.key}"] = forms.BooleanField(
                label=_("not assessed"),
                required=False,
                widget=forms.CheckboxInput(attrs={"class": "kf-na"}),
            )
            self.fields[f"comment_{c.key}"] = forms.CharField(
                label=_("Comment"),
                required=False,
                max_length=500,
                widget=forms.TextInput(
                    attrs={"class": "form-control-sm", "placeholder": _("Why this score?")}
                ),
            )


class AssessmentForm(VersionedForm, BootstrapMixin, _CriterionFieldsForm):
    assessed_on = forms.DateField(
        label=_("Assessed on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(
            attrs={"rows": 2, "placeholder": _("What changed, what you learned, next steps")}
        ),
    )

    def __init__(
        self,
        data=None,
        *,
        criteria: Sequence[Criterion],
        scores: Mapping[str, ScoreInput] | None = None,
        assessed_on=None,
        note: str = "",
        hints: Mapping[str, Hint] | None = None,
        version_of: Assessment | None = None,
    ):
        """`scores` prefill the criteria by key (the previous assessment's, for a quick
        re-assessment); a criterion missing from them starts blank. `hints` (by key)
        are shown next to their criteria."""
        self.prefill = dict(scores or {})
        self.hints = dict(hints or {})
        initial: dict[str, object] = {
            "assessed_on": assessed_on or timezone.localdate(),
            "note": note,
        }
        for key, given in (scores or {}).items():
            initial[f"score_{key}"] = format_score(given.value)
            initial[f"na_{key}"] = given.value is None
            initial[f"comment_{key}"] = given.comment
        super().__init__(data, initial=initial, criteria=criteria, version_of=version_of)

    def field_label(self, name: str) -> str:
        # "Comment" and "not assessed" repeat for every criterion: say which.
        kind, _sep, key = name.partition("_")
        criterion = next((c for c in self.criteria if c.key == key), None)
        if criterion is None or kind == "score":
            return super().field_label(name)
        return f"{criterion.label}: {super().field_label(name)}"

    def rows(self) -> list[CriterionRow]:
        return [
            CriterionRow(
                c,
                self[f"score_{c.key}"],
                self[f"na_{c.key}"],
                self[f"comment_{c.key}"],
                self.hints.get(c.key),
            )
            for c in self.criteria
        ]

    def axes(self) -> list[AxisGroup]:
        return group_by_axis(self.rows(), lambda row: row.criterion.axis)

    def scores(self) -> dict[str, ScoreInput]:
        """The scores as the services take them: the prefilled ones on an unbound form.
        On an invalid form (a live preview while typing) the criteria whose value
        cannot be read count as not assessed."""
        if not self.is_bound:
            return {c.key: self.prefill.get(c.key, ScoreInput(None)) for c in self.criteria}
        self.is_valid()
        data = self.cleaned_data
        result = {}
        for c in self.criteria:
            value = None if data.get(f"na_{c.key}") else data.get(f"score_{c.key}")
            result[c.key] = ScoreInput(value, data.get(f"comment_{c.key}", "").strip())
        return result

    def unreadable_count(self) -> int:
        """How many scores could not be read (shown by the live preview)."""
        return sum(1 for c in self.criteria if f"score_{c.key}" in self.errors)


# The methodology page ---------------------------------------------------------

EDITABLE_FIELDS = ["label_en", "label_ru", "guide_en", "guide_ru", "weight", "position", "active"]

# The services raise these with plain English text; the pages show them translated.
SERVICE_ERRORS = {
    "empty_axis": _(
        "Each axis needs at least one active criterion with a positive weight: "
        "retire a criterion only after another one on its axis carries weight."
    ),
    "locked": _(
        "This assessment is older than a day and can no longer be changed; "
        "make a new assessment instead."
    ),
}


class MethodologySettingsForm(VersionedForm, BootstrapMixin, forms.Form):
    """The thresholds and the note of the next version. Its version is that of the
    thresholds it shows (the note is new each time, so it is not compared)."""

    version_kind = "methodology"

    threshold_client = forms.FloatField(
        label=_("Client position threshold"), min_value=0, max_value=100
    )
    threshold_our = forms.FloatField(label=_("Our position threshold"), min_value=0, max_value=100)
    note = forms.CharField(
        label=_("What changed"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. Prices weigh double")}),
    )

    def versioned_fields(self) -> list[str]:
        return ["threshold_client", "threshold_our"]

    def version_id(self) -> object:
        # Each version is a new row: the thresholds are the workspace's, whichever row.
        return getattr(self.version_of, "workspace_id", "")


class _SmallWidgets:
    """Table cells: small inputs, short text areas, and labels that wrap rather than cut
    a long name. A cell has no visible label of its own, so each field is named for
    screen readers by its column and its row (`row_name`: the criterion)."""

    LABELS = ("label_en", "label_ru")
    fields: dict[str, forms.Field]  # Of the form this is mixed into.
    cleaned_data: dict[str, Any]

    def __init__(self, *args, row_name: str, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name in self.LABELS:
                field.widget = forms.Textarea(attrs={**field.widget.attrs, "rows": 2})
            elif isinstance(field.widget, forms.Textarea):
                field.widget.attrs["rows"] = 3
            if isinstance(field.widget, forms.Select):
                field.widget.attrs["class"] += " form-select-sm"
            elif not isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs["class"] += " form-control-sm"
            field.widget.attrs["aria-label"] = f"{capfirst(field.label)}: {row_name}"

    def _clean_label(self, name: str) -> str:
        # Typed into a text area, a label may hold line breaks; it is one line.
        return " ".join(self.cleaned_data[name].split())

    def clean_label_en(self) -> str:
        return self._clean_label("label_en")

    def clean_label_ru(self) -> str:
        return self._clean_label("label_ru")


class CriterionEditForm(VersionedForm, _SmallWidgets, BootstrapMixin, forms.ModelForm):
    """One row of the criteria table. Key and axis are not fields: a criterion's
    identity never changes (retire it and add another instead). Versioned by what the
    row shows of the criterion in the current version (`version_of`)."""

    version_kind = "criterion"

    class Meta:
        model = Criterion
        fields = EDITABLE_FIELDS

    def version_id(self) -> object:
        # Each methodology version has its own rows: a criterion is its key in all.
        return getattr(self.version_of, "key", "")

    def field_label(self, name: str) -> str:
        # The conflict lists the fields of many rows: each says whose it is.
        label = str(self.fields[name].label)
        return f"{self.version_of}: {label[:1].lower()}{label[1:]}"


class CriterionAddForm(_SmallWidgets, BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Criterion
        fields = ["key", "axis", "label_en", "label_ru", "guide_en", "guide_ru", "weight"]

    def __init__(self, *args, existing_keys: set[str], **kwargs):
        self.existing_keys = existing_keys  # Before super(): BootstrapMixin validates.
        super().__init__(*args, empty_permitted=True, use_required_attribute=False, **kwargs)

    def clean_key(self) -> str:
        key = self.cleaned_data["key"]
        if key in self.existing_keys:
            raise forms.ValidationError(
                _("The key %(key)s is taken; each criterion needs its own key."),
                params={"key": key},
                code="duplicate_key",
            )
        return key


class MethodologyEditor:
    """Everything the methodology page edits, as one form: the thresholds and a note,
    one row per criterion of the current version, and empty rows to add criteria.

    Each part is versioned (`VersionedForm`): a page saved over a version someone else
    made meanwhile is refused where the two differ, with both values of each such
    field in `conflict`, to choose from. A criterion the page did not show (someone
    else added it) keeps its current values."""

    NEW_ROWS = 3

    def __init__(self, methodology: Methodology, data=None):
        self.methodology = methodology
        self.criteria = list(methodology.criteria.order_by("axis", "position", "pk"))
        self.settings = MethodologySettingsForm(
            data,
            initial={
                "threshold_client": methodology.threshold_client,
                "threshold_our": methodology.threshold_our,
            },
            version_of=methodology,
        )
        self.rows = [
            CriterionEditForm(
                data if data is None or f"c-{c.key}-label_en" in data else None,
                prefix=f"c-{c.key}",
                initial=model_to_dict(c, EDITABLE_FIELDS),
                row_name=c.label,
                version_of=c,
            )
            for c in self.criteria
        ]
        keys = {c.key for c in self.criteria}
        self.new_rows = [
            CriterionAddForm(
                data,
                prefix=f"new-{i}",
                existing_keys=keys,
                row_name=_("new criterion %(number)d") % {"number": i + 1},
            )
            for i in range(self.NEW_ROWS)
        ]
        self.errors: list[str] = []
        self.conflict: list[dict[str, Any]] = []

    def groups(self) -> list[AxisGroup]:
        return group_by_axis(zip(self.criteria, self.rows, strict=True), lambda pair: pair[0].axis)

    def _added_rows(self) -> list[CriterionAddForm]:
        return [form for form in self.new_rows if form.has_changed()]

    def is_valid(self) -> bool:
        posted_rows = [form for form in self.rows if form.is_bound]
        forms_ = [self.settings, *posted_rows, *self.new_rows]
        valid = all([form.is_valid() for form in forms_])  # A list: validate every form.
        self.conflict = [item for form in (self.settings, *posted_rows) for item in form.conflict]
        if self.conflict:
            self.errors.append(self._conflict_message())
        added = self._added_rows()
        keys = [form.cleaned_data.get("key") for form in added if form.is_valid()]
        for form in added:
            if form.is_valid() and keys.count(form.cleaned_data["key"]) > 1:
                form.add_error("key", _("Two new criteria cannot share a key."))
                valid = False
        return valid and not self.errors

    def _conflict_message(self) -> str:
        author = self.methodology.created_by
        params = {
            "version": self.methodology.version,
            "who": author.display_name if author else "—",
        }
        return str(
            _(
                "Someone else (%(who)s) saved version %(version)s while you were editing. "
                "Your changes are not saved yet."
            )
            % params
        )

    def drafts(self) -> list[CriterionDraft]:
        drafts = [
            CriterionDraft(key=c.key, axis=c.axis, **form.cleaned_data)
            if form.is_bound
            else criterion_draft_of(c)
            for c, form in zip(self.criteria, self.rows, strict=True)
        ]
        for form in self._added_rows():
            axis = form.cleaned_data["axis"]
            # A new criterion goes to the end of its axis.
            last = max((d.position for d in drafts if d.axis == axis), default=-1)
            drafts.append(CriterionDraft(**form.cleaned_data, position=last + 1, active=True))
        return drafts

    def _revision(self) -> dict:
        data = self.settings.cleaned_data
        return {
            "criteria": self.drafts(),
            "threshold_client": data["threshold_client"],
            "threshold_our": data["threshold_our"],
        }

    def changes_anything(self) -> bool:
        return not methodology_matches(methodology=self.methodology, **self._revision())

    def save(self, *, user) -> Methodology | None:
        """The new version, or None with `errors` set if the services refuse it."""
        try:
            return methodology_revise(
                workspace=self.methodology.workspace,
                user=user,
                note=self.settings.cleaned_data["note"],
                **self._revision(),
            )
        except ValidationError as error:
            self.errors.append(str(SERVICE_ERRORS.get(error.code or "", error.messages[0])))
            return None
