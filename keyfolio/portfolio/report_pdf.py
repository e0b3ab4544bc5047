"""The portfolio report (keyfolio.portfolio.report) as an A4 PDF in a chosen language.

The square's download and `keyfolio portfolio-report` both render here. WeasyPrint
lays out templates/portfolio/report.html; the square is an SVG image drawn by
keyfolio.portfolio.report_chart in the same language.
"""

from datetime import date

from django.template.loader import render_to_string
from django.utils import translation

from keyfolio.core.pdf import pdf_layout
from keyfolio.portfolio.report import PortfolioReport
from keyfolio.portfolio.report_chart import square_svg

# The zone and axis colours come in the page itself ({% palette_style %}); the zone
# badges are keyfolio.css's.
STYLESHEETS = ("keyfolio/css/keyfolio.css", "keyfolio/css/report.css")


def report_html(report: PortfolioReport, *, language: str) -> str:
    """The report's print page in `language`."""
    with translation.override(language):
        square = square_svg(report.drawing, report.thresholds) if report.placed else None
        context = {"report": report, "square": square, "language": language}
        return render_to_string("portfolio/report.html", context)


def report_pdf(report: PortfolioReport, *, language: str) -> bytes:
    """The report as a PDF: A4, one page for most portfolios, two at most with the
    longest names (the movers' lists are short)."""
    return pdf_layout(report_html(report, language=language), STYLESHEETS).write_pdf()


def report_filename(workspace_slug: str, today: date) -> str:
    """ "portfolio-acme-2026-05-04.pdf"."""
    return f"portfolio-{workspace_slug}-{today.isoformat()}.pdf"
