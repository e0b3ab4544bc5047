from django.apps import AppConfig


class StakeholdersConfig(AppConfig):
    name = "keyfolio.stakeholders"
    label = "stakeholders"
