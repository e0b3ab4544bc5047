from django.apps import AppConfig
from django.db.backends.signals import connection_created


class AuditConfig(AppConfig):
    name = "keyfolio.audit"
    label = "audit"

    def ready(self) -> None:
        from keyfolio.audit.guard import install_sqlite_function

        # SQLite's trigger refusing DELETEs asks this process's function (audit.guard).
        connection_created.connect(install_sqlite_function, dispatch_uid="audit_sqlite_guard")
