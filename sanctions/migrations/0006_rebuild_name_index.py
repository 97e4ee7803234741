"""Rebuilt the name index when it lived in this app.

The index now belongs to the screening app (``sanctions.screening``), whose own migrations
rebuild it; this step is kept, empty, so that databases migrated through it stay consistent.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("sanctions", "0005_tracking"),
    ]

    operations = []
