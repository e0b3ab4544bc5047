from django.urls import path

from keyfolio.dossier import views

# Under w/<slug>/accounts/ beside the accounts app's URLs: the overview keeps the
# address it always had (bookmarks), only its name moved to this app; the plan tab too
# (its other views stay in plans).
app_name = "dossier"
urlpatterns = [
    path("<int:pk>/", views.overview, name="overview"),
    path("<int:pk>/plan/", views.plan, name="plan"),
]
