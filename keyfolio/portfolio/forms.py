from datetime import date
from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from keyfolio.accounts.models import NOT_ASSESSED, SORT_CHOICES, ZoneChoice
from keyfolio.core.forms import LongSelect
from keyfolio.method.movement import DEFAULT_MIN_POINTS, DEFAULT_PERIOD, Period, period_start
from keyfolio.portfolio.selectors import DEFAULT_SORT, WHOLE_SQUARE, Bounds, SquareFilters


def _select():
    return forms.Select(attrs={"class": "form-select form-select-sm"})


def _date():
    # ISO dates whatever the language: that is what a browser date input reads.
    return forms.DateInput(
        format="%Y-%m-%d", attrs={"class": "form-control form-control-sm", "type": "date"}
    )


# The movement report's presets, as its buttons name them.
PERIOD_LABELS = {
    Period.DAYS_30: _("Last 30 days"),
    Period.QUARTER: _("Last quarter"),
    Period.YEAR: _("Last year"),
}


def _switch(label):
    return forms.BooleanField(
        label=label,
        required=False,
        widget=forms.CheckboxInput(
            attrs={"class": "form-check-input", "role": "switch", "value": "1"}
        ),
    )


class PortfolioFilterForm(forms.Form):
    """The owner and segment filters that the square and the movement report share.
    A value that is not (or no longer) valid, such as a member who has left, is shown
    as an error and its filter is simply not applied.

    Not a BootstrapMixin form: that mixin validates while it builds the widgets, which
    is before the owner and segment choices (known only per request) are set here."""

    owner = forms.TypedChoiceField(
        label=_("Account manager"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=LongSelect(attrs={"class": "form-select form-select-sm"}),
    )
    segment = forms.ChoiceField(label=_("Segment"), required=False, widget=_select())

    def __init__(self, data, *, members: list[tuple[int, str]], segments: list[str]):
        super().__init__(data)
        owner = cast(forms.ChoiceField, self.fields["owner"])
        owner.choices = [("", _("All account managers")), *members]
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


# The zone filter's choices: a zone, the accounts not on the square, or every zone.
ZONE_FILTERS = [("", _("All zones")), *ZoneChoice.choices, (NOT_ASSESSED, _("Not assessed"))]


def _zone_filter():
    return forms.ChoiceField(
        label=_("Zone"), required=False, widget=_select(), choices=ZONE_FILTERS
    )


class SquareFilterForm(PortfolioFilterForm):
    """The GET form above the square: filters, the chart's switches and the sort."""

    field_order = ["owner", "zone", "segment"]

    zone = _zone_filter()
    arrows = _switch(_("Show movement"))
    forecast = _switch(_("Show forecast"))
    sort = forms.ChoiceField(
        required=False, choices=[(s, s) for s in SORT_CHOICES], widget=forms.HiddenInput
    )

    @property
    def sort_key(self) -> str:
        return self._clean("sort", DEFAULT_SORT)

    @property
    def show_arrows(self) -> bool:
        return bool(self._clean("arrows", False))

    @property
    def show_forecast(self) -> bool:
        return bool(self._clean("forecast", False))


class SatisfactionFilterForm(PortfolioFilterForm):
    """The satisfaction page's filters: the square's three, so that a link from the
    square keeps its selection."""

    field_order = ["owner", "zone", "segment"]

    zone = _zone_filter()


def _edge(label, default: float):
    return forms.FloatField(
        label=label, required=False, min_value=0, max_value=100, initial=default
    )


class SquareWindowForm(forms.Form):
    """The part of the square that square.js asks for once the chart is zoomed in, in
    index units: `our_min`..`our_max` across, `client_min`..`client_max` up. An edge left
    out is the square's own; the lower edge of an axis must lie below its upper edge."""

    our_min = _edge(_("Our position from"), WHOLE_SQUARE.our_min)
    our_max = _edge(_("Our position to"), WHOLE_SQUARE.our_max)
    client_min = _edge(_("Client position from"), WHOLE_SQUARE.client_min)
    client_max = _edge(_("Client position to"), WHOLE_SQUARE.client_max)

    def _edge_value(self, name: str) -> float:
        value = self.cleaned_data.get(name)
        return self.fields[name].initial if value is None else value

    def clean(self):
        data = super().clean()
        for axis in ("our", "client"):
            low, high = f"{axis}_min", f"{axis}_max"
            if low in data and high in data and self._edge_value(low) >= self._edge_value(high):
                self.add_error(high, _("The window must end above where it starts."))
        return data

    @property
    def bounds(self) -> Bounds:
        """The window asked for; call only once the form is valid."""
        return Bounds(**{name: self._edge_value(name) for name in self.fields})

    @property
    def error_message(self) -> str:
        """Every error on one line, each after its field's label."""
        return " ".join(
            f"{self.fields[name].label}: {' '.join(str(e) for e in errors)}"
            for name, errors in self.errors.items()
        )


class MovementForm(PortfolioFilterForm):
    """The movement report's GET form: a preset period or two dates, the smallest move
    that counts, and the square's owner and segment filters. Without dates, the period
    is the preset (the last quarter by default) ending today."""

    field_order = ["period", "start", "end", "min_points", "owner", "segment"]

    period = forms.ChoiceField(
        label=_("Period"),
        required=False,
        choices=[(p.value, label) for p, label in PERIOD_LABELS.items()],
        widget=forms.HiddenInput,
    )
    start = forms.DateField(label=_("From"), required=False, widget=_date())
    end = forms.DateField(label=_("To"), required=False, widget=_date())
    min_points = forms.IntegerField(
        label=_("Moves of more than"),
        required=False,
        min_value=1,
        max_value=100,
        help_text=_("index points on either position, or any zone change"),
        widget=forms.NumberInput(
            attrs={"class": "form-control form-control-sm", "style": "width: 5.5rem"}
        ),
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if (start is None) != (end is None):
            missing = "end" if end is None else "start"
            self.add_error(missing, _("Give both dates, or choose a period above."))
        elif start is not None and end is not None and start > end:
            self.add_error("end", _("The end of the period must not be before its start."))
        return data

    @property
    def period_choice(self) -> Period | None:
        """The preset in use, or None when both dates were given."""
        if self._clean("start") and self._clean("end"):
            return None
        return Period(self._clean("period", DEFAULT_PERIOD.value))

    def dates(self, today: date) -> tuple[date, date]:
        """The period's first and last day: the dates given, else the preset's."""
        preset = self.period_choice
        if preset is None:
            return self._clean("start"), self._clean("end")
        return period_start(today, preset), today

    @property
    def min_points_value(self) -> int:
        return self._clean("min_points", DEFAULT_MIN_POINTS)

    def active_preset(self, today: date) -> Period | None:
        """The preset whose dates these are, chosen by name or typed in, if any."""
        start, end = self.dates(today)
        return next((p for p in Period if (period_start(today, p), today) == (start, end)), None)
