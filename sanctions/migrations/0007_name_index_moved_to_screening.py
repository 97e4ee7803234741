"""The name index moved to the screening app, which builds its own tables; these go."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("sanctions", "0006_rebuild_name_index"),
    ]

    operations = [
        migrations.DeleteModel(name="NameKey"),
        migrations.DeleteModel(name="IndexedName"),
    ]
