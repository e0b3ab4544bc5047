from django.urls import path

from keyfolio.workspaces import views

app_name = "workspaces"
urlpatterns = [
    path("", views.home, name="home"),
    path("w/<slug:slug>/members/", views.members, name="members"),
]
