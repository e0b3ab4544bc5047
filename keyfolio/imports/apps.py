from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "keyfolio.imports"
    label = "imports"
