"""The executive flag moves from the person to their membership (see users 0003).

Every membership of a person who was an executive starts flagged, so that rule 1 of
the playbook reads the same dates after the move as before it.
"""

from django.db import migrations, models


def flag_memberships_of_executives(apps, schema_editor):
    Membership = apps.get_model("workspaces", "Membership")
    Membership.objects.filter(user__is_executive=True).update(is_executive=True)


def flag_executives_from_memberships(apps, schema_editor):
    # Going back cannot keep a flag that differs between workspaces: a person flagged
    # in any of them becomes an executive everywhere, as it was before the move.
    User = apps.get_model("users", "User")
    User.objects.filter(memberships__is_executive=True).update(is_executive=True)


class Migration(migrations.Migration):
    dependencies = [
        ("users", "0002_user_is_executive"),
        ("workspaces", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="membership",
            name="is_executive",
            field=models.BooleanField(
                default=False,
                help_text="A member of our management: their meetings count as executive contact.",
                verbose_name="executive",
            ),
        ),
        migrations.RunPython(flag_memberships_of_executives, flag_executives_from_memberships),
    ]
