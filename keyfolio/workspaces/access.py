"""Resolve the request's workspace and membership, or refuse.

Every workspace page is routed under /w/<slug>/ and decorated with
`@workspace_view`. A person who is not a member of that workspace gets a 404,
exactly as for a workspace that does not exist, so that slugs leak nothing. A
member whose role is too low for the page gets a 403.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404

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
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def require_edit(membership: Membership) -> None:
    if not membership.can_edit:
        raise PermissionDenied
