from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from keyfolio.accounts.dossier import dossier_context
from keyfolio.accounts.models import Account, get_account_for
from keyfolio.activities import services
from keyfolio.activities.forms import ActivityFilterForm, ActivityForm
from keyfolio.activities.models import Activity, KindChoice
from keyfolio.activities.selectors import TimelineFilters, timeline_page
from keyfolio.core.forms import save_form
from keyfolio.core.htmx import client_redirect, fragment_or_page, render_part, wants_fragment
from keyfolio.core.versions import atomic_post, lock
from keyfolio.workspaces.access import workspace_view


def _page_number(request) -> int:
    try:
        return max(int(request.GET.get("page", 1)), 1)
    except ValueError:
        return 1


def _activity_for(account: Account, pk: int) -> Activity:
    """The activity `pk` of this account, or 404: one of another account does not exist here."""
    return get_object_or_404(Activity.objects.select_related("next_action"), pk=pk, account=account)


def _form_context(form: ActivityForm, activity: Activity | None = None) -> dict:
    return {
        "form": form,
        "activity": activity,
        # The suggestion activities.js ticks when the kind changes (KIND_RULES).
        "kind_rules": {kind: services.suggested_rules(kind) for kind in KindChoice.values},
    }


def _new_form(request, account: Account, data=None) -> ActivityForm:
    """A form for a new activity: today, by the person logging it, of the kind asked for
    in `?kind=` (links such as "log an executive meeting" use it) or a meeting."""
    kind = request.GET.get("kind")
    if kind not in KindChoice.values:
        kind = KindChoice.MEETING
    initial = {
        "kind": kind,
        "occurred_on": timezone.localdate(),
        "our_people": [request.user],
        "rules": services.suggested_rules(kind),
    }
    return ActivityForm(data, account=account, workspace=request.workspace, initial=initial)


@workspace_view()
def timeline(request, pk: int):
    account = get_account_for(request.membership, pk)
    filter_form = ActivityFilterForm(request.GET, workspace=request.workspace)
    filters = filter_form.filters()
    today = timezone.localdate()
    page = timeline_page(account, filters, page=_page_number(request), today=today)
    context = dossier_context(request.membership, account, tab="activities")
    context.update(filter_form=filter_form, filters=filters, page=page, today=today)
    # Tell "nothing logged yet" from "nothing matches" only when the page is empty.
    context["filtered"] = filters != TimelineFilters()
    context["fragment_request"] = wants_fragment(request)
    if context["can_edit"] and not context["fragment_request"]:
        context.update(_form_context(_new_form(request, account)))
    # "Load more" asks for the next page's activities; the filters for the whole list.
    part = "page" if page.number > 1 else "list"
    return render_part(request, "activities/timeline.html", part, context)


def _back_to_timeline(request, account: Account):
    url = reverse("activities:timeline", args=[request.workspace.slug, account.pk])
    if wants_fragment(request):
        # The form was posted from the tab: reload it whole, with the new activity.
        return client_redirect(url)
    return redirect(url)


def _form_page(request, account: Account, form: ActivityForm, activity=None):
    return fragment_or_page(
        request,
        "activities/_form.html",
        {**_form_context(form, activity), "account": account},
        page="activities/form.html",
        page_context=lambda: dossier_context(request.membership, account, tab="activities"),
    )


def _announce_logged(request, activity: Activity) -> None:
    messages.success(request, _("Activity logged."))
    if activity.next_action is not None:
        if activity.next_step_due:
            text = _("Its next step is now an action for you, due %(date)s.") % {
                "date": date_format(activity.next_step_due, "DATE_FORMAT")
            }
        else:
            text = _("Its next step is now an action for you.")
        messages.info(request, text)


@workspace_view()
def create(request, pk: int):
    account = get_account_for(request.membership, pk, edit=True)
    form = _new_form(request, account, request.POST or None)

    def save(_data):
        return services.activity_create(
            account=account, by=request.user, **form.service_arguments()
        )

    if request.method == "POST" and (activity := save_form(form, save)) is not None:
        _announce_logged(request, activity)
        return _back_to_timeline(request, account)
    return _form_page(request, account, form)


@workspace_view()
@atomic_post
def edit(request, pk: int, activity_pk: int):
    account = get_account_for(request.membership, pk, edit=True)
    activity = lock(_activity_for(account, activity_pk))
    form = ActivityForm(
        request.POST or None, account=account, workspace=request.workspace, activity=activity
    )

    def save(_data):
        return services.activity_update(
            activity=activity, by=request.user, **form.service_arguments()
        )

    if request.method == "POST" and save_form(form, save) is not None:
        messages.success(request, _("Activity saved."))
        return _back_to_timeline(request, account)
    return _form_page(request, account, form, activity)


@require_POST
@workspace_view()
def delete(request, pk: int, activity_pk: int):
    account = get_account_for(request.membership, pk, edit=True)
    activity = _activity_for(account, activity_pk)
    had_action = activity.next_action_id is not None
    services.activity_delete(activity=activity)
    if had_action:
        messages.success(request, _("Activity deleted. Its next step stays among the actions."))
    else:
        messages.success(request, _("Activity deleted."))
    return redirect("activities:timeline", request.workspace.slug, account.pk)
