from django.apps import AppConfig


class FeedsConfig(AppConfig):
    name = "keyfolio.feeds"
    label = "feeds"
