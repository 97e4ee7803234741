"""The name index, moved here from the core app (which dropped its tables in 0007)."""

import django.db.models.deletion
from django.db import migrations, models

from sanctions.screening.index import rebuild_name_index


def build_index(apps, schema_editor):
    """Index every subject that exists already; signals keep the index current from here."""
    models = [
        apps.get_model("sanctions", "Subject"),
        apps.get_model("screening", "IndexedName"),
        apps.get_model("screening", "NameKey"),
    ]
    rebuild_name_index(models)


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("sanctions", "0007_name_index_moved_to_screening"),
    ]

    operations = [
        migrations.CreateModel(
            name="IndexedName",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=300, verbose_name="name as written")),
                (
                    "spelling",
                    models.CharField(max_length=500, verbose_name="folded Latin spelling"),
                ),
                ("weak", models.BooleanField(default=False, verbose_name="weak alias")),
                (
                    "alias",
                    models.ForeignKey(
                        blank=True,
                        help_text="Empty for the subject's own name.",
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="indexed_names",
                        to="sanctions.alias",
                        verbose_name="alias",
                    ),
                ),
                (
                    "subject",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="indexed_names",
                        to="sanctions.subject",
                        verbose_name="subject",
                    ),
                ),
            ],
            options={
                "verbose_name": "indexed name",
                "verbose_name_plural": "indexed names",
                "ordering": ["subject", "id"],
            },
        ),
        migrations.CreateModel(
            name="NameKey",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("key", models.CharField(max_length=64, verbose_name="key")),
                ("words", models.PositiveSmallIntegerField(default=1, verbose_name="words")),
                (
                    "name",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="keys",
                        to="screening.indexedname",
                        verbose_name="name",
                    ),
                ),
                (
                    "subject",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="sanctions.subject",
                        verbose_name="subject",
                    ),
                ),
            ],
            options={
                "verbose_name": "name key",
                "verbose_name_plural": "name keys",
                "ordering": ["key", "id"],
                "indexes": [models.Index(fields=["key", "name"], name="namekey_key_name_idx")],
            },
        ),
        migrations.RunPython(build_index, migrations.RunPython.noop, elidable=True),
    ]
