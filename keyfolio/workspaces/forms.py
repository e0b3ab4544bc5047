from django import forms
from django.utils.translation import gettext_lazy as _

from keyfolio.core.forms import BootstrapMixin
from keyfolio.workspaces.models import Membership, Role
from keyfolio.workspaces.services import assignable_roles


class MemberAddForm(BootstrapMixin, forms.Form):
    email = forms.EmailField(
        label=_("E-mail"),
        widget=forms.EmailInput(attrs={"autocomplete": "off", "placeholder": "name@company.com"}),
    )
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        required=False,
        help_text=_("Used if the person is new to Keyfolio."),
    )
    # Any role is accepted here, so that the service can say clearly why one is
    # refused; the drop-down offers only the ones the acting member may hand out.
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)

    def __init__(self, *args, by: Membership, **kwargs):
        kwargs.setdefault("initial", {"role": Role.MANAGER})
        super().__init__(*args, **kwargs)
        allowed = set(assignable_roles(by))
        self.fields["role"].widget.choices = [
            (value, label) for value, label in Role.choices if value in allowed
        ]
