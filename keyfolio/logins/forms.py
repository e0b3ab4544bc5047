from django import forms
from django.utils.translation import gettext_lazy as _

from keyfolio.core.forms import BootstrapMixin


class CodeForm(BootstrapMixin, forms.Form):
    """A code from the authenticator app, or a recovery code."""

    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "off",
                "spellcheck": "false",
                "autofocus": True,
                "class": "font-monospace",
            }
        ),
    )

    def __init__(self, *args, label=None, help_text="", **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["code"]
        field.label = label or field.label
        field.help_text = help_text
