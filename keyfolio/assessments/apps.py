from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "keyfolio.assessments"
    label = "assessments"

    def ready(self) -> None:
        from keyfolio.assessments import receivers  # noqa: F401  (connects to the workspace signals)
