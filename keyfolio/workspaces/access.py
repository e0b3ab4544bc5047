"""Resolve the request's workspace and membership, or refuse.

Every workspace page is routed under /w/<slug>/ and decorated with
`@workspace_view`. A person who is not a member of that workspace gets a 404,
exactly as for a workspace that does not exist, so that slugs leak nothing. A
member whose role is too low for the page gets a 403. A member whom the workspace's
policy asks to use two-factor, and who has not set it up, is sent to set it up.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from keyfolio.core.htmx import client_redirect
from keyfolio.logins.two_factor import session_has_two_factor
from keyfolio.workspaces.models import Membership, Role


def membership_for(user, slug: str) -> Membership:
    try:
        return Membership.objects.select_related("workspace").get(user=user, workspace__slug=slug)
    except Membership.DoesNotExist:
        raise Http404("No such workspace.") from None


def workspace_view(min_role: Role = Role.VIEWER):
    """Decorate a view taking (request, slug, ...): sets request.workspace and .membership."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, slug, *args, **kwargs):
            membership = membership_for(request.user, slug)
            # Set before the role check so that the 403 page can name the role.
            request.membership = membership
            request.workspace = membership.workspace
            if not membership.has_role_at_least(min_role):
                raise PermissionDenied
            if membership.must_use_two_factor and not session_has_two_factor(request):
                return _two_factor_first(request, membership)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def _two_factor_first(request, membership: Membership):
    """Send the member to set up two-factor, which their workspace asks of them."""
    messages.warning(
        request,
        _("%(workspace)s asks you to log in with two-factor authentication. Set it up to continue.")
        % {"workspace": membership.workspace},
    )
    url = reverse("logins:two_factor")
    if request.headers.get("HX-Request") == "true":
        return client_redirect(url)
    return redirect(url)


def require_edit(membership: Membership) -> None:
    if not membership.can_edit:
        raise PermissionDenied
