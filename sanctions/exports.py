"""CSV files of the lists: one small table of columns per model.

A column is a header and a function of one record. A cell with several values (aliases,
authorities, measures) joins them with "; ". The web lists' "Export CSV" links use these
tables; the API can reuse them for ``format=csv``.
"""

import csv
import datetime
from collections import defaultdict
from dataclasses import dataclass
from itertools import chain, islice

from django.http import StreamingHttpResponse

from .dates import display_fuzzy_date
from .models import Alias, BirthDate, BirthPlace, Designation, Nationality

SEPARATOR = "; "
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


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
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def short_agency(agency):
    return agency.acronym or agency.name if agency else ""


def _by_subject(queryset, ids, *fields):
    """{subject id: [values]} of a subject part's rows, in the part's own order."""
    grouped = defaultdict(list)
    rows = queryset.filter(subject_id__in=ids).values_list("subject_id", *fields)
    for subject_id, *values in rows:
        grouped[subject_id].append(values[0] if len(values) == 1 else values)
    return grouped


def subject_details(ids):
    """What the subject columns need of each subject's parts and designations, in 5 queries."""
    parts = {
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
        ("id", lambda s: s.pk),
        ("name", lambda s: s.name),
        ("kind", lambda s: s.kind),
        ("status", lambda s: s.status()),
        ("aliases", lambda s: joined(s.export_details["aliases"])),
        (
            "dates_of_birth",
            lambda s: joined(display_fuzzy_date(v) for v in s.export_details["dates_of_birth"]),
        ),
        ("places_of_birth", lambda s: joined(s.export_details["places_of_birth"])),
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
        ("gender", lambda s: s.gender),
        ("position", lambda s: s.position),
        ("last_updated", lambda s: s.last_updated),
    ),
    details=subject_details,
)

DESIGNATIONS = CsvExport(
    name="designations",
    columns=(
        ("id", lambda d: d.pk),
        ("subject_id", lambda d: d.subject_id),
        ("subject", lambda d: d.subject.name),
        ("subject_kind", lambda d: d.subject.kind),
        ("agency", lambda d: short_agency(d.agency)),
        ("program", lambda d: d.program.code if d.program else ""),
        ("authorities", lambda d: joined(d.authorities.all())),
        ("measures", lambda d: joined(d.measures.all())),
        ("listed_on", lambda d: d.listed_on),
        ("delisted_on", lambda d: d.delisted_on),
        ("status", lambda d: d.status()),
        ("reference", lambda d: d.reference),
        ("source_url", lambda d: d.source_url),
        ("reason", lambda d: d.reason),
        ("last_updated", lambda d: d.last_updated),
    ),
    select_related=("subject", "agency", "program"),
    prefetch_related=("authorities", "measures"),
)

AGENCIES = CsvExport(
    name="agencies",
    columns=(
        ("id", lambda a: a.pk),
        ("slug", lambda a: a.slug),
        ("name", lambda a: a.name),
        ("acronym", lambda a: a.acronym),
        ("parent", lambda a: a.parent.slug if a.parent else ""),
        ("country", lambda a: a.country.code),
        ("website", lambda a: a.website),
    ),
    select_related=("parent",),
)

AUTHORITIES = CsvExport(
    name="authorities",
    columns=(
        ("id", lambda a: a.pk),
        ("slug", lambda a: a.slug),
        ("title", lambda a: a.title),
        ("kind", lambda a: a.kind),
        ("citation", lambda a: a.citation),
        ("country", lambda a: a.country.code),
        ("enacted_on", lambda a: a.enacted_on),
        ("url", lambda a: a.url),
    ),
)

PROGRAMS = CsvExport(
    name="programs",
    columns=(
        ("id", lambda p: p.pk),
        ("slug", lambda p: p.slug),
        ("code", lambda p: p.code),
        ("name", lambda p: p.name),
        ("agency", lambda p: short_agency(p.agency)),
        ("status", lambda p: p.status),
        ("authorities", lambda p: joined(p.authorities.all())),
        ("url", lambda p: p.url),
    ),
    select_related=("agency",),
    prefetch_related=("authorities",),
)

ARTICLES = CsvExport(
    name="articles",
    columns=(
        ("id", lambda a: a.pk),
        ("title", lambda a: a.title),
        ("kind", lambda a: a.kind),
        ("publisher", lambda a: a.publisher),
        ("author", lambda a: a.author),
        ("published_on", lambda a: a.published_on),
        ("language", lambda a: a.language),
        ("url", lambda a: a.url),
        ("summary", lambda a: a.summary),
    ),
)


class _Echo:
    """A file-like object whose write() hands the line back, for streaming csv.writer."""

    def write(self, value):
        return value


def spreadsheet_safe(value):
    """Prefix a quote to a cell a spreadsheet would otherwise run as a formula."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def csv_response(export, queryset, filename):
    """Stream the rows as a CSV download for spreadsheet users.

    UTF-8 with a byte-order mark, so that Excel reads Korean or Cyrillic names correctly, and
    formula-like cells defused.
    """
    writer = csv.writer(_Echo())
    lines = (
        writer.writerow([spreadsheet_safe(value) for value in row]) for row in export.rows(queryset)
    )
    response = StreamingHttpResponse(
        chain(["\ufeff"], lines), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
