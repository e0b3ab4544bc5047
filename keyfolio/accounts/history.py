"""The audit trail's pages: an account's History tab, and the workspace's trail for
admins with its filters and CSV download (keyfolio.audit records; this reads)."""

from datetime import date, datetime, time, timedelta

from django import forms
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from keyfolio.accounts.dossier import dossier_context
from keyfolio.accounts.listing import contains_any_case
from keyfolio.accounts.models import Account, get_account_for
from keyfolio.audit.models import AuditEvent
from keyfolio.audit.recording import REGISTRY
from keyfolio.audit.trail import CSV_FIELDS, Filters, csv_records, event_page, model_name
from keyfolio.core.downloads import download_response
from keyfolio.workspaces.access import workspace_view
from keyfolio.workspaces.models import Role


@require_GET
@workspace_view()
def account_history(request, pk):
    account = get_account_for(request.membership, pk)
    events = AuditEvent.objects.for_workspace(request.workspace.pk).filter(account_id=account.pk)
    context = dossier_context(request.membership, account, tab="history")
    context["page"] = event_page(events, cursor=request.GET.get("before"))
    return render(request, "accounts/history.html", context)


class TrailFilterForm(forms.Form):
    actor = forms.TypedChoiceField(label=gettext_lazy("Who"), required=False, coerce=int)
    via = forms.ChoiceField(label=gettext_lazy("Through"), required=False)
    model = forms.ChoiceField(label=gettext_lazy("Record"), required=False)
    # By name, a part of it will do: a list of ten thousand accounts would be no help.
    account_name = forms.CharField(
        label=gettext_lazy("Account"),
        required=False,
        max_length=150,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    # By id, from an account's name on an event (the links of the list).
    account = forms.IntegerField(required=False, widget=forms.HiddenInput)
    since = forms.DateField(
        label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=gettext_lazy("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.workspace = workspace
        anyone = [("", _("Anyone"))]
        members = workspace.memberships.select_related("user").order_by("user__email")
        self.fields["actor"].choices = anyone + [
            (m.user_id, m.user.full_name or m.user.email) for m in members
        ]
        self.fields["via"].choices = [("", _("Anywhere")), *AuditEvent.Via.choices]
        labels = sorted((model_name(m._meta.label), m._meta.label) for m in REGISTRY)
        self.fields["model"].choices = [("", _("Any record"))] + [(v, n) for n, v in labels]
        for name in ("actor", "via", "model"):
            self.fields[name].widget.attrs["class"] = "form-select form-select-sm"
        for name in ("account_name", "since", "until"):
            self.fields[name].widget.attrs["class"] = "form-control form-control-sm"

    def filters(self) -> Filters:
        if not self.is_valid():
            return Filters()
        data = self.cleaned_data
        name = data["account_name"].strip()
        return Filters(
            actor_id=data["actor"] or None,
            via=data["via"],
            model=data["model"],
            # A name typed replaces the account a link chose.
            account_id=None if name else data["account"],
            account_in=self._accounts_named(name) if name else None,
            since=_start_of(data["since"]),
            until=_start_of(data["until"], days=1),
        )

    def _accounts_named(self, name: str):
        """The ids of the workspace's accounts whose name contains `name`, as a query."""
        accounts = Account.objects.filter(contains_any_case(name, "name"), workspace=self.workspace)
        return accounts.values("pk")


def _start_of(day: date | None, days: int = 0) -> datetime | None:
    """The start of `day` (plus `days`) in the workspace's time zone."""
    if day is None:
        return None
    return timezone.make_aware(datetime.combine(day + timedelta(days=days), time.min))


def _trail_events(request) -> tuple[TrailFilterForm, object]:
    form = TrailFilterForm(request.GET, workspace=request.workspace)
    events = form.filters().apply(AuditEvent.objects.for_workspace(request.workspace.pk))
    return form, events


def _account_names(workspace, events) -> dict[int, str]:
    """The names of the accounts the events belong to, in one query; a deleted account
    by the name its last event recorded (one more query, only if one is gone)."""
    ids = {shown.event.account_id for shown in events if shown.event.account_id}
    names = dict(Account.objects.filter(workspace=workspace, pk__in=ids).values_list("pk", "name"))
    gone = ids - names.keys()
    if gone:
        for account_id, name in (
            AuditEvent.objects.for_workspace(workspace.pk)
            .filter(model=Account._meta.label, object_id__in=gone)
            .order_by("object_id", "at")
            .values_list("object_id", "object_repr")
        ):
            names[account_id] = name
    return names


@require_GET
@workspace_view(Role.ADMIN)
def workspace_trail(request):
    form, events = _trail_events(request)
    page = event_page(events, cursor=request.GET.get("before"))
    query = request.GET.copy()
    query.pop("before", None)
    context = {
        "form": form,
        "page": page,
        "account_names": _account_names(request.workspace, page.events),
        "query": query.urlencode(),
    }
    return render(request, "accounts/audit_trail.html", context)


@require_GET
@workspace_view(Role.ADMIN)
def workspace_trail_csv(request):
    _form, events = _trail_events(request)
    return download_response(
        csv_records(events),
        fields=CSV_FIELDS,
        file_format="csv",
        filename=f"audit-trail-{request.workspace.slug}",
        title=_("Audit trail"),
    )
