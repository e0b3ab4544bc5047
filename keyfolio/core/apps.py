from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "keyfolio.core"
    label = "core"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from keyfolio.core import checks  # noqa: F401  (registers the system checks)
        from keyfolio.core.timeouts import sqlite_interrupt_past_budget

        connection_created.connect(sqlite_interrupt_past_budget, dispatch_uid="core.timeouts")
