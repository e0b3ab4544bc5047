"""The intelligence tab (notes on the client, our competitors there) and the
workspace's competitors page.

The tab's forms open inline with htmx and also work as plain pages: a GET from htmx
gets the form alone, any other GET the form in the dossier frame. A saved form
answers htmx with the whole tab, because the freshness, the share bar and the
groups may all change, and anyone else with a redirect to the tab.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from keyfolio.accounts.dossier import dossier_context
from keyfolio.accounts.models import Account, get_account_for
from keyfolio.core.forms import save_form
from keyfolio.core.htmx import fragment_or_page, fragment_or_redirect, retarget, wants_fragment
from keyfolio.core.versions import atomic_post, lock
from keyfolio.intel import services
from keyfolio.intel.forms import CompetitorNameForm, IntelNoteForm, NewPresenceForm, PresenceForm
from keyfolio.intel.models import Competitor, CompetitorPresence, IntelNote, NoteKind
from keyfolio.intel.selectors import competitors_with_usage, intel_page
from keyfolio.method.freshness import INTEL_STALE_AFTER
from keyfolio.workspaces.access import workspace_view
from keyfolio.workspaces.models import Role


def _posted(request):
    """The submitted data, or None for a GET; an empty POST is still a submission."""
    return request.POST if request.method == "POST" else None


def _tab_context(request, account: Account) -> dict:
    return {
        **dossier_context(request.membership, account, tab="intel"),
        "intel": intel_page(account, today=timezone.localdate()),
        "stale_after": INTEL_STALE_AFTER,
    }


@workspace_view()
def index(request, pk: int):
    account = get_account_for(request.membership, pk)
    return render(request, "intel/index.html", _tab_context(request, account))


def _saved(request, account: Account, message: str):
    return fragment_or_redirect(
        request,
        "intel/index.html#content",
        lambda: _tab_context(request, account),
        to=reverse("intel:index", args=[request.workspace.slug, account.pk]),
        message=message,
    )


def _form_response(request, account: Account, form, *, form_id: str, heading: str, fields: str):
    """The form alone for htmx, retargeted onto itself after a refused POST so that its
    errors show where it was; otherwise the form on a page of the dossier."""
    inline = wants_fragment(request)
    context = {
        "form": form,
        "form_id": form_id,
        "heading": heading,
        "fields_template": fields,
        "action": request.get_full_path(),
        "account": account,
        "inline": inline,
    }
    response = fragment_or_page(
        request,
        "intel/_form.html",
        context,
        page="intel/form_page.html",
        page_context=lambda: dossier_context(request.membership, account, tab="intel"),
    )
    if inline and request.method == "POST":
        retarget(response, f"#{form_id}")
    return response


def _save_or_show(request, account: Account, form, save, *, done: str, **page):
    """Validate `form`, write it with `save(cleaned_data)` and answer; or show it again
    with the field errors of the form or of the service."""
    if request.method == "POST" and save_form(form, save) is not None:
        return _saved(request, account, done)
    return _form_response(request, account, form, **page)


# --- notes -------------------------------------------------------------------------------


@workspace_view()
def note_create(request, pk: int):
    account = get_account_for(request.membership, pk, edit=True)
    kind = request.GET.get("kind", "")
    kind = kind if kind in NoteKind.values else ""
    form_id = f"note-form-new-{kind or 'any'}"
    form = IntelNoteForm(_posted(request), initial={"kind": kind}, auto_id=f"{form_id}-%s")

    def save(data):
        return services.intel_note_create(account=account, by=request.user, **data)

    return _save_or_show(
        request,
        account,
        form,
        save,
        done=_("Note added."),
        form_id=form_id,
        heading=_("New note"),
        fields="intel/_note_fields.html",
    )


@workspace_view()
@atomic_post
def note_edit(request, pk: int, note_pk: int):
    account = get_account_for(request.membership, pk, edit=True)
    note = lock(get_object_or_404(IntelNote, pk=note_pk, account=account))
    form_id = f"note-form-{note.pk}"
    form = IntelNoteForm(_posted(request), instance=note, auto_id=f"{form_id}-%s")

    def save(data):
        return services.intel_note_update(note=note, by=request.user, **data)

    return _save_or_show(
        request,
        account,
        form,
        save,
        done=_("Note saved."),
        form_id=form_id,
        heading=_("Edit the note"),
        fields="intel/_note_fields.html",
    )


@require_POST
@workspace_view()
def note_delete(request, pk: int, note_pk: int):
    account = get_account_for(request.membership, pk, edit=True)
    note = get_object_or_404(IntelNote, pk=note_pk, account=account)
    services.intel_note_delete(note=note)
    return _saved(request, account, _("Note deleted."))


# --- our competitors at the account ----------------------------------------------------------


@workspace_view()
def presence_create(request, pk: int):
    account = get_account_for(request.membership, pk, edit=True)
    form = NewPresenceForm(_posted(request), account=account, auto_id="presence-form-new-%s")

    def save(data):
        return services.competitor_presence_create(account=account, by=request.user, **data)

    return _save_or_show(
        request,
        account,
        form,
        save,
        done=_("Competitor added."),
        form_id="presence-form-new",
        heading=_("Add a competitor"),
        fields="intel/_presence_fields.html",
    )


@workspace_view()
@atomic_post
def presence_edit(request, pk: int, presence_pk: int):
    account = get_account_for(request.membership, pk, edit=True)
    presence = lock(
        get_object_or_404(
            CompetitorPresence.objects.select_related("competitor"), pk=presence_pk, account=account
        )
    )
    form_id = f"presence-form-{presence.pk}"
    form = PresenceForm.for_presence(presence, _posted(request), auto_id=f"{form_id}-%s")

    def save(data):
        return services.competitor_presence_update(presence=presence, by=request.user, **data)

    return _save_or_show(
        request,
        account,
        form,
        save,
        done=_("Competitor saved."),
        form_id=form_id,
        heading=presence.competitor.name,
        fields="intel/_presence_fields.html",
    )


@require_POST
@workspace_view()
def presence_delete(request, pk: int, presence_pk: int):
    account = get_account_for(request.membership, pk, edit=True)
    presence = get_object_or_404(CompetitorPresence, pk=presence_pk, account=account)
    services.competitor_presence_delete(presence=presence)
    return _saved(request, account, _("Competitor removed from this account."))


# --- the workspace's competitors (settings) ---------------------------------------------------


def _get_competitor(request, competitor_pk: int) -> Competitor:
    return get_object_or_404(Competitor, pk=competitor_pk, workspace=request.workspace)


@workspace_view(min_role=Role.ADMIN)
def competitors(request):
    """The workspace's competitors, where they appear, and a form to add one."""
    form = CompetitorNameForm(_posted(request))

    def save(data):
        return services.competitor_create(workspace=request.workspace, name=data["name"])

    if request.method == "POST" and (added := save_form(form, save)) is not None:
        messages.success(request, _("“%(name)s” added.") % {"name": added.name})
        return redirect("intel:competitors", request.workspace.slug)
    rows = list(competitors_with_usage(request.workspace))
    return render(request, "intel/competitors.html", {"rows": rows, "form": form})


@require_POST
@workspace_view(min_role=Role.ADMIN)
def competitor_rename(request, competitor_pk: int):
    competitor = _get_competitor(request, competitor_pk)
    try:
        services.competitor_rename(competitor=competitor, name=request.POST.get("name", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Renamed to “%(name)s”.") % {"name": competitor.name})
    return redirect("intel:competitors", request.workspace.slug)


@require_POST
@workspace_view(min_role=Role.ADMIN)
def competitor_delete(request, competitor_pk: int):
    competitor = _get_competitor(request, competitor_pk)
    try:
        services.competitor_delete(competitor=competitor)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("“%(name)s” deleted.") % {"name": competitor.name})
    return redirect("intel:competitors", request.workspace.slug)
