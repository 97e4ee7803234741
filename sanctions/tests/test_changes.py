"""The change feed (issue 6): ``/api/v1/changes/``, ``/changes/`` and ``/changes/feed/``."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from sanctions.changes import Position
from sanctions.importers.history import attributed_history
from sanctions.models import Alias, Designation, LegalAuthority, Subject

FEED = "/api/v1/changes/"


@pytest.fixture(autouse=True)
def no_settle_delay(settings):
    settings.TRACKER_CHANGES_SETTLE_SECONDS = 0


@pytest.fixture
def start(db):
    """A moment before the test's changes (the rows written before are the fixtures')."""
    return timezone.now() - datetime.timedelta(microseconds=1)


def fetch(client, **params):
    response = client.get(FEED, params)
    assert response.status_code == 200, response.content
    return response.json()


def everything(client, **params):
    """Every change, following ``next`` until there is no more."""
    page = fetch(client, **params)
    results = page["results"]
    while page["has_more"]:
        page = client.get(page["next"]).json()
        results += page["results"]
    return results, page["next"]


def test_the_feed_lists_additions_changes_and_deletions_with_old_and_new_values(
    reader_client, analyst, make_subject, start
):
    subject = make_subject(name="Kim Chol")
    subject.name = "Kim Chol-su"
    subject._history_user = analyst
    subject.save()
    alias = Alias.objects.create(subject=subject, name="K. Chol")
    alias.delete()

    results, _next = everything(reader_client, since=start.isoformat())

    assert [(r["model"], r["action"]) for r in results] == [
        ("subject", "added"),
        ("subject", "changed"),
        ("alias", "added"),
        ("alias", "deleted"),
    ]
    change = results[1]
    assert change["changes"] == [{"field": "name", "old": "Kim Chol", "new": "Kim Chol-su"}]
    assert change["user"]["username"] == "analyst"
    assert change["record"]["id"] == subject.pk
    assert change["record"]["name"] == "Kim Chol-su"
    assert change["record"]["url"].endswith(f"/api/v1/subjects/{subject.pk}/")
    assert {"field": "name", "old": None, "new": "Kim Chol"} in results[0]["changes"]


def test_many_to_many_changes_give_old_and_new_ids(reader_client, make_designation, start):
    designation = make_designation()
    authority = LegalAuthority.objects.create(slug="eo", title="E.O. 1", kind="executive_order")
    designation.authorities.add(authority)
    results, _next = everything(reader_client, since=start.isoformat(), model="designation")
    last = results[-1]
    assert {"field": "authorities", "old": [], "new": [authority.pk]} in last["changes"]


def test_an_import_run_is_the_who_of_its_changes(reader_client, make_subject, start):
    with attributed_history(None, "import run 7: ofac-sdn"):
        subject = make_subject(name="Imported Person")
    make_subject(name="Typed Person")
    results, _next = everything(reader_client, since=start.isoformat(), import_run=7)
    assert [r["record"]["id"] for r in results] == [subject.pk]
    assert results[0]["import_run"] == {"id": 7, "list": "ofac-sdn"}
    assert results[0]["user"] is None


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"model": "designation"}, ["designation"]),
        ({"model": "subject,alias"}, ["subject", "alias"]),
        # The designation's measures are set after it is saved: a change, as recorded.
        ({"action": "changed"}, ["subject", "designation"]),
        ({"user": "analyst"}, ["subject"]),
    ],
)
def test_each_filter_narrows_the_feed(
    reader_client, analyst, make_designation, start, params, expected
):
    designation = make_designation()
    Alias.objects.create(subject=designation.subject, name="Alias")
    subject = designation.subject
    subject._history_user = analyst
    subject.position = "Envoy"
    subject.save()
    results, _next = everything(reader_client, since=start.isoformat(), **params)
    assert results
    assert {r["model"] for r in results} == set(expected)
    if "user" in params:
        assert [r["action"] for r in results] == ["changed"]


def test_since_and_until_bound_the_feed(reader_client, make_subject):
    first = make_subject(name="First")
    middle = timezone.now()
    make_subject(name="Second")
    before, _next = everything(reader_client, until=middle.isoformat(), model="subject")
    after, _next = everything(reader_client, since=middle.isoformat(), model="subject")
    assert [r["record"]["name"] for r in before] == [first.name]
    assert [r["record"]["name"] for r in after] == ["Second"]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("since", "yesterday"),
        ("until", "2024-13-01"),
        ("model", "spaceship"),
        ("action", "renamed"),
        ("import_run", "x"),
        ("cursor", "not-a-cursor"),
        ("page_size", "501"),
    ],
)
def test_a_bad_parameter_is_a_400_naming_it(reader_client, name, value):
    response = reader_client.get(FEED, {name: value})
    assert response.status_code == 400
    assert list(response.json()) == [name]


def test_cursor_paging_with_writes_between_pages_gives_each_change_once(
    reader_client, make_subject, start
):
    for n in range(5):
        make_subject(name=f"Before {n}")
    seen = []
    page = fetch(reader_client, since=start.isoformat(), page_size=2)
    seen += page["results"]
    make_subject(name="Written between pages")
    Subject.objects.get(name="Before 0").delete()
    while page["has_more"]:
        page = reader_client.get(page["next"]).json()
        seen += page["results"]
        make_subject(name=f"Written while paging {len(seen)}")
    # A later poll from the last "next" gets what was written since, and nothing again.
    later = reader_client.get(page["next"]).json()
    seen += later["results"]
    assert reader_client.get(later["next"]).json()["results"] == []

    ids = [r["id"] for r in seen]
    assert len(ids) == len(set(ids))
    history_rows = Subject.history.filter(history_date__gte=start).count()
    assert len(ids) == history_rows
    whens = [r["when"] for r in seen]
    assert whens == sorted(whens)


def test_changes_within_the_settle_delay_wait_for_the_next_poll(
    reader_client, make_subject, settings, start
):
    settings.TRACKER_CHANGES_SETTLE_SECONDS = 3600
    make_subject(name="Just saved")
    page = fetch(reader_client, since=start.isoformat())
    assert page["results"] == []
    settings.TRACKER_CHANGES_SETTLE_SECONDS = 0
    later = reader_client.get(page["next"]).json()
    assert [r["record"]["name"] for r in later["results"]] == ["Just saved"]


def test_a_cursor_is_opaque_and_round_trips():
    position = Position(timezone.now(), "subject", 42)
    assert Position.decode(position.encode()) == position


def test_the_feed_as_csv_has_every_matching_change(reader_client, make_subject, start):
    subject = make_subject(name="Kim, Chol")
    subject.position = "Director"
    subject.save()
    response = reader_client.get(FEED, {"since": start.isoformat(), "format": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [(row["action"], row["record_name"]) for row in rows] == [
        ("added", "Kim, Chol"),
        ("changed", "Kim, Chol"),
    ]
    assert '"field": "position"' in rows[1]["changes"]


def test_the_feed_needs_a_login(api_client):
    assert api_client.get(FEED).status_code == 401


def test_the_feed_is_in_the_schema(reader_client):
    schema = reader_client.get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/changes/"]["get"]
    names = {parameter["name"] for parameter in operation["parameters"]}
    assert {"since", "until", "model", "user", "import_run", "action", "cursor"} <= names


@pytest.mark.parametrize("rows", [1, 20])
def test_feed_queries_do_not_grow_with_history(
    reader_client, make_designation, django_assert_num_queries, rows, start
):
    for _n in range(rows):
        designation = make_designation()
        designation.reason = "Changed"
        designation.save()
    # One limited query per historical table (15); the previous rows of the changed records
    # on the page (designations); the many-to-many rows of the designations on the page and
    # of their previous rows (authorities, measures).
    with django_assert_num_queries(15 + 1 + 2):
        response = reader_client.get(
            FEED, {"since": start.isoformat(), "model": "", "page_size": 500}
        )
    assert response.status_code == 200
    assert Designation.objects.count() == rows


def test_the_api_root_lists_the_feed(reader_client):
    assert reader_client.get("/api/v1/").json()["changes"].endswith(FEED)


def test_web_changes_url_exists():
    assert reverse("api:change-list") == FEED
