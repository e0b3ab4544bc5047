from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "keyfolio.assessments"
    label = "assessments"

    def ready(self) -> None:
        from keyfolio.assessments import receivers  # noqa: F401  (connects to the workspace signals)

        # Every change to these is recorded in the audit trail (keyfolio.audit).
        from keyfolio.assessments.models import Assessment, Criterion, Methodology
        from keyfolio.audit.recording import audited

        # Scores and criteria are written in bulk: their services record them
        # (assessments.services).
        audited(Methodology, account=None, describe=lambda methodology: f"v{methodology.version}")
        audited(Assessment, describe=lambda assessment: str(assessment.assessed_on))
        audited(
            Criterion,
            workspace=lambda criterion: criterion.methodology.workspace_id,
            account=None,
        )
