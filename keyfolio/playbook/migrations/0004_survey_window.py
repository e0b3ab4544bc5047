"""The survey window of rule 5, and the default suggestion of its new check (a decision
maker who is a detractor) for the workspaces whose catalog was made before it."""

from django.db import migrations, models

# As keyfolio.method.recommendations has it today, copied so that the migration does
# not change when the catalog does.
DETRACTOR_SUGGESTION = (
    "Call the client back about their answer and agree what we will change.",
    "Перезвонить клиенту по поводу его ответа и договориться, что мы изменим.",
)


def add_detractor_suggestion(apps, schema_editor):
    Recommendation = apps.get_model("playbook", "Recommendation")
    with_catalog = Recommendation.objects.values_list("workspace_id", flat=True).distinct()
    has_one = Recommendation.objects.filter(check_key="detractor").values_list(
        "workspace_id", flat=True
    )
    text_en, text_ru = DETRACTOR_SUGGESTION
    Recommendation.objects.bulk_create(
        Recommendation(workspace_id=pk, check_key="detractor", text_en=text_en, text_ru=text_ru)
        for pk in set(with_catalog) - set(has_one)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("playbook", "0003_work_queue_snooze_grace"),
    ]

    operations = [
        migrations.AddField(
            model_name="playbooksettings",
            name="survey_window_days",
            field=models.PositiveSmallIntegerField(
                default=183,
                help_text="A survey answered within this many days passes rule 5; the NPS of "
                "this window is compared with the one before, and a decision maker's answer "
                "of 0–6 stays on the list this long.",
                verbose_name="survey window (days)",
            ),
        ),
        migrations.RunPython(add_detractor_suggestion, migrations.RunPython.noop),
    ]
