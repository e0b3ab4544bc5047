from django.urls import path

from keyfolio.workspaces import views

app_name = "workspaces"
urlpatterns = [
    path("", views.home, name="home"),
    path("w/<slug:slug>/members/", views.members, name="members"),
    path("w/<slug:slug>/members/<int:pk>/role/", views.member_role, name="member_role"),
    path("w/<slug:slug>/members/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path(
        "w/<slug:slug>/members/<int:pk>/executive/",
        views.member_executive,
        name="member_executive",
    ),
    path("w/<slug:slug>/two-factor/", views.two_factor_policy, name="two_factor_policy"),
]
