"""Imports of official lists: each run, each list entry and what each run did to it."""

import re
from urllib.parse import quote

from django.conf import settings
from django.db import models
from django.db.models import Case, OuterRef, Q, Subquery, When
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..choices import ENTRY_URLS, SOURCE_LABELS, ChangeAction, ImportFormat, SourceList
from .base import TimeStampedModel
from .parties import Subject

# --- Imports of official lists ----------------------------------------------------------
# Written only by ``manage.py import_list``; analysts read them. ImportChange is itself the
# record of what each import did, so these three carry no django-simple-history of their own.


# A history row's change reason as ``ImportRun.change_reason`` writes it.
IMPORT_REASON = re.compile(r"^import run (\d+): (.*)$")


def run_day(path=""):
    """A run's day: the date the list gives itself, else the day the run started (local
    time); ``path`` leads to the run ("first_run__")."""
    return Coalesce(
        f"{path}list_date", TruncDate(f"{path}started"), output_field=models.DateField()
    )


def empty_list():
    # A named callable: inside the models below, ``list`` is a field, not the builtin.
    return []


class ImportRunQuerySet(models.QuerySet):
    def latest_per_list(self):
        """Each list's latest import run: the version of the list the database now holds."""
        latest = self.values("list").annotate(latest=models.Max("id")).values("latest")
        return self.filter(id__in=Subquery(latest)).order_by("list")

    def versions(self):
        """The list versions in the database, for screening results to name:
        ``[{"list", "version_date", "import_run"}]`` (one query)."""
        return [
            {"list": run.list, "version_date": run.list_date, "import_run": run.pk}
            for run in self.latest_per_list().only("id", "list", "list_date")
        ]


class ImportRun(TimeStampedModel):
    """One import of one version of an official list: its files, its date and what changed."""

    format = models.CharField(_("format"), max_length=20, choices=ImportFormat.choices)
    list = models.CharField(_("list"), max_length=30, choices=SourceList.choices)
    files = models.JSONField(
        _("files"), default=empty_list, help_text=_("Each file's name, size and SHA-256.")
    )
    list_date = models.DateField(
        _("list date"), null=True, blank=True, help_text=_("The date the list gives itself.")
    )
    is_delta = models.BooleanField(
        _("delta"),
        default=False,
        help_text=_("A delta names its changes; entries it does not mention stay as they are."),
    )
    source_url = models.URLField(
        _("downloaded from"),
        max_length=500,
        blank=True,
        help_text=_("Where fetch_lists downloaded the list; empty for files given by hand."),
    )
    source_sha256 = models.CharField(
        _("download SHA-256"),
        max_length=64,
        blank=True,
        help_text=_("The SHA-256 of the downloaded list file (OFAC: of its main file)."),
    )
    fetched_at = models.DateTimeField(_("downloaded at"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="import_runs",
        verbose_name=_("user"),
    )
    run_by = models.CharField(_("run by"), max_length=150, blank=True)
    started = models.DateTimeField(_("started"))
    finished = models.DateTimeField(_("finished"), null=True, blank=True)
    new_count = models.PositiveIntegerField(_("new"), default=0)
    changed_count = models.PositiveIntegerField(_("changed"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    removed_count = models.PositiveIntegerField(_("removed"), default=0)
    warnings = models.JSONField(
        _("warnings"),
        default=empty_list,
        blank=True,
        help_text=_("What the import read but could not map, e.g. an unknown country name."),
    )

    objects = ImportRunQuerySet.as_manager()

    class Meta:
        ordering = ["-started", "-id"]
        verbose_name = _("import run")
        verbose_name_plural = _("import runs")
        constraints = [
            models.CheckConstraint(
                condition=Q(format__in=ImportFormat.values), name="importrun_format_valid"
            ),
            models.CheckConstraint(
                condition=Q(list__in=SourceList.values), name="importrun_list_valid"
            ),
        ]

    def __str__(self):
        day = self.list_date or timezone.localtime(self.started).date()
        return f"{self.list} {day.isoformat()} (#{self.pk})"

    @property
    def change_reason(self):
        """How history rows written by this import name it (at most 100 characters)."""
        return f"{self.reason_prefix(self.pk)}{self.list}"

    @staticmethod
    def reason_prefix(run_id):
        """The start of the change reason of every history row the run ``run_id`` wrote."""
        return f"import run {run_id}: "

    @staticmethod
    def parse_change_reason(reason):
        """``{"id": run id, "list": slug}`` of the run a change reason names, else None."""
        match = IMPORT_REASON.match(reason or "")
        return {"id": int(match[1]), "list": match[2]} if match else None


class ListEntryQuerySet(models.QuerySet):
    def listed(self):
        """Entries on the latest imported version of their list."""
        return self.filter(removed_on__isnull=True)

    def with_seen_dates(self):
        """Entries with ``first_seen`` and ``last_seen``: the days of the first and the last
        import of their list that had them (the list's own date, else the run's day).

        ``last_run`` is the last import that *changed* an entry; an unchanged entry is seen
        again by every later import without being written. So an entry still listed was last
        seen by the latest import of its list, and a removed one by the last import before
        the one that removed it.
        """
        runs = ImportRun.objects.filter(list=OuterRef("list")).order_by("-id")
        latest = runs.annotate(day=run_day()).values("day")[:1]
        before_removal = runs.filter(id__lt=OuterRef("last_run_id"))
        last_present = before_removal.annotate(day=run_day()).values("day")[:1]
        return self.annotate(
            first_seen=run_day("first_run__"),
            last_seen=Case(
                When(removed_on__isnull=True, then=Subquery(latest)),
                default=Subquery(last_present),
                output_field=models.DateField(),
            ),
        )


class ListEntry(TimeStampedModel):
    """An entry of an official list (OFAC uid, UN DATAID, UK Group ID) and its subject."""

    list = models.CharField(_("list"), max_length=30, choices=SourceList.choices)
    entry_id = models.CharField(
        _("entry ID"), max_length=100, help_text=_("The list's own identifier of the entry.")
    )
    reference = models.CharField(
        _("reference"),
        max_length=100,
        blank=True,
        help_text=_("A further reference the list gives, e.g. the UN reference number KPi.042."),
    )
    name = models.CharField(_("name as listed"), max_length=300, blank=True)
    subject = models.ForeignKey(
        Subject, on_delete=models.PROTECT, related_name="list_entries", verbose_name=_("subject")
    )
    data = models.JSONField(
        _("data as last imported"),
        default=dict,
        blank=True,
        help_text=_("What the list said at the last import; the next import compares with it."),
    )
    digest = models.CharField(_("digest"), max_length=64, blank=True)
    first_run = models.ForeignKey(
        ImportRun,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("first imported by"),
    )
    last_run = models.ForeignKey(
        ImportRun,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last changed by"),
    )
    removed_on = models.DateField(
        _("removed on"),
        null=True,
        blank=True,
        help_text=_("The entry was missing from the list from this day; empty while listed."),
    )

    objects = ListEntryQuerySet.as_manager()

    class Meta:
        ordering = ["list", "entry_id", "id"]
        verbose_name = _("list entry")
        verbose_name_plural = _("list entries")
        indexes = [
            models.Index(fields=["list", "reference"], name="listentry_reference_idx"),
            # The list filter: the subjects with an entry on a list, from the index alone.
            models.Index(fields=["list", "subject"], name="listentry_list_subject_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["list", "entry_id"],
                name="listentry_unique_per_list",
                violation_error_message=_("This list already has an entry with this ID."),
            ),
            models.CheckConstraint(
                condition=Q(list__in=SourceList.values), name="listentry_list_valid"
            ),
        ]

    def __str__(self):
        return f"{self.list} {self.entry_id}"

    @property
    def source_label(self):
        """How the facts this entry gives name their source: "OFAC SDN, uid 23213"."""
        with_reference, without = SOURCE_LABELS.get(self.list, ("{list} {entry_id}", None))
        pattern = with_reference if self.reference or not without else without
        return pattern.format(list=self.list, entry_id=self.entry_id, reference=self.reference)

    @property
    def publisher_url(self):
        """The publisher's own page for this entry, or "" where the list has none."""
        pattern = ENTRY_URLS.get(self.list)
        return pattern.format(entry_id=quote(self.entry_id, safe="")) if pattern else ""


class ImportChange(TimeStampedModel):
    """What one import did to one list entry: added it, changed it, removed it."""

    run = models.ForeignKey(
        ImportRun, on_delete=models.CASCADE, related_name="changes", verbose_name=_("import run")
    )
    entry = models.ForeignKey(
        ListEntry, on_delete=models.CASCADE, related_name="changes", verbose_name=_("list entry")
    )
    action = models.CharField(_("action"), max_length=10, choices=ChangeAction.choices)
    changes = models.JSONField(
        _("changes"),
        default=dict,
        blank=True,
        help_text=_("Each changed field with its old and new value, or parts added and removed."),
    )

    class Meta:
        ordering = ["run", "id"]
        verbose_name = _("import change")
        verbose_name_plural = _("import changes")
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=ChangeAction.values), name="importchange_action_valid"
            ),
        ]

    def __str__(self):
        return f"{self.entry}: {self.get_action_display()}"
