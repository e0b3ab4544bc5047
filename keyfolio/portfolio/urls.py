from django.urls import path

from keyfolio.portfolio import views

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
]
