from datetime import date
from typing import cast

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from keyfolio.accounts.forms import MembersChoiceField
from keyfolio.accounts.models import Account
from keyfolio.accounts.services import workspace_members
from keyfolio.activities.forms import ContactsChoiceField
from keyfolio.core.forms import BootstrapMixin
from keyfolio.core.versions import VersionedForm
from keyfolio.meetings.models import CallPlan, OutcomeChoice
from keyfolio.meetings.services import PLAN_TEXT_FIELDS, NextStep
from keyfolio.stakeholders.models import Attitude, Contact
from keyfolio.users.models import User
from keyfolio.workspaces.models import Workspace

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _area(rows: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class CallPlanForm(VersionedForm, BootstrapMixin, forms.ModelForm):
    """The meeting (date, place, people) and its call plan, as one form."""

    version_kind = "call-plan"

    on = forms.DateField(label=_("Date"), widget=DATE)
    our_people = MembersChoiceField(
        queryset=User.objects.none(),
        label=_("Our people"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose members of this workspace.")},
    )
    their_people = ContactsChoiceField(
        queryset=Contact.objects.none(),
        label=_("Their people"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose contacts of this account.")},
    )

    class Meta:
        model = CallPlan
        fields = PLAN_TEXT_FIELDS
        widgets = {
            "client_win": _area(2),
            "offer": _area(2),
            "concessions": _area(2),
            "questions": _area(5),
            "objections": _area(5),
        }
        help_texts = {
            "client_win": _(
                "Required before the plan is ready: every negotiation is a win for both sides."
            ),
            "questions": _("One a line."),
            "objections": _("One a line: the objection — our answer."),
        }

    def __init__(self, *args, account: Account, workspace: Workspace, **kwargs):
        super().__init__(*args, **kwargs)
        cast(MembersChoiceField, self.fields["our_people"]).queryset = workspace_members(workspace)
        # Someone who has since left the client stays on the meetings they took part in.
        contacts = Q(active=True)
        if self.instance.pk is not None:
            contacts |= Q(activities=self.instance.activity)
        cast(ContactsChoiceField, self.fields["their_people"]).queryset = (
            Contact.objects.filter(contacts, account=account)
            .distinct()
            .order_by("-influence", "name")
        )
        for name in ("our_people", "their_people"):
            self.fields[name].widget.attrs["class"] = "form-check-input"

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "on": data["on"],
            "our_people": data["our_people"],
            "their_people": data["their_people"],
            **{name: data[name] for name in PLAN_TEXT_FIELDS},
        }


class OutcomeForm(VersionedForm, BootstrapMixin, forms.Form):
    """How the meeting went, with one attitude field for each of the people met. Two
    people recording it at once: the second sees the first's outcome beside theirs."""

    version_kind = "meeting-outcome"

    primary_outcome = forms.ChoiceField(
        label=_("Primary objective"), choices=OutcomeChoice.choices, widget=forms.RadioSelect
    )
    fallback_outcome = forms.ChoiceField(
        label=_("Fallback objective"),
        choices=[("", _("Not pursued")), *OutcomeChoice.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    client_said = forms.CharField(label=_("What the client said"), widget=_area(3), required=False)
    next_steps = forms.CharField(
        label=_("Next steps"),
        widget=_area(3),
        required=False,
        help_text=_(
            "One a line; each becomes an action. End a line with a date to set "
            "its due date, e.g. “Send the offer 2027-01-15”."
        ),
    )

    def __init__(self, *args, plan: CallPlan, **kwargs):
        kwargs.setdefault("version_of", plan)
        self.met = list(plan.activity.their_people.order_by("-influence", "name"))
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("primary_outcome", plan.primary_outcome)
        initial.setdefault("fallback_outcome", plan.fallback_outcome)
        initial.setdefault("client_said", plan.client_said)
        super().__init__(*args, **kwargs)
        for contact in self.met:
            self.fields[f"attitude_{contact.pk}"] = forms.TypedChoiceField(
                label=contact.name,
                choices=Attitude.choices,
                coerce=int,
                # Left out of a post, the attitude stays as it is.
                required=False,
                empty_value=None,
                initial=contact.attitude,
                widget=forms.Select(attrs={"class": "form-select"}),
            )
        for name in ("primary_outcome", "fallback_outcome"):
            self.fields[name].widget.attrs["class"] = "form-check-input"

    def versioned_fields(self) -> list[str]:
        # Next steps add actions; they overwrite nothing another person recorded.
        return [name for name in super().versioned_fields() if name != "next_steps"]

    def attitude_fields(self) -> list:
        return [self[f"attitude_{contact.pk}"] for contact in self.met]

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "primary_outcome": data["primary_outcome"],
            "fallback_outcome": data["fallback_outcome"],
            "client_said": data["client_said"],
            "next_steps": parse_next_steps(data["next_steps"]),
            "attitudes": {
                c.pk: data[f"attitude_{c.pk}"]
                for c in self.met
                if data[f"attitude_{c.pk}"] is not None
            },
        }


def parse_next_steps(text: str) -> list[NextStep]:
    """One step a line; a line ending in an ISO date (2027-01-15) is due on it."""
    steps = []
    for line in (line.strip() for line in text.splitlines()):
        title, _space, last = line.rpartition(" ")
        due = _iso_date(last)
        steps.append(NextStep(title.strip(), due) if due and title.strip() else NextStep(line))
    return [step for step in steps if step.title]


def _iso_date(word: str) -> date | None:
    try:
        return date.fromisoformat(word) if len(word) == 10 else None
    except ValueError:
        return None
