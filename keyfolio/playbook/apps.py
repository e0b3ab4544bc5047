from django.apps import AppConfig


class PlaybookConfig(AppConfig):
    name = "keyfolio.playbook"
    label = "playbook"
