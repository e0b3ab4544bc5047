"""The goal becomes a range (METHOD.md §2, as the article puts it): at least
`goal_min_zone` (default target), at most `goal_max_zone` (default key), in place of
the one `goal_zone`.

How existing accounts carry over. The old goal becomes the maximum: it was the zone
the account should reach, and nothing should be asked beyond it. The minimum is the
article's default, target, where the old goal ranks at least as high as target (key
or target); where the old goal ranks below target (maintain or reconsider), someone
chose a lower place for this client deliberately, and the minimum is that same zone,
so the range is that one zone and the account's goal means what it meant before.

Key was the old field's default, so most accounts held key without anyone choosing
it; they get the article's range target → key. An account in target that was "not
there yet" now has its minimum reached and key still open above it, which is the
article's reading of target ("the minimum goal").

Going back, the old goal is the maximum.

The old column goes, and the check constraint comes, in the next migration, which also
copies the maximum back when going back: PostgreSQL refuses to ALTER a table in the
transaction that has just UPDATEd its rows (pending trigger events of its deferred
foreign keys), and each migration is its own transaction.
"""

from django.db import migrations, models
from django.db.models import F

ZONES = [("key", "Key"), ("target", "Target"), ("maintain", "Maintain"), ("reconsider", "Reconsider")]
BELOW_TARGET = ["maintain", "reconsider"]


def goal_to_range(apps, schema_editor):
    Account = apps.get_model("accounts", "Account")
    Account.objects.update(goal_max_zone=F("goal_zone"), goal_min_zone="target")
    Account.objects.filter(goal_zone__in=BELOW_TARGET).update(goal_min_zone=F("goal_zone"))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0007_account_segment_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="account",
            name="goal_min_zone",
            field=models.CharField(choices=ZONES, default="target", max_length=10, verbose_name="goal: at least"),
        ),
        migrations.AddField(
            model_name="account",
            name="goal_max_zone",
            field=models.CharField(choices=ZONES, default="key", max_length=10, verbose_name="goal: at most"),
        ),
        # Going back, 0009 has copied the maximum to the old goal already.
        migrations.RunPython(goal_to_range, migrations.RunPython.noop, elidable=False),
    ]
