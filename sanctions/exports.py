"""CSV files of the lists: one small table of columns per model.

A column is a header and a function of one record. A cell with several values (aliases,
authorities, measures) joins them with "; ". The web lists' "Export CSV" links use these
tables; the API can reuse them for ``format=csv``.
"""

import csv
import datetime
from dataclasses import dataclass
from itertools import chain

from django.db.models import Prefetch
from django.http import StreamingHttpResponse

from .models import Designation

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

    def prepare(self, queryset):
        queryset = queryset.prefetch_related(None).prefetch_related(*self.prefetch_related)
        # select_related() without names would follow every foreign key.
        return queryset.select_related(*self.select_related) if self.select_related else queryset

    def header(self):
        return [header for header, _ in self.columns]

    def rows(self, queryset, chunk_size=500):
        """The header, then one row per record, fetched in chunks (prefetches per chunk)."""
        yield self.header()
        for record in self.prepare(queryset).iterator(chunk_size=chunk_size):
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


SUBJECTS = CsvExport(
    name="subjects",
    columns=(
        ("id", lambda s: s.pk),
        ("name", lambda s: s.name),
        ("kind", lambda s: s.kind),
        ("status", lambda s: s.status()),
        ("aliases", lambda s: joined(s.aliases.all())),
        ("dates_of_birth", lambda s: joined(s.birth_dates.all())),
        ("places_of_birth", lambda s: joined(s.birth_places.all())),
        ("nationalities", lambda s: joined(unique(n.country.code for n in s.nationalities.all()))),
        (
            "agencies",
            lambda s: joined(unique(short_agency(d.agency) for d in s.designations.all())),
        ),
        (
            "programs",
            lambda s: joined(unique(d.program.code for d in s.designations.all() if d.program)),
        ),
        ("gender", lambda s: s.gender),
        ("position", lambda s: s.position),
        ("last_updated", lambda s: s.last_updated),
    ),
    prefetch_related=(
        "aliases",
        "birth_dates",
        "birth_places",
        "nationalities",
        Prefetch("designations", queryset=Designation.objects.select_related("agency", "program")),
    ),
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
