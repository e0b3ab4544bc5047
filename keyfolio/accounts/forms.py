import re
from collections.abc import Sequence
from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from keyfolio.accounts import listing
from keyfolio.accounts.models import NOT_ASSESSED, Account, StageChoice, ZoneChoice
from keyfolio.accounts.services import (
    account_manager_candidates,
    duplicate_name_error,
    forecast_errors,
    goal_errors,
    name_taken,
    parent_error,
    workspace_members,
)
from keyfolio.core.forms import BootstrapMixin, LongSelect
from keyfolio.core.versions import VersionedForm
from keyfolio.users.models import User
from keyfolio.workspaces.models import Membership, Workspace

CURRENCY_CODE = re.compile(r"[A-Z]{3}")


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.display_name


class MembersChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.display_name


def _forecast_field(label, help_text) -> forms.FloatField:
    return forms.FloatField(
        label=label,
        help_text=help_text,
        required=False,
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(attrs={"step": "any", "placeholder": "0–100"}),
    )


class AccountFields(forms.ModelForm):
    """An account's own fields. The workspace comes from the page, never from the form;
    the people offered are the workspace's members only."""

    # Addresses typed without a scheme ("acme.com") are taken as https.
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    owner = MemberChoiceField(
        queryset=User.objects.none(),
        label=_("Account manager"),
        error_messages={"invalid_choice": _("Choose a manager of this workspace.")},
    )
    team = MembersChoiceField(
        queryset=User.objects.none(),
        label=_("Account team"),
        required=False,
        help_text=_("Members who work on this account with its manager; they see it too."),
        error_messages={"invalid_choice": _("Choose members of this workspace.")},
    )
    parent = forms.ModelChoiceField(
        queryset=Account.objects.none(),
        label=_("Parent account"),
        required=False,
        empty_label=_("None: not part of a group"),
        help_text=_(
            "For a group of companies: the parent's overview lists its members and sums "
            "their revenue and pipeline."
        ),
        error_messages={"invalid_choice": _("Choose one of your accounts as the parent.")},
        widget=LongSelect,
    )
    forecast_client_index = _forecast_field(
        _("Client position in 3 years"),
        _("How attractive we expect the client to be in three years, 0 to 100."),
    )
    forecast_our_index = _forecast_field(
        _("Our position in 3 years"),
        _(
            "How strong we expect to be with the client in three years, 0 to 100. Give both "
            "or neither; the square shows the forecast with “Show forecast”."
        ),
    )

    class Meta:
        model = Account
        fields = [
            "name",
            "segment",
            "industry",
            "country",
            "website",
            "owner",
            "team",
            "goal_min_zone",
            "goal_max_zone",
            "currency",
            "tax_id",
            "description",
            "forecast_client_index",
            "forecast_our_index",
            "parent",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "currency": forms.TextInput(attrs={"maxlength": 3, "style": "max-width: 7rem"}),
        }
        labels = {"goal_min_zone": _("At least (minimum)"), "goal_max_zone": _("At most (maximum)")}
        help_texts = {
            "goal_min_zone": _(
                "The lowest zone this account should be in: by default target, where the "
                "client has needs and we still have to win our place."
            ),
            "goal_max_zone": _(
                "The highest zone worth aiming for: by default key, full interaction. The "
                "overview shows how far the account is from each."
            ),
            "currency": _("Three-letter code, e.g. EUR."),
            "tax_id": _("The client's taxpayer number (ИНН): imports from 1C match by it."),
        }

    def __init__(self, *args, membership: Membership, **kwargs):
        self.workspace = workspace = membership.workspace
        super().__init__(*args, **kwargs)
        # The accounts this member sees (a manager does not learn the others' names),
        # and the present parent even if archived or out of sight, so that saving keeps it.
        parents = Account.objects.visible_to(membership).active()
        if self.instance.parent_id:
            parents = parents | Account.objects.filter(pk=self.instance.parent_id)
        cast(forms.ModelChoiceField, self.fields["parent"]).queryset = (
            parents.exclude(pk=self.instance.pk).only("pk", "name").order_by("name")
        )
        cast(MemberChoiceField, self.fields["owner"]).queryset = account_manager_candidates(
            workspace
        )
        cast(MembersChoiceField, self.fields["team"]).queryset = workspace_members(workspace)
        self.fields["team"].widget.attrs["size"] = 6
        self.fields["currency"].required = True
        if not self.instance.pk:
            self.initial.setdefault("currency", workspace.default_currency)

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        existing = name_taken(self.workspace, name, exclude=self.instance)
        if existing is not None:
            raise duplicate_name_error(existing).error_dict["name"][0]
        return name

    def clean_parent(self) -> Account | None:
        parent = self.cleaned_data["parent"]
        if self.instance.workspace_id is None:  # A new account: of this workspace.
            self.instance.workspace = self.workspace
        error = parent_error(self.instance, parent)
        if error:
            raise forms.ValidationError(error)
        return parent

    def clean(self):
        data = super().clean()
        # Checked here too so that these errors show with the others, not after them.
        client, our = data.get("forecast_client_index"), data.get("forecast_our_index")
        if "forecast_client_index" not in self.errors and "forecast_our_index" not in self.errors:
            for field, message in forecast_errors(client, our).items():
                self.add_error(field, message)
        minimum, maximum = data.get("goal_min_zone"), data.get("goal_max_zone")
        if minimum and maximum:
            for field, message in goal_errors(minimum, maximum).items():
                self.add_error(field, message)
        return data

    def clean_currency(self) -> str:
        code = self.cleaned_data["currency"].strip().upper()
        if not CURRENCY_CODE.fullmatch(code):
            raise forms.ValidationError(_("Enter a three-letter currency code, e.g. EUR."))
        return code


class AccountForm(VersionedForm, BootstrapMixin, AccountFields):
    # BootstrapMixin reads the form's errors in its __init__, which validates a bound
    # form right there. Listed first, it does so only after AccountFields.__init__ has
    # set the choices of the people fields; listed after, every person would be refused.
    version_kind = "account"


class AccountFilterForm(forms.Form):
    """The list page's search, filters and sort, read from the query string. An unknown
    value is ignored rather than refused: a stale bookmark still shows a list."""

    STATUS_ACTIVE, STATUS_ARCHIVED = "active", "archived"

    q = forms.CharField(required=False, label=_("Search"), widget=forms.SearchInput)
    owner = MemberChoiceField(
        queryset=User.objects.none(), required=False, empty_label=_("Any manager")
    )
    zone = forms.ChoiceField(required=False)
    segment = forms.ChoiceField(required=False)
    group = forms.TypedChoiceField(required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(
        required=False,
        choices=[(STATUS_ACTIVE, _("Active")), (STATUS_ARCHIVED, _("Archived"))],
    )
    sort = forms.CharField(required=False)

    def __init__(
        self,
        data,
        *,
        workspace: Workspace,
        segments: list[str],
        groups: Sequence[tuple[int, str]] = (),
    ):
        super().__init__(data)
        cast(MemberChoiceField, self.fields["owner"]).queryset = account_manager_candidates(
            workspace
        )
        cast(forms.ChoiceField, self.fields["zone"]).choices = [
            ("", _("Any zone")),
            *ZoneChoice.choices,
            (NOT_ASSESSED, _("Not assessed")),
        ]
        cast(forms.ChoiceField, self.fields["segment"]).choices = [("", _("Any segment"))] + [
            (s, s) for s in segments
        ]
        cast(forms.ChoiceField, self.fields["group"]).choices = [("", _("Any group"))] + [
            (str(pk), name) for pk, name in groups
        ]
        for name in ("owner", "zone", "segment", "group"):
            self.fields[name].widget.attrs["class"] = "form-select form-select-sm"
        self.fields["q"].widget.attrs.update(
            {
                "class": "form-control form-control-sm",
                "placeholder": _("Name, segment, industry, country…"),
                "autocomplete": "off",
            }
        )

    def filters(self) -> listing.AccountFilters:
        self.is_valid()  # Fills cleaned_data with the valid fields only.
        data = self.cleaned_data
        owner = data.get("owner")
        return listing.AccountFilters(
            q=data.get("q") or "",
            owner_id=owner.pk if owner else None,
            zone=data.get("zone") or "",
            segment=data.get("segment") or "",
            group_id=data.get("group"),
            archived=data.get("status") == self.STATUS_ARCHIVED,
            sort=listing.parse_sort(data.get("sort") or ""),
        )


class StageChangeForm(BootstrapMixin, forms.Form):
    """A change of the relationship stage (keyfolio.accounts.stages.stage_change)."""

    stage = forms.ChoiceField(label=_("Stage"), choices=StageChoice.choices)
    changed_on = forms.DateField(
        label=_("Since"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    note = forms.CharField(
        label=_("Why"),
        max_length=300,
        required=False,
        widget=forms.TextInput(
            attrs={"placeholder": _("What changed: a joint plan, a lost tender…")}
        ),
    )
