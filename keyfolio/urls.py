from django.urls import include, path

from keyfolio.core import views as core_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("", include("keyfolio.users.urls")),
    path("", include("keyfolio.workspaces.urls")),
    path("w/<slug:slug>/accounts/", include("keyfolio.accounts.urls")),
    path("w/<slug:slug>/", include("keyfolio.assessments.urls")),
    path("w/<slug:slug>/", include("keyfolio.portfolio.urls")),
    path("w/<slug:slug>/", include("keyfolio.plans.urls")),
    path("w/<slug:slug>/", include("keyfolio.stakeholders.urls")),
    path("w/<slug:slug>/", include("keyfolio.intel.urls")),
    path("w/<slug:slug>/", include("keyfolio.revenue.urls")),
    path("w/<slug:slug>/", include("keyfolio.briefs.urls")),
    path("w/<slug:slug>/", include("keyfolio.activities.urls")),
    path("w/<slug:slug>/", include("keyfolio.playbook.urls")),
]
