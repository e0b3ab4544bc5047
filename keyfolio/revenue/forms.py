"""Forms of the revenue tab and the offerings settings page. They read what people
type; the rules about what may be saved are in keyfolio.revenue.services."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from keyfolio.core.forms import BootstrapMixin
from keyfolio.revenue.amounts import AmountError, parse_amount
from keyfolio.revenue.models import WhitespaceStatus
from keyfolio.revenue.services import FIRST_YEAR, TARGET_YEARS_AHEAD


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


class MonthAmountForm(forms.Form):
    """One month of the entries table: blank removes the month's entry."""

    amount = AmountField(label=_("Amount"))


class TargetForm(BootstrapMixin, forms.Form):
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


class NameForm(BootstrapMixin, forms.Form):
    """The name of a buying centre or of an offering."""

    name = forms.CharField(label=_("Name"), max_length=150)


class OfferingForm(NameForm):
    active = forms.BooleanField(label=pgettext_lazy("offering", "Active"), required=False)


class CellForm(BootstrapMixin, forms.Form):
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
