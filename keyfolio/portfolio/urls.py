from django.urls import path

from keyfolio.portfolio import views
from keyfolio.portfolio.export_kinds import SCORING_SHEET_KIND

app_name = "portfolio"
urlpatterns = [
    path("", views.square, name="square"),
    path("square.json", views.square_data, name="square_data"),
    path("square/report.pdf", views.report, name="report_pdf"),
    path("movement/", views.movement, name="movement"),
    path("satisfaction/", views.satisfaction, name="satisfaction"),
    path("calibration/", views.calibration, name="calibration"),
    path("portfolio.<export_format:file_format>", views.export, name="export"),
    path("assessments.<export_format:file_format>", views.export_scores, name="export_scores"),
    path("export/", views.exports, name="exports"),
    *(
        path(
            f"export/{kind}.<export_format:file_format>",
            views.export_kind,
            {"kind": kind},
            name=f"export_{kind}",
        )
        for kind in ("accounts", "contacts", "opportunities", "revenue", "plans", "activities")
    ),
    path(
        "export/scoring-sheet.xlsx",
        views.export_kind,
        {"kind": SCORING_SHEET_KIND, "file_format": "xlsx"},
        name="scoring_sheet",
    ),
]
