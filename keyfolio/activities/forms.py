from typing import cast

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from keyfolio.accounts.forms import MemberChoiceField, MembersChoiceField
from keyfolio.accounts.models import Account
from keyfolio.accounts.services import workspace_members
from keyfolio.activities.models import Activity, KindChoice
from keyfolio.activities.selectors import TimelineFilters
from keyfolio.activities.services import NEXT_STEP_MAX_LENGTH
from keyfolio.core.forms import BootstrapMixin
from keyfolio.core.versions import VersionedForm
from keyfolio.plans.models import RuleChoice
from keyfolio.stakeholders.models import Contact
from keyfolio.users.models import User
from keyfolio.workspaces.models import Workspace
from keyfolio.workspaces.selectors import with_executive_flag

# The hidden field's value once the person has ticked or cleared a rule by hand.
TOUCHED = "1"


class ContactsChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Contact) -> str:
        return f"{obj.name} · {obj.title}" if obj.title else obj.name


class ActivityForm(VersionedForm, BootstrapMixin, forms.Form):
    """An activity as a person logs it. Who may take part is decided here only as far as
    the choices offered go (the workspace's members, the account's active contacts);
    the rules themselves are the services'.

    The rules start from the kind's suggestion (KIND_RULES). activities.js re-suggests
    them when the kind changes, until the person ticks or clears a rule by hand, and
    then marks `rules_touched`. A form posted with no rule and never touched (no
    JavaScript, say) leaves the choice to the services, which apply the suggestion.
    """

    kind = forms.ChoiceField(label=_("Kind"), choices=KindChoice.choices)
    occurred_on = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("A date in the future logs a planned activity."),
    )
    our_people = MembersChoiceField(
        queryset=User.objects.none(),
        label=_("Our people"),
        required=False,
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
    summary = forms.CharField(
        label=pgettext_lazy("what an activity was about", "Summary"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What was discussed, what we learnt, what was agreed."),
    )
    next_step = forms.CharField(
        label=_("Next step"), required=False, max_length=NEXT_STEP_MAX_LENGTH
    )
    next_step_due = forms.DateField(
        label=_("Due"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    rules = forms.TypedMultipleChoiceField(
        label=_("Rules it serves"),
        choices=RuleChoice.choices,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    rules_touched = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(
        self,
        *args,
        account: Account,
        workspace: Workspace,
        activity: Activity | None = None,
        **kwargs,
    ):
        if activity is not None:
            kwargs.setdefault("initial", _initial_from(activity))
        super().__init__(*args, version_of=activity, **kwargs)
        # Our executives get a star, so that whoever logs the activity sees it counts
        # as executive contact.
        members = with_executive_flag(workspace_members(workspace), workspace)
        cast(MembersChoiceField, self.fields["our_people"]).queryset = members
        # Someone who has since left the client stays on the activities they took part in.
        contacts = Q(active=True)
        if activity is not None:
            contacts |= Q(activities=activity)
        cast(ContactsChoiceField, self.fields["their_people"]).queryset = (
            Contact.objects.filter(contacts, account=account).distinct().order_by("name")
        )
        for name in ("our_people", "their_people", "rules"):
            self.fields[name].widget.attrs["class"] = "form-check-input"

    def service_arguments(self) -> dict:
        """The cleaned data as the services take it: `rules` is None when the person
        neither ticked a rule nor touched the list, so that the kind's suggestion applies."""
        data = dict(self.cleaned_data)
        touched = data.pop("rules_touched") == TOUCHED
        if not data["rules"] and not touched:
            data["rules"] = None
        return data


def _initial_from(activity: Activity) -> dict:
    return {
        "kind": activity.kind,
        "occurred_on": activity.occurred_on,
        "our_people": list(activity.our_people.all()),
        "their_people": list(activity.their_people.all()),
        "summary": activity.summary,
        "next_step": activity.next_step,
        "next_step_due": activity.next_step_due,
        "rules": [row.rule for row in activity.rules.all()],
        # The rules of a logged activity were chosen: changing its kind keeps them.
        "rules_touched": TOUCHED,
    }


class ActivityFilterForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *KindChoice.choices]
    )
    rule = forms.TypedChoiceField(
        label=_("Rule"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("All rules")), *RuleChoice.choices],
    )
    person = MemberChoiceField(
        queryset=User.objects.none(),
        label=_("Our people"),
        required=False,
        empty_label=_("Anyone of ours"),
    )

    def __init__(self, *args, workspace: Workspace, **kwargs):
        # Ids of their own: the timeline shows this form beside the activity form,
        # whose fields have the same names.
        kwargs.setdefault("auto_id", "filter_%s")
        super().__init__(*args, **kwargs)
        cast(MemberChoiceField, self.fields["person"]).queryset = workspace_members(workspace)
        for field in self.fields.values():
            field.widget.attrs["class"] += " form-select-sm"

    def filters(self) -> TimelineFilters:
        """The filters asked for; a value that is not valid is ignored."""
        self.is_valid()  # An invalid field is left out of cleaned_data: it filters nothing.
        valid = self.cleaned_data
        person = valid.get("person")
        return TimelineFilters(
            kind=valid.get("kind") or "",
            rule=valid.get("rule"),
            person_id=person.pk if person else None,
        )
