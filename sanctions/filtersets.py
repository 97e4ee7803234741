"""One FilterSet per listable model, shared by the web lists and the API.

Parameter names are a public contract (see docs/filters.md): users' scripts rely on them.
Repeating a parameter combines its values with OR; different parameters combine with AND.
"""

import operator
from functools import reduce

import django_filters as filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from .choices import (
    AGENCY_COUNTRY_CODES,
    ArticleKind,
    AuthorityKind,
    DesignationStatus,
    ProgramStatus,
    SubjectKind,
)
from .models import (
    Agency,
    Designation,
    LegalAuthority,
    Measure,
    Program,
    SourceArticle,
    Subject,
)


def country_choices():
    return [(code, f"{name} ({code})") for code, name in countries]


def issuer_country_choices():
    names = dict(countries)
    names.update({"EU": _("European Union"), "UN": _("United Nations"), "XK": _("Kosovo")})
    return [(code, f"{names.get(code, code)} ({code})") for code in AGENCY_COUNTRY_CODES]


class ProgramChoiceField(forms.MultipleChoiceField):
    """Programs named by their agency's code (DPRK2, any case) or by their slug."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        programs = Program.objects.select_related("agency").order_by("code", "id")
        self.choices = [
            (program.slug, f"{program.code} ({program.agency.acronym or program.agency.name})")
            for program in programs
        ]

    def valid_value(self, value):
        folded = str(value).casefold()
        return any(
            folded == slug.casefold() or folded == label.split(" (")[0].casefold()
            for slug, label in self.choices
        )


class ProgramFilter(filters.MultipleChoiceFilter):
    field_class = ProgramChoiceField


def slug_choice_filter(queryset, label, field_name, method=None):
    return filters.ModelMultipleChoiceFilter(
        queryset=queryset,
        to_field_name="slug",
        label=label,
        field_name=field_name,
        method=method,
    )


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
    )

    @staticmethod
    def apply(designations, data):
        if data.get("agency"):
            designations = designations.filter(agency__in=data["agency"])
        if data.get("program"):
            designations = designations.filter(program_matches(data["program"]))
        if data.get("authority"):
            through = Designation.authorities.through.objects.filter(
                legalauthority__in=data["authority"]
            )
            designations = designations.filter(pk__in=through.values("designation_id"))
        if data.get("measure"):
            through = Designation.measures.through.objects.filter(measure__in=data["measure"])
            designations = designations.filter(pk__in=through.values("designation_id"))
        bounds = {
            "listed_after": "listed_on__gte",
            "listed_before": "listed_on__lte",
            "delisted_after": "delisted_on__gte",
            "delisted_before": "delisted_on__lte",
        }
        for name, lookup in bounds.items():
            if data.get(name):
                designations = designations.filter(**{lookup: data[name]})
        return designations

    @staticmethod
    def by_status(designations, statuses):
        # The QuerySet rules OR-ed directly: a "pk IN (subquery)" inside the subjects'
        # EXISTS took minutes on SQLite with 20,000 designations.
        chosen = []
        if DesignationStatus.ACTIVE in statuses:
            chosen.append(designations.active())
        if DesignationStatus.DELISTED in statuses:
            chosen.append(designations.delisted())
        return reduce(operator.or_, chosen) if chosen else designations


def program_matches(values):
    """A Q for programs given by code (any case) or slug."""
    query = Q()
    for value in values:
        query |= Q(program__slug=value) | Q(program__code__iexact=value)
    return query


class SubjectFilterSet(filters.FilterSet):
    q = filters.CharFilter(label=_("Name or alias"), method="filter_q")
    kind = filters.MultipleChoiceFilter(choices=SubjectKind.choices, label=_("Kind"))
    nationality = filters.MultipleChoiceFilter(
        choices=country_choices, field_name="nationalities__country", label=_("Nationality")
    )
    agency = slug_choice_filter(Agency.objects.all(), _("Agency"), "agency", "by_designation")
    program = ProgramFilter(label=_("Program (code or slug)"), method="by_designation")
    authority = slug_choice_filter(
        LegalAuthority.objects.all(), _("Legal authority"), "authority", "by_designation"
    )
    measure = slug_choice_filter(Measure.objects.all(), _("Measure"), "measure", "by_designation")
    status = filters.MultipleChoiceFilter(
        choices=DesignationStatus.choices, label=_("Status"), method="by_designation"
    )
    listed_after = filters.DateFilter(
        label=_("Listed on or after"), method="by_designation", field_name="listed_after"
    )
    listed_before = filters.DateFilter(
        label=_("Listed on or before"), method="by_designation", field_name="listed_before"
    )
    changed_since = filters.IsoDateTimeFilter(
        field_name="last_updated", lookup_expr="gte", label=_("Changed since")
    )
    ordering = filters.OrderingFilter(
        fields=[("name", "name"), ("kind", "kind"), ("last_updated", "last_updated"), ("id", "id")],
        label=_("Order by"),
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
            "changed_since",
        ]

    def filter_q(self, queryset, name, value):
        return queryset.search(value)

    def by_designation(self, queryset, name, value):
        # Applied all at once in filter_queryset(), on one designation.
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = {name: self.form.cleaned_data.get(name) for name in DesignationConditions.names}
        if not any(data.values()):
            return queryset
        designations = DesignationConditions.apply(Designation.objects.all(), data)
        statuses = data.get("status") or []
        if statuses == [DesignationStatus.DELISTED]:
            # Delisted subjects: a matching designation has ended and none is still in force.
            ended = designations.delisted().filter(subject=OuterRef("pk"))
            running = designations.active().filter(subject=OuterRef("pk"))
            return queryset.filter(Exists(ended)).exclude(Exists(running)).distinct()
        designations = DesignationConditions.by_status(designations, statuses)
        return queryset.filter(Exists(designations.filter(subject=OuterRef("pk")))).distinct()


class DesignationFilterSet(filters.FilterSet):
    subject = filters.ModelMultipleChoiceFilter(
        queryset=Subject.objects.all(), label=_("Subject (id)")
    )
    agency = slug_choice_filter(Agency.objects.all(), _("Agency"), "agency", "by_conditions")
    program = ProgramFilter(label=_("Program (code or slug)"), method="by_conditions")
    authority = slug_choice_filter(
        LegalAuthority.objects.all(), _("Legal authority"), "authority", "by_conditions"
    )
    measure = slug_choice_filter(Measure.objects.all(), _("Measure"), "measure", "by_conditions")
    status = filters.MultipleChoiceFilter(
        choices=DesignationStatus.choices, label=_("Status"), method="filter_status"
    )
    listed_after = filters.DateFilter(
        field_name="listed_on", lookup_expr="gte", label=_("Listed on or after")
    )
    listed_before = filters.DateFilter(
        field_name="listed_on", lookup_expr="lte", label=_("Listed on or before")
    )
    delisted_after = filters.DateFilter(
        field_name="delisted_on", lookup_expr="gte", label=_("Delisted on or after")
    )
    delisted_before = filters.DateFilter(
        field_name="delisted_on", lookup_expr="lte", label=_("Delisted on or before")
    )
    changed_since = filters.IsoDateTimeFilter(
        field_name="last_updated", lookup_expr="gte", label=_("Changed since")
    )
    ordering = filters.OrderingFilter(
        fields=[
            ("listed_on", "listed_on"),
            ("delisted_on", "delisted_on"),
            ("subject__name", "subject"),
            ("agency__name", "agency"),
            ("last_updated", "last_updated"),
            ("id", "id"),
        ],
        label=_("Order by"),
    )

    class Meta:
        model = Designation
        fields = [
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
            "changed_since",
        ]

    def by_conditions(self, queryset, name, value):
        return DesignationConditions.apply(queryset, {name: value})

    def filter_status(self, queryset, name, value):
        return DesignationConditions.by_status(queryset, value)


class SourceArticleFilterSet(filters.FilterSet):
    q = filters.CharFilter(label=_("Title or text"), method="filter_q")
    kind = filters.MultipleChoiceFilter(choices=ArticleKind.choices, label=_("Kind"))
    publisher = filters.CharFilter(lookup_expr="iexact", label=_("Publisher"))
    published_after = filters.DateFilter(
        field_name="published_on", lookup_expr="gte", label=_("Published on or after")
    )
    published_before = filters.DateFilter(
        field_name="published_on", lookup_expr="lte", label=_("Published on or before")
    )
    subject = filters.ModelChoiceFilter(
        queryset=Subject.objects.all(), label=_("Subject (id)"), method="filter_subject"
    )
    ordering = filters.OrderingFilter(
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
        cited = Q(citations__subject=value) | Q(citations__designation__subject=value)
        return queryset.filter(cited).distinct()


class AgencyFilterSet(filters.FilterSet):
    q = filters.CharFilter(label=_("Name or acronym"), method="filter_q")
    country = filters.MultipleChoiceFilter(choices=issuer_country_choices, label=_("Country"))
    ordering = filters.OrderingFilter(
        fields=[("name", "name"), ("acronym", "acronym"), ("id", "id")], label=_("Order by")
    )

    class Meta:
        model = Agency
        fields = ["q", "country"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value) | Q(acronym__icontains=value) | Q(slug__icontains=value)
        )


class LegalAuthorityFilterSet(filters.FilterSet):
    q = filters.CharFilter(label=_("Title or citation"), method="filter_q")
    country = filters.MultipleChoiceFilter(choices=issuer_country_choices, label=_("Country"))
    kind = filters.MultipleChoiceFilter(choices=AuthorityKind.choices, label=_("Kind"))
    ordering = filters.OrderingFilter(
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


class ProgramFilterSet(filters.FilterSet):
    q = filters.CharFilter(label=_("Code or name"), method="filter_q")
    country = filters.MultipleChoiceFilter(
        choices=issuer_country_choices, field_name="agency__country", label=_("Country")
    )
    status = filters.MultipleChoiceFilter(choices=ProgramStatus.choices, label=_("Status"))
    # Looked up by slug: "agency" alone would compare the slug with the agency's id (a 500).
    agency = slug_choice_filter(Agency.objects.all(), _("Agency"), "agency__slug")
    ordering = filters.OrderingFilter(
        fields=[("code", "code"), ("name", "name"), ("id", "id")], label=_("Order by")
    )

    class Meta:
        model = Program
        fields = ["q", "country", "status", "agency"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(
            Q(code__icontains=value) | Q(name__icontains=value) | Q(slug__icontains=value)
        )


class MeasureFilterSet(filters.FilterSet):
    q = filters.CharFilter(label=_("Name"), method="filter_q")

    class Meta:
        model = Measure
        fields = ["q"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(slug__icontains=value))
