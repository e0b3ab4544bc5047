"""The portfolio report PDF: what it holds, for whom, with which filters, at what cost."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from keyfolio.accounts.models import Account
from keyfolio.assessments.models import Assessment, Methodology
from keyfolio.demo.services import demo_load
from keyfolio.method import DEFAULT_THRESHOLDS, zone_of
from keyfolio.method.movement import months_before
from keyfolio.portfolio import report as report_module
from keyfolio.portfolio import views
from keyfolio.portfolio.report import SquareDrawing, portfolio_report
from keyfolio.portfolio.report_chart import square_figure
from keyfolio.portfolio.report_pdf import report_html, report_pdf
from keyfolio.portfolio.selectors import SquareFilters, square_of
from keyfolio.portfolio.tests.bulk import bulk_portfolio
from keyfolio.portfolio.tests.test_square import add_account, assess
from keyfolio.revenue.models import RevenueEntry
from keyfolio.workspaces.models import Workspace

TODAY = timezone.localdate()
BEFORE, DURING = TODAY - timedelta(days=150), TODAY - timedelta(days=30)


def url(world, **query) -> str:
    base = reverse("portfolio:report_pdf", args=(world.slug,))
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def pdf_text(data: bytes) -> tuple[int, str]:
    """The number of pages and the text of a PDF, its whitespace collapsed to spaces."""
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() for page in reader.pages)
    return len(reader.pages), " ".join(text.split())


@pytest.fixture
def as_html(monkeypatch):
    """The view sends the report's HTML instead of laying it out: what the report holds
    and what it costs, without WeasyPrint's seconds."""
    monkeypatch.setattr(
        views, "report_pdf", lambda report, language: report_html(report, language=language)
    )


def html_of(world, user, **query) -> str:
    response = world.client_for(user).get(url(world, **query))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def portfolio(world):
    """Over the last quarter Northwind (the manager's) moved up from target to key,
    Contoso (the outsider's) down from key to maintain, Fabrikam far within key;
    Umbrella was first assessed during it and Hooli never. Northwind and Contoso had
    revenue this year, in euros and dollars."""
    assess(world.account, client=70, our=30, on=BEFORE)
    assess(world.account, client=70, our=60, on=DURING)
    contoso = add_account(world, "Contoso", owner=world.outsider, segment="Energy", currency="USD")
    assess(contoso, client=80, our=80, on=BEFORE)
    assess(contoso, client=30, our=80, on=DURING)
    fabrikam = add_account(world, "Fabrikam", owner=world.director, segment="Energy")
    assess(fabrikam, client=80, our=80, on=BEFORE)
    assess(fabrikam, client=95, our=80, on=DURING)
    umbrella = add_account(world, "Umbrella", owner=world.director)
    assess(umbrella, client=10, our=10, on=DURING)
    add_account(world, "Hooli", owner=world.director)
    Account.objects.filter(pk=world.account.pk).update(currency="EUR")
    month = TODAY.replace(day=1)
    for account, amount in ((world.account, "1200"), (contoso, "700")):
        RevenueEntry.objects.create(
            workspace=world.workspace, account=account, month=month, amount=Decimal(amount)
        )
    return world


def report_of(world, filters: SquareFilters | None = None):
    filters = filters or SquareFilters()
    accounts = square_of(Account.objects.in_workspace(world.workspace), filters)
    return portfolio_report(
        accounts,
        workspace=world.workspace,
        filters=filters,
        thresholds=DEFAULT_THRESHOLDS,
        today=TODAY,
        author="Dina Director",
    )


# --- what it holds ------------------------------------------------------------------------


def test_the_zone_table_counts_shares_averages_and_revenue_per_zone(portfolio):
    report = report_of(portfolio)
    rows = {row.zone: row for row in report.zones}
    assert [row.zone for row in report.zones] == ["key", "target", "maintain", "reconsider", ""]
    assert {zone: row.count for zone, row in rows.items()} == {
        "key": 2, "target": 0, "maintain": 1, "reconsider": 1, "": 1,
    }  # fmt: skip
    assert rows["key"].share == pytest.approx(0.4)
    assert (rows["key"].average_client, rows["key"].average_our) == (82.5, 70.0)
    assert rows["target"].average_client is None
    assert (report.total, report.placed) == (5, 4)
    # 205 / 4 and 230 / 4, by keyfolio.method.shown_index (which rounds 51.25 half to even).
    assert (report.average_client, report.average_our) == (51.2, 57.5)
    assert rows["key"].revenue == {"EUR": Decimal("1200")}
    assert rows["maintain"].revenue == {"USD": Decimal("700")}
    assert report.revenue == [
        ("EUR", [Decimal("1200"), None, None, None, None], Decimal("1200")),
        ("USD", [None, None, Decimal("700"), None, None], Decimal("700")),
    ]


def test_the_movers_are_the_longest_moves_each_way_zone_changes_first(portfolio):
    report = report_of(portfolio)
    assert [row.name for row in report.up] == ["Northwind", "Fabrikam"]
    assert [row.name for row in report.down] == ["Contoso"]
    assert (report.moves.moved_up, report.moves.moved_down, report.moves.big_within_zone) == (
        1, 1, 1,
    )  # fmt: skip
    assert report.compared == 3
    assert report.start == months_before(TODAY, 3)


def test_an_average_never_shows_on_the_other_side_of_the_threshold(world):
    """An index of 49.96 under a threshold of 50 rounds to 50.0, beside a zone that says it
    is below: the report shows it as 49.9 (keyfolio.method.shown_index)."""
    account = add_account(world, "Edge")
    methodology = Methodology.objects.current_for(world.workspace)
    assessment = Assessment.objects.create(
        workspace=world.workspace, account=account, methodology=methodology,
        assessed_on=TODAY, client_index=49.96, our_index=80, completeness=1.0,
        zone=zone_of(49.96, 80, DEFAULT_THRESHOLDS).value,
    )  # fmt: skip
    Account.objects.filter(pk=account.pk).update(current_assessment=assessment)
    rows = {row.zone: row for row in report_of(world).zones}
    assert rows["maintain"].average_client == 49.9


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", ["Portfolio report", "Acme", "Dina Director", "82.5", "70.0", "40%",
                "Northwind", "Fabrikam", "Contoso", "1,200", "EUR", "USD"]),
        ("ru", ["Acme", "Ключевой", "Целевой", "Поддерживаемый", "Средняя позиция клиента",
                "82,5", "70,0", "40%", "Northwind", "Fabrikam", "Contoso", "1 200"]),
    ],
)  # fmt: skip
def test_the_pdf_has_the_zone_table_and_the_movers_in_the_language_asked(portfolio, lang, expected):
    response = portfolio.client_for(portfolio.director).get(url(portfolio, lang=lang))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="portfolio-acme-{TODAY.isoformat()}.pdf"'
    )
    pages, text = pdf_text(response.content)
    assert pages == 1
    text = text.replace("\u00a0", " ").replace("\u202f", " ")
    missing = [word for word in expected if word not in text]
    assert not missing, text
    if lang == "ru":
        assert "82.5" not in text


def test_the_demo_fits_on_at_most_two_pages_in_both_languages(db):
    demo_load()
    workspace = Workspace.objects.get(slug="demo")
    accounts = square_of(Account.objects.in_workspace(workspace), SquareFilters())
    report = portfolio_report(
        accounts,
        workspace=workspace,
        filters=SquareFilters(),
        thresholds=DEFAULT_THRESHOLDS,
        today=TODAY,
    )
    for language in ("en", "ru"):
        pages, text = pdf_text(report_pdf(report, language=language))
        assert pages <= 2, language
        assert str(report.total) in text


def test_it_speaks_the_readers_language_unless_asked_otherwise(portfolio, as_html):
    client = portfolio.client_for(portfolio.director)
    client.post(reverse("users:language"), {"language": "ru"})
    assert 'lang="ru"' in client.get(url(portfolio)).content.decode()
    assert 'lang="en"' in client.get(url(portfolio, lang="en")).content.decode()
    assert 'lang="ru"' in client.get(url(portfolio, lang="xx")).content.decode()


# --- the square as a drawing --------------------------------------------------------------


def test_the_square_names_few_accounts_draws_more_as_points_and_many_as_cells(world, monkeypatch):
    monkeypatch.setattr(report_module, "NAMED_POINTS", 3)
    monkeypatch.setattr(report_module, "DOT_POINTS", 6)
    bulk_portfolio(world, 3)
    named = report_of(world).drawing
    assert named.mode == "named" and {name for *_, name in named.points} == {
        "Bulk 00000", "Bulk 00001", "Bulk 00002",
    }  # fmt: skip
    bulk_portfolio(world, 3, prefix="More")
    dots = report_of(world).drawing
    assert dots.mode == "dots" and len(dots.points) == 6
    assert {name for *_, name in dots.points} == {""}
    bulk_portfolio(world, 3, prefix="Many")
    cells = report_of(world).drawing
    assert cells.mode == "cells" and sum(row[2] for row in cells.cells["rows"]) == 9


def test_no_two_names_on_the_square_overlap_or_leave_it():
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    # Thirty accounts crowded into one corner, with long names.
    points = [(60 + n % 6, 60 + n // 6, "key", f"Very long account name number {n}")
              for n in range(30)]  # fmt: skip
    figure = square_figure(SquareDrawing("named", points=points), DEFAULT_THRESHOLDS)
    renderer = FigureCanvasAgg(figure).get_renderer()
    ax = figure.axes[0]
    inside = ax.get_window_extent(renderer)
    boxes = [text.get_window_extent(renderer) for text in ax.texts]
    assert len(boxes) > 4  # the zone names and some of the accounts'
    for n, box in enumerate(boxes):
        assert inside.x0 <= box.x0 and box.x1 <= inside.x1
        assert inside.y0 <= box.y0 and box.y1 <= inside.y1
        assert not any(box.overlaps(other) for other in boxes[n + 1 :])


# --- filters --------------------------------------------------------------------------


def test_it_reports_only_the_accounts_the_filters_show_and_says_which(portfolio, as_html):
    html = html_of(portfolio, portfolio.director, segment="Energy")
    assert "Segment: <strong>Energy</strong>" in html
    assert "Contoso" in html and "Fabrikam" in html and "Northwind" not in html
    html = html_of(portfolio, portfolio.director, zone="key", owner=portfolio.director.pk)
    assert "Zone: <strong>Key</strong>" in html
    assert "Account manager: <strong>Dina Director</strong>" in html
    assert "Fabrikam" in html and "Contoso" not in html and "Northwind" not in html


def test_a_filter_that_is_not_valid_is_not_applied_as_on_the_square(portfolio, as_html):
    html = html_of(portfolio, portfolio.director, owner=987654, zone="purple", segment="Nope")
    assert "Every account of the workspace" in html
    assert all(name in html for name in ("Northwind", "Contoso", "Fabrikam"))


def test_the_square_offers_the_report_with_its_filters(portfolio):
    response = portfolio.client_for(portfolio.director).get(
        reverse("portfolio:square", args=(portfolio.slug,)) + "?segment=Energy&zone=key"
    )
    link = url(portfolio, zone="key", segment="Energy").replace("&", "&amp;")
    assert f'href="{link}"' in response.content.decode()
    assert "Portfolio report (PDF)" in response.content.decode()


# --- who may have it -------------------------------------------------------------------------


def test_the_workspace_owner_gets_every_account(portfolio, as_html):
    html = html_of(portfolio, portfolio.owner)
    assert all(name in html for name in ("Northwind", "Contoso", "Fabrikam"))
    assert "Olga Owner" in html  # who made it


@pytest.mark.parametrize("person", ["manager", "teammate"])
def test_a_manager_gets_only_the_accounts_they_may_see(portfolio, as_html, person):
    html = html_of(portfolio, getattr(portfolio, person))
    assert "Northwind" in html and "Contoso" not in html and "Fabrikam" not in html


def test_an_outsider_gets_only_their_own_accounts(portfolio, as_html):
    html = html_of(portfolio, portfolio.outsider)
    assert "Contoso" in html and "Northwind" not in html


def test_another_workspace_and_a_visitor_get_nothing(portfolio):
    assert portfolio.client_for(portfolio.stranger).get(url(portfolio)).status_code == 404
    response = portfolio.client_for(None).get(url(portfolio))
    assert response.status_code == 302 and "/login" in response.url


# --- cost ------------------------------------------------------------------------------------


@pytest.mark.parametrize("limits", [(40, 2000), (0, 0)], ids=["points", "cells"])
def test_its_queries_do_not_grow_with_the_portfolio(world, as_html, monkeypatch, limits):
    monkeypatch.setattr(report_module, "NAMED_POINTS", limits[0])
    monkeypatch.setattr(report_module, "DOT_POINTS", limits[1])
    client = world.client_for(world.director)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url(world, segment="Bulk")).status_code == 200
        return len(captured)

    bulk_portfolio(world, 20)
    small = queries()
    bulk_portfolio(world, 80, prefix="More")
    assert queries() == small


# --- the command --------------------------------------------------------------------------


def test_the_command_writes_the_report_in_the_language_asked(portfolio, tmp_path):
    output = tmp_path / "report.pdf"
    call_command("portfolio_report", "--workspace", "acme", "--lang", "ru", "--output", output)
    pages, text = pdf_text(output.read_bytes())
    assert pages == 1 and "Ключевой" in text and "Contoso" in text


def test_the_command_names_the_file_after_the_workspace_and_day(portfolio, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out = io.StringIO()
    call_command("portfolio_report", "--workspace", "acme", stdout=out)
    name = f"portfolio-acme-{TODAY.isoformat()}.pdf"
    assert (tmp_path / name).read_bytes().startswith(b"%PDF-")
    assert name in out.getvalue()


def test_the_command_says_why_it_cannot_write(portfolio, tmp_path):
    with pytest.raises(CommandError, match="Cannot write"):
        call_command(
            "portfolio_report", "--workspace", "acme", "--output", tmp_path / "no" / "x.pdf"
        )
    with pytest.raises(CommandError, match="There is no workspace 'nope'"):
        call_command("portfolio_report", "--workspace", "nope")
