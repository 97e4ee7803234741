"""One FilterSet per listable model, shared by the web lists and the API.

Parameter names are a public contract (see docs/filters.md): users' scripts rely on them.
Repeating a parameter combines its values with OR; different parameters combine with AND.
A blank value (``?status=``) means the parameter was not given. A bad value is a form error
that says what is allowed; the API answers it with a 400 naming the parameter.
"""

import operator
from functools import reduce

import django_filters as filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from .choices import (
    ArticleKind,
    AuthorityKind,
    DesignationStatus,
    ProgramStatus,
    SubjectKind,
)
from .filters import (
    INVALID_COUNTRY,
    BaseFilterSet,
    MultipleCharFilter,
    OrderingFilter,
    ProgramFilter,
    QueryFilter,
    changed_since_filter,
    choice_filter,
    country_choices,
    date_filter,
    entry_id_filter,
    identifier_filter,
    issuer_country_filter,
    list_filter,
    slug_filter,
    subject_id_filter,
)
from .models import (
    Agency,
    Citation,
    Designation,
    LegalAuthority,
    ListEntry,
    Measure,
    Nationality,
    Program,
    SourceArticle,
    Subject,
)

# --- Designation conditions ---------------------------------------------------------------


class DesignationConditions:
    """The designation filters, applied together to one designation.

    "OFAC under E.O. 13687 in 2018" means one designation that meets all three, not three
    designations that each meet one.
    """

    names = (
        "agency",
        "program",
        "authority",
        "measure",
        "status",
        "listed_after",
        "listed_before",
        "delisted_after",
        "delisted_before",
        "active_on",
    )
    bounds = {
        "listed_after": "listed_on__gte",
        "listed_before": "listed_on__lte",
        "delisted_after": "delisted_on__gte",
        "delisted_before": "delisted_on__lte",
    }

    @classmethod
    def apply(cls, designations, data):
        """Designations that meet every condition in ``data`` except ``status``."""
        if data.get("agency"):
            designations = designations.filter(agency__slug__in=data["agency"])
        if data.get("program"):
            programs = Program.objects.by_code_or_slug(data["program"])
            designations = designations.filter(program__in=programs)
        if data.get("authority"):
            through = Designation.authorities.through.objects.filter(
                legalauthority__slug__in=data["authority"]
            )
            designations = designations.filter(pk__in=through.values("designation_id"))
        if data.get("measure"):
            through = Designation.measures.through.objects.filter(measure__slug__in=data["measure"])
            designations = designations.filter(pk__in=through.values("designation_id"))
        for name, lookup in cls.bounds.items():
            if data.get(name):
                designations = designations.filter(**{lookup: data[name]})
        if data.get("active_on"):
            designations = designations.active(on=data["active_on"])
        return designations

    @staticmethod
    def by_status(designations, statuses):
        """Designations active today, delisted by today, or either."""
        statuses = set(statuses or ())
        # The QuerySet rules OR-ed directly: a "pk IN (subquery)" inside the subjects'
        # EXISTS took minutes on SQLite with 20,000 designations.
        chosen = []
        if DesignationStatus.ACTIVE in statuses:
            chosen.append(designations.active())
        if DesignationStatus.DELISTED in statuses:
            chosen.append(designations.delisted())
        return reduce(operator.or_, chosen) if chosen else designations


# Each designation condition's filter, declared once for every list that filters by
# designation; ``path`` leads from the list's records to their designations. The filters only
# read their value: DesignationConditionsFilterSet applies them together, on one designation.
BY_DESIGNATION = "by_designation"
CONDITION_FILTERS = {
    "agency": lambda path: slug_filter(
        Agency.objects.all(),
        _("Agency"),
        _("Designated by this agency: its slug, e.g. us-ofac."),
        path + "agency",
        BY_DESIGNATION,
    ),
    "program": lambda path: ProgramFilter(
        label=_("Program (code or slug)"),
        field_name=path + "program__code",
        method=BY_DESIGNATION,
        help_text=_("A program's code (DPRK2, any case) or slug (us-ofac-dprk2)."),
    ),
    "authority": lambda path: slug_filter(
        LegalAuthority.objects.all(),
        _("Legal authority"),
        _("Designated under this legal authority: its slug, e.g. eo-13687."),
        path + "authorities",
        BY_DESIGNATION,
    ),
    "measure": lambda path: slug_filter(
        Measure.objects.all(),
        _("Measure"),
        _("Designated with this measure: its slug, e.g. asset-freeze."),
        path + "measures",
        BY_DESIGNATION,
    ),
    "listed_after": lambda path: date_filter(
        path + "listed_on",
        "gte",
        _("Listed on or after"),
        _("A designation listed on or after this day (YYYY-MM-DD)."),
        BY_DESIGNATION,
    ),
    "listed_before": lambda path: date_filter(
        path + "listed_on",
        "lte",
        _("Listed on or before"),
        _("A designation listed on or before this day (YYYY-MM-DD)."),
        BY_DESIGNATION,
    ),
    "delisted_after": lambda path: date_filter(
        path + "delisted_on",
        "gte",
        _("Delisted on or after"),
        _("A designation delisted on or after this day (YYYY-MM-DD)."),
        BY_DESIGNATION,
    ),
    "delisted_before": lambda path: date_filter(
        path + "delisted_on",
        "lte",
        _("Delisted on or before"),
        _("A designation delisted on or before this day (YYYY-MM-DD)."),
        BY_DESIGNATION,
    ),
    "active_on": lambda path: date_filter(
        path + "listed_on",
        "lte",
        _("Active on"),
        _(
            "A designation in force on this day (YYYY-MM-DD): listed on or before it (or with "
            "no listing date) and not delisted on or before it."
        ),
        BY_DESIGNATION,
    ),
}


def designation_filters(path, *names):
    """The filters of the designation conditions ``names``, in that order, for a FilterSet
    whose records reach their designations by ``path`` ("designations__", or "")."""
    return [CONDITION_FILTERS[name](path) for name in names]


class DesignationConditionsFilterSet(BaseFilterSet):
    """Its designation filters are applied together, in ``filter_queryset()``."""

    def by_designation(self, queryset, name, value):
        # Applied all at once in filter_queryset(), on one designation.
        return queryset

    def designation_conditions(self):
        return {name: self.form.cleaned_data.get(name) for name in DesignationConditions.names}


# --- FilterSets ---------------------------------------------------------------------------


class SubjectFilterSet(DesignationConditionsFilterSet):
    q = QueryFilter(
        label=_("Name or alias"),
        method="filter_q",
        help_text=_(
            "Words of a name or alias, in any order; case, accents and punctuation do not "
            "matter (Ryong-hae, RYONG HAE and ryong hae are the same)."
        ),
    )
    kind = choice_filter(SubjectKind.choices, _("Kind"), _("The kind of subject."))
    nationality = filters.MultipleChoiceFilter(
        choices=country_choices,
        field_name="nationalities__country",
        method="filter_nationality",
        label=_("Nationality"),
        help_text=_("A nationality or citizenship: ISO 3166-1 alpha-2 code, e.g. KP."),
        error_messages={"invalid_choice": INVALID_COUNTRY},
    )
    agency, program, authority, measure = designation_filters(
        "designations__", "agency", "program", "authority", "measure"
    )
    status = choice_filter(
        DesignationStatus.choices,
        _("Status"),
        _(
            "active: a designation is in force today; delisted: designated before, "
            "none in force today."
        ),
        method="by_designation",
    )
    listed_after, listed_before, active_on = designation_filters(
        "designations__", "listed_after", "listed_before", "active_on"
    )
    changed_since = changed_since_filter()
    ordering = OrderingFilter(
        fields=[
            ("sort_name", "name"),
            ("kind", "kind"),
            ("last_updated", "last_updated"),
            ("id", "id"),
        ],
        label=_("Order by"),
    )
    # Official lists: subjects with an entry on the list, listed or removed. With both
    # parameters, one entry meets both (the OFAC uid 23213, not a UN DATAID 23213).
    list = list_filter(
        _("Subjects with an entry on this official list, e.g. us-ofac-sdn."),
        method="by_list_entry",
    )
    entry_id = entry_id_filter(
        _("Subjects with an entry of this id on an official list, e.g. the OFAC uid 23213."),
        method="by_list_entry",
    )
    identifier = identifier_filter(
        "pk",
        _(
            "Subjects with an identifier of this number (passport, IMO, registration, ...); "
            "case, spaces and punctuation do not matter."
        ),
    )

    class Meta:
        model = Subject
        fields = [
            "q",
            "kind",
            "nationality",
            "agency",
            "program",
            "authority",
            "measure",
            "status",
            "listed_after",
            "listed_before",
            "active_on",
            "changed_since",
            "list",
            "entry_id",
            "identifier",
        ]

    def filter_q(self, queryset, name, value):
        return queryset.search(value)

    def filter_nationality(self, queryset, name, value):
        held = Nationality.objects.filter(country__in=value)
        return queryset.filter(pk__in=held.values("subject_id"))

    def by_list_entry(self, queryset, name, value: "list[str]"):
        # Applied together in filter_list_entries(), on one entry. (The hint, for the API
        # schema, is quoted: in this class's body ``list`` is the filter.)
        return queryset

    def filter_list_entries(self, queryset):
        lists, entry_ids = (self.form.cleaned_data.get(name) for name in ("list", "entry_id"))
        if not (lists or entry_ids):
            return queryset
        entries = ListEntry.objects.all()
        if lists:
            entries = entries.filter(list__in=lists)
        if entry_ids:
            entries = entries.filter(entry_id__in=entry_ids)
        return queryset.filter(pk__in=entries.values("subject_id"))

    def filter_queryset(self, queryset):
        queryset = self.filter_list_entries(super().filter_queryset(queryset))
        data = self.designation_conditions()
        if not any(data.values()):
            return queryset
        # "id IN (SELECT subject_id FROM designation WHERE ...)": a semijoin both databases
        # drive from the designations' indexes, where a correlated EXISTS made SQLite probe
        # the designations of every subject in turn.
        designations = DesignationConditions.apply(Designation.objects.all(), data)
        if set(data.get("status") or ()) == {DesignationStatus.DELISTED}:
            # Delisted subjects: a matching designation has ended and none is still in force.
            ended = designations.delisted().values("subject_id")
            running = designations.active().filter(subject=OuterRef("pk"))
            return queryset.filter(pk__in=ended).exclude(Exists(running))
        designations = DesignationConditions.by_status(designations, data.get("status"))
        return queryset.filter(pk__in=designations.values("subject_id"))


class DesignationFilterSet(DesignationConditionsFilterSet):
    q = QueryFilter(
        label=_("Subject name or alias"),
        method="filter_q",
        help_text=_(
            "Designations of subjects whose names or aliases resemble these words, in any "
            "spelling, order or script (the subject list's q)."
        ),
    )
    subject = subject_id_filter("subject")
    agency, program, authority, measure = designation_filters(
        "", "agency", "program", "authority", "measure"
    )
    status = choice_filter(
        DesignationStatus.choices,
        _("Status"),
        _("active: in force today; delisted: delisted on or before today."),
        method="by_designation",
    )
    (listed_after, listed_before, delisted_after, delisted_before, active_on) = designation_filters(
        "",
        "listed_after",
        "listed_before",
        "delisted_after",
        "delisted_before",
        "active_on",
    )
    changed_since = changed_since_filter()
    ordering = OrderingFilter(
        fields=[
            ("listed_on", "listed_on"),
            ("delisted_on", "delisted_on"),
            ("subject__sort_name", "subject"),
            ("agency__name", "agency"),
            ("last_updated", "last_updated"),
            ("id", "id"),
        ],
        label=_("Order by"),
    )
    # Official lists: designations kept in step with an entry of the list (one entry: the
    # designation has one).
    list = list_filter(
        _("Designations kept in step with this official list, e.g. us-ofac-sdn."),
        field_name="list_entry__list",
    )
    entry_id = entry_id_filter(
        _("Designations kept in step with the list entry of this id, e.g. the OFAC uid 23213."),
        field_name="list_entry__entry_id",
    )
    identifier = identifier_filter(
        "subject",
        _(
            "Designations of subjects with an identifier of this number; case, spaces and "
            "punctuation do not matter."
        ),
    )

    class Meta:
        model = Designation
        fields = [
            "q",
            "subject",
            "agency",
            "program",
            "authority",
            "measure",
            "status",
            "listed_after",
            "listed_before",
            "delisted_after",
            "delisted_before",
            "active_on",
            "changed_since",
            "list",
            "entry_id",
            "identifier",
        ]

    def filter_q(self, queryset, name, value):
        return queryset.filter(subject__in=Subject.objects.search(value).order_by().values("pk"))

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.designation_conditions()
        queryset = DesignationConditions.apply(queryset, data)
        return DesignationConditions.by_status(queryset, data.get("status"))


class SourceArticleFilterSet(BaseFilterSet):
    q = QueryFilter(
        label=_("Title or text"),
        method="filter_q",
        help_text=_("Words of the title, summary or text, in any order; case does not matter."),
    )
    kind = choice_filter(ArticleKind.choices, _("Kind"), _("The kind of article."))
    publisher = MultipleCharFilter(
        lookup_expr="iexact",
        label=_("Publisher"),
        help_text=_("The publisher's name, exactly but in any case, e.g. AFP."),
        distinct=False,
    )
    published_after = date_filter(
        "published_on", "gte", _("Published on or after"), _("Published on or after this day.")
    )
    published_before = date_filter(
        "published_on",
        "lte",
        _("Published on or before"),
        _("Published on or before this day."),
    )
    subject = subject_id_filter("citations__subject", method="filter_subject")
    ordering = OrderingFilter(
        fields=[("published_on", "published_on"), ("title", "title"), ("id", "id")],
        label=_("Order by"),
    )

    class Meta:
        model = SourceArticle
        fields = ["q", "kind", "publisher", "published_after", "published_before", "subject"]

    def filter_q(self, queryset, name, value):
        query = Q()
        for word in value.split():
            query &= Q(title__icontains=word) | Q(summary__icontains=word) | Q(text__icontains=word)
        return queryset.filter(query)

    def filter_subject(self, queryset, name, value):
        """Articles cited for the subject itself or for one of its designations."""
        cited = Citation.objects.filter(article=OuterRef("pk")).filter(
            Q(subject__in=value) | Q(designation__subject__in=value)
        )
        return queryset.filter(Exists(cited))


class AgencyFilterSet(BaseFilterSet):
    q = QueryFilter(
        label=_("Name or acronym"),
        method="filter_q",
        help_text=_("Part of the name, acronym or slug; case does not matter."),
    )
    country = issuer_country_filter("country", _("ISO 3166-1 alpha-2 code (e.g. US), or EU or UN."))
    ordering = OrderingFilter(
        fields=[("name", "name"), ("acronym", "acronym"), ("id", "id")], label=_("Order by")
    )

    class Meta:
        model = Agency
        fields = ["q", "country"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value) | Q(acronym__icontains=value) | Q(slug__icontains=value)
        )


class LegalAuthorityFilterSet(BaseFilterSet):
    q = QueryFilter(
        label=_("Title or citation"),
        method="filter_q",
        help_text=_("Part of the title, citation or slug; case does not matter."),
    )
    country = issuer_country_filter("country", _("ISO 3166-1 alpha-2 code (e.g. US), or EU or UN."))
    kind = choice_filter(AuthorityKind.choices, _("Kind"), _("The kind of instrument."))
    ordering = OrderingFilter(
        fields=[("title", "title"), ("enacted_on", "enacted_on"), ("id", "id")],
        label=_("Order by"),
    )

    class Meta:
        model = LegalAuthority
        fields = ["q", "country", "kind"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(
            Q(title__icontains=value) | Q(citation__icontains=value) | Q(slug__icontains=value)
        )


class ProgramFilterSet(BaseFilterSet):
    q = QueryFilter(
        label=_("Code or name"),
        method="filter_q",
        help_text=_("Part of the code, name or slug; case does not matter."),
    )
    country = issuer_country_filter(
        "agency__country",
        _("The country of the program's agency: ISO 3166-1 alpha-2, or EU or UN."),
    )
    status = choice_filter(ProgramStatus.choices, _("Status"), _("Whether the program runs."))
    agency = slug_filter(
        Agency.objects.all(),
        _("Agency"),
        _("The program's agency: its slug, e.g. us-ofac."),
        "agency",
    )
    ordering = OrderingFilter(
        fields=[("code", "code"), ("name", "name"), ("id", "id")], label=_("Order by")
    )

    class Meta:
        model = Program
        fields = ["q", "country", "status", "agency"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(
            Q(code__icontains=value) | Q(name__icontains=value) | Q(slug__icontains=value)
        )


class MeasureFilterSet(BaseFilterSet):
    q = QueryFilter(
        label=_("Name"),
        method="filter_q",
        help_text=_("Part of the name or slug; case does not matter."),
    )
    ordering = OrderingFilter(fields=[("name", "name"), ("id", "id")], label=_("Order by"))

    class Meta:
        model = Measure
        fields = ["q"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(slug__icontains=value))
