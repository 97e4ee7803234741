"""Sanctioned parties and the parts of their records: names, dates, places, documents.

Every part (an alias, a date of birth, a relationship...) knows its source: the official list
entry that gives it (``source``), or none when an analyst entered it. When two lists give the
same fact, the subject has one row per list. Single values that lists disagree on (gender,
position, description, remarks) are kept per list, in each entry's ``data``; the subject's
own fields hold the analyst's values.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

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
from ..names import search_text, sort_key
from ..search import search_subjects
from ..vessels import ALWAYS_SHOWN as VESSEL_ALWAYS_SHOWN
from ..vessels import FIELDS as VESSEL_FIELDS
from ..vessels import IDENTIFIER_FIELDS as VESSEL_IDENTIFIERS
from ..vessels import split_description
from .base import History, TimeStampedModel, country_constraint

# The parts of a subject's record, by their names on the subject.
SUBJECT_PARTS = (
    "aliases",
    "birth_dates",
    "nationalities",
    "birth_places",
    "identifiers",
    "addresses",
)


class SubjectQuerySet(models.QuerySet):
    def _designations(self):
        # Designation is defined above this module (it points at Subject): reach it through
        # the reverse relation rather than an import.
        return self.model._meta.get_field("designations").related_model.objects

    def active(self, on=None):
        """Subjects with at least one designation active on the day (today by default)."""
        return self.filter(pk__in=self._designations().active(on).values("subject_id"))

    def delisted(self, on=None):
        """Subjects that were designated but have no designation active on the day."""
        designations = self._designations()
        return self.filter(pk__in=designations.delisted(on).values("subject_id")).exclude(
            Exists(designations.active(on).filter(subject=OuterRef("pk")))
        )

    def with_status(self, on=None):
        """Annotate ``is_active`` / ``is_delisted`` so a list shows status without N queries."""
        active = self._designations().active(on).filter(subject=OuterRef("pk"))
        delisted = self._designations().delisted(on).filter(subject=OuterRef("pk"))
        return self.annotate(is_active=Exists(active), is_delisted=Exists(delisted))

    def with_parts(self, *names):
        """Prefetch these parts of each subject (``"aliases"``...), each in its own order.

        The parts' Meta.ordering starts with "subject", which sorts by the subjects' names:
        a prefetch by it joins every part to the subjects table. Within one subject the rest
        of the ordering is the same order, read without the join.
        """
        return self.prefetch_related(
            *(
                models.Prefetch(name, queryset=model.objects.order_by(*within_subject(model)))
                for name, model in (
                    (name, self.model._meta.get_field(name).related_model) for name in names
                )
            )
        )

    def search(self, query):
        """Subjects whose names resemble the query, most relevant first (``relevance``).

        Names are found however they are spelled, ordered or written when the screening app
        is installed ("Choi Ryong Hae", "ryong-hae choe", "최룡해"); a name or alias that holds
        every word of the query ("ryong") is always found. See :mod:`sanctions.search`.
        """
        return search_subjects(self, query)

    def of_gender(self, gender):
        """Subjects shown with this gender: the analyst's, else the lists' when they agree
        (see :meth:`Subject.shown_gender`)."""
        entries = self.model._meta.get_field("list_entries").related_model.objects
        said = entries.filter(subject=OuterRef("pk"), data__gender=gender)
        others = [value for value in Gender.values if value != gender]
        contradicted = entries.filter(subject=OuterRef("pk"), data__gender__in=others)
        return self.filter(
            Q(gender=gender)
            | Q(gender="", kind=SubjectKind.PERSON) & Exists(said) & ~Exists(contradicted)
        )

    def with_sourced_parts(self):
        """Prefetch each subject's parts (aliases, dates of birth...) with their sources."""
        return self.prefetch_related(
            *(
                models.Prefetch(
                    name,
                    queryset=self.model._meta.get_field(name).related_model.objects.with_sources(),
                )
                for name in SUBJECT_PARTS
            )
        )

    def refresh_search_text(self):
        """Recompute the folded names of these subjects after their aliases changed."""
        subjects = list(self.only("id", "name").prefetch_related("aliases"))
        for subject in subjects:
            subject.search_text = subject.compute_search_text()
        self.model.objects.bulk_update(subjects, ["search_text"], batch_size=500)


def within_subject(model):
    """A subject part's Meta.ordering among the parts of one subject ("subject" left out)."""
    return [field for field in model._meta.ordering if field != "subject"]


def attach_status(subjects, on=None):
    """Set ``is_active`` and ``is_delisted`` on each of ``subjects`` (a page of a list), as
    :meth:`SubjectQuerySet.with_status` annotates them, in one query by the subjects' ids.

    For a page this beats the annotation: PostgreSQL evaluates the annotation's EXISTS for a
    list by reading every designation once (a hashed subplan), whatever the page's size.
    """
    designation = Subject._meta.get_field("designations").related_model
    ids = [subject.pk for subject in subjects]
    rows = designation.objects.filter(subject_id__in=ids).order_by()  # no join for the order
    statuses = defaultdict(set)
    for subject_id, listed_on, delisted_on in rows.values_list(
        "subject_id", "listed_on", "delisted_on"
    ):
        statuses[subject_id].add(
            designation(listed_on=listed_on, delisted_on=delisted_on).status(on)
        )
    for subject in subjects:
        subject.is_active = DesignationStatus.ACTIVE in statuses[subject.pk]
        subject.is_delisted = DesignationStatus.DELISTED in statuses[subject.pk]
    return subjects


class SubjectManager(models.Manager.from_queryset(SubjectQuerySet)):
    """Subjects that stand for themselves: a subject merged into another is left out.

    ``Subject.everything`` sees every row, merged ones included: what the redirects, splits
    and history need, and what related-object access uses (``base_manager_name``).
    """

    def get_queryset(self):
        return super().get_queryset().filter(merged_into__isnull=True)


# Single values each list gives for itself. A list's value stays in its entry's ``data`` (what
# the list said at its last import); the subject's field of the same name is the analyst's.
PER_SOURCE_FIELDS = ("gender", "position", "description", "remarks")
_PER_SOURCE_HELP = _(
    "Your own value. Leave it empty to show each list's value with its source; fill it in to "
    "show this instead. Imports do not set it."
)


def joined_values(name, values):
    """Several lists' values of a per-source field as one text: positions in one line."""
    return ("; " if name == "position" else "\n\n").join(values)


def shown_values_of(own, listed):
    """The values shown for a per-source field: the analyst's value (``own``) if set, else
    each of the lists' values (``listed``) once, in order."""
    return [own] if own else list(dict.fromkeys(value for value in listed if value))


def agreed_gender(kind, own, listed):
    """The gender shown: the analyst's, else the lists' when every list that gives one agrees;
    "" when they disagree, none gives one, or the subject is not a person."""
    values = shown_values_of(own, listed) if kind == SubjectKind.PERSON else []
    return values[0] if len(values) == 1 else ""


@dataclass(frozen=True)
class FactSource:
    """Where a fact comes from, as the page and the API name it."""

    kind: str  # "list" or "analyst"
    label: str  # "OFAC SDN, uid 23213", "UN KPi.042", "analyst, 3 Dec 2026"
    list: str | None = None
    entry_id: str | None = None
    reference: str | None = None

    @classmethod
    def of(cls, entry, created=None):
        """The source of a fact of ``entry`` (a ListEntry), or an analyst's (entry None) made
        at ``created``."""
        if entry is None:
            day = dateformat.format(timezone.localtime(created), "j M Y") if created else ""
            return cls("analyst", f"analyst, {day}" if day else "analyst")
        return cls("list", entry.source_label, entry.list, entry.entry_id, entry.reference)


@dataclass(frozen=True)
class ShownValue:
    """A value as the subject shows it, with every source that gives it."""

    value: str
    sources: tuple  # of FactSource

    @property
    def labels(self):
        return [source.label for source in self.sources]


@dataclass(frozen=True)
class VesselDetails:
    """A vessel's particulars, each value with its sources, and the rest of its description."""

    fields: list  # [(key, label, [ShownValue])] in vessels.FIELDS order
    description: list  # [ShownValue]: what the descriptions say besides the particulars

    @property
    def shown_fields(self):
        """The particulars a page shows: the known ones, and always flag, IMO and call sign."""
        return [field for field in self.fields if field[2] or field[0] in VESSEL_ALWAYS_SHOWN]

    def values(self, key):
        return [
            shown.value
            for k, _label, shown_values in self.fields
            if k == key
            for shown in shown_values
        ]


class Subject(TimeStampedModel):
    """A sanctioned party: a person, an organization, a vessel or an aircraft."""

    kind = models.CharField(_("kind"), max_length=20, choices=SubjectKind.choices)
    name = models.CharField(
        _("name"), max_length=300, help_text=_("Display name as readers know it: Choe Ryong Hae.")
    )
    gender = models.CharField(
        _("gender"), max_length=10, choices=Gender.choices, blank=True, help_text=_PER_SOURCE_HELP
    )
    position = models.CharField(
        _("position"), max_length=500, blank=True, help_text=_PER_SOURCE_HELP
    )
    description = models.TextField(_("description"), blank=True, help_text=_PER_SOURCE_HELP)
    remarks = models.TextField(_("remarks"), blank=True, help_text=_PER_SOURCE_HELP)
    # Name and aliases folded by normalize_name(), kept up to date by save() and by the
    # aliases' own saves and deletes (Alias.touch_subject); answers ``q``.
    search_text = models.TextField(_("search text"), blank=True, editable=False)
    # What lists sort by: the name folded by sort_key() (no case, accents or punctuation, so
    # "'Abbas" sorts with the A's), kept by save() and the importers' bulk writes.
    sort_name = models.CharField(_("sort name"), max_length=300, blank=True, editable=False)
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
    history = History(excluded_fields=["search_text", "sort_name"])

    class Meta:
        base_manager_name = "everything"
        ordering = ["sort_name", "id"]
        verbose_name = _("subject")
        verbose_name_plural = _("subjects")
        indexes = [
            models.Index(Lower("name"), name="subject_name_lower_idx"),
            models.Index(fields=["sort_name", "id"], name="subject_sort_name_idx"),
        ]
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
        self.sort_name = sort_key(self.name)
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text", "sort_name"}
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

    def values_by_source(self, name):
        """[(value, FactSource)] of a per-source field (PER_SOURCE_FIELDS): the analyst's
        value if any, then each list entry's. Reads ``list_entries`` (prefetch them)."""
        found = [(getattr(self, name), FactSource.of(None))] if getattr(self, name) else []
        for entry in self.list_entries.all():
            value = (entry.data or {}).get(name) or ""
            if value:
                found.append((value, FactSource.of(entry)))
        return found

    def shown_values(self, name):
        """What the subject shows for a per-source field: the analyst's value if set, else
        each list's value once, with the entries that give it ([ShownValue])."""
        grouped = {}
        for value, source in self.values_by_source(name):
            if source.kind == "analyst":
                return [ShownValue(value, (source,))]
            grouped.setdefault(value, []).append(source)
        return [ShownValue(value, tuple(sources)) for value, sources in grouped.items()]

    def shown_text(self, name):
        """A per-source field as one text, as the API's and the exports' ``position`` or
        ``remarks``: the analyst's value, else each list's value once, joined."""
        if name == "gender":
            return self.shown_gender()
        return joined_values(name, [shown.value for shown in self.shown_values(name)])

    def vessel_details(self):
        """The particulars (flag, IMO number, call sign, type, tonnage...) its identifiers and
        descriptions give (:mod:`sanctions.vessels`). Reads the prefetched ``identifiers`` (with
        their sources) and ``list_entries``."""
        found = {key: {} for key, _label in VESSEL_FIELDS}  # key -> {value: {FactSource: None}}
        for identifier, sources in grouped_facts(self.identifiers.all()):
            if key := VESSEL_IDENTIFIERS.get(identifier.kind):
                found[key].setdefault(identifier.number, {}).update(dict.fromkeys(sources))
        rest = []
        for shown in self.shown_values("description"):
            parts, remainder = split_description(shown.value)
            for key, value in parts:
                found[key].setdefault(value, {}).update(dict.fromkeys(shown.sources))
            if remainder:
                rest.append(ShownValue(remainder, shown.sources))
        fields = [
            (key, label, [ShownValue(value, tuple(s)) for value, s in found[key].items()])
            for key, label in VESSEL_FIELDS
        ]
        return VesselDetails(fields, rest)

    def shown_gender(self):
        """The gender shown (:func:`agreed_gender`); the filters (``of_gender``) and the
        exports apply the same rule."""
        listed = [value for value, source in self.values_by_source("gender") if source.list]
        return agreed_gender(self.kind, self.gender, listed)

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


def fact_source(related_name):
    """The foreign key from a fact (an alias, a relationship) to the list entry giving it."""
    return models.ForeignKey(
        "sanctions.ListEntry",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name=related_name,
        verbose_name=_("source"),
        help_text=_(
            "The official list entry that gives this fact; empty when an analyst entered it. "
            "Imports change only their own list's facts."
        ),
    )


def unique_per_source(*fields, name, message, list_message):
    """Each fact once per subject among an analyst's rows, and once per list entry among a
    list's: two lists giving the same fact make two rows, one per source."""
    if all(isinstance(field, str) for field in fields):
        analysts, lists = ((), {"fields": fields}), ((), {"fields": ("source", *fields)})
    else:
        expressions = [F(field) if isinstance(field, str) else field for field in fields]
        analysts, lists = (expressions, {}), ([F("source"), *expressions], {})
    list_name = name.replace("per_subject", "per_source")
    return [
        models.UniqueConstraint(
            *analysts[0],
            **analysts[1],
            condition=Q(source__isnull=True),
            name=name,
            violation_error_message=message,
        ),
        models.UniqueConstraint(
            *lists[0],
            **lists[1],
            condition=Q(source__isnull=False),
            name=list_name if list_name != name else f"{name}_per_source",
            violation_error_message=list_message,
        ),
    ]


class FactQuerySet(models.QuerySet):
    def with_sources(self):
        """The facts with their list entries, for their sources' labels (without the
        entries' snapshots, which are large)."""
        return self.select_related("source").defer("source__data", "source__digest")


class Fact:
    """What every fact has: a source, and a key that says when two rows state one fact."""

    # The fields that make two rows the same fact: the unique constraint's, after subject.
    key_fields = ()

    @property
    def fact_source(self):
        """Where the fact comes from (FactSource): its list entry or an analyst."""
        return FactSource.of(self.source if self.source_id else None, self.created)

    def fact_key(self):
        """Equal for rows that state the same fact (case and spacing aside)."""
        return tuple(
            " ".join(str(getattr(self, name)).casefold().split()) for name in self.key_fields
        )


def grouped_facts(rows, key=None):
    """Rows stating the same fact once, in their order, with all their sources: a list of
    (row, [FactSource]); the row shown is the analyst's where there is one. ``key`` (a row's
    fact key by default) says which rows state the same fact."""
    groups = {}
    for row in rows:
        group = groups.setdefault(key(row) if key else row.fact_key(), [row, []])
        if row.source_id is None and group[0].source_id is not None:
            group[0] = row
        group[1].append(row.fact_source)
    return [tuple(group) for group in groups.values()]


class SubjectPart(Fact, TimeStampedModel):
    """A part of a subject's record; saving or deleting it marks the subject as updated."""

    objects = FactQuerySet.as_manager()

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
    source = fact_source("aliases")
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

    history = History()

    class Meta:
        ordering = ["subject", "name", "id"]
        verbose_name = _("alias")
        verbose_name_plural = _("aliases")
        constraints = [
            *unique_per_source(
                "subject",
                Lower("name"),
                name="alias_unique_name_per_subject",
                message=_("This subject already has this alias."),
                list_message=_("This list entry already gives this alias."),
            ),
            models.CheckConstraint(condition=Q(kind__in=AliasKind.values), name="alias_kind_valid"),
            models.CheckConstraint(
                condition=Q(quality__in=AliasQuality.values), name="alias_quality_valid"
            ),
        ]

    key_fields = ("name",)

    def __str__(self):
        return self.name

    def touch_subject(self):
        super().touch_subject()
        Subject.objects.filter(pk=self.subject_id).refresh_search_text()


class BirthDate(SubjectPart):
    """A date of birth: exact, partial (year or month), a range or approximate."""

    subject = subject_part_of("birth_dates")
    source = fact_source("birth_dates")
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

    history = History()

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
            *unique_per_source(
                "subject",
                "value",
                name="birthdate_unique_per_subject",
                message=_("This subject already has this date of birth."),
                list_message=_("This list entry already gives this date of birth."),
            ),
        ]

    key_fields = ("value",)

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
    source = fact_source("nationalities")
    country = CountryField(_("country"))
    kind = models.CharField(
        _("kind"),
        max_length=15,
        choices=NationalityKind.choices,
        default=NationalityKind.NATIONALITY,
    )

    history = History()

    class Meta:
        ordering = ["subject", "country", "id"]
        verbose_name = _("nationality")
        verbose_name_plural = _("nationalities")
        # The nationality filter: the subjects of one country, read from the index alone.
        indexes = [models.Index(fields=["country", "subject"], name="nationality_country_idx")]
        constraints = [
            *unique_per_source(
                "subject",
                "country",
                "kind",
                name="nationality_unique_per_subject",
                message=_("This subject already has this nationality."),
                list_message=_("This list entry already gives this nationality."),
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

    key_fields = ("country", "kind")

    def __str__(self):
        return str(self.country.name)


class BirthPlace(SubjectPart):
    """A place of birth as the list writes it, with its country where known."""

    subject = subject_part_of("birth_places")
    source = fact_source("birth_places")
    place = models.CharField(_("place"), max_length=300)
    country = CountryField(_("country"), blank=True)

    history = History()

    class Meta:
        ordering = ["subject", "place", "id"]
        verbose_name = _("place of birth")
        verbose_name_plural = _("places of birth")
        constraints = [
            country_constraint("birthplace_country_known"),
            *unique_per_source(
                "subject",
                "place",
                name="birthplace_unique_per_subject",
                message=_("This subject already has this place of birth."),
                list_message=_("This list entry already gives this place of birth."),
            ),
        ]

    key_fields = ("place",)

    def __str__(self):
        return self.place


class Identifier(SubjectPart):
    """A document or register number: passport, national ID, registration or IMO number."""

    subject = subject_part_of("identifiers")
    source = fact_source("identifiers")
    kind = models.CharField(_("kind"), max_length=20, choices=IdentifierKind.choices)
    number = models.CharField(_("number"), max_length=200)
    country = CountryField(_("issuing country"), blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    history = History()

    class Meta:
        ordering = ["subject", "kind", "number", "id"]
        verbose_name = _("identifier")
        verbose_name_plural = _("identifiers")
        constraints = [
            country_constraint("identifier_country_known"),
            *unique_per_source(
                "subject",
                "kind",
                "number",
                "country",
                name="identifier_unique_per_subject",
                message=_("This subject already has this identifier."),
                list_message=_("This list entry already gives this identifier."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=IdentifierKind.values), name="identifier_kind_valid"
            ),
        ]

    key_fields = ("kind", "number", "country")

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}"


class Address(SubjectPart):
    """A known address of a subject."""

    subject = subject_part_of("addresses")
    source = fact_source("addresses")
    full = models.TextField(_("address"), help_text=_("The address as written, in full."))
    city = models.CharField(_("city"), max_length=200, blank=True)
    country = CountryField(_("country"), blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    history = History()

    class Meta:
        ordering = ["subject", "country", "city", "id"]
        verbose_name = _("address")
        verbose_name_plural = _("addresses")
        constraints = [country_constraint("address_country_known")]

    key_fields = ("full",)

    def __str__(self):
        return self.full


class Relationship(Fact, TimeStampedModel):
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
    source = fact_source("relationships")
    kind = models.CharField(_("kind"), max_length=20, choices=RelationshipKind.choices)
    description = models.CharField(
        _("description"), max_length=500, blank=True, help_text=_("e.g. right-hand man of")
    )

    objects = FactQuerySet.as_manager()
    history = History()

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
            *unique_per_source(
                "subject",
                "related",
                "kind",
                name="relationship_unique",
                message=_("This relationship is already recorded."),
                list_message=_("This list entry already gives this relationship."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=RelationshipKind.values), name="relationship_kind_valid"
            ),
        ]

    key_fields = ("related_id", "kind")

    def __str__(self):
        return f"{self.subject} → {self.get_kind_display()} → {self.related}"

    def clean(self):
        super().clean()
        if self.subject_id and self.subject_id == self.related_id:
            raise ValidationError({"related": _("A subject cannot be related to itself.")})
