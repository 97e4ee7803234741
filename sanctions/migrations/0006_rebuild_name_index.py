"""Rebuild the name index: names read from Arabic script are spelled anew (ayn as "3", long
vowels kept), and outlines fold "dj" and a soft "c" (Djamel, Lounici). Derived data only."""

from django.db import migrations

from sanctions.screening.index import rebuild_name_index


def rebuild(apps, schema_editor):
    models = [apps.get_model("sanctions", name) for name in ("Subject", "IndexedName", "NameKey")]
    rebuild_name_index(models)


class Migration(migrations.Migration):
    dependencies = [
        ("sanctions", "0005_tracking"),
    ]

    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop, elidable=True)]
