"""Seed the measures vocabulary: what a designation does."""

from django.db import migrations

MEASURES = [
    ("asset-freeze", "Asset freeze", "Property and interests in property are blocked."),
    (
        "transaction-ban",
        "Transaction ban",
        "Persons under the issuer's jurisdiction may not deal with the subject.",
    ),
    ("travel-ban", "Travel ban", "Entry into or transit through the territory is refused."),
    ("arms-embargo", "Arms embargo", "Supply of arms and related materiel is prohibited."),
    ("investment-ban", "Investment ban", "New investment in or with the subject is prohibited."),
    (
        "trade-restrictions",
        "Trade restrictions",
        "Import or export of goods, services or technology is restricted.",
    ),
    (
        "secondary-sanctions",
        "Secondary sanctions risk",
        "Foreign persons who deal with the subject risk sanctions themselves.",
    ),
]


def add_measures(apps, schema_editor):
    Measure = apps.get_model("sanctions", "Measure")
    for slug, name, description in MEASURES:
        Measure.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description}
        )


class Migration(migrations.Migration):
    dependencies = [("sanctions", "0001_initial")]

    operations = [migrations.RunPython(add_measures, migrations.RunPython.noop)]
