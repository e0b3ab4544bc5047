from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "keyfolio.surveys"
    label = "surveys"

    def ready(self) -> None:
        # Every change to these is recorded in the audit trail (keyfolio.audit).
        from keyfolio.audit.recording import audited
        from keyfolio.surveys import receivers  # noqa: F401  (connects to the workspace signals)
        from keyfolio.surveys.models import Question, SurveySettings, SurveyTemplate

        audited(SurveySettings, account=None, describe=lambda settings: "")
        audited(SurveyTemplate, account=None, exclude=["created_by"])
        # Questions are written in bulk: survey_template_revise records them, with their
        # template at hand (a question's workspace is its template's).
        audited(
            Question,
            workspace=lambda question: question.template.workspace_id,
            account=None,
            describe=lambda question: question.text_en,
        )
