"""The playbook's pages: turning a suggestion into an action, the attention list and its
badge, and the settings (thresholds and the catalog of suggestions, admins only)."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from keyfolio.accounts.models import get_account_for
from keyfolio.assessments.models import Methodology
from keyfolio.core.forms import save_form
from keyfolio.core.htmx import (
    fragment_or_page,
    fragment_or_redirect,
    render_part,
    retarget,
    wants_fragment,
)
from keyfolio.core.versions import atomic_post, lock
from keyfolio.method.playbook import Check, Status
from keyfolio.playbook import services, texts
from keyfolio.playbook.catalog import catalog_groups, playbook_settings_for
from keyfolio.playbook.forms import (
    NewRecommendationForm,
    PlaybookSettingsForm,
    RecommendationForm,
    SnoozeForm,
)
from keyfolio.playbook.models import Recommendation
from keyfolio.playbook.queue import Scope
from keyfolio.playbook.workqueue import PAGE_SIZE, SNOOZED, AccountGroup, Groups, WorkQueue
from keyfolio.users.models import User
from keyfolio.workspaces.access import workspace_view
from keyfolio.workspaces.models import Membership, Role

# The badge's count may be a minute old: it is fetched after every page, so this keeps
# a manager clicking through the dossier from recomputing it on each click.
BADGE_MAX_AGE = 60


# --- From a suggestion to an action ------------------------------------------------------


def _recommendation_for(request) -> Recommendation:
    try:
        pk = int(request.POST.get("recommendation", ""))
    except ValueError:
        raise Http404("No such suggestion.") from None
    return get_object_or_404(Recommendation, pk=pk, workspace=request.workspace)


def _back(request, account) -> str:
    url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure()):
        return url
    return reverse("dossier:overview", args=[request.workspace.slug, account.pk])


@require_POST
@workspace_view()
def create_action(request, pk: int):
    """One click on a suggestion: an action for the account, due in two weeks."""
    account = get_account_for(request.membership, pk, edit=True)
    recommendation = _recommendation_for(request)
    try:
        action = services.suggested_action_create(
            account=account, recommendation=recommendation, by=request.user, today=_today()
        )
    except ValidationError as error:
        if wants_fragment(request):
            context = {"errors": error.messages}
            return render(request, "playbook/_action_refused.html", context, status=400)
        messages.error(request, " ".join(error.messages))
        return redirect(_back(request, account))
    return fragment_or_redirect(
        request,
        "playbook/_action_created.html",
        {"action": action, "account": account},
        to=_back(request, account),
        message=_("Action “%(title)s” created.") % {"title": action.title},
    )


def _today():
    return timezone.localdate()


# --- The attention list ------------------------------------------------------------------


@dataclass(frozen=True)
class Member:
    """A member as the switch lists them."""

    value: str  # their user id, as the form sends it
    name: str


@dataclass(frozen=True)
class Who:
    """Whose attention list the page shows: "me", "team", or a member's user id."""

    value: str
    scope: Scope
    person: Member | None  # the member chosen, when it is not me

    @property
    def is_me(self) -> bool:
        return self.value == "me"


def _members(membership: Membership) -> list[Member]:
    """The other members, for the switch: read as plain values, since a big company has
    thousands of them."""
    rows = (
        Membership.objects.filter(workspace=membership.workspace)
        .exclude(user=membership.user_id)
        .order_by("user__full_name", "user__email")
        .values_list("user_id", "user__full_name", "user__email")
    )
    return [Member(str(pk), User.display_name_of(name, email)) for pk, name, email in rows]


def _who(request, members: list[Member]) -> Who:
    """The switch: directors and above may look at the whole team (their default: the
    portfolio is their job) or one member; anyone else, or an unknown choice, sees
    their own list."""
    me = Who("me", Scope.of(request.user), None)
    value = request.GET.get("who", "team" if request.membership.sees_all_accounts else "me")
    if not request.membership.sees_all_accounts or value == "me":
        return me
    if value == "team":
        return Who("team", Scope.whole_team(), None)
    chosen = next((member for member in members if member.value == value), None)
    return me if chosen is None else Who(value, Scope(int(chosen.value)), chosen)


SHOWS = (Status.RED.value, Status.AMBER.value, SNOOZED)


def _show(request) -> str:
    """The filter: the accounts with a red line, an amber line or a snoozed check, or
    every account with a line (anything else)."""
    value = request.GET.get("show", "")
    return value if value in SHOWS else ""


def _checked_on(groups: list[AccountGroup], today: date) -> date | None:
    """The day the oldest account shown was ranked for, when it is not today: the
    checks and ranks are brought to the new day every night, and the page says so when
    that did not happen."""
    days = [group.computed_on for group in groups if group.computed_on is not None]
    oldest = min(days, default=today)
    return oldest if oldest < today else None


def _filters(counts) -> list[tuple[str, str, int]]:
    return [
        (Status.RED.value, _("Need action"), counts.red),
        (Status.AMBER.value, _("Due soon"), counts.amber),
        (SNOOZED, _("Snoozed"), counts.snoozed),
    ]


@workspace_view()
def attention(request):
    """One page of the work queue (accounts, each with its lines folded beneath) and
    the counts at the top: what it costs does not grow with the portfolio (see
    keyfolio.playbook.workqueue)."""
    members = _members(request.membership) if request.membership.sees_all_accounts else []
    who, show, today = _who(request, members), _show(request), _today()
    queue = WorkQueue(request.membership, today=today, scope=who.scope, show=show)
    counts = queue.counts()
    groups = Groups(queue, queue.listed_count(counts))
    page = Paginator(groups, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "groups": page.object_list,
        "counts": counts,
        "filters": _filters(counts),
        "show": show,
        "who": who,
        "members": members,
        "show_owner": not who.is_me,
        "switch": [("me", _("My accounts")), ("team", _("Whole team"))],
        "can_write": request.membership.can_edit,
        "checked_on": _checked_on(page.object_list, today),
        "back": request.get_full_path(),
    }
    return render_part(request, "playbook/attention.html", "list", context)


@workspace_view()
def account_items(request, pk: int):
    """An account's folded items (all but its headline) and snoozed checks: the page
    fetches them when its row is opened, so that it does not weigh every account's. The
    query is the page's (who, show, page), so that its buttons lead back there. Without
    JavaScript, a small page of its own."""
    account = get_account_for(request.membership, pk)
    queue = WorkQueue(request.membership, today=_today(), scope=Scope.of(request.user))
    attention_url = reverse("playbook:attention", args=[request.workspace.slug])
    query = request.GET.urlencode()
    context = {
        "group": queue.group_of(account),
        "account": account,
        "can_write": request.membership.can_edit,
        "back": f"{attention_url}?{query}" if query else attention_url,
    }
    return fragment_or_page(
        request,
        "playbook/_account_items.html",
        context,
        page="playbook/account_items.html",
    )


@workspace_view()
def attention_badge(request):
    """The navbar's count of red items on my attention list, as JSON, fetched after the
    page by playbook.js so that no page pays for it (see base.html)."""
    queue = WorkQueue(request.membership, today=_today(), scope=Scope.of(request.user))
    red = queue.red_count()
    title = ngettext("%(count)d item needs action", "%(count)d items need action", red) % {
        "count": red
    }
    response = JsonResponse({"red": red, "title": title})
    response["Cache-Control"] = f"private, max-age={BADGE_MAX_AGE}"
    return response


# --- Snoozing a check --------------------------------------------------------------------


def _check_of(check: str) -> str:
    if check not in {c.value for c in Check}:
        raise Http404("No such check.")
    return check


def _attention_back(request) -> str:
    """Where a snooze form goes back to: the page it came from (the attention list with
    its filters), or the attention list."""
    url = request.POST.get("next") or request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure()):
        return url
    return reverse("playbook:attention", args=[request.workspace.slug])


@workspace_view()
def snooze(request, pk: int, check: str):
    """Snooze a check of an account until a day, saying why. On the attention page the
    form sits in the account's row (htmx swaps the list back in, counts and all); this
    page is its place without JavaScript, and where a refused form comes back."""
    account = get_account_for(request.membership, pk, edit=True)
    check = _check_of(check)
    form = SnoozeForm.for_check(request.POST or None, account.pk, check)
    if request.method == "POST":
        today = _today()

        def save(data):
            return services.check_snooze(
                account=account, check_key=check, by=request.user, today=today, **data
            )

        if save_form(form, save) is not None:
            message = _("“%(check)s” snoozed.") % {"check": texts.check_name(check)}
            if not wants_fragment(request):
                messages.success(request, message)
            return redirect(_attention_back(request))
    context = {
        "account": account,
        "check": check,
        "check_name": texts.check_name(check),
        "form": form,
        "next": _attention_back(request),
        "snooze_max": _today() + services.MAX_SNOOZE,
        "snooze_min": _today() + timedelta(days=1),
    }
    if not wants_fragment(request):
        return render(request, "playbook/snooze.html", context)
    response = render(request, "playbook/_snooze_form.html", context)
    if request.method == "POST":
        # A refused form replaces itself, not the list its success would swap in.
        selector = f"#snooze-form-{account.pk}-{check}"
        response["HX-Reselect"] = selector
        retarget(response, selector)
    return response


@require_POST
@workspace_view()
def unsnooze(request, pk: int, check: str):
    """Put a snoozed check back on the attention list at once."""
    account = get_account_for(request.membership, pk, edit=True)
    check = _check_of(check)
    if services.check_unsnooze(account=account, check_key=check) and not wants_fragment(request):
        messages.success(
            request, _("“%(check)s” is back on the list.") % {"check": texts.check_name(check)}
        )
    return redirect(_attention_back(request))


# --- Settings ----------------------------------------------------------------------------


@workspace_view(min_role=Role.ADMIN)
@atomic_post
def settings(request):
    current = lock(playbook_settings_for(request.workspace))
    form = PlaybookSettingsForm(request.POST or None, instance=current)

    def save(data):
        return services.playbook_settings_update(settings=current, **data)

    if request.method == "POST" and save_form(form, save) is not None:
        messages.success(request, _("Playbook thresholds saved."))
        return redirect("playbook:settings", request.workspace.slug)
    return render(request, "playbook/settings.html", {"form": form})


def _criteria(request):
    methodology = Methodology.objects.current_for(request.workspace)
    return list(methodology.active_criteria())


@workspace_view(min_role=Role.ADMIN)
def recommendations(request):
    criteria = _criteria(request)
    form = NewRecommendationForm(request.POST or None, criteria=criteria)

    def save(_data):
        return services.recommendation_create(
            workspace=request.workspace, **form.service_arguments()
        )

    if request.method == "POST" and save_form(form, save) is not None:
        messages.success(request, _("Suggestion added."))
        return redirect("playbook:recommendations", request.workspace.slug)
    rows = Recommendation.objects.filter(workspace=request.workspace)
    context = {"groups": catalog_groups(list(rows), criteria), "form": form}
    return render(request, "playbook/recommendations.html", context)


def _recommendation(request, rec_id: int) -> Recommendation:
    return get_object_or_404(Recommendation, pk=rec_id, workspace=request.workspace)


@workspace_view(min_role=Role.ADMIN)
def recommendation(request, rec_id: int):
    """One suggestion's row, read-only (what "Cancel" swaps back in)."""
    context = {"item": _recommendation(request, rec_id)}
    return render(request, "playbook/_recommendation_row.html", context)


@workspace_view(min_role=Role.ADMIN)
@atomic_post
def recommendation_edit(request, rec_id: int):
    item = lock(_recommendation(request, rec_id))
    form = RecommendationForm.for_item(request.POST or None, item)
    if request.method == "POST":
        saved = save_form(
            form, lambda data: services.recommendation_update(recommendation=item, **data)
        )
        if saved is not None:
            return fragment_or_redirect(
                request,
                "playbook/_recommendation_row.html",
                {"item": saved},
                to=reverse("playbook:recommendations", args=[request.workspace.slug]),
            )
    context = {"item": item, "form": form}
    return fragment_or_page(
        request,
        "playbook/_recommendation_form_row.html",
        context,
        page="playbook/recommendation_edit.html",
    )
