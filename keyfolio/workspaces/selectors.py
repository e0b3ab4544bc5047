"""Reads about who is who in a workspace, for the apps that show our people."""

from django.db.models import Exists, OuterRef, QuerySet

from keyfolio.users.models import User
from keyfolio.workspaces.models import Membership, Workspace


def with_executive_flag(users: QuerySet[User], workspace: Workspace | int) -> QuerySet[User]:
    """`users`, each with `is_executive`: True for one of our executives in `workspace`.

    The flag is the membership's, so the same person may be an executive in one
    workspace and not in another; someone who has left the workspace is not one. One
    subquery inside the users' own query, however many there are.
    """
    executive = Membership.objects.filter(
        workspace=workspace, user=OuterRef("pk"), is_executive=True
    )
    return users.annotate(is_executive=Exists(executive))
