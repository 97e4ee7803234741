"""The domain model: who is sanctioned, by whom, under what, since when, and who says so."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from .choices import (
    AGENCY_COUNTRY_CODES,
    COUNTRY_CODES,
    AliasKind,
    AliasQuality,
    ArticleKind,
    AuthorityKind,
    ChangeAction,
    DesignationStatus,
    Gender,
    IdentifierKind,
    ImportFormat,
    IssuerCountries,
    NationalityKind,
    ProgramStatus,
    RelationshipKind,
    SourceList,
    SubjectKind,
)
from .dates import STORED_DATE_REGEX, FuzzyDateError, display_fuzzy_date, parse_fuzzy_date
from .names import normalize_name, search_text
from .screening.index import refresh_name_index


def country_constraint(name, field="country", codes=COUNTRY_CODES):
    """A database check that a country column holds a known ISO 3166-1 code or nothing."""
    return models.CheckConstraint(
        condition=Q(**{f"{field}__in": codes}) | Q(**{field: ""}),
        name=name,
        violation_error_message=_("Unknown country code."),
    )


class URLField(models.URLField):
    """A URL field whose form adds ``https://`` when an editor leaves the scheme out."""

    def formfield(self, **kwargs):
        return super().formfield(**{"assume_scheme": "https", **kwargs})


class StaleRecordError(Exception):
    """A save based on a version of a record that someone else has since changed."""

    def __init__(self, record, expected):
        self.record = record
        self.expected = expected
        super().__init__(
            f"{record._meta.verbose_name} {record.pk} was changed by someone else since "
            f"version {expected} was read; nothing was saved."
        )


class TimeStampedModel(models.Model):
    """Bookkeeping: dates kept apart from the domain's own dates, and a version for locking.

    ``version`` counts the saves of a record. Every save of an existing record is an
    ``UPDATE ... WHERE version = <the version this instance was read at>`` that bumps it;
    when another save came first no row matches and :class:`StaleRecordError` is raised, so
    an edit based on an outdated copy is refused instead of silently overwriting (optimistic
    locking). Bulk writes bump it themselves (see ``importers/history.py``).
    """

    created = models.DateTimeField(_("created"), auto_now_add=True, editable=False)
    last_updated = models.DateTimeField(
        _("last updated"), auto_now=True, editable=False, db_index=True
    )
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        help_text=_("How many times the record was saved; an edit must start from the latest."),
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self._state.adding or kwargs.get("force_insert"):
            return super().save(*args, **kwargs)
        self._expected_version = self.version
        self.version = self._expected_version + 1
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        try:
            return super().save(*args, **kwargs)
        except BaseException:
            self.version = self._expected_version
            raise
        finally:
            self._expected_version = None

    def _do_update(self, base_qs, using, pk_val, values, update_fields, forced_update):
        expected = getattr(self, "_expected_version", None)
        if expected is None:
            return super()._do_update(base_qs, using, pk_val, values, update_fields, forced_update)
        current = base_qs.filter(version=expected)
        if super()._do_update(current, using, pk_val, values, update_fields, forced_update):
            return True
        if base_qs.filter(pk=pk_val).exists():
            raise StaleRecordError(self, expected)
        return False  # deleted meanwhile: Django inserts it again, as it always has


class SlugQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class SlugModel(TimeStampedModel):
    """Reference data, identified in fixtures and URLs by its slug."""

    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        help_text=_("Short stable identifier used in URLs, filters and fixtures, e.g. us-ofac."),
    )

    objects = SlugQuerySet.as_manager()

    class Meta:
        abstract = True

    def natural_key(self):
        return (self.slug,)


# --- Reference data ---------------------------------------------------------------------


class Agency(SlugModel):
    """A body that issues sanctions: OFAC, the State Department, the UN Security Council."""

    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent agency"),
        help_text=_("The body this one belongs to, e.g. OFAC belongs to the U.S. Treasury."),
    )
    country = CountryField(
        _("country"),
        countries=IssuerCountries,
        blank=True,
        help_text=_("ISO 3166-1 code; EU or UN for supranational bodies."),
    )
    website = URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        constraints = [
            country_constraint("agency_country_known", codes=AGENCY_COUNTRY_CODES),
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")),
                name="agency_not_own_parent",
                violation_error_message=_("An agency cannot be its own parent."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def get_absolute_url(self):
        return reverse("sanctions:agency_detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk and self.pk is not None:
                raise ValidationError({"parent": _("An agency cannot be its own ancestor.")})
            ancestor = ancestor.parent


class LegalAuthority(SlugModel):
    """A legal instrument designations rest on: an executive order, a statute, a resolution."""

    title = models.CharField(_("title"), max_length=300, help_text=_("Executive Order 13687"))
    kind = models.CharField(_("kind"), max_length=30, choices=AuthorityKind.choices)
    citation = models.CharField(
        _("citation"),
        max_length=200,
        blank=True,
        help_text=_("Formal citation, e.g. Pub. L. 114-122, 130 Stat. 93."),
    )
    country = CountryField(_("country"), countries=IssuerCountries, blank=True)
    enacted_on = models.DateField(_("enacted on"), null=True, blank=True)
    url = URLField(_("URL"), blank=True, max_length=500)
    summary = models.TextField(_("summary"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("legal authority")
        verbose_name_plural = _("legal authorities")
        constraints = [
            country_constraint("legalauthority_country_known", codes=AGENCY_COUNTRY_CODES),
            models.CheckConstraint(
                condition=Q(kind__in=AuthorityKind.values),
                name="legalauthority_kind_valid",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("sanctions:authority_detail", kwargs={"slug": self.slug})


class Program(SlugModel):
    """A sanctions program or regime as its agency names it (OFAC DPRK2, UN DPRK)."""

    code = models.CharField(
        _("code"), max_length=50, help_text=_("The agency's own tag, e.g. DPRK2 or SDGT.")
    )
    name = models.CharField(_("name"), max_length=300, blank=True)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="programs", verbose_name=_("agency")
    )
    authorities = models.ManyToManyField(
        LegalAuthority,
        blank=True,
        related_name="programs",
        verbose_name=_("legal authorities"),
        help_text=_("The instruments this program rests on; imports use this mapping."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ProgramStatus.choices, default=ProgramStatus.ACTIVE
    )
    url = URLField(_("URL"), blank=True, max_length=500)
    description = models.TextField(_("description"), blank=True)

    history = HistoricalRecords(m2m_fields=[authorities])

    class Meta:
        ordering = ["code", "id"]
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "code"],
                name="program_code_unique_per_agency",
                violation_error_message=_("This agency already has a program with this code."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=ProgramStatus.values), name="program_status_valid"
            ),
        ]

    def __str__(self):
        return f"{self.code} — {self.name}" if self.name else self.code

    def get_absolute_url(self):
        return reverse("sanctions:program_detail", kwargs={"slug": self.slug})


class Measure(SlugModel):
    """What a designation does: asset freeze, transaction ban, travel ban, arms embargo."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")

    def __str__(self):
        return self.name


# --- Subjects and their parts -----------------------------------------------------------


class SubjectQuerySet(models.QuerySet):
    def active(self, on=None):
        """Subjects with at least one designation active on the day (today by default)."""
        return self.filter(Exists(Designation.objects.active(on).filter(subject=OuterRef("pk"))))

    def delisted(self, on=None):
        """Subjects that were designated but have no designation active on the day."""
        return self.filter(
            Exists(Designation.objects.delisted(on).filter(subject=OuterRef("pk")))
        ).exclude(Exists(Designation.objects.active(on).filter(subject=OuterRef("pk"))))

    def with_status(self, on=None):
        """Annotate ``is_active`` / ``is_delisted`` so a list shows status without N queries."""
        active = Designation.objects.active(on).filter(subject=OuterRef("pk"))
        delisted = Designation.objects.delisted(on).filter(subject=OuterRef("pk"))
        return self.annotate(is_active=Exists(active), is_delisted=Exists(delisted))

    def search(self, query):
        """Subjects whose names resemble the query, most relevant first (``relevance``).

        The screening engine finds names however they are spelled, ordered or written
        ("Choi Ryong Hae", "ryong-hae choe", "최룡해"); a name or alias that holds every word
        of the query ("ryong") is found too. Case, accents and punctuation never matter.
        """
        from .screening.engine import rank_subjects

        ranked = rank_subjects(query)
        every_word = Q()
        for word in normalize_name(query).split():
            every_word &= Q(search_text__contains=word)
        found = self.filter(Q(pk__in=[pk for pk, _ in ranked]) | every_word)
        if not ranked:
            # A CASE without a WHEN is a constant, which PostgreSQL refuses in ORDER BY.
            return found.annotate(relevance=Value(0.0)).order_by("name", "id")
        relevance = Case(
            *(When(pk=pk, then=Value(score)) for pk, score in ranked),
            default=Value(0.0),
            output_field=models.FloatField(),
        )
        return found.annotate(relevance=relevance).order_by("-relevance", "name", "id")

    def refresh_search_text(self):
        """Recompute the folded names and the name index of these subjects, e.g. after a bulk
        import."""
        subjects = list(self.only("id", "name").prefetch_related("aliases"))
        for subject in subjects:
            subject.search_text = subject.compute_search_text()
        Subject.objects.bulk_update(subjects, ["search_text"], batch_size=500)
        refresh_name_index([subject.pk for subject in subjects])


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
    # Name and aliases folded by normalize_name(), kept up to date by save(); answers ``q``.
    search_text = models.TextField(_("search text"), blank=True, editable=False)

    objects = SubjectQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
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


# --- Designations -----------------------------------------------------------------------


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
    history = HistoricalRecords(m2m_fields=[authorities, measures])

    class Meta:
        ordering = [models.F("listed_on").desc(nulls_last=True), "subject__name", "id"]
        verbose_name = _("designation")
        verbose_name_plural = _("designations")
        indexes = [
            models.Index(fields=["listed_on"], name="designation_listed_on_idx"),
            models.Index(fields=["delisted_on"], name="designation_delisted_on_idx"),
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
        day = on or timezone.localdate()
        if self.delisted_on and self.delisted_on <= day:
            return DesignationStatus.DELISTED
        if self.listed_on is None or self.listed_on <= day:
            return DesignationStatus.ACTIVE
        return ""


# --- Sources ----------------------------------------------------------------------------


class SourceArticle(TimeStampedModel):
    """A news report, press release or official notice that reports sanctions."""

    kind = models.CharField(
        _("kind"), max_length=20, choices=ArticleKind.choices, default=ArticleKind.NEWS
    )
    url = URLField(_("URL"), blank=True, max_length=500)
    title = models.CharField(_("title"), max_length=500)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    author = models.CharField(_("author"), max_length=200, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    language = models.CharField(
        _("language"), max_length=8, blank=True, help_text=_("ISO 639 code, e.g. en.")
    )
    summary = models.TextField(_("summary"), blank=True)
    text = models.TextField(_("text"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = [models.F("published_on").desc(nulls_last=True), "title", "id"]
        verbose_name = _("source article")
        verbose_name_plural = _("source articles")
        constraints = [
            models.UniqueConstraint(
                fields=["url"],
                condition=~Q(url=""),
                name="sourcearticle_url_unique",
                violation_error_message=_("An article with this URL is already recorded."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ArticleKind.values), name="sourcearticle_kind_valid"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("sanctions:article_detail", kwargs={"pk": self.pk})


class Citation(TimeStampedModel):
    """A passage of an article that supports a subject's record or a designation."""

    article = models.ForeignKey(
        SourceArticle,
        on_delete=models.CASCADE,
        related_name="citations",
        verbose_name=_("article"),
    )
    subject = models.ForeignKey(
        Subject,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="citations",
        verbose_name=_("subject"),
    )
    designation = models.ForeignKey(
        Designation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="citations",
        verbose_name=_("designation"),
    )
    quote = models.TextField(_("quote"), blank=True, help_text=_("The words that support it."))

    history = HistoricalRecords()

    class Meta:
        ordering = ["article", "id"]
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        constraints = [
            models.CheckConstraint(
                condition=Q(subject__isnull=False) | Q(designation__isnull=False),
                name="citation_links_something",
                violation_error_message=_("A citation must link to a subject or a designation."),
            ),
        ]

    def __str__(self):
        return f"{self.article} → {self.designation or self.subject}"

    def clean(self):
        super().clean()
        if not self.subject_id and not self.designation_id:
            raise ValidationError(_("A citation must link to a subject or a designation."))


# --- Imports of official lists ----------------------------------------------------------
# Written only by ``manage.py import_list``; analysts read them. ImportChange is itself the
# record of what each import did, so these three carry no django-simple-history of their own.


def empty_list():
    # A named callable: inside the models below, ``list`` is a field, not the builtin.
    return []


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
        return f"import run {self.pk}: {self.list}"


class ListEntryQuerySet(models.QuerySet):
    def listed(self):
        """Entries on the latest imported version of their list."""
        return self.filter(removed_on__isnull=True)


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
        indexes = [models.Index(fields=["list", "reference"], name="listentry_reference_idx")]
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


# The screening engine's name index (derived data) lives with the engine.
from .screening.models import IndexedName, NameKey  # noqa: E402, F401
