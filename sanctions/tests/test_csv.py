"""Every CSV download protects spreadsheets: formula-like text is written as text.

One test per CSV endpoint, over the same formula-like values: a new endpoint is one more line
in ``ENDPOINTS``.
"""

import csv
import datetime
import io
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sanctions import urls as web_urls
from sanctions.api.urls import router
from sanctions.csvfiles import FORMULA_STARTS, spreadsheet_safe
from sanctions.models import (
    Agency,
    Designation,
    LegalAuthority,
    Measure,
    Program,
    SourceArticle,
    Subject,
)

# A link, a sum, a sum after a minus, a function, and the tab and carriage return some
# spreadsheets also read as the start of a formula.
FORMULAS = ['=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(A1)", "\tTab", "\rCR"]


def store_subject(n, text):
    Subject.objects.create(kind="person", name=text)


def store_designation(n, text):
    subject = Subject.objects.create(kind="person", name=f"Person {n}")
    agency = Agency.objects.create(slug=f"agency-{n}", name=f"Agency {n}")
    Designation.objects.create(
        subject=subject, agency=agency, listed_on=datetime.date(2018, 12, 10), reference=text
    )


def store_agency(n, text):
    Agency.objects.create(slug=f"agency-{n}", name=text)


def store_authority(n, text):
    LegalAuthority.objects.create(slug=f"authority-{n}", title=text, kind="executive_order")


def store_program(n, text):
    agency = Agency.objects.create(slug=f"agency-{n}", name=f"Agency {n}")
    Program.objects.create(slug=f"program-{n}", code=f"P{n}", name=text, agency=agency)


def store_measure(n, text):
    Measure.objects.create(slug=f"measure-{n}", name=text)


def store_article(n, text):
    SourceArticle.objects.create(title=text)


def read(response):
    assert response.status_code == 200
    assert response.streaming
    body = b"".join(response.streaming_content).decode().removeprefix("\ufeff")
    return list(csv.DictReader(io.StringIO(body)))


def web_export(name):
    return lambda client: read(client.get(reverse(f"sanctions:{name}_export")))


def api_csv(name):
    return lambda client: read(client.get(reverse(f"api:{name}-list"), {"format": "csv"}))


def change_feed_csv(client):
    return read(client.get(reverse("api:change-list"), {"model": "subject", "format": "csv"}))


def screening_csv(client):
    """Each formula-like text screened as a name: it matches the subject of the same name."""
    names = io.StringIO()
    csv.writer(names).writerows([["name"], *([text] for text in FORMULAS)])
    file = SimpleUploadedFile("names.csv", names.getvalue().encode(), content_type="text/csv")
    return read(client.post(reverse("screening:screen"), {"file": file}))


@dataclass(frozen=True)
class Endpoint:
    store: Any  # store(n, text): a record showing ``text`` in ``column``
    fetch: Any  # fetch(client): the CSV's rows as dicts
    column: str


# By URL name.
ENDPOINTS = {
    "sanctions:subject_export": Endpoint(store_subject, web_export("subject"), "name"),
    "sanctions:designation_export": Endpoint(
        store_designation, web_export("designation"), "reference"
    ),
    "sanctions:agency_export": Endpoint(store_agency, web_export("agency"), "name"),
    "sanctions:authority_export": Endpoint(store_authority, web_export("authority"), "title"),
    "sanctions:program_export": Endpoint(store_program, web_export("program"), "name"),
    "sanctions:article_export": Endpoint(store_article, web_export("article"), "title"),
    "api:subject-list": Endpoint(store_subject, api_csv("subject"), "name"),
    "api:designation-list": Endpoint(store_designation, api_csv("designation"), "reference"),
    "api:agency-list": Endpoint(store_agency, api_csv("agency"), "name"),
    "api:authority-list": Endpoint(store_authority, api_csv("authority"), "title"),
    "api:program-list": Endpoint(store_program, api_csv("program"), "name"),
    "api:measure-list": Endpoint(store_measure, api_csv("measure"), "name"),
    "api:article-list": Endpoint(store_article, api_csv("article"), "title"),
    "api:change-list": Endpoint(store_subject, change_feed_csv, "record_name"),
    "screening:screen": Endpoint(store_subject, screening_csv, "subject_name"),
}


@pytest.mark.parametrize("endpoint", ENDPOINTS.values(), ids=ENDPOINTS.keys())
def test_formula_like_text_is_written_as_text(endpoint, viewer_client, settings):
    settings.TRACKER_CHANGES_SETTLE_SECONDS = 0  # the change feed serves changes at once
    for n, text in enumerate(FORMULAS):
        endpoint.store(n, text)
    rows = endpoint.fetch(viewer_client)
    cells = {row[endpoint.column] for row in rows}
    assert {f"'{text}" for text in FORMULAS} <= cells
    assert not [value for row in rows for value in row.values() if value.startswith(FORMULA_STARTS)]


def test_every_web_export_and_api_list_is_covered():
    """A new web export or API list without its line in ENDPOINTS fails here."""
    exports = {
        f"sanctions:{pattern.name}"
        for pattern in web_urls.urlpatterns
        if (pattern.name or "").endswith("_export")
    }
    api_lists = {f"api:{basename}-list" for _prefix, _viewset, basename in router.registry}
    assert exports | api_lists <= set(ENDPOINTS)
    assert len(exports) == 6


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("-2+3", "'-2+3"),
        ("=1+1", "'=1+1"),
        ("Kim Jong Un", "Kim Jong Un"),
        ("", ""),
        (-2, -2),  # a number is a number, not a formula
        (0.5, 0.5),
    ],
)
def test_only_text_is_escaped(value, written):
    assert spreadsheet_safe(value) == written
