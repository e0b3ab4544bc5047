from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from keyfolio.demo.commands import demo_login_lines
from keyfolio.demo.services import (
    DEFAULT_ACCOUNTS,
    DEFAULT_SEED,
    DEMO_TEAM,
    DEMO_WORKSPACE_SLUG,
    demo_load,
)
from keyfolio.method import Zone
from keyfolio.workspaces.models import Workspace


class Command(BaseCommand):
    help = (
        "Load a realistic demo portfolio: a workspace 'Demo' (slug demo) owned by "
        "demo@keyfolio.local (password kam-demo-square), managers, a director, an admin, and "
        "accounts with two years of assessments. The demo people share a published "
        "password: never load the demo into a workspace with real data. A workspace that "
        "already has accounts is refused unless --force, which adds the demo accounts "
        "next to the existing ones."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--accounts", type=int, default=DEFAULT_ACCOUNTS, help="how many accounts to make"
        )
        parser.add_argument(
            "--workspace",
            metavar="SLUG",
            default=DEMO_WORKSPACE_SLUG,
            help="the workspace to fill (made if missing)",
        )
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help="the same seed gives the same demo"
        )
        parser.add_argument(
            "--force", action="store_true", help="add accounts even if the workspace has some"
        )

    def handle(self, *args, accounts, workspace, seed, force, **options):
        if accounts < 1:
            raise CommandError(_("--accounts must be at least 1."))
        existing = Workspace.objects.filter(slug=workspace).first()
        if existing and existing.accounts.exists() and not force:
            raise CommandError(
                _(
                    "Workspace '%(slug)s' already has accounts; nothing was loaded. "
                    "Use --force to add the demo accounts anyway."
                )
                % {"slug": workspace}
            )
        summary = demo_load(slug=workspace, accounts=accounts, seed=seed)
        zones = ", ".join(f"{zone.value} {summary.zones.get(zone.value, 0)}" for zone in Zone)
        self.stdout.write(
            self.style.SUCCESS(
                _("Loaded %(accounts)d accounts and %(assessments)d assessments into '%(slug)s'.")
                % {
                    "accounts": summary.accounts,
                    "assessments": summary.assessments,
                    "slug": summary.workspace.slug,
                }
            )
        )
        self.stdout.write(_("Current zones: %(zones)s.") % {"zones": zones})
        for line in demo_login_lines():
            self.stdout.write(line)
        people = ", ".join(f"{p.email} ({p.role.label})" for p in DEMO_TEAM)
        self.stdout.write(_("Also with the demo password: %(people)s.") % {"people": people})
