from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "keyfolio.audit"
    label = "audit"
