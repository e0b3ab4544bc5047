from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from keyfolio.accounts.models import NOT_ASSESSED, SORT_CHOICES, ZoneChoice
from keyfolio.portfolio.selectors import DEFAULT_SORT, SquareFilters
from keyfolio.workspaces.models import Membership


def _select():
    return forms.Select(attrs={"class": "form-select form-select-sm"})


class SquareFilterForm(forms.Form):
    """The GET form above the square. A value that is not (or no longer) valid, such as
    a member who has left, is shown as an error and its filter is simply not applied.

    Not a BootstrapMixin form: that mixin validates while it builds the widgets, which
    is before the owner and segment choices (known only per request) are set here."""

    owner = forms.TypedChoiceField(
        label=_("Account manager"), required=False, coerce=int, empty_value=None, widget=_select()
    )
    zone = forms.ChoiceField(
        label=_("Zone"),
        required=False,
        widget=_select(),
        choices=[
            ("", _("All zones")),
            *ZoneChoice.choices,
            (NOT_ASSESSED, _("Not assessed")),
        ],
    )
    segment = forms.ChoiceField(label=_("Segment"), required=False, widget=_select())
    arrows = forms.BooleanField(
        label=_("Show movement"),
        required=False,
        widget=forms.CheckboxInput(
            attrs={"class": "form-check-input", "role": "switch", "value": "1"}
        ),
    )
    sort = forms.ChoiceField(
        required=False, choices=[(s, s) for s in SORT_CHOICES], widget=forms.HiddenInput
    )

    def __init__(self, data, *, members: list[Membership], segments: list[str]):
        super().__init__(data)
        owner = cast(forms.ChoiceField, self.fields["owner"])
        owner.choices = [
            ("", _("All account managers")),
            *((m.user_id, m.user.display_name) for m in members),
        ]
        segment = cast(forms.ChoiceField, self.fields["segment"])
        segment.choices = [("", _("All segments")), *((s, s) for s in segments)]
        for name in self.errors:
            widget = self.fields[name].widget
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()

    def _clean(self, name: str, default=None):
        # cleaned_data holds only the fields that validated.
        value = self.cleaned_data.get(name)
        return default if value in (None, "") else value

    @property
    def filters(self) -> SquareFilters:
        return SquareFilters(
            owner=self._clean("owner"),
            zone=self._clean("zone", ""),
            segment=self._clean("segment", ""),
        )

    @property
    def sort_key(self) -> str:
        return self._clean("sort", DEFAULT_SORT)

    @property
    def show_arrows(self) -> bool:
        return bool(self._clean("arrows", False))
