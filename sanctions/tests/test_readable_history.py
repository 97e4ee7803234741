"""History as a reader reads it: names not ids, labels not column names, no bookkeeping, one
entry per save, a subject's parts in its History, repeated lines grouped; /changes/ styled."""

import datetime
import re

import pytest
from django.urls import reverse

from sanctions.models import Alias, Designation, LegalAuthority, Measure

from .conftest import requires_chromium


def _history(page):
    return page.text.split('id="history-heading"')[1].split("</section>")[0]


@pytest.fixture
def choe(make_subject, make_agency, make_program):
    subject = make_subject(name="Choe Ryong Hae")
    ofac = make_agency(slug="us-ofac", name="Office of Foreign Assets Control", acronym="OFAC")
    designation = Designation.objects.create(
        subject=subject,
        agency=ofac,
        program=make_program(agency=ofac, code="DPRK2"),
        listed_on=datetime.date(2018, 12, 10),
    )
    authority = LegalAuthority.objects.create(
        slug="eo-13687", title="Executive Order 13687", kind="executive_order"
    )
    designation.authorities.set([authority])
    designation.measures.set(
        [Measure.objects.get_or_create(slug="asset-freeze", defaults={"name": "Asset freeze"})[0]]
    )
    return subject


def test_one_save_of_a_designation_with_its_links_is_one_entry(viewer_client, choe):
    designation = choe.designations.get()
    history = _history(viewer_client.get(designation.get_absolute_url()))
    assert history.count('class="change change--') == 1
    assert "Legal authorities</strong>: <ins>Executive Order 13687</ins>" in history
    assert "Measures</strong>: <ins>Asset freeze</ins>" in history


def test_history_shows_names_and_labels_not_ids_and_columns(viewer_client, choe, make_agency):
    designation = choe.designations.get()
    designation.agency = make_agency(name="Department of State", acronym="State")
    designation.delisted_on = datetime.date(2020, 1, 1)
    designation.save()
    history = _history(viewer_client.get(designation.get_absolute_url()))
    assert "Agency</strong>: <del>Office of Foreign Assets Control (OFAC)</del> → " in history
    assert "<ins>Department of State (State)</ins>" in history
    assert "Delisted on</strong>" in history
    for internal in ("delisted_on", "agency:", "Version", "version", "Last updated"):
        assert internal not in history


def test_a_subjects_history_shows_its_parts_and_designations(viewer_client, choe):
    Alias.objects.create(subject=choe, name="CH'OE, Ryong-hae")
    history = _history(viewer_client.get(choe.get_absolute_url()))
    assert "Alias: " in history
    assert "CH&#x27;OE, Ryong-hae" in history
    assert "Designation: " in history


def test_a_save_that_changed_nothing_a_reader_sees_is_left_out(viewer_client, choe):
    choe.save()  # bumps the version and the timestamp only
    choe.save()
    history = _history(viewer_client.get(choe.get_absolute_url()))
    assert "change--changed" not in history


def test_alike_changes_in_a_row_are_one_line_with_their_number(viewer_client, choe):
    designation = choe.designations.get()
    for reference in ("A", "B"):
        designation.reference = reference
        designation.save()
        designation.reference = ""
        designation.save()
    history = _history(viewer_client.get(designation.get_absolute_url()))
    # "" → A, A → "", "" → B, B → "": no two alike in a row, nothing grouped.
    assert "×" not in history


def test_the_dashboard_groups_alike_latest_changes(viewer_client, choe, make_program):
    ofac = choe.designations.get().agency
    programs = [make_program(code=code) for code in ("DPRK3", "DPRK4", "DPRK5")]
    for program in programs:
        Designation.objects.create(subject=choe, agency=ofac, program=program)
    page = viewer_client.get(reverse("sanctions:dashboard")).text
    latest = page.split('id="changes-heading"')[1].split("</section>")[0]
    # The three new ones in a row are one line; the first, entered before the programs, is
    # another.
    assert latest.count("Choe Ryong Hae — OFAC</a>") == 2
    assert '<span class="tag">×3</span>' in latest


def test_the_admin_history_hides_bookkeeping_and_empty_reasons(analyst_client, choe):
    choe.position = "Vice Marshal"
    choe.save()
    page = analyst_client.get(reverse("admin:sanctions_subject_history", args=[choe.pk])).text
    assert "Vice Marshal" in page
    assert "Version:" not in page
    assert "<td>None</td>" not in page


def test_changes_page_filters_are_check_boxes_by_name(viewer_client, choe):
    page = viewer_client.get(reverse("sanctions:change_list")).text
    assert re.search(r'name="model" value="designation"[^>]*>\s*Designation\s*</label>', page)
    assert 'type="datetime-local" name="since"' in page
    assert 'class="filters"' in page


def test_changes_page_names_a_bad_filter(viewer_client, db):
    response = viewer_client.get(reverse("sanctions:change_list"), {"since": "yesterday"})
    assert response.status_code == 400
    assert "Some filter values are not valid" in response.text


@pytest.fixture
def site(live_server, choe, django_user_model):
    from .conftest import PASSWORD

    django_user_model.objects.create_user(username="reader", password=PASSWORD)
    return live_server.url


@pytest.mark.browser
@requires_chromium
def test_changes_page_fits_a_phone(browser, site):
    from .test_browser import log_in, new_page, screenshot

    phone = new_page(browser, width=390)
    log_in(phone, site, then="/changes/")
    assert phone.locator("table.change-table").is_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone, "changes-phone.png")
    phone.context.close()
