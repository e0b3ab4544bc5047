from django.urls import path

from keyfolio.playbook import views

app_name = "playbook"

_recommendation = "settings/recommendations/<int:rec_id>/"
_check = "accounts/<int:pk>/playbook/checks/<slug:check>/"
urlpatterns = [
    path("attention/", views.attention, name="attention"),
    path("attention/badge/", views.attention_badge, name="attention_badge"),
    path("attention/accounts/<int:pk>/items/", views.account_items, name="account_items"),
    path("accounts/<int:pk>/playbook/actions/", views.create_action, name="create_action"),
    path(f"{_check}snooze/", views.snooze, name="snooze"),
    path(f"{_check}unsnooze/", views.unsnooze, name="unsnooze"),
    path("settings/playbook/", views.settings, name="settings"),
    path("settings/recommendations/", views.recommendations, name="recommendations"),
    path(_recommendation, views.recommendation, name="recommendation"),
    path(f"{_recommendation}edit/", views.recommendation_edit, name="recommendation_edit"),
]
