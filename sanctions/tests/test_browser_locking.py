"""Optimistic locking in a real browser: two analysts edit one record in the admin.

The pattern of test_browser.py: records are created before the browser starts, and the test
body only drives the browser (Django refuses database calls while Playwright's loop runs).
"""

import pytest
from django.contrib.auth.models import Group

from sanctions.groups import ANALYSTS
from sanctions.models import Subject

from .conftest import ARTIFACTS, PASSWORD, requires_chromium

pytestmark = [pytest.mark.browser, requires_chromium]


@pytest.fixture
def site(live_server, seed, django_user_model):
    """Two analysts and the seed, being served; the address of Pak Kwang Ho's admin page."""
    for username in ("first-analyst", "second-analyst"):
        user = django_user_model.objects.create_user(
            username=username, password=PASSWORD, is_staff=True
        )
        user.groups.add(Group.objects.get(name=ANALYSTS))
    subject = Subject.objects.get(name="Pak Kwang Ho")
    return f"{live_server.url}/admin/sanctions/subject/{subject.pk}/change/"


def open_as(browser, url, username):
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(url)
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(url)
    return page


def test_the_second_save_shows_what_the_other_analyst_changed(site, browser):
    first = open_as(browser, site, "first-analyst")
    second = open_as(browser, site, "second-analyst")

    first.fill("#id_position", "Minister of Nothing")
    first.click("input[name=_continue]")
    first.wait_for_selector(".messagelist .success")

    second.fill("#id_name", "Pak Kwang-ho")
    second.click("input[name=_continue]")
    error = second.locator(".errornote, .errorlist.nonfield").last
    error.wait_for()
    ARTIFACTS.mkdir(exist_ok=True)
    second.screenshot(path=str(ARTIFACTS / "admin-conflict.png"), full_page=True)
    text = second.locator(".errorlist.nonfield").inner_text()
    assert "first-analyst saved this subject" in text
    # Their value, then the one this analyst's form still holds (the seed's).
    assert "position: their value “Minister of Nothing”, your value “Director of" in text
    # Nothing of the second save went through; the first analyst's value is there.
    second.goto(site)
    assert second.input_value("#id_name") == "Pak Kwang Ho"
    assert second.input_value("#id_position") == "Minister of Nothing"
