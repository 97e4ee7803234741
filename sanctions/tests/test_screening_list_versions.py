"""Screening says what it screened against: the list versions in the database (list, version
date, import run) in /api/v1/match/ responses, on /screen/ and in its CSV results."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from .conftest import TEST_DATA


@pytest.fixture
def imported(run_import):
    [un] = run_import("un-xml", TEST_DATA / "un" / "consolidated.xml")
    [ofac] = run_import("ofac-csv", TEST_DATA / "ofac" / "v1")
    [newer] = run_import("ofac-csv", TEST_DATA / "ofac" / "v2", list_date="2024-02-01")
    return {"un": un, "ofac": newer}


def test_match_response_names_the_list_versions(imported, viewer):
    client = APIClient()
    client.force_authenticate(viewer)
    response = client.post("/api/v1/match/", {"queries": [{"name": "Choe Hwi"}]}, format="json")
    assert response.status_code == 200
    assert response.json()["lists"] == [
        {"list": "un-consolidated", "version_date": "2024-03-01", "import_run": imported["un"].pk},
        {"list": "us-ofac-sdn", "version_date": "2024-02-01", "import_run": imported["ofac"].pk},
    ]


def test_screen_page_names_the_list_versions(imported, viewer_client):
    response = viewer_client.get(reverse("screening:screen"), {"name": "Choe Hwi"})
    text = " ".join(response.content.decode().split())
    assert f"<strong>un-consolidated</strong> 2024-03-01 (import run #{imported['un'].pk})" in text
    assert f"<strong>us-ofac-sdn</strong> 2024-02-01 (import run #{imported['ofac'].pk})" in text


def test_screen_csv_rows_name_the_list_versions(imported, viewer_client):
    file = SimpleUploadedFile(
        "names.csv", b"name\nChoe Hwi\nNobody Atall\n", content_type="text/csv"
    )
    response = viewer_client.post(reverse("screening:screen"), {"file": file})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    expected = (
        f"un-consolidated 2024-03-01 (import run #{imported['un'].pk}); "
        f"us-ofac-sdn 2024-02-01 (import run #{imported['ofac'].pk})"
    )
    assert rows
    assert {row["list_versions"] for row in rows} == {expected}


def test_screening_without_imports_says_so(viewer_client, db):
    response = viewer_client.get(reverse("screening:screen"))
    assert "no imported list (only subjects entered by hand)" in response.content.decode()
