from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "keyfolio.activities"
    label = "activities"
