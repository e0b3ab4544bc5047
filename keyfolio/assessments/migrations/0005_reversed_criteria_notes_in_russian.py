"""The two reversed criteria say in Russian too that 100 % means little (as the English
labels always did): a Russian reader otherwise takes a high «Величина конкуренции у
клиента» for heavy competition. Only labels still as the defaults had them change."""

from django.db import migrations

RENAMED = {
    "Величина конкуренции у клиента": "Величина конкуренции у клиента (100 % = мало)",
    "Зависимость от внешних факторов": "Зависимость от внешних факторов (100 % = мало)",
}


def add_notes(apps, schema_editor):
    Criterion = apps.get_model("assessments", "Criterion")
    for old, new in RENAMED.items():
        Criterion.objects.filter(label_ru=old).update(label_ru=new)


def remove_notes(apps, schema_editor):
    Criterion = apps.get_model("assessments", "Criterion")
    for old, new in RENAMED.items():
        Criterion.objects.filter(label_ru=new).update(label_ru=old)


class Migration(migrations.Migration):
    dependencies = [("assessments", "0004_drop_indexes_covered_by_others")]

    operations = [migrations.RunPython(add_notes, remove_notes)]
