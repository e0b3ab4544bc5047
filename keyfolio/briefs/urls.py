from django.urls import path

from keyfolio.briefs import views

app_name = "briefs"
urlpatterns = [
    path("accounts/<int:pk>/brief/", views.brief, name="brief"),
]
