"""``manage.py xref``: find subjects on different lists that may be one party."""

from django.core.management import BaseCommand, CommandError
from django.db import DatabaseError

from sanctions.resolution.run import xref

# Exit codes (0: done): the run failed and wrote nothing more; some automatic merges were refused.
FAILED, MERGES_REFUSED = 1, 2


class Command(BaseCommand):
    help = (
        "Cross-list resolution: propose pairs of subjects from different lists that may be "
        "the same party, and merge those that share a strong identifier and agree on "
        "everything else. Analysts decide the proposals in the admin's review queue."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--incremental",
            action="store_true",
            help="Only subjects new or changed since the last run (every subject if there "
            "was none). The run after each import is incremental.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would be done; write nothing."
        )
        parser.add_argument(
            "--no-auto-merge",
            action="store_true",
            help="Propose every pair for review, even those that would merge automatically "
            "(as the setting TRACKER_XREF_AUTO_MERGE=false does).",
        )

    def handle(self, *args, incremental, dry_run, no_auto_merge, **options):
        try:
            outcome = xref(
                incremental=incremental,
                dry_run=dry_run,
                auto_merge=False if no_auto_merge else None,
            )
        except DatabaseError as error:
            raise CommandError(f"xref failed: {error}", returncode=FAILED) from None
        self.stdout.write(summary(outcome))
        for error in outcome.errors:
            self.stderr.write(f"merge refused: {error}")
        if outcome.errors:
            raise CommandError(
                f"{len(outcome.errors)} automatic merge(s) refused; the pairs wait for review.",
                returncode=MERGES_REFUSED,
            )


def summary(outcome):
    """The run's counts in a few lines (the import's run prints them too)."""
    what = "incremental" if outcome.incremental else "full"
    dry = ", dry run: nothing written" if outcome.dry_run else ""
    return "\n".join(
        [
            f"xref ({what}{dry}): {outcome.subjects} subjects compared, "
            f"{outcome.candidates} candidate pairs scored in {outcome.seconds:.1f} s",
            f"  proposed for review: {outcome.proposed}",
            f"  proposals updated:   {outcome.updated}",
            f"  merged:              {outcome.merged}",
            f"  skipped (decided):   {outcome.skipped}",
            f"  below threshold:     {outcome.below_threshold}",
        ]
    )
