from django.urls import path

from keyfolio.intel import views

app_name = "intel"
urlpatterns = [
    path("accounts/<int:pk>/intelligence/", views.index, name="index"),
]
