"""Sanctioned parties and the parts of their records: names, dates, places, documents."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from ..choices import (
    COUNTRY_CODES,
    AliasKind,
    AliasQuality,
    DesignationStatus,
    Gender,
    IdentifierKind,
    NationalityKind,
    RelationshipKind,
    SubjectKind,
)
from ..dates import STORED_DATE_REGEX, FuzzyDateError, display_fuzzy_date, parse_fuzzy_date
from ..names import search_text
from ..search import search_subjects
from .base import TimeStampedModel, country_constraint


class SubjectQuerySet(models.QuerySet):
    def _designations(self):
        # Designation is defined above this module (it points at Subject): reach it through
        # the reverse relation rather than an import.
        return self.model._meta.get_field("designations").related_model.objects

    def active(self, on=None):
        """Subjects with at least one designation active on the day (today by default)."""
        active = self._designations().active(on).filter(subject=OuterRef("pk"))
        return self.filter(Exists(active))

    def delisted(self, on=None):
        """Subjects that were designated but have no designation active on the day."""
        designations = self._designations()
        return self.filter(
            Exists(designations.delisted(on).filter(subject=OuterRef("pk")))
        ).exclude(Exists(designations.active(on).filter(subject=OuterRef("pk"))))

    def with_status(self, on=None):
        """Annotate ``is_active`` / ``is_delisted`` so a list shows status without N queries."""
        active = self._designations().active(on).filter(subject=OuterRef("pk"))
        delisted = self._designations().delisted(on).filter(subject=OuterRef("pk"))
        return self.annotate(is_active=Exists(active), is_delisted=Exists(delisted))

    def search(self, query):
        """Subjects whose names resemble the query, most relevant first (``relevance``).

        Names are found however they are spelled, ordered or written when the screening app
        is installed ("Choi Ryong Hae", "ryong-hae choe", "최룡해"); a name or alias that holds
        every word of the query ("ryong") is always found. See :mod:`sanctions.search`.
        """
        return search_subjects(self, query)

    def refresh_search_text(self):
        """Recompute the folded names of these subjects after their aliases changed."""
        subjects = list(self.only("id", "name").prefetch_related("aliases"))
        for subject in subjects:
            subject.search_text = subject.compute_search_text()
        self.model.objects.bulk_update(subjects, ["search_text"], batch_size=500)


class SubjectManager(models.Manager.from_queryset(SubjectQuerySet)):
    """Subjects that stand for themselves: a subject merged into another is left out.

    ``Subject.everything`` sees every row, merged ones included: what the redirects, splits
    and history need, and what related-object access uses (``base_manager_name``).
    """

    def get_queryset(self):
        return super().get_queryset().filter(merged_into__isnull=True)


class Subject(TimeStampedModel):
    """A sanctioned party: a person, an organization, a vessel or an aircraft."""

    kind = models.CharField(_("kind"), max_length=20, choices=SubjectKind.choices)
    name = models.CharField(
        _("name"), max_length=300, help_text=_("Display name as readers know it: Choe Ryong Hae.")
    )
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    position = models.CharField(
        _("position"),
        max_length=500,
        blank=True,
        help_text=_("Titles and offices, as the lists give them."),
    )
    description = models.TextField(_("description"), blank=True)
    remarks = models.TextField(
        _("remarks"), blank=True, help_text=_("Remarks from official lists, kept as written.")
    )
    # Name and aliases folded by normalize_name(), kept up to date by save() and by the
    # aliases' own saves and deletes (Alias.touch_subject); answers ``q``.
    search_text = models.TextField(_("search text"), blank=True, editable=False)
    # Set by a merge (sanctions.merging): this subject's records moved to that one, and its
    # page and API URL redirect there. A split clears it.
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="absorbed_subjects",
        verbose_name=_("merged into"),
    )

    objects = SubjectManager()
    everything = SubjectQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        base_manager_name = "everything"
        ordering = ["name", "id"]
        verbose_name = _("subject")
        verbose_name_plural = _("subjects")
        indexes = [models.Index(Lower("name"), name="subject_name_lower_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=SubjectKind.values), name="subject_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(gender__in=[*Gender.values, ""]), name="subject_gender_valid"
            ),
            models.CheckConstraint(
                condition=Q(gender="") | Q(kind=SubjectKind.PERSON),
                name="subject_gender_only_for_persons",
                violation_error_message=_("Only a person has a gender."),
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search_text = self.compute_search_text()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("sanctions:subject_detail", kwargs={"pk": self.pk})

    def compute_search_text(self):
        aliases = [alias.name for alias in self.aliases.all()] if self.pk else []
        return search_text(self.name, *aliases)

    def clean(self):
        super().clean()
        if self.gender and self.kind != SubjectKind.PERSON:
            raise ValidationError({"gender": _("Only a person has a gender.")})

    def status(self, on=None):
        """``active``, ``delisted`` or ``""`` (never designated, or only from a later day)."""
        if getattr(self, "is_active", None) is not None and on is None:
            is_active, is_delisted = self.is_active, self.is_delisted
        else:
            is_active = self.designations.active(on).exists()
            is_delisted = self.designations.delisted(on).exists()
        if is_active:
            return DesignationStatus.ACTIVE
        return DesignationStatus.DELISTED if is_delisted else ""


def subject_part_of(related_name):
    """The foreign key from a part of a record (an alias, an address) to its subject."""
    return models.ForeignKey(
        Subject, on_delete=models.CASCADE, related_name=related_name, verbose_name=_("subject")
    )


class SubjectPart(TimeStampedModel):
    """A part of a subject's record; saving or deleting it marks the subject as updated."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self.touch_subject()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        self.touch_subject()
        return result

    def touch_subject(self):
        # An update() writes no history row: the subject's own fields did not change.
        Subject.objects.filter(pk=self.subject_id).update(last_updated=timezone.now())


class Alias(SubjectPart):
    """Another name a subject is known by, or the same name in another script or spelling."""

    subject = subject_part_of("aliases")
    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(
        _("kind"), max_length=20, choices=AliasKind.choices, default=AliasKind.AKA
    )
    quality = models.CharField(
        _("quality"),
        max_length=10,
        choices=AliasQuality.choices,
        default=AliasQuality.STRONG,
        help_text=_("Weak aliases are too broad to identify the subject on their own."),
    )
    script = models.CharField(
        _("script"), max_length=4, blank=True, help_text=_("ISO 15924 code, e.g. Hang or Cyrl.")
    )
    language = models.CharField(
        _("language"), max_length=8, blank=True, help_text=_("ISO 639 code, e.g. ko or ru.")
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["subject", "name", "id"]
        verbose_name = _("alias")
        verbose_name_plural = _("aliases")
        constraints = [
            models.UniqueConstraint(
                "subject",
                Lower("name"),
                name="alias_unique_name_per_subject",
                violation_error_message=_("This subject already has this alias."),
            ),
            models.CheckConstraint(condition=Q(kind__in=AliasKind.values), name="alias_kind_valid"),
            models.CheckConstraint(
                condition=Q(quality__in=AliasQuality.values), name="alias_quality_valid"
            ),
        ]

    def __str__(self):
        return self.name

    def touch_subject(self):
        super().touch_subject()
        Subject.objects.filter(pk=self.subject_id).refresh_search_text()


class BirthDate(SubjectPart):
    """A date of birth: exact, partial (year or month), a range or approximate."""

    subject = subject_part_of("birth_dates")
    value = models.CharField(
        _("date"),
        max_length=50,
        help_text=_(
            "Exact (1950-01-15 or 15 Jan 1950), partial (1950, Jan 1950), a range "
            "(1961 to 1963) or approximate (circa 1950)."
        ),
    )
    earliest = models.DateField(_("earliest day"), editable=False)
    latest = models.DateField(_("latest day"), editable=False)
    note = models.CharField(_("note"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["subject", "earliest", "id"]
        verbose_name = _("date of birth")
        verbose_name_plural = _("dates of birth")
        constraints = [
            models.CheckConstraint(
                condition=Q(value__regex=STORED_DATE_REGEX),
                name="birthdate_value_format",
                violation_error_message=_("Not a valid exact, partial, range or circa date."),
            ),
            models.CheckConstraint(
                condition=Q(earliest__lte=models.F("latest")),
                name="birthdate_range_ordered",
                violation_error_message=_("The range ends before it starts."),
            ),
            models.UniqueConstraint(
                fields=["subject", "value"],
                name="birthdate_unique_per_subject",
                violation_error_message=_("This subject already has this date of birth."),
            ),
        ]

    def __str__(self):
        return display_fuzzy_date(self.value)

    def save(self, *args, **kwargs):
        self.normalize()
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        self.normalize()

    def normalize(self):
        """Turn what the editor typed into the stored form and its earliest/latest days."""
        try:
            parsed = parse_fuzzy_date(self.value)
        except FuzzyDateError as error:
            raise ValidationError({"value": str(error)}) from None
        self.value, self.earliest, self.latest = parsed.value, parsed.earliest, parsed.latest


class Nationality(SubjectPart):
    """A country a subject is a national or citizen of."""

    subject = subject_part_of("nationalities")
    country = CountryField(_("country"))
    kind = models.CharField(
        _("kind"),
        max_length=15,
        choices=NationalityKind.choices,
        default=NationalityKind.NATIONALITY,
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["subject", "country", "id"]
        verbose_name = _("nationality")
        verbose_name_plural = _("nationalities")
        constraints = [
            models.UniqueConstraint(
                fields=["subject", "country", "kind"],
                name="nationality_unique_per_subject",
                violation_error_message=_("This subject already has this nationality."),
            ),
            models.CheckConstraint(
                condition=Q(country__in=COUNTRY_CODES),
                name="nationality_country_known",
                violation_error_message=_("Unknown country code."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=NationalityKind.values), name="nationality_kind_valid"
            ),
        ]

    def __str__(self):
        return str(self.country.name)


class BirthPlace(SubjectPart):
    """A place of birth as the list writes it, with its country where known."""

    subject = subject_part_of("birth_places")
    place = models.CharField(_("place"), max_length=300)
    country = CountryField(_("country"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["subject", "place", "id"]
        verbose_name = _("place of birth")
        verbose_name_plural = _("places of birth")
        constraints = [
            country_constraint("birthplace_country_known"),
            models.UniqueConstraint(
                fields=["subject", "place"],
                name="birthplace_unique_per_subject",
                violation_error_message=_("This subject already has this place of birth."),
            ),
        ]

    def __str__(self):
        return self.place


class Identifier(SubjectPart):
    """A document or register number: passport, national ID, registration or IMO number."""

    subject = subject_part_of("identifiers")
    kind = models.CharField(_("kind"), max_length=20, choices=IdentifierKind.choices)
    number = models.CharField(_("number"), max_length=200)
    country = CountryField(_("issuing country"), blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["subject", "kind", "number", "id"]
        verbose_name = _("identifier")
        verbose_name_plural = _("identifiers")
        constraints = [
            country_constraint("identifier_country_known"),
            models.UniqueConstraint(
                fields=["subject", "kind", "number", "country"],
                name="identifier_unique_per_subject",
                violation_error_message=_("This subject already has this identifier."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=IdentifierKind.values), name="identifier_kind_valid"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}"


class Address(SubjectPart):
    """A known address of a subject."""

    subject = subject_part_of("addresses")
    full = models.TextField(_("address"), help_text=_("The address as written, in full."))
    city = models.CharField(_("city"), max_length=200, blank=True)
    country = CountryField(_("country"), blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["subject", "country", "city", "id"]
        verbose_name = _("address")
        verbose_name_plural = _("addresses")
        constraints = [country_constraint("address_country_known")]

    def __str__(self):
        return self.full


class Relationship(TimeStampedModel):
    """A link from one subject to another: family, associate, leader of, owned by."""

    subject = models.ForeignKey(
        Subject,
        on_delete=models.CASCADE,
        related_name="relationships",
        verbose_name=_("subject"),
    )
    related = models.ForeignKey(
        Subject,
        on_delete=models.CASCADE,
        related_name="related_from",
        verbose_name=_("related subject"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=RelationshipKind.choices)
    description = models.CharField(
        _("description"), max_length=500, blank=True, help_text=_("e.g. right-hand man of")
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["subject", "kind", "related", "id"]
        verbose_name = _("relationship")
        verbose_name_plural = _("relationships")
        constraints = [
            models.CheckConstraint(
                condition=~Q(subject=models.F("related")),
                name="relationship_not_to_self",
                violation_error_message=_("A subject cannot be related to itself."),
            ),
            models.UniqueConstraint(
                fields=["subject", "related", "kind"],
                name="relationship_unique",
                violation_error_message=_("This relationship is already recorded."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=RelationshipKind.values), name="relationship_kind_valid"
            ),
        ]

    def __str__(self):
        return f"{self.subject} → {self.get_kind_display()} → {self.related}"

    def clean(self):
        super().clean()
        if self.subject_id and self.subject_id == self.related_id:
            raise ValidationError({"related": _("A subject cannot be related to itself.")})
