from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from keyfolio.workspaces import services
from keyfolio.workspaces.access import workspace_view
from keyfolio.workspaces.forms import MemberAddForm
from keyfolio.workspaces.models import Membership, Role, TwoFactorPolicy

# The set-password link of a person just added is shown once, on the page the
# "add" redirects to, and then forgotten.
SET_PASSWORD_LINK_KEY = "kf_set_password_link"


@login_required
def home(request):
    """Send a person to their workspace's square, or let them pick among several."""
    memberships = list(Membership.objects.filter(user=request.user).select_related("workspace"))
    if len(memberships) == 1 and not request.GET.get("all"):
        return redirect("portfolio:square", slug=memberships[0].workspace.slug)
    return render(request, "workspaces/home.html", {"memberships": memberships})


@workspace_view(min_role=Role.ADMIN)
def members(request):
    """The members table, and a form to add someone by e-mail."""
    form = MemberAddForm(request.POST or None, by=request.membership)
    if request.method == "POST" and form.is_valid():
        try:
            added = services.membership_add(
                workspace=request.workspace, by=request.membership, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            _announce_added(request, added)
            return redirect("workspaces:members", slug=request.workspace.slug)

    rows = list(services.members_with_account_counts(request.workspace))
    for row in rows:
        row.workspace = request.workspace  # Read by must_use_two_factor, without a query.
        row.manageable = services.may_manage(by=request.membership, target=row)
    context = {
        "rows": rows,
        "form": form,
        "assignable_roles": services.assignable_roles(request.membership),
        "set_password_link": request.session.pop(SET_PASSWORD_LINK_KEY, None),
        "two_factor_policies": TwoFactorPolicy.choices,
    }
    return render(request, "workspaces/members.html", context)


def _announce_added(request, added: services.MemberAdded) -> None:
    membership = added.membership
    messages.success(
        request,
        _("%(name)s is now a member (%(role)s).")
        % {"name": membership.user, "role": membership.get_role_display()},
    )
    if not added.mailed:
        messages.warning(request, _("The invitation e-mail could not be sent."))
    if added.set_password_url:
        request.session[SET_PASSWORD_LINK_KEY] = {
            "email": membership.user.email,
            "url": added.set_password_url,
        }


@workspace_view(min_role=Role.ADMIN)
@require_POST
def member_role(request, pk: int):
    membership = services.get_membership_for(request.workspace, pk)
    try:
        services.membership_change_role(
            membership=membership, role=request.POST.get("role", ""), by=request.membership
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(name)s is now %(role)s.")
            % {"name": membership.user, "role": membership.get_role_display()},
        )
    return redirect("workspaces:members", slug=request.workspace.slug)


@workspace_view(min_role=Role.ADMIN)
@require_POST
def member_remove(request, pk: int):
    membership = services.get_membership_for(request.workspace, pk)
    try:
        services.membership_remove(membership=membership, by=request.membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(name)s is no longer a member of %(workspace)s.")
            % {"name": membership.user, "workspace": request.workspace},
        )
    return redirect("workspaces:members", slug=request.workspace.slug)


@workspace_view(min_role=Role.ADMIN)
@require_POST
def member_executive(request, pk: int):
    """Mark a member as one of our executives (is_executive=1), or not."""
    membership = services.get_membership_for(request.workspace, pk)
    is_executive = request.POST.get("is_executive") == "1"
    try:
        services.membership_set_executive(
            membership=membership, is_executive=is_executive, by=request.membership
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if is_executive:
            text = _("%(name)s is marked as an executive.")
        else:
            text = _("%(name)s is no longer marked as an executive.")
        messages.success(request, text % {"name": membership.user})
    return redirect("workspaces:members", slug=request.workspace.slug)


@workspace_view(min_role=Role.OWNER)
@require_POST
def two_factor_policy(request):
    """Choose who of the workspace must log in with two-factor (the owner only)."""
    try:
        services.workspace_set_two_factor_policy(
            workspace=request.workspace,
            policy=request.POST.get("policy", ""),
            by=request.membership,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _two_factor_policy_message(request.workspace))
    return redirect("workspaces:members", slug=request.workspace.slug)


def _two_factor_policy_message(workspace) -> str:
    if workspace.two_factor_policy == TwoFactorPolicy.OPTIONAL:
        return _("Two-factor authentication is now up to each member.")
    return _("Two-factor authentication is now required of: %(who)s.") % {
        "who": workspace.get_two_factor_policy_display().lower()
    }
