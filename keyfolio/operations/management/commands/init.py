from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from django.utils.translation import gettext as _

from keyfolio.core.commands import new_password, password_validate
from keyfolio.demo.commands import demo_login_lines
from keyfolio.demo.services import DEMO_EMAIL, demo_load
from keyfolio.playbook.refresh import checks_refresh_missing
from keyfolio.users.models import User
from keyfolio.workspaces.models import Membership, Role, Workspace
from keyfolio.workspaces.services import workspace_create

DEFAULT_WORKSPACE = "Keyfolio"
DEFAULT_ADMIN = "admin@keyfolio.local"


class Command(BaseCommand):
    help = (
        "Set up Keyfolio: migrate the database, then make the workspace (default 'Keyfolio') "
        "and its admin if they are missing. Safe to run again: what exists is left alone. "
        "With --demo-if-empty (what `make run` uses), an empty database gets the demo "
        "portfolio instead of an empty workspace."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--workspace", metavar="NAME", default=DEFAULT_WORKSPACE, help="the workspace's name"
        )
        parser.add_argument(
            "--admin",
            metavar="EMAIL",
            help=f"the workspace's owner (default {DEFAULT_ADMIN} when the workspace is made)",
        )
        parser.add_argument("--password", help="the admin's password; generated if left out")
        parser.add_argument(
            "--demo-if-empty",
            action="store_true",
            help="load the demo into an empty database; then make no other workspace "
            "unless --admin is given",
        )

    def handle(self, *args, workspace, admin, password, demo_if_empty, **options):
        if password is not None:
            # Before anything is done, so that a refused password leaves everything as it was.
            password_validate(password, email=(admin or DEFAULT_ADMIN).strip().lower())
        changes = self._migrate()
        if demo_if_empty and not Workspace.objects.exists():
            summary = demo_load()
            changes.append(
                _("Loaded the demo: %(accounts)d accounts, %(assessments)d assessments.")
                % {"accounts": summary.accounts, "assessments": summary.assessments}
            )
        if admin or not demo_if_empty:
            with transaction.atomic():
                changes += self._workspace_and_admin(workspace, admin, password)
        # Accounts with no stored checks yet (all of them after the upgrade that brought
        # the attention queue's table) get them; later days are the worker's job.
        filled = checks_refresh_missing(today=timezone.localdate())
        if filled:
            changes.append(
                _("Computed the playbook checks of %(count)d accounts.") % {"count": filled}
            )

        for line in changes or [_("Nothing to do: everything is already set up.")]:
            self.stdout.write(line)
        self._where_to_go(demo_if_empty)

    def _migrate(self) -> list[str]:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        call_command("migrate", interactive=False, verbosity=0)
        if not pending:
            return []
        return [_("Applied %(count)d database migrations.") % {"count": len(pending)}]

    def _workspace_and_admin(self, name: str, email: str | None, password: str | None) -> list[str]:
        changes: list[str] = []
        workspace = Workspace.objects.filter(name=name).order_by("pk").first()
        if workspace is not None and email is None:
            return changes  # The workspace has its people already; nobody new was asked for.
        email = (email or DEFAULT_ADMIN).strip().lower()

        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            generated = password is None
            password = new_password() if generated else password
            user = User.objects.create_user(email, password)
            changes.append(_("Created user %(email)s.") % {"email": email})
            if generated:
                changes.append(
                    self.style.WARNING(
                        _("Password for %(email)s: %(password)s (shown only this once)")
                        % {"email": email, "password": password}
                    )
                )

        if workspace is None:
            workspace = workspace_create(name=name, owner=user)
            changes.append(
                _("Created workspace '%(name)s' (%(slug)s) owned by %(email)s.")
                % {"name": name, "slug": workspace.slug, "email": email}
            )
        elif not Membership.objects.filter(workspace=workspace, user=user).exists():
            Membership.objects.create(workspace=workspace, user=user, role=Role.OWNER)
            changes.append(
                _("Made %(email)s an owner of '%(name)s'.") % {"email": email, "name": name}
            )
        return changes

    def _where_to_go(self, demo_if_empty: bool) -> None:
        url, demo_login = demo_login_lines()
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"  {url}"))
        if demo_if_empty and User.objects.filter(email=DEMO_EMAIL).exists():
            self.stdout.write(self.style.SUCCESS(f"  {demo_login}"))
        self.stdout.write("")
