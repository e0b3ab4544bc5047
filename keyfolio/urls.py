from django.urls import include, path, register_converter

from keyfolio.core import views as core_views
from keyfolio.core.downloads import FormatConverter

# Downloads end in their format: /w/acme/portfolio.csv, /w/acme/portfolio.xlsx.
register_converter(FormatConverter, "export_format")

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("", include("keyfolio.users.urls")),
    path("", include("keyfolio.logins.urls")),
    path("", include("keyfolio.workspaces.urls")),
    path("sso/", include("keyfolio.sso.urls")),
    path("w/<slug:slug>/accounts/", include("keyfolio.accounts.urls")),
    path("w/<slug:slug>/accounts/", include("keyfolio.dossier.urls")),
    path("w/<slug:slug>/", include("keyfolio.assessments.urls")),
    path("w/<slug:slug>/", include("keyfolio.portfolio.urls")),
    path("w/<slug:slug>/", include("keyfolio.plans.urls")),
    path("w/<slug:slug>/", include("keyfolio.stakeholders.urls")),
    path("w/<slug:slug>/", include("keyfolio.intel.urls")),
    path("w/<slug:slug>/", include("keyfolio.revenue.urls")),
    path("w/<slug:slug>/", include("keyfolio.briefs.urls")),
    path("w/<slug:slug>/", include("keyfolio.activities.urls")),
    path("w/<slug:slug>/", include("keyfolio.meetings.urls")),
    path("w/<slug:slug>/", include("keyfolio.playbook.urls")),
    path("w/<slug:slug>/", include("keyfolio.surveys.urls")),
    path("w/<slug:slug>/", include("keyfolio.imports.urls")),
    path("w/<slug:slug>/", include("keyfolio.feeds.urls")),
    path("w/<slug:slug>/", include("keyfolio.webhooks.urls")),
    path("w/<slug:slug>/", include("keyfolio.api.page_urls")),
    path("s/", include("keyfolio.surveys.public_urls")),
    path("feeds/", include("keyfolio.feeds.public_urls")),
    path("api/v1/", include("keyfolio.api.urls")),
]
