"""`keyfolio token create|revoke|list`: personal API tokens from the command line."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from keyfolio.api.models import ApiToken
from keyfolio.api.services import api_token_create, api_token_revoke
from keyfolio.workspaces.commands import add_workspace_argument, workspace_for_command
from keyfolio.workspaces.models import Membership


class Command(BaseCommand):
    help = (
        "Personal API tokens. `create --user EMAIL [--workspace SLUG] [--name NAME] "
        "[--read-only]` makes one and prints it once, alone on the last line (only its hash "
        "is kept); `revoke ID` stops one working; `list` prints every token with its id, "
        "person, workspace, name, access and last use."
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="make a token and print it once")
        create.add_argument("--user", metavar="EMAIL", required=True)
        add_workspace_argument(create)
        create.add_argument("--name", default="CLI", help="what uses it (default: CLI)")
        create.add_argument("--read-only", action="store_true", help="it may only read")
        revoke = actions.add_parser("revoke", help="stop a token working")
        revoke.add_argument("id", type=int)
        actions.add_parser("list", help="every token, revoked ones too")

    def handle(self, *args, action, **options):
        if action == "create":
            self._create(**options)
        elif action == "revoke":
            self._revoke(options["id"])
        else:
            self._list()

    def _create(self, *, user, workspace, name, read_only, **options):
        workspace = workspace_for_command(workspace)
        membership = (
            Membership.objects.select_related("user", "workspace")
            .filter(workspace=workspace, user__email__iexact=user)
            .first()
        )
        if membership is None:
            raise CommandError(
                _("%(email)s is not a member of '%(slug)s'.")
                % {"email": user, "slug": workspace.slug}
            )
        token = api_token_create(membership=membership, name=name, read_only=read_only)
        access = _("read-only") if read_only else _("read and write")
        self.stderr.write(
            _(
                "Token “%(name)s” for %(email)s in '%(slug)s' (%(access)s). Copy it now: it "
                "is shown only this once."
            )
            % {
                "name": name,
                "email": membership.user.email,
                "slug": workspace.slug,
                "access": access,
            }
        )
        self.stdout.write(token)

    def _revoke(self, pk: int) -> None:
        token = ApiToken.objects.filter(pk=pk).first()
        if token is None:
            raise CommandError(_("There is no API token %(id)s.") % {"id": pk})
        api_token_revoke(token=token)
        self.stdout.write(_("Token %(id)s revoked.") % {"id": pk})

    def _list(self) -> None:
        tokens = ApiToken.objects.select_related("user", "workspace").order_by("pk")
        for token in tokens:
            state = (
                "revoked"
                if token.is_revoked
                else ("read-only" if token.read_only else "read-write")
            )
            used = token.last_used_at.isoformat() if token.last_used_at else "-"
            self.stdout.write(
                "\t".join(
                    [
                        str(token.pk),
                        token.user.email,
                        token.workspace.slug,
                        token.name,
                        token.prefix + "…",
                        state,
                        used,
                    ]
                )
            )
