"""The review queue of proposed pairs and the merges admin: deciding, merging, splitting."""

import threading

import pytest
from django.db import connection, connections, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sanctions.merging import MergeError, decide_pair, merge_subjects
from sanctions.models import (
    Alias,
    Designation,
    ListEntry,
    Nationality,
    Subject,
    SubjectMerge,
    SubjectPair,
)

QUEUE = reverse("admin:sanctions_subjectpair_changelist")


def review_url(pair):
    return reverse("admin:sanctions_subjectpair_change", args=[pair.pk])


def split_url(merge):
    return reverse("admin:sanctions_subjectmerge_split", args=[merge.pk])


@pytest.fixture
def make_pair(make_subject):
    def make(score=0.8, **fields):
        first = fields.pop("first", None) or make_subject()
        second = fields.pop("second", None) or make_subject()
        low, high = sorted([first, second], key=lambda s: s.pk)
        return SubjectPair.objects.create(subject_a=low, subject_b=high, score=score, **fields)

    return make


@pytest.fixture
def pair(seed, make_subject, make_designation, make_program):
    """Choe on OFAC (KP, born 1950) and on the UN (RU, born 1950, alias in common)."""
    ofac = make_subject(name="CHOE, Ryong Hae")
    un = make_subject(name="Choe Ryong Hae")
    ListEntry.objects.create(list="us-ofac-sdn", entry_id="990001", subject=ofac)
    ListEntry.objects.create(list="un-consolidated", entry_id="990002", subject=un)
    program = make_program(code="DPRK2")
    make_designation(subject=ofac, agency=program.agency, program=program)
    Nationality.objects.create(subject=ofac, country="KP")
    Nationality.objects.create(subject=un, country="RU")
    Alias.objects.create(subject=ofac, name="Ch'oe Ryong-hae")
    Alias.objects.create(subject=un, name="Ch'oe Ryong-hae")
    return SubjectPair.objects.create(
        subject_a=ofac, subject_b=un, score=0.93, explanation={"names": "equal once folded"}
    )


def post_decision(client, pair, decision, **extra):
    data = {"decision": decision, "version": pair.version, "survivor": pair.subject_a_id}
    return client.post(review_url(pair), {**data, **extra})


# --- The queue ------------------------------------------------------------------------------


def test_queue_lists_waiting_pairs_best_first(seed, make_pair, viewer_client):
    low, high = make_pair(score=0.5), make_pair(score=0.9)
    make_pair(score=0.99, decision="not_same")
    shown = list(viewer_client.get(QUEUE).context["cl"].result_list)
    assert shown == [high, low]


def test_queue_keeps_unsure_pairs_waiting(seed, make_pair, viewer_client):
    unsure = make_pair(decision="unsure")
    assert list(viewer_client.get(QUEUE).context["cl"].result_list) == [unsure]


def test_queue_shows_every_decision_on_request(seed, make_pair, viewer_client):
    make_pair(score=0.5), make_pair(score=0.9, decision="same")
    assert len(viewer_client.get(QUEUE, {"decision": "all"}).context["cl"].result_list) == 2
    decided = viewer_client.get(QUEUE, {"decision": "same"}).context["cl"].result_list
    assert [p.decision for p in decided] == ["same"]


def test_queue_leaves_out_pairs_with_a_merged_subject(seed, make_pair, make_subject):
    first, second, third = make_subject(), make_subject(), make_subject()
    make_pair(first=first, second=second)
    merge_subjects(third, second)
    assert not SubjectPair.objects.waiting().exists()


def test_queue_filters_by_list(pair, make_pair, viewer_client):
    make_pair()
    shown = viewer_client.get(QUEUE, {"list": "un-consolidated"}).context["cl"].result_list
    assert list(shown) == [pair]


def test_queue_filters_by_program(pair, make_pair, viewer_client):
    make_pair()
    slug = Designation.objects.get(subject=pair.subject_a).program.slug
    assert list(viewer_client.get(QUEUE, {"program": slug}).context["cl"].result_list) == [pair]


def test_queue_filters_by_score_range(seed, make_pair, viewer_client):
    middle = make_pair(score=0.75)
    make_pair(score=0.95)
    shown = viewer_client.get(QUEUE, {"score": "0.7-0.8"}).context["cl"].result_list
    assert list(shown) == [middle]


def test_queue_answers_an_unknown_filter_value_with_its_error_page(seed, viewer_client):
    response = viewer_client.get(QUEUE, {"decision": "maybe"})
    assert response.status_code == 302
    assert response["Location"].endswith("?e=1")


@pytest.mark.parametrize("filters", [{}, {"list": "us-ofac-sdn", "score": "0.5-0.7"}])
def test_queue_queries_do_not_grow_with_pairs(seed, make_pair, viewer_client, filters):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert viewer_client.get(QUEUE, filters).status_code == 200
        return len(queries)

    make_pair()
    few = count()
    for _n in range(5):
        make_pair()
    # Session, user, the user's and the groups' permissions; the programs of the program
    # filter; the count filtered and in all; the page, both subjects and the decider joined.
    assert count() == few == 8


# --- The review page ------------------------------------------------------------------------


def test_review_shows_the_two_subjects_side_by_side_with_marks(pair, viewer_client):
    response = viewer_client.get(review_url(pair))
    rows = {row.kind: row for row in response.context["rows"]}
    assert rows["names"].mark == "agree"
    assert rows["nationalities"].mark == "conflict"
    assert rows["designations"].mark == ""
    content = response.content.decode()
    assert "CHOE, Ryong Hae" in content
    assert "North Korea (KP)" in content
    assert "equal once folded" in content


def test_review_shows_where_designations_come_from(pair, viewer_client):
    content = viewer_client.get(review_url(pair)).content.decode()
    assert "entered by hand" in content


def test_viewers_see_no_decision_buttons(pair, viewer_client):
    assert 'name="decision"' not in viewer_client.get(review_url(pair)).content.decode()


def test_viewers_cannot_decide(pair, viewer_client):
    assert post_decision(viewer_client, pair, "not_same").status_code == 403
    pair.refresh_from_db()
    assert pair.decision == ""


def test_analysts_see_the_decision_buttons(pair, analyst_client):
    content = analyst_client.get(review_url(pair)).content.decode()
    for value in ("same", "not_same", "unsure"):
        assert f'name="decision" value="{value}"' in content


# --- Deciding -------------------------------------------------------------------------------


def test_same_party_merges_the_two(pair, analyst_client, analyst):
    response = post_decision(analyst_client, pair, "same")
    assert response.status_code == 302
    pair.refresh_from_db()
    assert (pair.decision, pair.decided_by, pair.decided_score) == ("same", analyst, 0.93)
    merge = SubjectMerge.objects.get()
    assert (merge.survivor_id, merge.absorbed_id, merge.pair) == (
        pair.subject_a_id,
        pair.subject_b_id,
        pair,
    )


def test_same_party_keeps_the_subject_the_analyst_chose(pair, analyst_client):
    post_decision(analyst_client, pair, "same", survivor=pair.subject_b_id)
    assert Subject.everything.get(pk=pair.subject_a_id).merged_into_id == pair.subject_b_id


def test_not_the_same_is_kept_and_leaves_the_queue(pair, analyst_client, analyst):
    post_decision(analyst_client, pair, "not_same")
    pair.refresh_from_db()
    assert (pair.decision, pair.decided_by) == ("not_same", analyst)
    assert not SubjectMerge.objects.exists()
    assert not SubjectPair.objects.waiting().exists()


def test_unsure_is_kept_and_stays_in_the_queue(pair, analyst_client):
    post_decision(analyst_client, pair, "unsure")
    pair.refresh_from_db()
    assert pair.decision == "unsure"
    assert list(SubjectPair.objects.waiting()) == [pair]


def test_a_decision_goes_on_to_the_next_waiting_pair(pair, make_pair, analyst_client):
    following = make_pair(score=0.5)
    response = post_decision(analyst_client, pair, "not_same")
    assert response["Location"] == review_url(following)


def test_every_decision_is_in_the_pairs_history(pair, analyst_client):
    post_decision(analyst_client, pair, "unsure")
    pair.refresh_from_db()
    post_decision(analyst_client, pair, "not_same")
    decisions = [row.decision for row in pair.history.order_by("history_date")]
    assert decisions == ["", "unsure", "not_same"]
    content = analyst_client.get(review_url(pair)).content.decode()
    assert "History of this pair" in content
    assert content.count("analyst") >= 2


def test_a_decided_pair_is_not_asked_again(pair, analyst_client):
    post_decision(analyst_client, pair, "not_same")
    pair.refresh_from_db()
    assert 'name="decision"' not in analyst_client.get(review_url(pair)).content.decode()
    response = post_decision(analyst_client, pair, "same")
    assert "already decided" in response.content.decode()
    pair.refresh_from_db()
    assert pair.decision == "not_same"


def test_a_decision_on_a_pair_changed_since_it_was_opened_is_refused(pair, analyst_client):
    seen = pair.version
    decide_pair(pair, "unsure")
    response = post_decision(analyst_client, pair, "not_same", version=seen)
    assert "changed since you opened it" in response.content.decode()
    pair.refresh_from_db()
    assert pair.decision == "unsure"


def test_a_decision_without_a_csrf_token_is_refused(pair, analyst):
    client = Client(enforce_csrf_checks=True)
    client.force_login(analyst)
    assert post_decision(client, pair, "not_same").status_code == 403
    pair.refresh_from_db()
    assert pair.decision == ""


def test_a_decision_with_no_button_pressed_changes_nothing(pair, analyst_client):
    response = analyst_client.post(review_url(pair), {"version": pair.version})
    assert response.status_code == 200
    pair.refresh_from_db()
    assert pair.decision == ""


def test_decide_pair_refuses_an_unknown_decision(pair):
    with pytest.raises(MergeError, match="Unknown decision"):
        decide_pair(pair, "maybe")


# --- Merges and splits ----------------------------------------------------------------------


@pytest.fixture
def merge(pair):
    return decide_pair(pair, "same").merges.get()


def test_merges_are_listed(merge, viewer_client):
    response = viewer_client.get(reverse("admin:sanctions_subjectmerge_changelist"))
    assert list(response.context["cl"].result_list) == [merge]


def test_merges_list_queries_do_not_grow_with_merges(seed, make_subject, viewer_client):
    url = reverse("admin:sanctions_subjectmerge_changelist")

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert viewer_client.get(url).status_code == 200
        return len(queries)

    merge_subjects(make_subject(), make_subject())
    few = count()
    for _n in range(4):
        merge_subjects(make_subject(), make_subject())
    # Session, user, the user's and the groups' permissions; the count filtered and in all;
    # the page, with both subjects and the user who merged joined in.
    assert count() == few == 7


@pytest.mark.parametrize(("role", "offered"), [("analyst", True), ("viewer", False)])
def test_merge_page_offers_a_split_to_analysts_only(merge, client, request, role, offered):
    client.force_login(request.getfixturevalue(role))
    url = reverse("admin:sanctions_subjectmerge_change", args=[merge.pk])
    assert (split_url(merge) in client.get(url).content.decode()) is offered


def test_split_asks_for_confirmation_first(merge, analyst_client):
    response = analyst_client.get(split_url(merge))
    assert "Split this merge?" in response.content.decode()
    merge.refresh_from_db()
    assert merge.split_at is None


def test_split_confirmed_puts_the_absorbed_subject_back(merge, analyst_client, analyst):
    response = analyst_client.post(split_url(merge))
    assert response.status_code == 302
    merge.refresh_from_db()
    assert merge.split_by == analyst
    assert Subject.objects.filter(pk=merge.absorbed_id).exists()


def test_split_twice_says_it_was_already_split(merge, analyst_client):
    analyst_client.post(split_url(merge))
    response = analyst_client.post(split_url(merge), follow=True)
    assert "already split" in response.content.decode()


def test_viewers_cannot_split(merge, viewer_client):
    assert viewer_client.post(split_url(merge)).status_code == 403
    merge.refresh_from_db()
    assert merge.split_at is None


# --- Two analysts at once (PostgreSQL: SQLite has no row locks to wait on) -------------------

requires_row_locks = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs row locks that wait (SELECT ... FOR UPDATE): PostgreSQL only",
)


def run_at_once(*jobs):
    """Run each job in its own thread and connection, started together; their errors."""
    barrier, errors = threading.Barrier(len(jobs)), []

    def run(job):
        try:
            barrier.wait()
            with transaction.atomic():
                job()
        except MergeError as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@requires_row_locks
@pytest.mark.django_db(transaction=True)
def test_two_analysts_deciding_one_pair_at_once_one_wins_and_the_other_is_told(
    seed, make_subject, analyst, viewer
):
    first, second = make_subject(name="Choe"), make_subject(name="Choe R.")
    pair = SubjectPair.objects.create(subject_a=first, subject_b=second, score=0.9)
    errors = run_at_once(
        lambda: decide_pair(pair, "same", user=analyst, version=pair.version),
        lambda: decide_pair(pair, "not_same", user=viewer, version=pair.version),
    )
    assert len(errors) == 1
    pair.refresh_from_db()
    assert pair.history.count() == 2  # created, then the one decision
    merged = SubjectMerge.objects.exists()
    assert pair.decision == ("same" if merged else "not_same")
