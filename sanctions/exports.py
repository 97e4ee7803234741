"""The web lists' CSV files ("Export CSV"): one small table of columns per model.

A column is a header and a function of one record. A cell with several values (aliases,
authorities, measures) joins them with "; ". Only the web exports use these tables: the API's
``format=csv`` writes the columns of its own serializers (``api/renderers.py``). Both are
written by the one CSV writer, ``csvfiles.py``.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from itertools import islice
from operator import attrgetter

from . import csvfiles
from .models import (
    Alias,
    BirthDate,
    BirthPlace,
    Designation,
    ListEntry,
    Nationality,
    agreed_gender,
    joined_values,
    shown_values_of,
)

SEPARATOR = "; "


def joined(values):
    return SEPARATOR.join(str(value) for value in values)


def unique(values):
    """The values in their first order, each once (two OFAC designations name OFAC once)."""
    return list(dict.fromkeys(value for value in values if value))


@dataclass(frozen=True)
class CsvExport:
    """The columns of one model's CSV file and the related rows they need."""

    name: str
    columns: tuple
    select_related: tuple = ()
    prefetch_related: tuple = ()
    # details(ids) -> {record id: {...}}: related values read in bulk per chunk, set on each
    # record as ``export_details`` (cheaper than prefetching model instances).
    details: object = None

    def prepare(self, queryset):
        queryset = queryset.prefetch_related(None).prefetch_related(*self.prefetch_related)
        # select_related() without names would follow every foreign key.
        return queryset.select_related(*self.select_related) if self.select_related else queryset

    def header(self):
        return [header for header, _ in self.columns]

    def rows(self, queryset, chunk_size=500):
        """The header, then one row per record, fetched in chunks (prefetches per chunk)."""
        yield self.header()
        records = self.prepare(queryset).iterator(chunk_size=chunk_size)
        while chunk := list(islice(records, chunk_size)):
            if self.details:
                details = self.details([record.pk for record in chunk])
                for record in chunk:
                    record.export_details = details[record.pk]
            for record in chunk:
                yield [cell(value(record)) for _, value in self.columns]


def cell(value):
    """A value as the CSV writes it: numbers stay numbers (never escaped as formulas)."""
    if value is None:
        return ""
    if isinstance(value, int | float):
        return value
    if isinstance(value, datetime.datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def attributes(*names):
    """Columns that are each a record's attribute of the same name."""
    return tuple((name, attrgetter(name)) for name in names)


def short_agency(agency):
    return agency.acronym or agency.name if agency else ""


def _by_subject(queryset, ids, *fields):
    """{subject id: [values]} of a subject part's rows, in the part's own order."""
    grouped = defaultdict(list)
    rows = queryset.filter(subject_id__in=ids).values_list("subject_id", *fields)
    for subject_id, *values in rows:
        grouped[subject_id].append(values[0] if len(values) == 1 else values)
    return grouped


def listed(subject, index):
    """Each of the subject's list entries' own value of one per-source field (gender 0,
    position 1), from its export details."""
    return [values[index] or "" for values in subject.export_details["listed"]]


def subject_details(ids):
    """What the subject columns need of each subject's parts, designations and lists' own
    values, in 6 queries."""
    parts = {
        "listed": _by_subject(
            ListEntry.objects.order_by("id"), ids, "data__gender", "data__position"
        ),
        "aliases": _by_subject(Alias.objects.all(), ids, "name"),
        "dates_of_birth": _by_subject(BirthDate.objects.all(), ids, "value"),
        "places_of_birth": _by_subject(BirthPlace.objects.all(), ids, "place"),
        "nationalities": _by_subject(Nationality.objects.all(), ids, "country"),
        "designations": _by_subject(
            Designation.objects.all(), ids, "agency__acronym", "agency__name", "program__code"
        ),
    }
    return {pk: {part: rows.get(pk, []) for part, rows in parts.items()} for pk in ids}


SUBJECTS = CsvExport(
    name="subjects",
    columns=(
        *attributes("id", "name", "kind"),
        ("status", lambda s: s.status()),
        # A fact several sources give is one value.
        ("aliases", lambda s: joined(unique(s.export_details["aliases"]))),
        (
            "dates_of_birth",
            # The stored form: ISO 8601 with its extensions for a year, a month, circa (~) and
            # ranges (/), as docs/web.md promises: 1950-01-15, 1950, 1956~, 1961/1963.
            lambda s: joined(unique(s.export_details["dates_of_birth"])),
        ),
        ("places_of_birth", lambda s: joined(unique(s.export_details["places_of_birth"]))),
        ("nationalities", lambda s: joined(unique(s.export_details["nationalities"]))),
        (
            "agencies",
            lambda s: joined(
                unique(acronym or name for acronym, name, _ in s.export_details["designations"])
            ),
        ),
        (
            "programs",
            lambda s: joined(unique(code for *_, code in s.export_details["designations"])),
        ),
        ("gender", lambda s: agreed_gender(s.kind, s.gender, listed(s, 0))),
        (
            "position",
            lambda s: joined_values("position", shown_values_of(s.position, listed(s, 1))),
        ),
        *attributes("last_updated"),
    ),
    details=subject_details,
)

DESIGNATIONS = CsvExport(
    name="designations",
    columns=(
        *attributes("id", "subject_id"),
        ("subject", lambda d: d.subject.name),
        ("subject_kind", lambda d: d.subject.kind),
        ("agency", lambda d: short_agency(d.agency)),
        ("program", lambda d: d.program.code if d.program else ""),
        ("authorities", lambda d: joined(d.authorities.all())),
        ("measures", lambda d: joined(d.measures.all())),
        *attributes("listed_on", "delisted_on"),
        ("status", lambda d: d.status()),
        *attributes("reference", "source_url", "reason", "last_updated"),
    ),
    select_related=("subject", "agency", "program"),
    prefetch_related=("authorities", "measures"),
)

AGENCIES = CsvExport(
    name="agencies",
    columns=(
        *attributes("id", "slug", "name", "acronym"),
        ("parent", lambda a: a.parent.slug if a.parent else ""),
        ("country", lambda a: a.country.code),
        *attributes("website"),
    ),
    select_related=("parent",),
)

AUTHORITIES = CsvExport(
    name="authorities",
    columns=(
        *attributes("id", "slug", "title", "kind", "citation"),
        ("country", lambda a: a.country.code),
        *attributes("enacted_on", "url"),
    ),
)

PROGRAMS = CsvExport(
    name="programs",
    columns=(
        *attributes("id", "slug", "code", "name"),
        ("agency", lambda p: short_agency(p.agency)),
        *attributes("status"),
        ("authorities", lambda p: joined(p.authorities.all())),
        *attributes("url"),
    ),
    select_related=("agency",),
    prefetch_related=("authorities",),
)

ARTICLES = CsvExport(
    name="articles",
    columns=attributes(
        "id", "title", "kind", "publisher", "author", "published_on", "language", "url", "summary"
    ),
)


def csv_response(export, queryset, filename):
    """Stream the rows as a CSV download for spreadsheet users, each line as it is written.

    UTF-8 with a byte-order mark, so that Excel reads Korean or Cyrillic names correctly.
    """
    pieces = csvfiles.line_by_line(export.rows(queryset))
    return csvfiles.csv_response(pieces, filename, byte_order_mark=True)
