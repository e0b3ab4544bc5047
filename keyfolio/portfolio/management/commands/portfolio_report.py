from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from keyfolio.accounts.models import Account
from keyfolio.core.commands import write_file
from keyfolio.portfolio.report import portfolio_report
from keyfolio.portfolio.report_pdf import report_filename, report_pdf
from keyfolio.portfolio.selectors import SquareFilters, square_of, square_thresholds
from keyfolio.workspaces.commands import add_workspace_argument, workspace_for_command


class Command(BaseCommand):
    help = (
        "Write the portfolio report for a quarterly review as a PDF: the square, the zone "
        "table, revenue by zone and the accounts that moved most over the last quarter, for "
        "every active account of the workspace. Without --output, the file is "
        "portfolio-SLUG-DATE.pdf in the current folder."
    )

    def add_arguments(self, parser):
        add_workspace_argument(parser)
        parser.add_argument(
            "--lang",
            choices=[code for code, _ in settings.LANGUAGES],
            default=settings.LANGUAGE_CODE,
            help="the report's language",
        )
        parser.add_argument("--output", metavar="FILE", help="where to write the PDF")

    def handle(self, *args, workspace, lang, output, **options):
        found = workspace_for_command(workspace)
        today = timezone.localdate()
        report = portfolio_report(
            square_of(Account.objects.in_workspace(found), SquareFilters()),
            workspace=found,
            filters=SquareFilters(),
            thresholds=square_thresholds(found),
            today=today,
        )
        output = output or report_filename(found.slug, today)
        write_file(output, report_pdf(report, language=lang))
        self.stdout.write(
            self.style.SUCCESS(
                _("Wrote the portfolio report of '%(name)s' to %(file)s.")
                % {"name": found.name, "file": output}
            )
        )
