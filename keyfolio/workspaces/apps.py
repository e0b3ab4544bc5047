from django.apps import AppConfig


class WorkspacesConfig(AppConfig):
    name = "keyfolio.workspaces"
    label = "workspaces"
