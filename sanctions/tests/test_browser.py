"""The reader pages in a real browser: Playwright drives Debian's Chromium against live_server.

Playwright's sync API keeps an event loop running in this thread, and Django refuses database
calls while one runs. So every record is created by fixtures *before* the browser starts, the
browser is closed before pytest-django flushes the database, and test bodies only drive the
browser. Screenshots are kept in ``test-artifacts/``.
"""

import csv
import datetime
import io
from pathlib import Path

import pytest

from sanctions.models import Agency, Designation, LegalAuthority, Measure, Nationality, Subject

from .conftest import ARTIFACTS, PASSWORD, requires_chromium

pytestmark = [pytest.mark.browser, requires_chromium]


@pytest.fixture
def site(live_server, seed, make_program, make_designation, django_user_model):
    """The seed, an EU designation of Ivan Petrov (2022) and a reader's login, being served."""
    eu = Agency.objects.get(slug="eu-council")
    petrov = Subject.objects.create(kind="person", name="Ivan Petrov")
    Nationality.objects.create(subject=petrov, country="RU")
    make_designation(
        subject=petrov,
        agency=eu,
        program=make_program(agency=eu, slug="eu-ukr", code="UKR"),
        measures=[Measure.objects.get(slug="travel-ban")],
        listed_on=datetime.date(2022, 3, 15),
    )
    make_designation(
        subject=Subject.objects.create(kind="organization", name="Blue Ocean Shipping"),
        agency=Agency.objects.get(slug="us-ofac"),
        authorities=[LegalAuthority.objects.get(slug="eo-13722")],
        listed_on=datetime.date(2019, 5, 1),
    )
    assert Designation.objects.count() == 6
    django_user_model.objects.create_user(username="reader", password=PASSWORD)
    return live_server.url


def new_page(browser, width=1280, **options):
    context = browser.new_context(
        viewport={"width": width, "height": 900}, accept_downloads=True, **options
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    return page


def log_in(page, site, then="/"):
    page.goto(f"{site}/accounts/login/?next={then}")
    page.get_by_label("Username").fill("reader")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{site}{then}")


@pytest.fixture
def page(browser, site):
    """A desktop-sized page, logged in as a reader."""
    page = new_page(browser)
    log_in(page, site)
    yield page
    page.context.close()


def table_names(page):
    return page.locator("table.records tbody th[scope=row] > a").all_inner_texts()


def screenshot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / name, full_page=True)


def test_filter_subjects_by_agency_and_listing_dates(page, site):
    page.goto(f"{site}/subjects/")
    assert len(table_names(page)) == 6
    page.get_by_label("Agency").select_option("us-ofac")
    page.get_by_label("Listed on or after").fill("2018-12-01")
    page.get_by_label("Listed on or before").fill("2018-12-31")
    page.get_by_role("button", name="Apply filters").click()
    # Only the filled-in fields reach the address, which can be shared as it is.
    page.wait_for_url(
        f"{site}/subjects/?agency=us-ofac&listed_after=2018-12-01&listed_before=2018-12-31"
    )
    assert table_names(page) == ["Choe Ryong Hae", "Jong Kyong Thaek", "Pak Kwang Ho"]
    assert page.locator("#results-count").inner_text() == "3 subjects"
    assert page.get_by_label("Agency").input_value() == "us-ofac"


def test_follow_a_subject_to_its_page_and_on_to_its_authority(page, site):
    page.goto(f"{site}/subjects/?q=ryong")
    page.get_by_role("link", name="Choe Ryong Hae").click()
    page.wait_for_url(f"{site}/subjects/1/")
    assert page.get_by_role("heading", level=1).inner_text() == "Choe Ryong Hae"
    timeline = page.locator("ol.timeline")
    assert "Listed" in timeline.inner_text()
    assert "10 Dec 2018" in timeline.inner_text()
    page.get_by_role("link", name="Executive Order 13687").first.click()
    page.wait_for_url(f"{site}/authorities/eo-13687/")
    assert page.get_by_role("heading", level=1).inner_text() == "Executive Order 13687"
    assert page.get_by_role("link", name="DPRK2").first.is_visible()


def test_export_csv_from_a_filtered_list(page, site):
    page.goto(f"{site}/subjects/")
    page.get_by_label("Agency").select_option("eu-council")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(f"{site}/subjects/?agency=eu-council")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Export CSV").click()
    download = download_info.value
    assert download.suggested_filename.startswith("subjects-")
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(row["name"], row["agencies"], row["nationalities"]) for row in rows] == [
        ("Ivan Petrov", "Council of the European Union", "RU")
    ]


def test_an_invalid_date_shows_the_error_next_to_the_field(page, site):
    page.goto(f"{site}/designations/")
    # As in a browser without a date picker, where readers type the date as text.
    page.locator("#id_listed_after").evaluate("input => { input.type = 'text'; }")
    page.locator("#id_listed_after").fill("yesterday")
    with page.expect_response(lambda response: "listed_after=yesterday" in response.url) as info:
        page.get_by_role("button", name="Apply filters").click()
    assert info.value.status == 400
    error = page.locator("#id_listed_after_error")
    assert error.inner_text() == "Enter a date as YYYY-MM-DD, e.g. 2018-12-10."
    assert page.locator("#id_listed_after").get_attribute("aria-invalid") == "true"
    assert "Listed on or after" in page.get_by_role("alert").inner_text()
    assert "No results: correct the filter first." in page.locator("#results").inner_text()


def test_sort_by_clicking_a_column_header(page, site):
    page.goto(f"{site}/subjects/?kind=person")
    name_header = page.locator("th", has=page.get_by_role("link", name="Name"))
    assert name_header.get_attribute("aria-sort") == "ascending"
    ascending = table_names(page)
    assert ascending == sorted(ascending)
    name_header.get_by_role("link").click()
    page.wait_for_url(f"{site}/subjects/?kind=person&ordering=-name")
    assert table_names(page) == sorted(ascending, reverse=True)
    assert name_header.get_attribute("aria-sort") == "descending"
    page.locator("th", has=page.get_by_role("link", name="Kind")).get_by_role("link").click()
    page.wait_for_url(f"{site}/subjects/?kind=person&ordering=kind")


def test_log_in_and_out(browser, site):
    page = new_page(browser)
    page.goto(f"{site}/subjects/")
    page.wait_for_url(f"{site}/accounts/login/?next=/subjects/")
    assert page.get_by_role("link", name="Back to where you were going").is_visible()
    page.get_by_label("Username").fill("reader")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{site}/subjects/")
    page.get_by_role("button", name="Log out reader").click()
    page.wait_for_url(f"{site}/accounts/login/")
    page.goto(f"{site}/")
    page.wait_for_url(f"{site}/accounts/login/?next=/")
    page.context.close()


def test_keyboard_alone_reaches_the_content_and_submits_a_search(page, site):
    page.goto(f"{site}/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "content"
    page.get_by_label("Search subjects by name or alias").focus()
    page.keyboard.type("kyong thaek")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{site}/subjects/?q=kyong+thaek")
    assert table_names(page) == ["Jong Kyong Thaek"]


def test_lists_work_without_javascript(browser, site):
    page = new_page(browser, java_script_enabled=False)
    log_in(page, site)
    page.goto(f"{site}/subjects/")
    page.get_by_role("group", name="Kind").get_by_label("Organization").check()
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**/subjects/?**kind=organization**")
    assert table_names(page) == ["Blue Ocean Shipping"]
    page.context.close()


def test_dashboard_chart_and_screenshot(page, site):
    page.goto(f"{site}/")
    chart = page.get_by_role("img", name="Designations per month by agency")
    assert chart.is_visible()
    # The 24 months up to the latest listing (March 2022): one bar, the EU's.
    assert "April 2020 to March 2022" in chart.locator("title").first.text_content()
    assert chart.locator("rect").count() == 1
    assert page.locator(".counts").inner_text().split() == [
        "6",
        "subjects",
        "6",
        "active",
        "designations",
        "0",
        "delistings",
    ]
    screenshot(page, "dashboard.png")


def test_subject_page_on_a_phone_and_desktop_screenshots(browser, site, page):
    page.goto(f"{site}/subjects/1/")
    screenshot(page, "subject.png")
    phone = new_page(browser, width=390)
    log_in(phone, site, then="/subjects/1/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone, "subject-phone.png")
    phone.goto(f"{site}/subjects/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    # The filters start folded on a phone, so the results come first.
    assert phone.locator(".filter-panel").get_attribute("open") is None
    assert phone.locator("table.records").is_visible()
    phone.context.close()


def test_a_subject_on_a_past_day_says_it_was_in_force_and_when_it_was_recorded(browser, site):
    phone = new_page(browser, width=390)
    log_in(phone, site, then="/subjects/1/")
    phone.goto(f"{site}/subjects/1/?as_of=2026-11-30")
    in_force = phone.locator("section", has=phone.locator("#in-force-heading"))
    assert "Sanctioned on that day by" in in_force.inner_text()
    phone.get_by_label("Another day").fill("2018-12-09")
    phone.get_by_role("button", name="Show").click()
    phone.wait_for_url("**as_of=2018-12-09")
    assert "No designation was in force on that day." in in_force.inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone, "subject-as-of-phone.png")
    phone.context.close()
