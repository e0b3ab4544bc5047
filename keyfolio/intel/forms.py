from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from keyfolio.accounts.models import Account
from keyfolio.core.forms import BootstrapMixin
from keyfolio.core.versions import VersionedForm
from keyfolio.intel.models import Competitor, CompetitorPresence, IntelNote


class IntelNoteForm(VersionedForm, BootstrapMixin, forms.ModelForm):
    class Meta:
        model = IntelNote
        fields = ["kind", "title", "body", "source"]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 5}),
            "source": forms.TextInput(
                attrs={"placeholder": _("Where this comes from: a meeting, a report, a link…")}
            ),
        }


class PresenceForm(VersionedForm, BootstrapMixin, forms.Form):
    """How one of our competitors stands at the account."""

    estimated_share = forms.FloatField(
        label=_("Share of the client's spend, %"),
        required=False,
        min_value=0,
        max_value=100,
        help_text=_("Your estimate; leave empty if unknown."),
        widget=forms.NumberInput(attrs={"step": "any", "min": 0, "max": 100}),
    )
    strengths = forms.CharField(
        label=_("Strengths"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": _("Why the client buys from them")}),
    )
    weaknesses = forms.CharField(
        label=_("Weaknesses"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": _("Where we can do better")}),
    )

    @classmethod
    def for_presence(cls, presence: CompetitorPresence, data=None, **kwargs) -> "PresenceForm":
        share = presence.estimated_share
        initial = {
            # 35.0 reads better as 35.
            "estimated_share": int(share) if share is not None and share.is_integer() else share,
            "strengths": presence.strengths,
            "weaknesses": presence.weaknesses,
        }
        return cls(data, initial=initial, version_of=presence, **kwargs)


class CompetitorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Competitor) -> str:
        return obj.name


class NewPresenceForm(PresenceForm):
    """A competitor to list at the account: one of the workspace's, or a new name (the
    service insists on exactly one of the two)."""

    competitor = CompetitorChoiceField(
        queryset=Competitor.objects.none(),
        label=_("Competitor"),
        required=False,
        empty_label=_("Pick one we know…"),
        error_messages={"invalid_choice": _("Pick a competitor from the list.")},
    )
    new_name = forms.CharField(
        label=_("or a new one"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": _("Type a new competitor's name")}),
    )
    field_order = ["competitor", "new_name", "estimated_share", "strengths", "weaknesses"]

    def __init__(self, *args, account: Account, **kwargs):
        super().__init__(*args, **kwargs)
        # Only those not listed here yet: the others are edited where they are.
        field = cast(CompetitorChoiceField, self.fields["competitor"])
        field.queryset = Competitor.objects.filter(workspace_id=account.workspace_id).exclude(
            presences__account=account
        )


class CompetitorNameForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
