from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from keyfolio.accounts.commands import account_for_command
from keyfolio.briefs.pdf import brief_pdf
from keyfolio.core.commands import write_file
from keyfolio.workspaces.commands import add_workspace_argument, workspace_for_command

# How many candidates an ambiguous name lists.


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
