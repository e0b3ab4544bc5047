from django.apps import AppConfig


class RevenueConfig(AppConfig):
    name = "keyfolio.revenue"
    label = "revenue"
