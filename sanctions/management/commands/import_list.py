"""``manage.py import_list FORMAT PATH...``: import a version of an official list."""

import datetime
import getpass

from django.contrib.auth import get_user_model
from django.core.management import BaseCommand, CommandError
from django.db import DatabaseError, transaction
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from sanctions.choices import ImportFormat
from sanctions.importers import ImportFileError, parse
from sanctions.importers.apply import ListImport
from sanctions.management.commands.xref import summary
from sanctions.resolution.run import xref

CHANGES_SHOWN = 30
# The exit code when the import is committed but the cross-list resolution after it failed.
XREF_FAILED = 3


class Command(BaseCommand):
    # The system checks load every URL module (half a second): an import needs none of it,
    # and `manage.py check` and `migrate` still run them.
    requires_system_checks = []
    help = (
        "Import official sanctions list files and record what changed since the previous "
        "import of the same list. All or nothing: on any error nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "format",
            choices=ImportFormat.values,
            help="ofac-xml (OFAC's advanced XML: SDN_ADVANCED.XML or CONS_ADVANCED.XML), "
            "ofac-csv (SDN or consolidated CSV files), un-xml, uk-ofsi-csv or ftm "
            "(OpenSanctions entities or delta JSON lines).",
        )
        parser.add_argument(
            "paths", nargs="+", metavar="PATH", help="The list's files, or a folder holding them."
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Report what would change, then write nothing.",
        )
        parser.add_argument(
            "--quiet", action="store_true", help="No progress bar and no table; errors only."
        )
        parser.add_argument(
            "--list-date",
            type=_date,
            help="The list's publication date (YYYY-MM-DD) where the files give none; "
            "entries missing from the list are delisted on it (default: today).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Import a full version even if it finds no entries or delists more than 10%% "
            "(and more than 5) of the list's listed entries: for a real mass delisting. "
            "Without it such a version is refused as a truncated or wrong file.",
        )
        parser.add_argument(
            "--no-xref",
            action="store_true",
            help="Skip the cross-list resolution that runs after the import (manage.py xref "
            "--incremental): run it later yourself.",
        )
        parser.add_argument(
            "--user",
            help="Username of the tracker account to record as the importer (default: none; "
            "the operating-system account is recorded).",
        )

    def handle(self, *args, format, paths, dry_run, quiet, list_date, user, force, **options):
        self._import(format, paths, dry_run, quiet, list_date, user, force)
        if not dry_run and not options["no_xref"]:
            self._xref(quiet)

    def _xref(self, quiet):
        resolve_after_import(self, quiet)

    def _import(self, format, paths, dry_run, quiet, list_date, user, force):
        account = _user(user)
        # Not a terminal (a log file, cron mail): a fixed width rather than rich's 80.
        width = None if self.stdout.isatty() else 100
        console = Console(file=self.stdout, quiet=quiet, width=width)
        with ImportProgress(console, quiet or not self.stdout.isatty()) as progress:
            progress.phase("Reading the files")
            try:
                parsed_lists = parse(format, paths, list_date=list_date)
            except ImportFileError as error:
                raise CommandError(f"Nothing imported. {error}") from None
            progress.total = sum(len(parsed.entries) for parsed in parsed_lists)
            runs, changes = self._apply(parsed_lists, account, progress, dry_run, force)
        for run, changed in zip(runs, changes, strict=True):
            console.print(_summary(run, dry_run))
            for line in _change_lines(changed):
                console.print(line, highlight=False)
        for run in runs:
            for warning in run.warnings[:20]:
                console.print(f"[yellow]warning:[/] {warning}", highlight=False)

    def _apply(self, parsed_lists, account, progress, dry_run, force):
        """Apply every parsed list in one transaction: all of them or nothing."""
        runs, changes = [], []
        run_by = account.get_username() if account else getpass.getuser()
        parsed = None
        try:
            with transaction.atomic():
                for parsed in parsed_lists:
                    importer = ListImport(
                        parsed,
                        user=account,
                        run_by=run_by,
                        progress=progress,
                        phase=progress.phase,
                        force=force,
                    )
                    runs.append(importer.run())
                    changes.append(importer.changes)
                if dry_run:
                    transaction.set_rollback(True)
        except ImportFileError as error:
            raise CommandError(f"Nothing imported. {error}") from None
        except DatabaseError as error:
            # The checks should have refused the file; if a value still slips past them,
            # say which files were refused rather than print a traceback.
            files = ", ".join(source.name for source in parsed.files)
            message = str(error).strip().splitlines()[0] if str(error).strip() else "no detail"
            raise CommandError(
                f"Nothing imported. {files}: the database refused a value ({message})"
            ) from None
        return runs, changes


def _date(text):
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--list-date {text!r} is not a date (YYYY-MM-DD).") from None


def _user(username):
    if not username:
        return None
    try:
        return get_user_model().objects.get_by_natural_key(username)
    except get_user_model().DoesNotExist:
        raise CommandError(f"--user {username!r}: no such user.") from None


class ImportProgress:
    """A rich progress bar on a terminal; nothing when quiet or writing to a file or pipe.

    Called with a number of entries, it advances. Until the first entry is written it names
    the step (reading, checking, comparing, linking) over a moving bar and the time so far; then
    it counts entries against the total with the time left.
    """

    def __init__(self, console, silent):
        self.silent = silent
        self.total = None  # entries to import, once the files are read
        self.bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("elapsed"),
            TimeElapsedColumn(),
            TextColumn("left"),
            TimeRemainingColumn(),
            console=console,
            transient=True,
        )
        self.task = self.bar.add_task("Importing", total=None, start=False)

    def __enter__(self):
        if not self.silent:
            self.bar.start()
        self.bar.start_task(self.task)
        return self

    def __exit__(self, *exc_info):
        if not self.silent:
            self.bar.stop()

    def phase(self, text):
        self.bar.update(self.task, description=text)

    def __call__(self, advance):
        if self.bar.tasks[0].total is None and self.total:
            self.bar.update(self.task, total=self.total)
        self.bar.advance(self.task, advance)


def _summary(run, dry_run):
    """The counts of one import run as a small table titled by the list's slug and date."""
    title = f"{run.list} {run.list_date}" if run.list_date else run.list
    table = Table(title=title, title_justify="left")
    table.add_column("entries")
    table.add_column("count", justify="right")
    for label, count in (
        ("new", run.new_count),
        ("changed", run.changed_count),
        ("unchanged", run.unchanged_count),
        ("removed", run.removed_count),
    ):
        table.add_row(label, str(count))
    table.add_row("warnings", str(len(run.warnings)))
    table.caption = "dry run, not written" if dry_run else f"Import run #{run.pk}"
    return table


def _change_lines(changes, limit=CHANGES_SHOWN):
    """The entries changed, removed or listed again (new ones are counted, not listed)."""
    shown = [change for change in changes if change[1] != "added"]
    lines = [
        f"{action} {entry.list} {entry.entry_id} {entry.name}"
        + (f": {', '.join(fields)}" if action == "changed" else "")
        for entry, action, fields in shown[:limit]
    ]
    if len(shown) > limit:
        lines.append(f"… and {len(shown) - limit} more (admin: Import changes)")
    return lines


def resolve_after_import(command, quiet):
    """Cross-list resolution after an import committed (``import_list``, ``fetch_lists``): a
    failure leaves the import in place and exits with XREF_FAILED."""
    try:
        # All of it or none: a failure half-way leaves no pairs and no run recorded, so the
        # next run looks at the same subjects again.
        with transaction.atomic():
            outcome = xref(incremental=True)
    except Exception as error:  # whatever failed, the import stands
        raise CommandError(
            f"The import is committed, but cross-list resolution failed ({error}); "
            "run `manage.py xref --incremental` again once the cause is fixed.",
            returncode=XREF_FAILED,
        ) from None
    if not quiet:
        command.stdout.write(summary(outcome))
    for error in outcome.errors:
        command.stderr.write(f"merge refused: {error}")
