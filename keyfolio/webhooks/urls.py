from django.urls import path

from keyfolio.webhooks import views

app_name = "webhooks"
_webhook = "settings/webhooks/<int:webhook_pk>/"
urlpatterns = [
    path("settings/webhooks/", views.webhooks, name="list"),
    path(_webhook, views.detail, name="detail"),
    path(_webhook + "delete/", views.delete, name="delete"),
    path(_webhook + "test/", views.send_test, name="test"),
    path(
        _webhook + "deliveries/<int:delivery_pk>/redeliver/",
        views.redeliver,
        name="redeliver",
    ),
]
