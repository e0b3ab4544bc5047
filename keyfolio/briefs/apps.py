from django.apps import AppConfig


class BriefsConfig(AppConfig):
    name = "keyfolio.briefs"
    label = "briefs"
