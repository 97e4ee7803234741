"""The review queue in a real browser: an analyst decides a pair (a merge), then splits a merge.

The pattern of test_browser.py: records are created before the browser starts, and the test
body only drives the browser (Django refuses database calls while Playwright's loop runs).
"""

import pytest
from django.contrib.auth.models import Group

from sanctions.groups import ANALYSTS
from sanctions.merging import merge_subjects
from sanctions.models import Nationality, Subject, SubjectPair

from .conftest import ARTIFACTS, PASSWORD, requires_chromium

pytestmark = [pytest.mark.browser, requires_chromium]


@pytest.fixture
def site(live_server, seed, django_user_model):
    """A waiting pair (KP against RU) and a merge of two other subjects, being served."""
    user = django_user_model.objects.create_user(
        username="analyst", password=PASSWORD, is_staff=True
    )
    user.groups.add(Group.objects.get(name=ANALYSTS))
    first = Subject.objects.create(kind="person", name="Ri Je Son")
    second = Subject.objects.create(kind="person", name="Ri Je-son")
    Nationality.objects.create(subject=first, country="KP")
    Nationality.objects.create(subject=second, country="RU")
    pair = SubjectPair.objects.create(subject_a=first, subject_b=second, score=0.88)
    kept = Subject.objects.create(kind="person", name="Pak To Chun")
    gone = Subject.objects.create(kind="person", name="Pak To-chun")
    merge = merge_subjects(kept, gone)
    return {
        "live": live_server.url,
        "admin": f"{live_server.url}/admin/sanctions",
        "pair": pair.pk,
        "first": first.pk,
        "second": second.pk,
        "merge": merge.pk,
        "gone": gone.pk,
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


def test_an_analyst_decides_same_party_and_the_absorbed_page_redirects(site, browser):
    page = open_admin(browser, f"{site['admin']}/subjectpair/")
    page.get_by_role("link", name=f"Review {site['pair']}").click()
    conflict = page.locator("tr[data-kind=nationalities] .fact--conflict")
    assert conflict.count() == 2
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "admin-pair-review.png"), full_page=True)

    page.get_by_role("button", name="Same party (merge)").click()
    success = page.locator(".messagelist .success")
    success.wait_for()
    assert "same party" in success.inner_text()
    assert page.url == f"{site['admin']}/subjectpair/"  # the queue: nothing else waits

    page.goto(f"{site['live']}/subjects/{site['second']}/")
    assert page.url == f"{site['live']}/subjects/{site['first']}/"
    assert "Ri Je Son" in page.locator("h1").inner_text()


def test_an_analyst_splits_a_merge_after_confirming(site, browser):
    page = open_admin(browser, f"{site['admin']}/subjectmerge/{site['merge']}/change/")
    page.get_by_role("link", name="Split this merge").click()
    page.wait_for_url(f"{site['admin']}/subjectmerge/{site['merge']}/split/")
    page.get_by_role("button", name="Yes, split").click()
    success = page.locator(".messagelist .success")
    success.wait_for()
    assert "stands for itself again" in success.inner_text()
    assert page.get_by_role("link", name="Split this merge").count() == 0

    page.goto(f"{site['live']}/subjects/{site['gone']}/")
    assert page.url == f"{site['live']}/subjects/{site['gone']}/"
    assert "Pak To-chun" in page.locator("h1").inner_text()
