from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Backup, restore and the database check: the operator's commands. No models."""

    name = "keyfolio.operations"
    label = "operations"
