from django.apps import AppConfig


class StakeholdersConfig(AppConfig):
    name = "keyfolio.stakeholders"
    label = "stakeholders"

    def ready(self) -> None:
        # Every change to these is recorded in the audit trail (keyfolio.audit).
        from keyfolio.audit.recording import audited
        from keyfolio.stakeholders.models import Contact, ContactRelationship

        audited(Contact)
        audited(
            ContactRelationship,
            workspace=lambda link: link.contact.workspace_id,
            account=lambda link: link.contact.account_id,
            describe=lambda link: link.contact.name,
        )
