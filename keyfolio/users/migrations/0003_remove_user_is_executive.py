"""The executive flag now lives on the membership (workspaces 0002 copied it there)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("users", "0002_user_is_executive"),
        ("workspaces", "0002_membership_is_executive"),
    ]

    operations = [
        migrations.RemoveField(model_name="user", name="is_executive"),
    ]
