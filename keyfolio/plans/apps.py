from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "keyfolio.plans"
    label = "plans"
