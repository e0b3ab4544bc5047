"""Forms of the plan tab. They parse and show errors; the services decide."""

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from keyfolio.accounts.forms import MemberChoiceField
from keyfolio.accounts.services import workspace_members
from keyfolio.core.forms import BootstrapMixin
from keyfolio.core.versions import VersionedForm
from keyfolio.plans.models import AccountPlan, Action, Objective, PlanQuestion, Risk, RuleChoice
from keyfolio.plans.selectors import ActionFilters, ActionShow, RiskShow
from keyfolio.plans.services import validate_period
from keyfolio.users.models import User
from keyfolio.workspaces.models import Workspace

ONE_TO_FIVE = [(n, str(n)) for n in range(1, 6)]


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _people_field(label, **kwargs) -> MemberChoiceField:
    """A choice of the workspace's members; the form sets the queryset (_offer_members)."""
    return MemberChoiceField(
        queryset=User.objects.none(),
        label=label,
        required=False,
        empty_label="—",
        error_messages={"invalid_choice": _("Choose a member of this workspace.")},
        **kwargs,
    )


def _dash_for_blank(field: forms.Field) -> None:
    """Show an empty choice as "—" rather than Django's "---------"."""
    choice_field = cast(forms.ChoiceField, field)
    choices = cast(list[tuple[object, str]], choice_field.choices)
    choice_field.choices = [
        (value, "—" if value in ("", None) else label) for value, label in choices
    ]


def _whole_amounts(form: forms.BaseForm, names: tuple[str, ...]) -> None:
    """Show 1200000.00 as 1200000 in the inputs: cents only when there are any."""
    for name in names:
        value = form.initial.get(name)
        if value is not None and value == value.to_integral_value():
            form.initial[name] = value.to_integral_value()


def _offer_members(form: forms.BaseForm, name: str, workspace: Workspace) -> None:
    cast(MemberChoiceField, form.fields[name]).queryset = workspace_members(workspace)


class PlanForm(VersionedForm, BootstrapMixin, forms.ModelForm):
    class Meta:
        model = AccountPlan
        fields = ["title", "starts_on", "ends_on", "status", "agreed_with_client"]
        widgets = {"starts_on": _date_input(), "ends_on": _date_input()}

    def clean(self):
        # Checked here as well as by the service, so that a refused title and a
        # refused period show together.
        data = super().clean()
        try:
            validate_period(data.get("starts_on"), data.get("ends_on"))
        except forms.ValidationError as error:
            self.add_error(None, error)
        return data


class NewPlanForm(PlanForm):
    copy_answers = forms.BooleanField(
        label=_("Start from the previous plan's answers"),
        required=False,
        initial=True,
        help_text=_("Copies the written answers and the key figures; objectives and risks not."),
    )

    def __init__(self, *args, can_copy: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_copy:
            del self.fields["copy_answers"]


class FiguresForm(VersionedForm, BootstrapMixin, forms.ModelForm):
    resource_owner = _people_field(
        _("Resource owner"), help_text=_("Who answers for our resources (rule 4).")
    )
    loyalty = forms.TypedChoiceField(
        label=_("Loyalty (1–5)"),
        choices=[("", "—"), *ONE_TO_FIVE],
        coerce=int,
        empty_value=None,
        required=False,
    )

    class Meta:
        model = AccountPlan
        fields = [
            "current_volume",
            "planned_revenue",
            "client_total_spend",
            "planned_share_of_wallet",
            "price_or_value",
            "loyalty",
            "resource_owner",
            "capacity_note",
        ]
        widgets = {"capacity_note": forms.Textarea(attrs={"rows": 2})}
        # Shorter than the models' names: the card is narrow.
        labels = {
            "current_volume": _("Current volume (a year)"),
            "client_total_spend": _("Client's spend in our category"),
            "planned_share_of_wallet": _("Planned share of wallet, %"),
        }

    MONEY = ("current_volume", "planned_revenue", "client_total_spend")

    def __init__(self, *args, workspace: Workspace, **kwargs):
        super().__init__(*args, **kwargs)
        _offer_members(self, "resource_owner", workspace)
        _dash_for_blank(self.fields["price_or_value"])
        _whole_amounts(self, self.MONEY)
        for name in self.MONEY:
            self.fields[name].widget.attrs.update({"min": 0, "step": "any"})
        self.fields["planned_share_of_wallet"].widget.attrs.update(
            {"min": 0, "max": 100, "step": "any"}
        )


class AnswerForm(VersionedForm, forms.Form):
    # Trix keeps its HTML in this field's textarea; the service sanitizes it.
    # The label names the field in a conflict (the page shows the question instead).
    text = forms.CharField(label=_("answer"), required=False, strip=False)
    rich_text_fields = ("text",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Two people may write a question's first answer at once: check that one too.
        self.checks_version = True


class ObjectiveForm(VersionedForm, BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Objective
        fields = ["title", "measure", "target", "due_on", "status"]
        widgets = {"due_on": _date_input()}


class ActionForm(VersionedForm, BootstrapMixin, forms.ModelForm):
    owner = _people_field(pgettext_lazy("person responsible", "Owner"))
    done = forms.BooleanField(label=_("Done"), required=False)

    class Meta:
        model = Action
        fields = ["title", "owner", "due_on", "rule"]
        widgets = {"due_on": _date_input()}

    def __init__(self, *args, workspace: Workspace, **kwargs):
        super().__init__(*args, **kwargs)
        _offer_members(self, "owner", workspace)
        _dash_for_blank(self.fields["rule"])
        self.initial.setdefault("done", self.instance.done)


class RiskForm(VersionedForm, BootstrapMixin, forms.ModelForm):
    likelihood = forms.TypedChoiceField(label=_("Likelihood"), choices=ONE_TO_FIVE, coerce=int)
    impact = forms.TypedChoiceField(label=_("Impact"), choices=ONE_TO_FIVE, coerce=int)
    owner = _people_field(pgettext_lazy("person responsible", "Owner"))

    class Meta:
        model = Risk
        fields = ["description", "likelihood", "impact", "owner", "mitigation", "closed"]
        widgets = {"mitigation": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, workspace: Workspace, **kwargs):
        super().__init__(*args, **kwargs)
        _offer_members(self, "owner", workspace)


class QuestionForm(VersionedForm, BootstrapMixin, forms.ModelForm):
    class Meta:
        model = PlanQuestion
        fields = ["text_en", "text_ru", "position", "active"]
        widgets = {
            "text_en": forms.Textarea(attrs={"rows": 2}),
            "text_ru": forms.Textarea(attrs={"rows": 2}),
        }


class NewQuestionForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = PlanQuestion
        fields = ["key", "text_en", "text_ru"]
        widgets = {
            "text_en": forms.Textarea(attrs={"rows": 2}),
            "text_ru": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "key": _("Letters, digits, - and _; identifies the question and never changes."),
        }


class ActionFilterForm(forms.Form):
    """The actions list's filters, read from the query string. Unknown values are
    ignored rather than refused: a stale link still shows a list."""

    actions = forms.ChoiceField(choices=ActionShow.choices, required=False)
    owner = MemberChoiceField(queryset=User.objects.none(), required=False)
    rule = forms.TypedChoiceField(choices=RuleChoice.choices, coerce=int, required=False)

    def __init__(self, data, *, people):
        super().__init__(data)
        cast(MemberChoiceField, self.fields["owner"]).queryset = people

    def filters(self) -> ActionFilters:
        self.is_valid()  # Fills cleaned_data with the valid fields only.
        data = self.cleaned_data
        owner = data.get("owner")
        return ActionFilters(
            show=data.get("actions") or ActionShow.OPEN,
            owner_id=owner.pk if owner else None,
            rule=data.get("rule") or None,
        )


def risk_show(data) -> str:
    """The risk register's filter from the query string (open by default)."""
    value = data.get("risks", "")
    return value if value in RiskShow.values else RiskShow.OPEN
