"""The wizard's forms: the upload, and the mapping of a file's columns to fields."""

from django import forms
from django.utils.translation import gettext_lazy as _

from keyfolio.imports.fields import KIND_FIELDS, KIND_LABELS, KINDS
from keyfolio.imports.models import ImportMapping

SKIP = ""  # The choice of a column that is not imported.


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What the file holds"),
        choices=[(kind, KIND_LABELS[kind]) for kind in KINDS],
        widget=forms.RadioSelect,
        initial="accounts",
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "CSV, XLSX, Bitrix24's HTML .xls or 1C's CommerceML XML, as your CRM exports it."
        ),
    )


class MappingForm(forms.Form):
    """One select per column of the file (`col_<index>`: a field of the kind, or not
    imported), and the options of the check that follows."""

    save_as = forms.CharField(
        label=_("Save this mapping as"),
        required=False,
        max_length=60,
        help_text=_("Files with the same columns will be mapped this way next time."),
    )
    good_rows = forms.BooleanField(
        label=_("Import the good rows only"),
        required=False,
        help_text=_("Otherwise one bad row stops the whole import: all or nothing."),
    )
    probability = forms.IntegerField(
        label=_("Probability of open opportunities without one, %"),
        required=False,
        min_value=0,
        max_value=100,
        help_text=_(
            "Many CRMs export no probability. Left empty, such an opportunity counts 0 in "
            "the weighted pipeline until you set one."
        ),
    )

    def __init__(self, *args, kind: str, labels: tuple[str, ...], **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.labels = labels
        choices = [(SKIP, _("— don't import —"))] + [
            (field.key, field.label) for field in KIND_FIELDS.get(kind, ())
        ]
        self.columns = []
        for index, label in enumerate(labels):
            name = f"col_{index}"
            self.fields[name] = forms.ChoiceField(
                label=label or _("Column %(number)d") % {"number": index + 1},
                choices=choices,
                required=False,
            )
            self.columns.append(name)

    def column_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.columns]

    def clean(self):
        data = super().clean()
        seen: dict[str, str] = {}
        for name in self.columns:
            key = data.get(name)
            if not key:
                continue
            if key in seen:
                label = dict(self.fields[name].choices)[key]
                self.add_error(
                    name,
                    _("%(field)s is already taken by the column %(column)s.")
                    % {"field": label, "column": self.fields[seen[key]].label},
                )
            else:
                seen[key] = name
        name = (data.get("save_as") or "").strip()
        if name and self.kind in KIND_FIELDS and not seen:
            self.add_error("save_as", _("Map at least one column to save the mapping."))
        return data

    def mapping(self) -> dict[int, str]:
        """Column index -> field key, for the columns mapped to a field."""
        return {
            index: self.cleaned_data[name]
            for index, name in enumerate(self.columns)
            if self.cleaned_data.get(name)
        }


def preset_choices(workspace, kind: str) -> list[tuple[str, str]]:
    """The presets and the workspace's saved mappings of the kind (as `saved:<pk>`)."""
    from keyfolio.imports.presets import PRESETS

    choices = [(name, preset.label) for name, preset in PRESETS.items()]
    for saved in ImportMapping.objects.filter(workspace=workspace, kind=kind):
        choices.append((f"saved:{saved.pk}", str(_("Saved: %(name)s") % {"name": saved.name})))
    return choices
