"""Names sort ignoring case, accents and punctuation (Subject.sort_name), on the web lists, the
dashboard, the API and the admin: a name that starts with a quote mark does not sort first."""

import datetime
from html import escape

import pytest
from django.urls import reverse

from sanctions.models import Subject

from .conftest import PASSWORD, requires_chromium

# As the subject list must show them: "'Abbas" among the A's, "(Acme)" after "Abrini".
IN_ORDER = ["Aaron Zeller", "Rim 'Abbas", "'Abbas Rim", "Abrini Mohamed", "(Acme) Trading"]
SORTED = ["Aaron Zeller", "'Abbas Rim", "Abrini Mohamed", "(Acme) Trading", "Rim 'Abbas"]


@pytest.fixture
def names(db, make_designation, make_agency):
    agency = make_agency()
    day = datetime.date(2020, 5, 1)
    for name in IN_ORDER:
        subject = Subject.objects.create(kind="person", name=name)
        make_designation(subject=subject, agency=agency, listed_on=day)
    return SORTED


def shown_order(content, names):
    text = content.decode()
    found = sorted((text.find(f">{escape(name)}<"), name) for name in names)
    assert all(position >= 0 for position, _ in found), found
    return [name for _, name in found]


def test_save_keeps_the_sort_name(db):
    subject = Subject.objects.create(kind="person", name="'Abd al-Nasir Hajji")
    assert subject.sort_name == "abd al nasir hajji"
    subject.name = "Hajji 'Abd al-Nasir"
    subject.save(update_fields=["name"])
    subject.refresh_from_db()
    assert subject.sort_name == "hajji abd al nasir"


def test_subject_list_sorts_ignoring_punctuation(names, analyst_client):
    response = analyst_client.get(reverse("sanctions:subject_list"))
    assert shown_order(response.content, names) == SORTED


def test_subject_list_reversed(names, analyst_client):
    response = analyst_client.get(reverse("sanctions:subject_list"), {"ordering": "-name"})
    assert shown_order(response.content, names) == SORTED[::-1]


def test_designation_list_sorted_by_subject(names, analyst_client):
    response = analyst_client.get(reverse("sanctions:designation_list"), {"ordering": "subject"})
    assert shown_order(response.content, names) == SORTED


def test_dashboard_latest_designations_of_a_day_in_name_order(names, analyst_client):
    response = analyst_client.get(reverse("sanctions:dashboard"))
    assert shown_order(response.content, names) == SORTED


def test_api_ordering_by_name(names, reader_client):
    response = reader_client.get(reverse("api:subject-list"), {"ordering": "name"})
    assert [row["name"] for row in response.json()["results"]] == SORTED


def test_admin_changelist_in_name_order(names, analyst_client):
    response = analyst_client.get(reverse("admin:sanctions_subject_changelist"))
    assert shown_order(response.content, names) == SORTED


# --- in a real browser -------------------------------------------------------------------


@pytest.fixture
def site(live_server, names, django_user_model):
    django_user_model.objects.create_user(username="reader", password=PASSWORD)
    return live_server.url


@pytest.mark.browser
@requires_chromium
def test_a_name_starting_with_a_quote_mark_does_not_sort_first(browser, site):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.set_default_timeout(20_000)
    page.goto(f"{site}/accounts/login/?next=/subjects/")
    page.get_by_label("Username").fill("reader")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{site}/subjects/")
    rows = page.locator("table.records tbody th[scope=row] > a").all_inner_texts()
    assert rows == SORTED
    page.get_by_role("link", name="Name").first.click()  # the column header: reversed
    page.wait_for_url("**ordering=-name**")
    rows = page.locator("table.records tbody th[scope=row] > a").all_inner_texts()
    assert rows == SORTED[::-1]
    page.context.close()
