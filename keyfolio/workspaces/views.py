from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from keyfolio.workspaces.access import workspace_view
from keyfolio.workspaces.models import Membership, Role


@login_required
def home(request):
    """Send a person to their workspace's square, or let them pick among several."""
    memberships = list(Membership.objects.filter(user=request.user).select_related("workspace"))
    if len(memberships) == 1 and not request.GET.get("all"):
        return redirect("portfolio:square", slug=memberships[0].workspace.slug)
    return render(request, "workspaces/home.html", {"memberships": memberships})


@workspace_view(min_role=Role.ADMIN)
def members(request):
    raise NotImplementedError  # Built in the members work package.
