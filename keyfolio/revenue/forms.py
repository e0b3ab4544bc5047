"""Forms of the revenue tab and the offerings settings page. They read what people
type; the rules about what may be saved are in keyfolio.revenue.services."""

from decimal import Decimal
from typing import Self, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from keyfolio.core.forms import BootstrapMixin
from keyfolio.core.versions import VersionedForm
from keyfolio.revenue.amounts import AmountError, parse_amount
from keyfolio.revenue.models import OpportunityStatus, WhitespaceStatus
from keyfolio.revenue.services import FIRST_YEAR, TARGET_YEARS_AHEAD
from keyfolio.users.models import User


class AmountField(forms.CharField):
    """An amount written by the rule of keyfolio.revenue.amounts; blank is None."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        try:
            return parse_amount(super().to_python(value))
        except AmountError as error:
            raise forms.ValidationError(str(error), code="invalid") from None


class GridCellVersion(VersionedForm):
    """A cell of the entries table (a month's amount, a year's target) carries the version
    of the amount it shows, so that a change over someone else's is refused. A cell
    without an amount is a version too: two people may fill it in at once."""

    @classmethod
    def for_amount(cls, data, amount: Decimal | None, **initial) -> Self:
        form = cls(data, initial={**initial, "amount": amount})
        form.checks_version = True
        return form

    @classmethod
    def version_of_amount(cls, amount: Decimal | None, **initial) -> str:
        return cls.for_amount(None, amount, **initial)["version"].value()


class MonthAmountForm(GridCellVersion, forms.Form):
    """One month of the entries table: blank removes the month's entry."""

    amount = AmountField(label=_("Amount"))


class TargetForm(GridCellVersion, BootstrapMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"))
    amount = AmountField(
        label=pgettext_lazy("revenue target", "Target"),
        help_text=_("Leave blank to remove the target."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The browser's hint only: the service checks the range and says it.
        last = timezone.localdate().year + TARGET_YEARS_AHEAD
        self.fields["year"].widget.attrs.update({"min": FIRST_YEAR, "max": last})


class ImportForm(BootstrapMixin, forms.Form):
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.txt,text/csv"}),
    )
    # Its size and contents are checked by the table reader (keyfolio.core.tables), as
    # for every import.


class NameForm(VersionedForm, BootstrapMixin, forms.Form):
    """The name of a buying centre or of an offering."""

    name = forms.CharField(label=_("Name"), max_length=150)


class OfferingForm(NameForm):
    active = forms.BooleanField(label=pgettext_lazy("offering", "Active"), required=False)


class CellForm(VersionedForm, BootstrapMixin, forms.Form):
    """One cell of the whitespace grid; no status clears it."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Not assessed")), *WhitespaceStatus.choices],
        widget=forms.RadioSelect,
    )
    value = AmountField(label=_("Value a year"))
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Radio buttons are drawn by the template as a button group, not form-select.
        self.fields["status"].widget.attrs.pop("class", None)


class OpportunityForm(VersionedForm, BootstrapMixin, forms.Form):
    """An opportunity as a person types it; keyfolio.revenue.services checks the rest."""

    name = forms.CharField(label=_("Name"), max_length=200)
    amount = AmountField(label=_("Amount"), required=True)
    currency = forms.CharField(
        label=_("Currency"),
        max_length=3,
        min_length=3,
        widget=forms.TextInput(attrs={"style": "max-width: 7rem", "autocomplete": "off"}),
    )
    stage = forms.CharField(label=_("Stage"), max_length=100, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=OpportunityStatus.choices)
    probability = forms.IntegerField(
        label=_("Probability, %"),
        min_value=0,
        max_value=100,
        required=False,
        help_text=_("Left as it was, it becomes 100 % when won and 0 % when lost."),
    )
    expected_close = forms.DateField(
        label=_("Expected close date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    owner = forms.ModelChoiceField(
        queryset=User.objects.none(),
        label=_("Owner"),
        required=False,
        error_messages={"invalid_choice": _("Choose a member of this workspace.")},
    )

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        owner = cast(forms.ModelChoiceField, self.fields["owner"])
        owner.queryset = owners
        owner.label_from_instance = lambda user: user.display_name

    def clean_currency(self) -> str:
        return self.cleaned_data["currency"].strip().upper()

    def changes(self) -> dict:
        """The cleaned fields for the services. The probability goes only when it was
        typed (or changed), so that a new status may set the one it implies."""
        data = dict(self.cleaned_data)
        if data["probability"] is None or (self.initial and "probability" not in self.changed_data):
            data.pop("probability")
        return data
