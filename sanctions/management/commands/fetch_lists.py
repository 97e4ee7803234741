"""``manage.py fetch_lists [LIST...]``: download each list from its publisher and import what
changed. Made for cron and systemd timers: one line per list, exit status 0 when every list
is current, 1 when any failed (the others are still fetched and imported)."""

import getpass

from django.core.management import BaseCommand, CommandError
from django.db import DatabaseError, transaction

from sanctions.importers import ImportFileError, parse
from sanctions.importers.apply import ListImport
from sanctions.importers.fetch import SOURCES, FetchError, download
from sanctions.models import ImportRun

from .import_list import _user


class Command(BaseCommand):
    help = (
        "Download each configured list from its publisher (settings.TRACKER_FETCH_URLS) and "
        "import the ones whose files changed since their last import. Exit status 0: every "
        "list is current; 1: at least one list failed, named on stderr."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "lists",
            nargs="*",
            metavar="LIST",
            help=f"The lists to fetch: {', '.join(SOURCES)} (default: all of them).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Download and report what each import would change, then write nothing.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Import even a version that would delist more than 10%% of a list, or one "
            "older than the last imported (see import_list --force).",
        )
        parser.add_argument(
            "--user", help="Username of the tracker account to record as the importer."
        )

    def handle(self, *args, lists, dry_run, force, user, **options):
        account = _user(user)
        unknown = [name for name in lists if name not in SOURCES]
        if unknown:
            raise CommandError(
                f"Unknown list {', '.join(unknown)}: choose from {', '.join(SOURCES)}.",
                returncode=2,
            )
        slugs = list(dict.fromkeys(lists)) or list(SOURCES)
        failed = []
        for slug in slugs:
            try:
                line = self._fetch(slug, account, dry_run, force)
            except (FetchError, ImportFileError) as error:
                failed.append(slug)
                self.stderr.write(f"{slug}: failed, nothing imported. {error}")
            else:
                self.stdout.write(f"{slug}: {line}")
        if failed:
            raise CommandError(f"{len(failed)} of {len(slugs)} lists failed: {', '.join(failed)}")

    def _fetch(self, slug, account, dry_run, force):
        fetched = download(slug, log=lambda message: self.stderr.write(f"{slug}: {message}"))
        try:
            last = _same_files_as(slug, fetched)
            if last is not None:
                fetched.discard()
                return f"unchanged (the files of import run #{last.pk})"
            run = self._import(slug, fetched, account, dry_run, force)
        except BaseException:
            fetched.discard()
            raise
        if dry_run:
            fetched.discard()
            return f"would import {_counts(run)} (dry run, nothing written)"
        folder = fetched.keep(run.list_date)
        return f"imported {_counts(run)} as import run #{run.pk}; files kept in {folder}"

    def _import(self, slug, fetched, account, dry_run, force):
        [parsed] = parse(SOURCES[slug].format, [fetched.folder])
        if parsed.slug != slug:
            raise ImportFileError(
                fetched.main_file, "", f"holds the list {parsed.slug}, not {slug}"
            )
        parsed.list_date = parsed.list_date or fetched.last_modified
        run_by = account.get_username() if account else getpass.getuser()
        try:
            with transaction.atomic():
                run = ListImport(parsed, user=account, run_by=run_by, force=force).run()
                run.source_url = fetched.urls[0]
                run.source_sha256 = fetched.sha256[fetched.main_file]
                run.fetched_at = fetched.fetched_at
                run.save(update_fields=["source_url", "source_sha256", "fetched_at"])
                if dry_run:
                    transaction.set_rollback(True)
        except DatabaseError as error:
            message = str(error).strip().splitlines()[0] if str(error).strip() else "no detail"
            raise ImportFileError(
                fetched.main_file, "", f"the database refused a value ({message})"
            ) from None
        return run


def _same_files_as(slug, fetched):
    """The list's last import run if it read exactly these files, else None."""
    last = ImportRun.objects.filter(list=slug).order_by("-id").first()
    if last is None:
        return None
    imported = sorted(source["sha256"] for source in last.files)
    return last if imported == sorted(fetched.sha256.values()) else None


def _counts(run):
    day = f" of {run.list_date}" if run.list_date else ""
    return (
        f"the version{day}: {run.new_count} new, {run.changed_count} changed, "
        f"{run.unchanged_count} unchanged, {run.removed_count} removed"
    )
