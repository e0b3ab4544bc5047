"""What the `keyfolio` commands that work in one workspace share: choosing it."""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from keyfolio.workspaces.models import Workspace


def add_workspace_argument(parser) -> None:
    parser.add_argument(
        "--workspace",
        metavar="SLUG",
        help="the workspace's short name (may be left out when there is only one workspace)",
    )


def workspace_for_command(slug: str | None) -> Workspace:
    """The workspace named by --workspace, or the only one there is."""
    if slug:
        return workspace_by_slug(slug)
    slugs = list(Workspace.objects.order_by("slug").values_list("slug", flat=True)[:21])
    if not slugs:
        raise CommandError(_("There is no workspace yet; run `keyfolio init` first."))
    if len(slugs) > 1:
        raise CommandError(
            _("There are several workspaces; choose one with --workspace SLUG (%(slugs)s).")
            % {"slugs": ", ".join(slugs[:20]) + (", …" if len(slugs) > 20 else "")}
        )
    return Workspace.objects.get(slug=slugs[0])


def workspace_by_slug(slug: str) -> Workspace:
    workspace = Workspace.objects.filter(slug=slug).first()
    if workspace is None:
        raise CommandError(_("There is no workspace '%(slug)s'.") % {"slug": slug})
    return workspace
