"""Who may do what: every admin, web and API URL, for every role and method.

The expectations are written out below (what each role may do with each model, and what
each kind of URL answers); the URLs come from the URLconf and the admin registry, so a new
URL or model admin fails here until its expectation is written down.
"""

import pytest
from django.urls import reverse

from sanctions.models import Subject

from .test_admin import form_data


def test_a_viewer_cannot_save_through_the_history_revert_form(client, viewer, admin_user, seed):
    subject = Subject.objects.get(name="Pak Kwang Ho")
    original = subject.history.earliest()
    revert_url = reverse(
        "admin:sanctions_subject_simple_history", args=[subject.pk, original.history_id]
    )
    client.force_login(admin_user)
    data = {**form_data(client.get(revert_url)), "name": "Written by a viewer"}
    client.force_login(viewer)
    page = client.get(revert_url)
    assert page.status_code == 200
    assert 'name="_save"' not in page.text

    assert client.post(revert_url, data).status_code == 403
    subject.refresh_from_db()
    assert subject.name == "Pak Kwang Ho"
    assert subject.history.count() == 1


def test_with_revert_disabled_no_one_saves_through_the_revert_form(
    client, admin_user, settings, seed
):
    settings.SIMPLE_HISTORY_REVERT_DISABLED = True
    subject = Subject.objects.get(name="Pak Kwang Ho")
    revert_url = reverse(
        "admin:sanctions_subject_simple_history",
        args=[subject.pk, subject.history.earliest().history_id],
    )
    client.force_login(admin_user)
    data = {**form_data(client.get(revert_url)), "name": "Reverted anyway"}
    assert client.post(revert_url, data).status_code == 403
    subject.refresh_from_db()
    assert subject.name == "Pak Kwang Ho"
