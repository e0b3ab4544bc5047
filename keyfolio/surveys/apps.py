from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "keyfolio.surveys"
    label = "surveys"

    def ready(self) -> None:
        # Every change to these is recorded in the audit trail (keyfolio.audit).
        from keyfolio.audit.recording import audited
        from keyfolio.surveys import receivers  # noqa: F401  (connects to the workspace signals)
        from keyfolio.surveys.models import SurveySettings

        audited(SurveySettings, account=None, describe=lambda settings: "")
