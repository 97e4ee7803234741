"""Subjects sort by ``sort_name``: the name folded (no case, accents or punctuation), so that
"'Abbas Rim" sorts with the A's; an indexed column, filled here for existing subjects."""

from django.db import migrations, models

from sanctions.names import sort_key

CHUNK = 2000


def fill_sort_names(apps, schema_editor):
    Subject = apps.get_model("sanctions", "Subject")
    rows = Subject._base_manager.only("id", "name").order_by("id")
    changed = []
    for subject in rows.iterator(chunk_size=CHUNK):
        subject.sort_name = sort_key(subject.name)
        changed.append(subject)
        if len(changed) == CHUNK:
            Subject._base_manager.bulk_update(changed, ["sort_name"])
            changed = []
    Subject._base_manager.bulk_update(changed, ["sort_name"])


class Migration(migrations.Migration):
    dependencies = [
        ("sanctions", "0015_read_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="subject",
            name="sort_name",
            field=models.CharField(
                blank=True, editable=False, max_length=300, verbose_name="sort name"
            ),
        ),
        migrations.RunPython(fill_sort_names, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="subject",
            index=models.Index(fields=["sort_name", "id"], name="subject_sort_name_idx"),
        ),
        migrations.AlterModelOptions(
            name="designation",
            options={
                "ordering": [
                    models.OrderBy(models.F("listed_on"), descending=True, nulls_last=True),
                    "subject__sort_name",
                    "id",
                ],
                "verbose_name": "designation",
                "verbose_name_plural": "designations",
            },
        ),
        migrations.AlterModelOptions(
            name="subject",
            options={
                "base_manager_name": "everything",
                "ordering": ["sort_name", "id"],
                "verbose_name": "subject",
                "verbose_name_plural": "subjects",
            },
        ),
    ]
