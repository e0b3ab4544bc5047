from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "keyfolio.surveys"
    label = "surveys"

    def ready(self) -> None:
        from keyfolio.surveys import receivers  # noqa: F401  (connects to the workspace signals)
