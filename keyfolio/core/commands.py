"""Small pieces the `keyfolio` commands share that need no Keyfolio app: reading a
table, refusing an import, writing an export, checking a password."""

import secrets
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from keyfolio.core.exports import (
    FillIn,
    Record,
    records_write_csv,
    records_write_json,
    records_write_xlsx,
)
from keyfolio.core.tables import RowErrors, Table, TableError, table_read


def new_password() -> str:
    """A password for a person created without one; shown once, never stored in clear."""
    return secrets.token_urlsafe(12)


def password_validate(password: str, *, email: str, full_name: str = "") -> None:
    """Refuse a password that the web forms would refuse (AUTH_PASSWORD_VALIDATORS), with
    every reason; the person it is for need not exist yet."""
    try:
        # The custom user model, looked up so that core imports no app.
        user = get_user_model()(email=email, full_name=full_name)
        validate_password(password, user=user)
    except ValidationError as error:
        reasons = "\n".join(f"  - {message}" for message in error.messages)
        raise CommandError(
            _("The password was refused; nothing was changed:\n%(reasons)s") % {"reasons": reasons}
        ) from None


@contextmanager
def table_for_command(file: str) -> Iterator[Table]:
    """The table in a CSV or XLSX file, open for the `with` block that reads it; a
    CommandError that says why when the file cannot be read or breaks a limit (also
    while the block reads it)."""
    try:
        stream = open(file, "rb")  # noqa: SIM115 (closed below, after the block).
    except OSError as error:
        raise CommandError(
            _("Cannot read %(file)s: %(reason)s") % {"file": file, "reason": error.strerror}
        ) from None
    with stream:
        if not stream.seekable():
            raise CommandError(
                _("%(file)s is not a file (a pipe?); save it first.") % {"file": file}
            )
        try:
            with table_read(stream) as table:
                yield table
        except TableError as error:
            raise CommandError(str(error)) from None


def refuse_import(command, errors: RowErrors, table: Table) -> None:
    """Print the errors (those of the first rows with errors, then a count) and stop:
    nothing was imported."""
    if not errors:
        return
    for line in errors.messages():
        command.stderr.write(line)
    if table.read_as():
        command.stderr.write(table.read_as())
    count = len(errors)
    raise CommandError(
        ngettext(
            "Nothing was imported: %(count)d error.",
            "Nothing was imported: %(count)d errors.",
            count,
        )
        % {"count": count}
    )


def add_export_arguments(parser, formats: Sequence[str] = ("csv", "xlsx")) -> None:
    parser.add_argument("--format", dest="output_format", choices=formats, default=formats[0])
    parser.add_argument(
        "--output",
        metavar="FILE",
        help="the file to write (by default the standard output; xlsx needs a file)",
    )


def write_export(
    command,
    records: Iterable[Record],
    *,
    fields: Sequence[str],
    output_format: str,
    output: str | None,
    title: object,
    widths: Mapping[str, float] | None = None,
    fill_in: Mapping[str, FillIn] | None = None,
) -> None:
    """Write `records` as JSON, CSV or XLSX to the file `output`, or to the standard
    output (not XLSX), as the records come (see keyfolio.core.exports): memory stays
    flat whatever the number of records. `fill_in` makes an XLSX a sheet to fill in."""
    if output_format == "xlsx" and not output:
        raise CommandError(_("An XLSX file cannot go to the standard output: add --output FILE."))
    if not output:
        _write_text(records, _Unterminated(command.stdout), output_format, fields)
        return
    try:
        if output_format == "xlsx":
            rows = records_write_xlsx(
                records, output, fields, title=title, widths=widths, fill_in=fill_in
            )
        else:
            with open(output, "w", encoding="utf-8", newline="") as stream:
                rows = _write_text(records, stream, output_format, fields)
    except OSError as error:
        raise CommandError(
            _("Cannot write %(file)s: %(reason)s") % {"file": output, "reason": error.strerror}
        ) from None
    command.stdout.write(
        command.style.SUCCESS(
            ngettext("Wrote %(rows)d row to %(file)s.", "Wrote %(rows)d rows to %(file)s.", rows)
            % {"rows": rows, "file": output}
        )
    )


def write_file(path: str, data: bytes) -> None:
    """Write `data` to the file `path`; a CommandError that says why it could not."""
    try:
        with open(path, "wb") as stream:
            stream.write(data)
    except OSError as error:
        raise CommandError(
            _("Cannot write %(file)s: %(reason)s") % {"file": path, "reason": error.strerror}
        ) from None


def _write_text(records: Iterable[Record], stream, output_format: str, fields) -> int:
    if output_format == "json":
        return records_write_json(records, stream)
    return records_write_csv(records, stream, fields)


class _Unterminated:
    """A command's stdout that writes text as it is: Django's OutputWrapper would end
    every piece with a line break of its own."""

    def __init__(self, wrapper):
        self.wrapper = wrapper

    def write(self, text: str) -> None:
        self.wrapper.write(text, ending="")
