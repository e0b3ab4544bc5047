from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo portfolio (`keyfolio demo`, `keyfolio init --demo-if-empty`). No models."""

    name = "keyfolio.demo"
    label = "demo"
