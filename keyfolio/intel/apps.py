from django.apps import AppConfig


class IntelConfig(AppConfig):
    name = "keyfolio.intel"
    label = "intel"
