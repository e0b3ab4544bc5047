from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from keyfolio.accounts.forms import MemberChoiceField
from keyfolio.accounts.models import Account
from keyfolio.accounts.services import workspace_members
from keyfolio.core.forms import BootstrapMixin
from keyfolio.core.versions import VersionedForm
from keyfolio.stakeholders.models import Contact, ContactRelationship, DecisionRole
from keyfolio.stakeholders.selectors import STATUS_ACTIVE, STATUS_ALL, STATUS_INACTIVE
from keyfolio.stakeholders.services import CONTACT_FIELDS
from keyfolio.users.models import User

ONE_TO_FIVE_CHOICES = [(n, str(n)) for n in range(1, 6)]


class ContactFilterForm(forms.Form):
    """The table's filters, from the query string; anything unknown falls back to the
    default (active contacts, every role)."""

    status = forms.ChoiceField(
        choices=[
            (STATUS_ACTIVE, _("Active")),
            (STATUS_INACTIVE, _("Left")),
            (STATUS_ALL, _("All")),
        ],
        required=False,
    )
    role = forms.ChoiceField(choices=[("", _("Every role")), *DecisionRole.choices], required=False)

    def filters(self) -> dict[str, str]:
        data = self.cleaned_data if self.is_valid() else {}
        return {"status": data.get("status") or STATUS_ACTIVE, "role": data.get("role", "")}


class ManagerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Contact) -> str:
        label = f"{obj.name} · {obj.title}" if obj.title else obj.name
        return label if obj.active else _("%(name)s (left)") % {"name": label}


class ContactForm(VersionedForm, BootstrapMixin, forms.ModelForm):
    """A contact's own fields. Whom they may report to is limited to the account's other
    contacts here; the services refuse a reporting loop."""

    reports_to = ManagerChoiceField(
        queryset=Contact.objects.none(),
        label=_("Reports to"),
        required=False,
        empty_label=_("Nobody of this account"),
        error_messages={"invalid_choice": _("Choose another contact of this account.")},
    )
    influence = forms.TypedChoiceField(
        label=_("Influence"),
        choices=ONE_TO_FIVE_CHOICES,
        coerce=int,
        initial=3,
        help_text=_("1 = little say in decisions, 5 = decisive."),
    )

    version_kind = "contact"

    class Meta:
        model = Contact
        fields = list(CONTACT_FIELDS)
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"active": _("Clear when the person has left the client.")}

    def __init__(self, *args, account: Account, **kwargs):
        super().__init__(*args, **kwargs)
        managers = Contact.objects.filter(account=account).order_by("-active", "name")
        if self.instance.pk:
            managers = managers.exclude(pk=self.instance.pk)
        cast(ManagerChoiceField, self.fields["reports_to"]).queryset = managers
        role = cast(forms.ChoiceField, self.fields["decision_role"])
        role.choices = [("", _("Not known")), *DecisionRole.choices]

    def add_error(self, field, error):
        # The services' errors (a reporting loop) arrive after validation: mark them too.
        super().add_error(field, error)
        for name in self.errors:
            widget = self.fields[name].widget if name in self.fields else None
            if widget is not None and "is-invalid" not in widget.attrs.get("class", ""):
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()


# What each strength of a relationship means, so that two people rate alike.
STRENGTH_CHOICES = [
    (1, _("1 · met once")),
    (2, _("2 · acquainted")),
    (3, _("3 · working contact")),
    (4, _("4 · good relationship")),
    (5, _("5 · trusted")),
]


class RelationshipForm(VersionedForm, BootstrapMixin, forms.Form):
    """Who of ours knows the contact, and how well. To add someone, it offers the
    workspace's members not yet listed for the contact; to edit, only strength and note."""

    user = MemberChoiceField(
        queryset=User.objects.none(),
        label=_("Who of ours"),
        empty_label=_("Who of ours…"),
        error_messages={"invalid_choice": _("Choose a member of this workspace not yet listed.")},
    )
    strength = forms.TypedChoiceField(
        label=_("How well"), choices=STRENGTH_CHOICES, coerce=int, initial=3
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. met at the 2024 trade fair")}),
    )

    @classmethod
    def for_relationship(cls, data, relationship: ContactRelationship) -> "RelationshipForm":
        """The form editing `relationship`, over the version it shows."""
        return cls(
            data,
            initial={"strength": relationship.strength, "note": relationship.note},
            auto_id=f"id_rel{relationship.pk}_%s",
            version_of=relationship,
        )

    def __init__(self, *args, contact: Contact | None = None, workspace=None, **kwargs):
        super().__init__(*args, **kwargs)
        if contact is None:
            del self.fields["user"]
        else:
            members = workspace_members(workspace).exclude(contact_relationships__contact=contact)
            cast(MemberChoiceField, self.fields["user"]).queryset = members
        # The form sits in a table row: small controls.
        for field in self.fields.values():
            css = field.widget.attrs.get("class", "")
            field.widget.attrs["class"] = css.replace(
                "form-select", "form-select form-select-sm"
            ).replace("form-control", "form-control form-control-sm")
