"""Screening results in context: status, designations and entry ids beside every candidate,
the filter that leaves out delisted parties, the lowest score shown, and the clear conflict
of two exact dates of birth years apart."""

import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from sanctions.dates import parse_fuzzy_date
from sanctions.models import BirthDate, ImportRun, ListEntry, Measure, Subject
from sanctions.screening import engine
from sanctions.screening.scoring import compare_birth_dates
from sanctions.screening.weights import DEFAULT_THRESHOLD

from .conftest import requires_chromium

URL = "/api/v1/match/"


def _freeze():
    """The asset freeze, also after a live-server test flushed the migrations' rows."""
    return Measure.objects.get_or_create(slug="asset-freeze", defaults={"name": "Asset freeze"})[0]


@pytest.fixture
def han(make_designation, make_program, make_agency):
    """Han Song Il: designated by OFAC under DPRK2 in 2017, delisted in 2020; an SDN entry."""
    subject = Subject.objects.create(kind="person", name="Han Song Il")
    ofac = make_agency(slug="us-ofac", acronym="OFAC")
    run = ImportRun.objects.create(
        format="ofac-csv", list="us-ofac-sdn", started=datetime.datetime.now(datetime.UTC)
    )
    entry = ListEntry.objects.create(
        list="us-ofac-sdn", entry_id="22013", subject=subject, first_run=run, last_run=run
    )
    make_designation(
        subject=subject,
        agency=ofac,
        program=make_program(agency=ofac, slug="ofac-dprk2", code="DPRK2"),
        list_entry=entry,
        listed_on=datetime.date(2017, 6, 1),
        delisted_on=datetime.date(2020, 3, 2),
        measures=[_freeze()],
    )
    return subject


@pytest.fixture
def hann(make_designation, make_agency):
    """Han Song Ill, one letter away, still designated (by the EU)."""
    subject = Subject.objects.create(kind="person", name="Han Song Ill")
    eu = make_agency(slug="eu-council", acronym="EU")
    make_designation(subject=subject, agency=eu, measures=[_freeze()])
    return subject


@pytest.fixture
def api(viewer):
    client = APIClient()
    client.force_authenticate(viewer)
    return client


def _candidates(api, **body):
    body = {"queries": [{"name": "Han Song Il"}], **body}
    response = api.post(URL, body, format="json")
    assert response.status_code == 200, response.content
    return {c["subject"]["name"]: c for c in response.json()["results"][0]["candidates"]}


def test_api_candidate_names_a_delisted_party_as_delisted_with_its_date(api, han, hann):
    candidate = _candidates(api)["Han Song Il"]
    assert candidate["status"] == "delisted"
    assert candidate["delisted_on"] == "2020-03-02"
    assert candidate["designations"] == [
        {
            "agency": "OFAC",
            "program": "DPRK2",
            "list": "us-ofac-sdn",
            "listed_on": "2017-06-01",
            "delisted_on": "2020-03-02",
            "active": False,
        }
    ]
    assert candidate["list_entries"] == [
        {"list": "us-ofac-sdn", "entry_id": "22013", "reference": "", "removed_on": None}
    ]


def test_api_candidate_in_force_is_active(api, han, hann):
    candidate = _candidates(api)["Han Song Ill"]
    assert candidate["status"] == "active"
    assert candidate["delisted_on"] is None
    assert [d["agency"] for d in candidate["designations"]] == ["EU"]
    assert candidate["list_entries"] == []


def test_api_candidate_never_designated_has_no_status(api, db):
    Subject.objects.create(kind="person", name="Han Song Il")
    candidate = _candidates(api)["Han Song Il"]
    assert (candidate["status"], candidate["designations"]) == ("", [])


def test_api_status_active_leaves_out_the_delisted_party(api, han, hann):
    assert list(_candidates(api, status="active")) == ["Han Song Ill"]


def test_context_costs_the_same_queries_for_one_candidate_or_many(
    api, han, make_designation, django_assert_max_num_queries
):
    with django_assert_max_num_queries(20) as one:
        _candidates(api, limit=50)
    for number in range(8):
        subject = Subject.objects.create(kind="person", name=f"Han Song Il {number}")
        make_designation(subject=subject, measures=[_freeze()])
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert len(_candidates(api, limit=50)) == 9


# --- dates of birth: a clear conflict ---------------------------------------------------------


def _birth_dates(*values):
    return [parse_fuzzy_date(value) for value in values]


def test_exact_dates_years_apart_are_a_clear_conflict():
    effect, explanation = compare_birth_dates(
        parse_fuzzy_date("1960-05-01"), _birth_dates("1950-01-15")
    )
    assert explanation["result"] == "clear_conflict"
    assert 1.0 + effect < DEFAULT_THRESHOLD  # a perfect name alone is no longer a match


def test_years_apart_but_only_years_known_is_an_ordinary_conflict():
    effect, explanation = compare_birth_dates(parse_fuzzy_date("1960"), _birth_dates("1950"))
    assert explanation["result"] == "conflict"
    assert 1.0 + effect >= DEFAULT_THRESHOLD


def test_exact_dates_within_two_years_are_an_ordinary_conflict():
    _, explanation = compare_birth_dates(parse_fuzzy_date("1951-06-01"), _birth_dates("1950-01-15"))
    assert explanation["result"] == "conflict"


def test_one_listed_date_agreeing_is_no_conflict():
    _, explanation = compare_birth_dates(
        parse_fuzzy_date("1950-01-15"), _birth_dates("1960-05-01", "1950-01-15")
    )
    assert explanation["result"] == "exact"


def test_same_name_born_ten_years_apart_is_not_a_match(db):
    subject = Subject.objects.create(kind="person", name="Choe Ryong Hae")
    BirthDate.objects.create(subject=subject, value="1950-01-15")
    query = engine.Query(name="Choe Ryong Hae", birth_date=parse_fuzzy_date("1960-01-15"))
    [candidate] = engine.screen([query])[0]
    assert candidate.score < DEFAULT_THRESHOLD
    assert candidate.explanation["birth_date"]["result"] == "clear_conflict"


# --- the /screen/ page and its CSV ------------------------------------------------------------


def test_screen_page_shows_status_designations_and_entry_ids(han, viewer_client):
    page = viewer_client.get("/screen/", {"name": "Han Song Il"}).content.decode()
    assert "Delisted" in page
    assert "since 2 Mar 2020" in page
    assert "OFAC · DPRK2 · us-ofac-sdn · listed 2017-06-01 · ended 2020-03-02" in page
    assert "us-ofac-sdn 22013" in page


def test_screen_page_can_leave_out_delisted_parties(han, hann, viewer_client):
    everyone = viewer_client.get("/screen/", {"name": "Han Song Il"}).context["candidates"]
    in_force = viewer_client.get(
        "/screen/", {"name": "Han Song Il", "in_force_only": "on"}
    ).context["candidates"]
    assert {c.subject.name for c in everyone} == {"Han Song Il", "Han Song Ill"}
    assert [c.subject.name for c in in_force] == ["Han Song Ill"]


def test_screen_page_hides_candidates_below_the_lowest_score(han, viewer_client, db):
    for name in ("Han Ok Kim", "Song Mi Ra", "Kim Il Sung", "Han Il"):
        Subject.objects.create(kind="person", name=name)
    shown = viewer_client.get("/screen/", {"name": "Han Song Il"}).context["candidates"]
    everything = viewer_client.get("/screen/", {"name": "Han Song Il", "min_score": "0"}).context[
        "candidates"
    ]
    assert all(c.score >= 0.5 for c in shown)
    assert any(c.score < 0.5 for c in everything)


def test_screen_page_refuses_a_lowest_score_above_one(han, viewer_client):
    response = viewer_client.get("/screen/", {"name": "Han Song Il", "min_score": "2"})
    assert response.context["candidates"] is None
    assert "Ensure this value is less than or equal to 1" in response.content.decode()


def test_results_csv_has_status_designations_and_entry_ids(han, viewer_client):
    upload = SimpleUploadedFile("names.csv", b"name\nHan Song Il\n", content_type="text/csv")
    response = viewer_client.post("/screen/", {"file": upload})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0]["status"] == "delisted"
    assert rows[0]["delisted_on"] == "2020-03-02"
    assert rows[0]["designations"] == "OFAC DPRK2 us-ofac-sdn 2017-06-01 (ended 2020-03-02)"
    assert rows[0]["entry_ids"] == "us-ofac-sdn 22013"


def test_menu_links_screening_and_the_api_docs(viewer_client, db):
    page = viewer_client.get("/").content.decode()
    assert '<a href="/screen/">Screen</a>' in page
    assert '<a href="/api/docs/">API</a>' in page


def test_screen_page_is_the_current_menu_item(viewer_client, db):
    page = viewer_client.get("/screen/").content.decode()
    assert '<a href="/screen/" aria-current="page">Screen</a>' in page


# --- in a browser, on a phone -----------------------------------------------------------------


@pytest.fixture
def site(live_server, han, hann, django_user_model):
    from .conftest import PASSWORD

    django_user_model.objects.create_user(username="reader", password=PASSWORD)
    return live_server.url


@pytest.mark.browser
@requires_chromium
def test_screen_page_fits_a_phone_and_is_styled_like_the_lists(browser, site):
    from .test_browser import log_in, new_page, screenshot

    for width in (390, 1280):
        page = new_page(browser, width=width)
        log_in(page, site, then="/screen/")
        page.locator("#id_name").fill("Han Song Il")
        page.get_by_role("button", name="Screen", exact=True).click()
        page.wait_for_selector("table.records")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert page.locator(".filters").is_visible()
        assert page.locator("table.records .badge--delisted").count() == 1
        screenshot(page, f"screen-{width}.png")
        page.context.close()
