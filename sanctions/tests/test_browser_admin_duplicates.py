"""No new duplicates by hand, in a real browser: the admin warns before saving a subject that
probably duplicates one, and the subject autocomplete finds other spellings.

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
    """The seed and an analyst, being served; the admin's address and Choe Ryong Hae's id."""
    user = django_user_model.objects.create_user(
        username="analyst", password=PASSWORD, is_staff=True
    )
    user.groups.add(Group.objects.get(name=ANALYSTS))
    return {
        "admin": f"{live_server.url}/admin/sanctions",
        "choe": Subject.objects.get(name="Choe Ryong Hae").pk,
    }


def open_admin(browser, url):
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.set_default_timeout(20_000)
    page.goto(url)
    page.fill("#id_username", "analyst")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(url)
    return page


def test_a_likely_duplicate_is_shown_and_saved_only_when_confirmed(site, browser):
    add_url = f"{site['admin']}/subject/add/"
    page = open_admin(browser, add_url)
    page.select_option("#id_kind", "person")
    page.fill("#id_name", "Choe Ryong-hae")
    page.click("input[name=_save]")

    warning = page.locator(".possible-duplicates")
    warning.wait_for()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "admin-duplicate-warning.png"), full_page=True)
    link = warning.get_by_role("link", name="Choe Ryong Hae")
    assert link.get_attribute("href") == f"/admin/sanctions/subject/{site['choe']}/change/"
    assert "Nothing was saved" in page.locator(".field-different_party").inner_text()
    assert page.url == add_url  # still the add form: nothing was saved

    page.get_by_label("This is a different party").check()
    page.click("input[name=_save]")
    success = page.locator(".messagelist .success")
    success.wait_for()
    assert "Choe Ryong-hae" in success.inner_text()


def test_the_subject_autocomplete_finds_another_spelling(site, browser):
    page = open_admin(browser, f"{site['admin']}/designation/add/")
    page.click(".field-subject .select2-selection")
    page.fill(".select2-search__field", "Choi Ryong")
    option = page.locator(".select2-results__option", has_text="Choe Ryong Hae")
    option.first.wait_for()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "admin-subject-autocomplete.png"))
