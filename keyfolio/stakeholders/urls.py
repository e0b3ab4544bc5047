from django.urls import path

from keyfolio.stakeholders import views

app_name = "stakeholders"
urlpatterns = [
    path("accounts/<int:pk>/stakeholders/", views.map, name="map"),
]
