from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "keyfolio.activities"
    label = "activities"

    def ready(self) -> None:
        # Every change to these is recorded in the audit trail (keyfolio.audit).
        from keyfolio.activities.models import Activity
        from keyfolio.audit.recording import audited

        audited(Activity, describe=lambda activity: f"{activity.kind} {activity.occurred_on}")
