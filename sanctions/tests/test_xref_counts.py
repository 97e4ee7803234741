"""The counts that show cross-list resolution at work: on the dashboard, cheaply."""

import itertools

import pytest
from django.urls import reverse

from sanctions.choices import PairDecision
from sanctions.models import ListEntry, SubjectPair, resolution_counts

_ids = itertools.count(1)


@pytest.fixture
def on_lists(db, make_subject, make_designation, make_agency):
    """A subject with an entry on each list given, designated by each agency country given."""
    agencies = {}

    def make(lists=(), countries=(), removed=False):
        subject = make_subject()
        for slug in lists:
            ListEntry.objects.create(
                list=slug,
                entry_id=str(next(_ids)),
                subject=subject,
                removed_on="2020-01-01" if removed else None,
            )
        for country in countries:
            if country not in agencies:
                agencies[country] = make_agency(country=country)
            make_designation(subject=subject, agency=agencies[country])
        return subject

    return make


def test_subjects_on_several_lists_are_counted_once(on_lists):
    on_lists(["us-ofac-sdn", "un-consolidated", "uk-ofsi-conlist"])
    on_lists(["us-ofac-sdn", "un-consolidated"])
    on_lists(["us-ofac-sdn"])
    assert resolution_counts()["on_several_lists"] == 2


def test_waiting_pairs_are_the_undecided_and_unsure_ones(on_lists):
    subjects = [on_lists() for _ in range(4)]
    for (first, second), decision in zip(
        itertools.pairwise(subjects), ["", PairDecision.UNSURE, PairDecision.NOT_SAME], strict=True
    ):
        SubjectPair.objects.create(subject_a=first, subject_b=second, score=0.8, decision=decision)
    assert resolution_counts()["waiting"] == 2


def test_un_listed_parties_linked_to_their_counterparts(on_lists):
    on_lists(["un-consolidated"], ["UN", "US", "GB"])
    on_lists(["un-consolidated"], ["UN", "US", "EU"])
    on_lists(["un-consolidated"], ["UN"])
    on_lists(["un-consolidated"], ["US"], removed=True)  # no longer on the UN list
    on_lists(["us-ofac-sdn"], ["US"])
    counts = resolution_counts()
    assert (counts["un_listed"], counts["ofac"], counts["uk"], counts["eu"]) == (3, 2, 1, 1)


def test_dashboard_shows_the_counts_and_shares(viewer_client, on_lists):
    on_lists(["un-consolidated", "us-ofac-sdn"], ["UN", "US"])
    on_lists(["un-consolidated"], ["UN"])
    html = viewer_client.get(reverse("sanctions:dashboard")).content.decode()
    assert "1</span> subjects on more than one list" in html
    assert "Of the 2 parties on the UN list" in html
    assert "50% (1) are designated by OFAC too" in html
    assert "0% (0) are designated by the UK too" in html


def test_dashboard_links_the_review_queue_for_staff_only(client, analyst, viewer, on_lists):
    queue = reverse("admin:sanctions_subjectpair_changelist")
    client.force_login(analyst)
    assert f'href="{queue}"' in client.get(reverse("sanctions:dashboard")).content.decode()
    viewer.is_staff = False
    viewer.save()
    client.force_login(viewer)
    assert f'href="{queue}"' not in client.get(reverse("sanctions:dashboard")).content.decode()


@pytest.mark.parametrize("extra", [1, 12])
def test_dashboard_query_count_does_not_grow_with_rows(
    viewer_client, seed, on_lists, django_assert_num_queries, extra
):
    for n in range(extra):
        first = on_lists(["un-consolidated", "us-ofac-sdn"], ["UN", "US", "GB"])
        second = on_lists(["uk-ofsi-conlist"], ["GB"])
        SubjectPair.objects.create(subject_a=first, subject_b=second, score=0.7 + n / 100)
    with django_assert_num_queries(31):
        # session, user; subject count, active count, delisted count; the latest changes
        # (one query per historied model: 15); the chart (the latest listing, the latest
        # first sighting, its bars, the bars of designations first seen without a listing
        # date); resolution: UN-listed parties with their counterparts (one aggregate),
        # subjects on several lists, waiting pairs; the user's and the group's permissions
        # (the link to the review queue); the latest designations, the latest first seen.
        viewer_client.get(reverse("sanctions:dashboard"))


def test_counts_need_three_queries(on_lists, django_assert_num_queries):
    on_lists(["un-consolidated", "us-ofac-sdn"], ["UN", "US"])
    with django_assert_num_queries(3):
        # subjects on several lists; waiting pairs; UN-listed parties and their counterparts
        resolution_counts()
