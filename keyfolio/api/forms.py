from django import forms
from django.utils.translation import gettext_lazy as _

from keyfolio.core.forms import BootstrapMixin


class TokenForm(BootstrapMixin, forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What uses it, e.g. “CRM sync”, so that you know which one to revoke."),
    )
    read_only = forms.BooleanField(
        label=_("Read-only"),
        required=False,
        help_text=_("It may read, but not create, change or archive anything."),
    )
