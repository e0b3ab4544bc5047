from django.apps import AppConfig


class PortfolioConfig(AppConfig):
    name = "keyfolio.portfolio"
    label = "portfolio"
