from django.db import transaction
from django.utils.text import slugify

from keyfolio.workspaces.models import Membership, Role, Workspace


def unique_slug(name: str) -> str:
    base = slugify(name, allow_unicode=False)[:50] or "workspace"
    slug, n = base, 1
    while Workspace.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def workspace_create(*, name: str, owner, slug: str | None = None) -> Workspace:
    """A new workspace with its owner and version 1 of the default methodology."""
    from keyfolio.assessments.services import methodology_create_default

    workspace = Workspace.objects.create(name=name, slug=slug or unique_slug(name))
    Membership.objects.create(workspace=workspace, user=owner, role=Role.OWNER)
    methodology_create_default(workspace=workspace, user=owner)
    return workspace


def membership_set(*, workspace: Workspace, user, role: Role) -> Membership:
    membership, _ = Membership.objects.update_or_create(
        workspace=workspace, user=user, defaults={"role": role}
    )
    return membership
