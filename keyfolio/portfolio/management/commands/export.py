from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from keyfolio.accounts.models import Account
from keyfolio.core.commands import add_export_arguments, write_export
from keyfolio.portfolio.export_kinds import EXPORT_KINDS
from keyfolio.workspaces.commands import add_workspace_argument, workspace_for_command


class Command(BaseCommand):
    help = (
        "Write the workspace's accounts, contacts, opportunities, revenue, assessments, plans "
        "or activities (archived accounts' too, except for revenue and assessments) as CSV, "
        "JSON or XLSX, in the columns the imports read; or the scoring sheet, an XLSX to "
        "score the active accounts offline and import back with import-scores. CSV and JSON "
        "go to the standard output unless --output FILE is given; XLSX needs --output FILE."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "kind",
            choices=list(EXPORT_KINDS),
            metavar="KIND",
            help=("what to export: " + ", ".join(EXPORT_KINDS)),
        )
        add_workspace_argument(parser)
        add_export_arguments(parser, formats=("csv", "xlsx", "json"))
        # By default the export's first format: CSV, or XLSX for the scoring sheet.
        parser.set_defaults(output_format=None)
        parser.add_argument(
            "--lang",
            choices=[code for code, _name in settings.LANGUAGES],
            default=settings.LANGUAGE_CODE,
            help="the language of the scoring sheet's guides",
        )

    def handle(self, *args, kind, workspace, output_format, output, lang, **options):
        export = EXPORT_KINDS[kind]
        output_format = output_format or export.formats[0]
        if output_format not in (*export.formats, "json") or (
            export.fill_in and output_format != "xlsx"
        ):
            raise CommandError(
                _("The %(kind)s export is written as %(formats)s only.")
                % {"kind": kind, "formats": ", ".join(export.formats)}
            )
        workspace = workspace_for_command(workspace)
        fields = export.fields(workspace)
        with translation.override(lang):
            fill_in = export.fill_in(workspace) if export.fill_in else None
        write_export(
            self,
            export.read(Account.objects.in_workspace(workspace), fields),
            fields=fields,
            output_format=output_format,
            output=output,
            title=export.sheet,
            widths=export.widths(fields),
            fill_in=fill_in,
        )
