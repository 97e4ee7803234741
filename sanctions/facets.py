"""Facets: for the rows a list's filters keep, how many have each program, agency, list,
nationality, kind and status, as faceted browsers show them beside the results.

Each facet is one grouped query over the filtered rows (the filtered queryset as a subquery),
so the cost does not grow with the page: six queries for the subjects, five for the
designations. Only values present are counted; each links to the list with that value added
to the filters (or taken away, when it is already chosen).
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from .choices import DesignationStatus, SourceList, SubjectKind
from .models import Designation, ListEntry, Nationality, Subject

# Values shown per facet: the commonest first; a reader narrows further with the filters.
SHOWN = 12


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    chosen: bool = False
    url: str = ""


@dataclass
class Facet:
    name: str  # the filter parameter it sets
    label: str
    values: list = field(default_factory=list)


def _values(rows, labels=None):
    """(value, count) rows, commonest first, as FacetValues."""
    rows = sorted(((v, n) for v, n in rows if v and n), key=lambda row: (-row[1], row[0]))
    labels = labels or {}
    return [FacetValue(str(value), str(labels.get(value, value)), count) for value, count in rows]


def subject_facets(subjects):
    """Facets of a filtered subject queryset."""
    ids = subjects.order_by().values("pk")
    designations = Designation.objects.filter(subject__in=ids)
    return [
        Facet("program", _("Program"), _designation_counts(designations, "program__code")),
        Facet("agency", _("Agency"), _agency_counts(designations)),
        Facet("list", _("List"), _list_counts(ListEntry.objects.filter(subject__in=ids))),
        Facet("nationality", _("Nationality"), _nationality_counts(ids)),
        Facet("kind", _("Kind"), _kind_counts(Subject.objects.filter(pk__in=ids))),
        Facet("status", _("Status"), _subject_status_counts(ids)),
    ]


def designation_facets(designations):
    """Facets of a filtered designation queryset."""
    ids = designations.order_by().values("pk")
    rows = Designation.objects.filter(pk__in=ids)
    return [
        Facet("program", _("Program"), _designation_counts(rows, "program__code", "pk")),
        Facet("agency", _("Agency"), _agency_counts(rows, "pk")),
        Facet("list", _("List"), _list_counts(ListEntry.objects.filter(designations__in=ids))),
        Facet("status", _("Status"), _designation_status_counts(rows)),
    ]


def _designation_counts(designations, column, counted="subject"):
    rows = designations.values_list(column).annotate(n=Count(counted, distinct=True))
    return _values(rows)


def _agency_counts(designations, counted="subject"):
    rows = designations.values_list("agency__slug", "agency__acronym", "agency__name").annotate(
        n=Count(counted, distinct=True)
    )
    labels = {slug: acronym or name for slug, acronym, name, _ in rows}
    return _values([(slug, n) for slug, _, _, n in rows], labels)


def _list_counts(entries):
    rows = entries.values_list("list").annotate(n=Count("subject", distinct=True))
    return _values(rows, dict(SourceList.choices))


def _nationality_counts(ids):
    rows = (
        Nationality.objects.filter(subject__in=ids)
        .values_list("country")
        .annotate(n=Count("subject", distinct=True))
    )
    return _values(rows, dict(countries))


def _kind_counts(subjects):
    rows = subjects.values_list("kind").annotate(n=Count("pk"))
    return _values(rows, dict(SubjectKind.choices))


def _subject_status_counts(ids):
    # One query: subjects with a designation in force today, and designated ones without.
    active = Designation.objects.active().filter(subject__in=ids).values("subject")
    designated = Designation.objects.filter(subject__in=ids).values("subject")
    counts = Subject.objects.filter(pk__in=ids).aggregate(
        active=Count("pk", filter=Q(pk__in=active)),
        delisted=Count("pk", filter=Q(pk__in=designated) & ~Q(pk__in=active)),
    )
    return _values(counts.items(), dict(DesignationStatus.choices))


def _designation_status_counts(designations):
    counts = designations.aggregate(
        active=Count("pk", filter=Q(pk__in=Designation.objects.active().values("pk"))),
        delisted=Count("pk", filter=Q(pk__in=Designation.objects.delisted().values("pk"))),
    )
    return _values(counts.items(), dict(DesignationStatus.choices))


def with_links(facets, query, path):
    """Mark the values the query already asks for, and give each the URL that toggles it."""
    for facet in facets:
        chosen = set(query.getlist(facet.name))
        facet.values = facet.values[:SHOWN] + [v for v in facet.values[SHOWN:] if v.value in chosen]
        for value in facet.values:
            toggled = query.copy()
            toggled.pop("page", None)
            values = [v for v in chosen if v != value.value]
            value.chosen = value.value in chosen
            if not value.chosen:
                values.append(value.value)
            toggled.setlist(facet.name, sorted(values))
            value.url = f"{path}?{toggled.urlencode()}"
    return [facet for facet in facets if facet.values]
