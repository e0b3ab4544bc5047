from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "keyfolio.api"
    label = "api"
