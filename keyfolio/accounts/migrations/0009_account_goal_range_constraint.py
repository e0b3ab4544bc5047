"""The goal range, second step (see 0008): the old `goal_zone` goes, and the database
refuses a range whose minimum ranks above its maximum."""

from django.db import migrations, models
from django.db.models import F, Q


def range_to_goal(apps, schema_editor):
    Account = apps.get_model("accounts", "Account")
    Account.objects.update(goal_zone=F("goal_max_zone"))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0008_account_goal_range"),
    ]

    operations = [
        # Going back: the last step, once goal_zone is back, and before 0008 drops the range.
        migrations.RunPython(migrations.RunPython.noop, range_to_goal, elidable=False),
        migrations.RemoveField(model_name="account", name="goal_zone"),
        migrations.AddConstraint(
            model_name="account",
            constraint=models.CheckConstraint(
                condition=Q(goal_min_zone="key", goal_max_zone__in=["key"])
                | Q(goal_min_zone="target", goal_max_zone__in=["key", "target"])
                | Q(goal_min_zone="maintain", goal_max_zone__in=["key", "target", "maintain"])
                | Q(
                    goal_min_zone="reconsider",
                    goal_max_zone__in=["key", "target", "maintain", "reconsider"],
                ),
                name="account_goal_range_ordered",
            ),
        ),
    ]
