"""Rebuild the screening engine's name index from every subject and alias."""

import time

from django.core.management.base import BaseCommand

from sanctions.screening.index import rebuild_name_index


class Command(BaseCommand):
    help = (
        "Rebuild the name index used by screening and the q search, from every subject and "
        "alias. Normal saves keep it up to date; run this after loading data by other means."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        count = rebuild_name_index()
        elapsed = time.monotonic() - started
        self.stdout.write(f"Indexed {count} names in {elapsed:.1f} s.")
