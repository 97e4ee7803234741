"""Delisting in the admin: one rule on both paths (the Delist action and the "Delisted on"
field), input kept on error, a date picker, an article autocomplete and true messages."""

import datetime

from django.contrib.messages import get_messages
from django.urls import reverse

from sanctions.models import Designation

from .test_admin import admin_url, form_data

CHANGELIST = "admin:sanctions_designation_changelist"


def _delist(client, designation, **fields):
    data = {"action": "delist", "_selected_action": [designation.pk], "apply": "1", **fields}
    return client.post(reverse(CHANGELIST), data)


def _edit(client, designation, **changes):
    """Post the designation's change form with these fields changed."""
    change_url = admin_url(Designation, "change", designation.pk)
    data = form_data(client.get(change_url))
    data.update(changes)
    return client.post(change_url, data)


def test_typing_a_delisting_date_without_a_source_is_refused(analyst_client, make_designation):
    designation = make_designation(listed_on=datetime.date(2018, 12, 10))
    response = _edit(analyst_client, designation, delisted_on="2020-02-01")
    assert response.status_code == 200
    assert "Give the source of the delisting: an article or a notice URL." in response.text
    designation.refresh_from_db()
    assert designation.delisted_on is None


def test_typing_a_delisting_date_with_its_notice_saves_it_as_a_delisting(
    analyst_client, make_designation
):
    designation = make_designation(listed_on=datetime.date(2018, 12, 10))
    response = _edit(
        analyst_client,
        designation,
        delisted_on="2020-02-01",
        delisting_url="https://example.org/notice",
    )
    assert response.status_code == 302
    designation.refresh_from_db()
    assert designation.delisted_on == datetime.date(2020, 2, 1)
    assert designation.history.latest().history_change_reason == "delisted"


def test_a_designation_already_delisted_by_an_import_can_be_edited_without_a_source(
    analyst_client, make_designation
):
    designation = make_designation(
        listed_on=datetime.date(2018, 12, 10), delisted_on=datetime.date(2020, 1, 1)
    )
    assert _edit(analyst_client, designation, reason="corrected grounds").status_code == 302


def test_the_action_refuses_a_date_before_the_listing_and_keeps_what_was_typed(
    analyst_client, make_designation, make_article
):
    designation = make_designation(listed_on=datetime.date(2018, 12, 10))
    notice = make_article(title="Treasury removes sanctions")
    response = _delist(analyst_client, designation, day="2018-01-01", article=notice.pk)
    assert response.status_code == 200
    assert "is before the listing date 2018-12-10" in response.text
    form = response.context["form"]
    assert form["day"].value() == "2018-01-01"
    assert str(form["article"].value()) == str(notice.pk)
    assert f'<option value="{notice.pk}" selected>Treasury removes sanctions</option>' in (
        response.text
    )
    designation.refresh_from_db()
    assert designation.delisted_on is None


def test_the_action_changes_nothing_when_one_of_several_is_refused(
    analyst_client, make_designation
):
    early = make_designation(listed_on=datetime.date(2018, 12, 10))
    late = make_designation(listed_on=datetime.date(2021, 1, 1))
    data = {
        "action": "delist",
        "_selected_action": [early.pk, late.pk],
        "apply": "1",
        "day": "2020-02-01",
        "url": "https://example.org/notice",
    }
    response = analyst_client.post(reverse(CHANGELIST), data)
    assert response.status_code == 200
    assert not Designation.objects.filter(delisted_on__isnull=False).exists()


def test_the_action_reports_what_it_did_in_words(analyst_client, make_designation):
    designation = make_designation(listed_on=datetime.date(2018, 12, 10))
    response = _delist(analyst_client, designation, day="2020-02-01", url="https://example.org/n")
    assert response.status_code == 302
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert message == "Delisted 1 designation."


def test_the_action_has_a_date_picker_and_an_article_autocomplete(analyst_client, make_designation):
    designation = make_designation()
    asked = analyst_client.post(
        reverse(CHANGELIST), {"action": "delist", "_selected_action": [designation.pk]}
    )
    assert 'class="vDateField"' in asked.text
    assert "admin/js/admin/DateTimeShortcuts.js" in asked.text
    assert 'class="admin-autocomplete' in asked.text
    assert 'data-field-name="delisting_article"' in asked.text


def test_a_malformed_date_says_the_format(analyst_client, make_designation):
    designation = make_designation()
    response = _delist(analyst_client, designation, day="2020-13-45", url="https://example.org/n")
    assert "Enter a date as YYYY-MM-DD, e.g. 2020-02-01." in response.text


def test_a_mistyped_date_in_a_change_form_says_the_format(analyst_client, make_designation):
    response = _edit(analyst_client, make_designation(), listed_on="2018-02-30")
    assert response.status_code == 200
    assert "Enter a date as YYYY-MM-DD, e.g. 2018-12-10." in response.text
