"""Each assessment stores how many criteria it scored, of how many, so that the square
can say "scored 5 of 15 criteria" without counting every account's scores. Existing
assessments are counted from their scores: every writer stores one score row per active
criterion of the methodology, None where the criterion was not assessed."""

from django.db import migrations, models
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce


def count_criteria(apps, schema_editor):
    Assessment = apps.get_model("assessments", "Assessment")
    Score = apps.get_model("assessments", "Score")
    scores = Score.objects.filter(assessment=OuterRef("pk")).order_by().values("assessment")

    def counted(**condition):
        rows = scores.annotate(n=Count("pk", filter=Q(**condition) if condition else None))
        rows = rows.values("n")
        return Coalesce(Subquery(rows, output_field=IntegerField()), 0)

    Assessment.objects.update(
        criteria_scored=counted(value__isnull=False), criteria_total=counted()
    )


class Migration(migrations.Migration):
    dependencies = [("assessments", "0005_reversed_criteria_notes_in_russian")]

    operations = [
        migrations.AddField(
            model_name="assessment",
            name="criteria_scored",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="assessment",
            name="criteria_total",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.RunPython(count_criteria, migrations.RunPython.noop),
    ]
