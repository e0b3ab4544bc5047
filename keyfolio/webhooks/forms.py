from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from keyfolio.core.forms import BootstrapMixin
from keyfolio.core.versions import VersionedForm
from keyfolio.webhooks.models import EventType


class WebhookForm(BootstrapMixin, forms.Form):
    url = forms.URLField(
        label=_("Endpoint URL"),
        max_length=500,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://example.com/keyfolio-hook"}),
    )
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
    events = forms.MultipleChoiceField(
        label=_("Events"),
        choices=EventType.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one event.")},
    )
    allow_private = forms.BooleanField(
        label=_("Allow private network addresses"),
        required=False,
        help_text=_(
            "For a receiver on your own network (on-premise). Otherwise Keyfolio refuses "
            "addresses that are private, local or reserved, so that a webhook cannot reach "
            "inside the network Keyfolio runs in."
        ),
    )


class WebhookEditForm(VersionedForm, WebhookForm):
    active = forms.BooleanField(
        label=pgettext_lazy("webhook", "Active"),
        required=False,
        help_text=_("Turning it on again forgets its past failures."),
    )
