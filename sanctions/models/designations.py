"""Designations: one sanctioning of one subject by one agency, from listing to delisting."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce, TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..choices import DesignationStatus
from .base import History, TimeStampedModel, URLField
from .parties import Subject
from .reference import Agency, LegalAuthority, Measure, Program


class DesignationQuerySet(models.QuerySet):
    def active(self, on=None):
        """Designations in force on the day (today by default).

        Listed on or before the day (or with no known listing date) and not delisted on or
        before it: a designation delisted tomorrow is still active today.
        """
        day = on or timezone.localdate()
        return self.filter(
            Q(listed_on__isnull=True) | Q(listed_on__lte=day),
            Q(delisted_on__isnull=True) | Q(delisted_on__gt=day),
        )

    def delisted(self, on=None):
        """Designations delisted on or before the day (today by default)."""
        return self.filter(delisted_on__lte=on or timezone.localdate())

    def with_first_seen(self):
        """Annotate ``first_seen``: the day the tracker first saw the designation's list entry
        (the list's own date of that version, else the day of the import), or None.

        Many official files give no listing date (OFAC's CSV files); the first-seen day says
        since when the tracker knows of the designation, labelled as such wherever shown and
        never mixed with real listing dates.
        """
        return self.annotate(
            first_seen=Coalesce(
                "list_entry__first_run__list_date",
                TruncDate("list_entry__first_run__started"),
                output_field=models.DateField(),
            )
        )


class Designation(TimeStampedModel):
    """One sanctioning of one subject by one agency, from listing to any delisting."""

    subject = models.ForeignKey(
        Subject,
        on_delete=models.PROTECT,
        related_name="designations",
        verbose_name=_("subject"),
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="designations", verbose_name=_("agency")
    )
    program = models.ForeignKey(
        Program,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="designations",
        verbose_name=_("program"),
    )
    authorities = models.ManyToManyField(
        LegalAuthority,
        blank=True,
        related_name="designations",
        verbose_name=_("legal authorities"),
    )
    measures = models.ManyToManyField(
        Measure, blank=True, related_name="designations", verbose_name=_("measures")
    )
    listed_on = models.DateField(
        _("listed on"),
        null=True,
        blank=True,
        help_text=_("Leave empty when the source gives no date (OFAC's CSV files carry none)."),
    )
    delisted_on = models.DateField(
        _("delisted on"),
        null=True,
        blank=True,
        help_text=_("The day the designation ended. The record is kept."),
    )
    reason = models.TextField(_("reason"), blank=True)
    reference = models.CharField(
        _("reference"),
        max_length=300,
        blank=True,
        help_text=_("Press release or notice number, e.g. sm568."),
    )
    source_url = URLField(_("source URL"), blank=True, max_length=500)
    list_entry = models.ForeignKey(
        "ListEntry",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="designations",
        verbose_name=_("list entry"),
        help_text=_("The official list entry this designation is kept in step with by imports."),
    )
    delisting_article = models.ForeignKey(
        "SourceArticle",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="delistings",
        verbose_name=_("delisting article"),
        help_text=_("The article or notice in the tracker that reports the delisting."),
    )
    delisting_url = URLField(
        _("delisting notice URL"),
        blank=True,
        max_length=500,
        help_text=_("The official notice of the delisting, when it is not an article here."),
    )
    relisted_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="relistings",
        verbose_name=_("relisting of"),
        help_text=_("The earlier, delisted designation this one renews."),
    )

    objects = DesignationQuerySet.as_manager()
    history = History(m2m_fields=[authorities, measures])

    class Meta:
        ordering = [models.F("listed_on").desc(nulls_last=True), "subject__sort_name", "id"]
        verbose_name = _("designation")
        verbose_name_plural = _("designations")
        indexes = [
            models.Index(fields=["listed_on"], name="designation_listed_on_idx"),
            models.Index(fields=["delisted_on"], name="designation_delisted_on_idx"),
            # The subject list's agency and program filters: the subjects of an agency or
            # program, from the index alone.
            models.Index(fields=["program", "subject"], name="designation_program_idx"),
            models.Index(fields=["agency", "subject"], name="designation_agency_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(delisted_on__isnull=True)
                | Q(listed_on__isnull=True)
                | Q(delisted_on__gte=models.F("listed_on")),
                name="designation_delisted_after_listed",
                violation_error_message=_("The delisting date is before the listing date."),
            ),
        ]

    def __str__(self):
        program = f" {self.program.code}" if self.program_id else ""
        return f"{self.subject} — {self.agency.acronym or self.agency.name}{program}"

    def get_absolute_url(self):
        return reverse("sanctions:designation_detail", kwargs={"pk": self.pk})

    def clean(self):
        super().clean()
        if self.listed_on and self.delisted_on and self.delisted_on < self.listed_on:
            raise ValidationError(
                {"delisted_on": _("The delisting date is before the listing date.")}
            )
        if self.program_id and self.agency_id and self.program.agency_id != self.agency_id:
            raise ValidationError({"program": _("This program belongs to another agency.")})

    def status(self, on=None):
        """``active``, ``delisted`` or ``""`` (listed only from a later day)."""
        return designation_status(self.listed_on, self.delisted_on, on or timezone.localdate())


def designation_status(listed_on, delisted_on, day):
    """A designation's status on ``day`` from its dates (the rule of :meth:`Designation.status`,
    for rows read without a model instance)."""
    if delisted_on and delisted_on <= day:
        return DesignationStatus.DELISTED
    if listed_on is None or listed_on <= day:
        return DesignationStatus.ACTIVE
    return ""
