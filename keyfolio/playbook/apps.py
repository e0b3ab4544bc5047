from django.apps import AppConfig


class PlaybookConfig(AppConfig):
    name = "keyfolio.playbook"
    label = "playbook"

    def ready(self) -> None:
        # Every change to these is recorded in the audit trail (keyfolio.audit).
        from keyfolio.audit.recording import audited
        from keyfolio.playbook import receivers  # noqa: F401  (connects to the workspace signals)
        from keyfolio.playbook.models import CheckSnooze, PlaybookSettings, Recommendation

        audited(PlaybookSettings, account=None, describe=lambda settings: "")
        audited(CheckSnooze, describe=lambda snooze: snooze.check_key)
        audited(Recommendation, account=None, describe=lambda suggestion: suggestion.text_en)
