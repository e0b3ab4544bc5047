from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from keyfolio.accounts.models import Account
from keyfolio.briefs.pdf import brief_pdf
from keyfolio.core.commands import write_file
from keyfolio.workspaces.commands import add_workspace_argument, workspace_for_command
from keyfolio.workspaces.models import Workspace

# How many candidates an ambiguous name lists.
SHOWN_CANDIDATES = 10


class Command(BaseCommand):
    help = (
        "Write an account's one-page meeting brief (or with --full the full one, on up to two "
        "pages) as a PDF. ACCOUNT is the account's id or its name (in full, or a part of it "
        "that matches one account only)."
    )

    def add_arguments(self, parser):
        parser.add_argument("account", metavar="ACCOUNT", help="the account's id or name")
        parser.add_argument("--pdf", metavar="FILE", required=True, help="where to write the PDF")
        parser.add_argument(
            "--lang",
            choices=[code for code, _ in settings.LANGUAGES],
            default=settings.LANGUAGE_CODE,
            help="the brief's language",
        )
        parser.add_argument(
            "--full",
            action="store_true",
            help="the full brief: the plan's answers whole, on up to two pages",
        )
        add_workspace_argument(parser)

    def handle(self, *args, account, pdf, lang, full, workspace, **options):
        found = account_for_command(workspace_for_command(workspace), account)
        write_file(pdf, brief_pdf(found, language=lang, today=timezone.localdate(), full=full))
        self.stdout.write(
            self.style.SUCCESS(
                _("Wrote the brief of '%(name)s' to %(file)s.") % {"name": found.name, "file": pdf}
            )
        )


def account_for_command(workspace: Workspace, text: str) -> Account:
    """The workspace's account with this id or name: the exact name first, else the one
    account whose name contains `text`. Archived accounts count too."""
    accounts = Account.objects.in_workspace(workspace)
    text = text.strip()
    if text.isdigit() and (by_id := accounts.filter(pk=int(text)).first()):
        return by_id
    # As typed first: SQLite ignores case within ASCII only, so "iexact" misses Cyrillic.
    for lookup in ("name", "name__iexact"):
        exact = list(accounts.filter(**{lookup: text})[:2])
        if len(exact) == 1:
            return exact[0]
    matches = list(accounts.filter(name__icontains=text).order_by("name")[: SHOWN_CANDIDATES + 1])
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise CommandError(
            _("There is no account '%(text)s' in '%(slug)s'.")
            % {"text": text, "slug": workspace.slug}
        )
    names = ", ".join(f"{a.name} (id {a.pk})" for a in matches[:SHOWN_CANDIDATES])
    if len(matches) > SHOWN_CANDIDATES:
        names += ", …"
    raise CommandError(
        _("'%(text)s' matches several accounts; give the id or the full name: %(names)s.")
        % {"text": text, "names": names}
    )
