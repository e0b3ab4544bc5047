from django.apps import AppConfig


class PlaybookConfig(AppConfig):
    name = "keyfolio.playbook"
    label = "playbook"

    def ready(self) -> None:
        from keyfolio.playbook import receivers  # noqa: F401  (connects to the workspace signals)
