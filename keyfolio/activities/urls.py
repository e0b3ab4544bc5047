from django.urls import path

from keyfolio.activities import views

app_name = "activities"
urlpatterns = [
    path("accounts/<int:pk>/activities/", views.timeline, name="timeline"),
]
