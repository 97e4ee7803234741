"""A vessel's page and a subject's exports in a real browser.

The pattern of test_browser.py: records are created before the browser starts, and the test
body only drives the browser (Django refuses database calls while Playwright's loop runs).
"""

import json
from pathlib import Path

import pytest

from sanctions.models import ListEntry

from .conftest import ARTIFACTS, PASSWORD, TEST_DATA, requires_chromium

pytestmark = [pytest.mark.browser, requires_chromium]


@pytest.fixture
def site(live_server, run_import, django_user_model):
    """OFAC's test list (with the vessel SEA STAR) and a reader's login, being served."""
    run_import("ofac-csv", TEST_DATA / "ofac" / "v1", no_xref=True)
    django_user_model.objects.create_user(username="reader", password=PASSWORD)
    vessel = ListEntry.objects.get(list="us-ofac-sdn", entry_id="300").subject
    return {"url": live_server.url, "vessel": vessel.get_absolute_url(), "id": vessel.pk}


def open_page(browser, site, path, width=1280):
    page = browser.new_context(
        viewport={"width": width, "height": 800}, accept_downloads=True
    ).new_page()
    page.set_default_timeout(20_000)
    page.goto(f"{site['url']}/accounts/login/?next={path}")
    page.get_by_label("Username").fill("reader")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{site['url']}{path}")
    return page


def fact(page, label):
    return page.locator(f"dl.facts dt:text-is('{label}') + dd").inner_text()


def test_vessel_page_shows_its_particulars_and_downloads_both_exports(site, browser):
    page = open_page(browser, site, site["vessel"])
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "vessel-1280.png"), full_page=True)
    assert fact(page, "Flag").startswith("Korea, North")
    assert fact(page, "IMO number").startswith("9123456")
    assert fact(page, "Call sign").startswith("HMXY2")
    assert fact(page, "Vessel type").startswith("Bulk Carrier")
    assert page.locator("dl.facts dt:text-is('Nationality')").count() == 0

    with page.expect_download() as json_download:
        page.get_by_role("link", name="Export JSON").click()
    assert json_download.value.suggested_filename == f"subject-{site['id']}.json"
    record = json.loads(Path(json_download.value.path()).read_text("utf-8"))
    assert record["vessel"]["imo_number"] == ["9123456"]

    with page.expect_download() as ftm_download:
        page.get_by_role("link", name="Export FtM").click()
    assert ftm_download.value.suggested_filename == f"subject-{site['id']}.ftm.json"
    lines = Path(ftm_download.value.path()).read_text("utf-8").splitlines()
    vessel = json.loads(lines[0])
    assert (vessel["schema"], vessel["properties"]["imoNumber"]) == ("Vessel", ["9123456"])
    page.context.close()


def test_vessel_page_fits_a_phone(site, browser):
    page = open_page(browser, site, site["vessel"], width=390)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.get_by_role("link", name="Export FtM").is_visible()
    page.context.close()
