"""The admin fits a 1280 px screen: the designation list and a subject's inline tables show
every column without the page scrolling sideways.

The pattern of test_browser.py: records are created before the browser starts, and the test
body only drives the browser (Django refuses database calls while Playwright's loop runs).
"""

import datetime

import pytest
from django.contrib.auth.models import Group

from sanctions.groups import ANALYSTS
from sanctions.models import Agency, Designation, Subject

from .conftest import ARTIFACTS, PASSWORD, requires_chromium

pytestmark = [pytest.mark.browser, requires_chromium]

WIDTH, HEIGHT = 1280, 800


@pytest.fixture
def site(live_server, seed, django_user_model):
    """The seed, with a long-named subject delisted by one agency, and an analyst, served."""
    user = django_user_model.objects.create_user(
        username="analyst", password=PASSWORD, is_staff=True
    )
    user.groups.add(Group.objects.get(name=ANALYSTS))
    choe = Subject.objects.get(name="Choe Ryong Hae")
    choe.aliases.create(name="Choe Ryong-hae, also written CH'OE Ryong Hae in older notices")
    choe.identifiers.create(kind="passport", number="PD836410105", country="KP", note="diplomatic")
    choe.addresses.create(full="Central District, Pyongyang", city="Pyongyang", country="KP")
    long_named = Subject.objects.create(
        kind="organization",
        name="Korea Kwangson Banking Corporation and its branch offices abroad (KKBC)",
    )
    Designation.objects.create(
        subject=long_named,
        agency=Agency.objects.get(slug="us-ofac"),
        listed_on=datetime.date(2009, 8, 11),
        delisted_on=datetime.date(2020, 1, 2),
    )
    return {"admin": f"{live_server.url}/admin/sanctions", "choe": choe.pk}


def open_admin(browser, url):
    page = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}).new_page()
    page.set_default_timeout(20_000)
    page.goto(url)
    page.fill("#id_username", "analyst")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(url)
    return page


def page_scrolls_sideways(page):
    return page.evaluate(
        "document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )


def cut_off_tables(page):
    """Tables wider than the box that holds them (what a reader would have to scroll)."""
    return page.evaluate(
        """() => [...document.querySelectorAll('#content table')]
            .filter(t => t.getBoundingClientRect().right > document.documentElement.clientWidth
                      || t.scrollWidth > t.parentElement.clientWidth + 1)
            .map(t => t.closest('[id]') ? t.closest('[id]').id : t.className)"""
    )


def assert_header_visible(page, name):
    header = page.locator("#result_list thead th", has_text=name).first
    box = header.bounding_box()
    assert header.is_visible(), name
    assert box is not None, name
    assert box["x"] >= 0, (name, box)
    assert box["x"] + box["width"] <= WIDTH, (name, box)


def test_designation_list_fits_1280_px(site, browser):
    page = open_admin(browser, f"{site['admin']}/designation/")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "admin-designations-1280.png"), full_page=True)
    assert not page_scrolls_sideways(page)
    for name in ["Subject", "Agency", "Program", "Listed", "Delisted", "Status"]:
        assert_header_visible(page, name)
    assert cut_off_tables(page) == []


def test_subject_change_form_inlines_fit_1280_px(site, browser):
    page = open_admin(browser, f"{site['admin']}/subject/{site['choe']}/change/")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "admin-subject-form-1280.png"), full_page=True)
    assert not page_scrolls_sideways(page)
    assert cut_off_tables(page) == []
    # The last column of each inline table is on the screen.
    for inline in page.locator("div.inline-group.tabular, div.tabular").all():
        headers = inline.locator("thead th")
        if headers.count():
            box = headers.last.bounding_box()
            assert box is not None
            assert box["x"] + box["width"] <= WIDTH
