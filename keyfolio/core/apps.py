from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "keyfolio.core"
    label = "core"
