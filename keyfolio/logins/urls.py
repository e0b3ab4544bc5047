from django.urls import path

from keyfolio.logins import views

app_name = "logins"
urlpatterns = [
    path("login/code/", views.login_code, name="code"),
    path("login/code/cancel/", views.login_code_cancel, name="code_cancel"),
    path("profile/two-factor/", views.two_factor_settings, name="two_factor"),
    path("profile/two-factor/enable/", views.two_factor_enable, name="two_factor_enable"),
    path("profile/two-factor/disable/", views.two_factor_disable, name="two_factor_disable"),
    path("profile/two-factor/recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("profile/sessions/", views.session_list, name="sessions"),
    path("profile/sessions/<int:pk>/end/", views.session_end, name="session_end"),
    path("profile/sessions/end-others/", views.sessions_end_others, name="sessions_end_others"),
]
