from django.db import migrations

from keyfolio.method.plan import DEFAULT_QUESTIONS


def seed_questions(apps, schema_editor):
    """Give every existing workspace the default plan template (new ones get it on creation)."""
    Workspace = apps.get_model("workspaces", "Workspace")
    PlanQuestion = apps.get_model("plans", "PlanQuestion")
    for workspace in Workspace.objects.filter(plan_questions__isnull=True):
        PlanQuestion.objects.bulk_create(
            PlanQuestion(
                workspace=workspace,
                key=spec.key,
                text_en=spec.text_en,
                text_ru=spec.text_ru,
                position=position,
            )
            for position, spec in enumerate(DEFAULT_QUESTIONS)
        )


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial"), ("workspaces", "0001_initial")]
    operations = [migrations.RunPython(seed_questions, migrations.RunPython.noop)]
