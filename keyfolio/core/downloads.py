"""Exports as web downloads: a streamed CSV or an XLSX file, with a proper filename.

The records come from the app that owns them (keyfolio.portfolio.exports,
keyfolio.assessments.exports, keyfolio.revenue.exports) and are written by
keyfolio.core.exports, so a download holds exactly what the matching CLI command writes.
"""

import tempfile
from collections.abc import Iterable, Mapping, Sequence
from itertools import chain

from django.http import FileResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header

from keyfolio.core.exports import (
    XLSX_CONTENT_TYPE,
    FillIn,
    Record,
    csv_lines,
    records_write_xlsx,
)

FORMATS = ("csv", "xlsx")
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
# Excel takes a UTF-8 file without this mark for its local code page and garbles every
# Cyrillic name; the imports skip it.
BYTE_ORDER_MARK = "\ufeff"


class FormatConverter:
    """The `<export_format:file_format>` part of a download's URL: csv or xlsx."""

    regex = "|".join(FORMATS)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


def download_response(
    records: Iterable[Record],
    *,
    fields: Sequence[str],
    file_format: str,
    filename: str,
    title: object,
    widths: Mapping[str, float] | None = None,
    fill_in: Mapping[str, FillIn] | None = None,
) -> StreamingHttpResponse | FileResponse:
    """`records` as a download called `filename`.`file_format`.

    A CSV is streamed: each line is sent as its record is read, so the records' query
    runs while the response is being sent. An XLSX (a zip archive, written whole) is
    built in a temporary file that is then streamed and deleted; with `fill_in`, as a
    sheet to fill in (see keyfolio.core.exports.records_write_xlsx)."""
    name = f"{filename}.{file_format}"
    if file_format == "csv":
        disposition = content_disposition_header(True, name)
        assert disposition is not None  # an attachment always has one
        return StreamingHttpResponse(
            chain([BYTE_ORDER_MARK], csv_lines(records, fields)),
            content_type=CSV_CONTENT_TYPE,
            headers={"Content-Disposition": disposition},
        )
    if file_format != "xlsx":
        raise ValueError(f"unknown export format {file_format!r}")
    file = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it when sent)
    records_write_xlsx(records, file, fields, title=title, widths=widths, fill_in=fill_in)
    file.seek(0)
    return FileResponse(file, as_attachment=True, filename=name, content_type=XLSX_CONTENT_TYPE)
