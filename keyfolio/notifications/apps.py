from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "keyfolio.notifications"
    label = "notifications"
