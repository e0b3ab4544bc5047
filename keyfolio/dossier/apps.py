from django.apps import AppConfig


class DossierConfig(AppConfig):
    name = "keyfolio.dossier"
    label = "dossier"
