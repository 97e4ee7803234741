"""The change feed: ``/api/v1/changes/``, ``/changes/`` and ``/changes/feed/``."""

import csv
import datetime
import io
from xml.etree import ElementTree

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sanctions.importers.history import attributed_history
from sanctions.models import Alias, Designation, LegalAuthority, Subject
from sanctions.tracking.feed import Position

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


# --- Web pages, as-of views, delisting, Atom ----------------------------------------------


def test_the_web_changes_page_lists_and_filters(viewer_client, make_subject, make_designation):
    make_subject(name="Only A Subject")
    make_designation()
    page = viewer_client.get("/changes/", {"model": "subject"})
    assert page.status_code == 200
    assert "Only A Subject" in page.text
    assert "Designation" not in page.text.split("<tbody>")[1]
    assert viewer_client.get("/changes/", {"since": "yesterday"}).status_code == 400


def test_every_detail_page_has_a_history_section(viewer_client, make_subject):
    subject = make_subject(name="Kim Chol")
    subject.position = "Envoy"
    subject.save()
    page = viewer_client.get(subject.get_absolute_url())
    history = page.text.split('id="history-heading"')[1]
    assert "Envoy" in history
    assert "changed" in history


@pytest.mark.parametrize(
    ("day", "active"),
    [("2018-12-09", False), ("2018-12-10", True), ("2020-01-31", True), ("2020-02-01", False)],
)
def test_active_on_counts_the_boundary_days(
    reader_client, viewer_client, make_designation, day, active
):
    designation = make_designation(
        listed_on=datetime.date(2018, 12, 10), delisted_on=datetime.date(2020, 2, 1)
    )
    designations = reader_client.get("/api/v1/designations/", {"active_on": day}).json()
    subjects = reader_client.get("/api/v1/subjects/", {"active_on": day}).json()
    assert (designations["count"], subjects["count"]) == (int(active), int(active))
    web = "/subjects/?" + f"active_on={day}"
    assert (designation.subject.name in viewer_client.get(web).text) is active


def test_active_on_applies_with_the_other_designation_filters(
    reader_client, make_designation, make_agency
):
    ofac = make_agency(slug="ofac")
    make_designation(agency=ofac, listed_on=datetime.date(2019, 1, 1))
    make_designation(listed_on=datetime.date(2017, 1, 1))
    response = reader_client.get("/api/v1/subjects/", {"active_on": "2018-06-01", "agency": "ofac"})
    assert response.json()["count"] == 0


def test_a_bad_active_on_is_a_400(reader_client):
    response = reader_client.get("/api/v1/designations/", {"active_on": "soon"})
    assert (response.status_code, list(response.json())) == (400, ["active_on"])


def _backdate(record, *days):
    """Date the record's history rows, oldest first, at noon of the given days."""
    rows = list(record.history.order_by("history_date", "history_id"))
    for row, day in zip(rows, days, strict=True):
        when = timezone.make_aware(datetime.datetime.fromisoformat(f"{day}T12:00"))
        type(row).objects.filter(history_id=row.history_id).update(history_date=when)


def _recorded(response):
    """The "As recorded on" section of a record's page on a day."""
    return response.text.split('id="recorded-heading"')[1].split("</section>")[0]


def _in_force(response):
    """The "In force on" section of a record's page on a day."""
    return response.text.split('id="in-force-heading"')[1].split("</section>")[0]


def test_a_subject_entered_later_is_still_in_force_on_a_day_before_it_was_recorded(
    viewer_client, make_designation
):
    designation = make_designation(listed_on=datetime.date(2018, 12, 10))
    subject = designation.subject
    _backdate(subject, "2026-11-29")
    _backdate(designation, "2026-11-29", "2026-11-29")
    page = viewer_client.get(subject.get_absolute_url(), {"as_of": "2026-11-20"})
    assert "In force on 20 November 2026" in page.text
    assert "Sanctioned on that day by 1 designation." in _in_force(page)
    assert "in force" in _in_force(page)
    recorded = _recorded(page)
    assert "As recorded on 20 November 2026" in recorded
    assert "had not recorded this subject yet on 20 November 2026" in recorded
    assert "It was nonetheless in force that day" in recorded


def test_a_subject_before_its_listing_was_not_sanctioned(viewer_client, make_designation):
    designation = make_designation(listed_on=datetime.date(2018, 12, 10))
    page = viewer_client.get(designation.subject.get_absolute_url(), {"as_of": "2018-12-09"})
    assert "No designation was in force on that day." in _in_force(page)
    assert "not yet listed" in _in_force(page)


def test_a_subject_after_its_delisting_was_not_sanctioned(viewer_client, make_designation):
    designation = make_designation(
        listed_on=datetime.date(2018, 12, 10), delisted_on=datetime.date(2020, 1, 1)
    )
    page = viewer_client.get(designation.subject.get_absolute_url(), {"as_of": "2020-06-01"})
    assert "No designation was in force on that day." in _in_force(page)
    assert "delisted" in _in_force(page)


def test_a_designation_page_on_a_day_says_whether_it_was_in_force(viewer_client, make_designation):
    designation = make_designation(listed_on=datetime.date(2018, 12, 10))
    page = viewer_client.get(designation.get_absolute_url(), {"as_of": "2019-01-01"})
    assert "Sanctioned on that day by 1 designation." in _in_force(page)


def test_a_reference_record_on_a_day_has_no_in_force_section(viewer_client, make_agency):
    agency = make_agency()
    page = viewer_client.get(agency.get_absolute_url(), {"as_of": "2019-01-01"})
    assert page.status_code == 200
    assert 'id="in-force-heading"' not in page.text
    assert 'id="recorded-heading"' in page.text


def test_a_garbled_day_is_a_proper_error_page(viewer_client, make_subject):
    subject = make_subject()
    page = viewer_client.get(subject.get_absolute_url(), {"as_of": "garbage<b>"})
    assert page.status_code == 400
    assert page["Content-Type"].startswith("text/html")
    assert "“garbage&lt;b&gt;” is not a date: enter one as YYYY-MM-DD" in page.text
    assert "<b>" not in page.text.split("<main")[1]
    assert f'href="{subject.get_absolute_url()}"' in page.text


def test_a_detail_page_as_of_a_day_shows_the_record_as_it_was(viewer_client, make_designation):
    designation = make_designation(listed_on=datetime.date(2019, 1, 10))
    subject = designation.subject
    subject.name = "Renamed Person"
    subject.save()
    _backdate(subject, "2019-01-10", "2019-06-02")
    _backdate(designation, "2019-01-10", "2019-01-10")

    on_the_day_before = viewer_client.get(subject.get_absolute_url(), {"as_of": "2019-06-01"})
    assert on_the_day_before.status_code == 200
    assert "Renamed Person" not in _recorded(on_the_day_before)
    assert "active" in on_the_day_before.text
    on_the_day = viewer_client.get(subject.get_absolute_url(), {"as_of": "2019-06-02"})
    assert "Renamed Person" in _recorded(on_the_day)
    before = viewer_client.get(subject.get_absolute_url(), {"as_of": "2019-01-09"})
    assert "had not recorded this subject yet on 9 January 2019" in before.text
    assert viewer_client.get(subject.get_absolute_url(), {"as_of": "June"}).status_code == 400


def test_delist_and_relist_from_the_admin_show_on_the_timeline(
    analyst_client, make_designation, make_article
):
    designation = make_designation(listed_on=datetime.date(2018, 12, 10))
    # Entered long ago: a later change would be an amendment, not part of the entry.
    entered = timezone.make_aware(datetime.datetime(2018, 12, 10, 12))
    Designation.history.filter(id=designation.pk).update(history_date=entered)
    notice = make_article(title="Treasury removes sanctions", url="https://example.org/n1")
    changelist = reverse("admin:sanctions_designation_changelist")

    asked = analyst_client.post(
        changelist, {"action": "delist", "_selected_action": [designation.pk]}
    )
    assert asked.status_code == 200
    assert "Give the source" not in asked.text
    assert 'name="day"' in asked.text
    refused = analyst_client.post(
        changelist,
        {
            "action": "delist",
            "_selected_action": [designation.pk],
            "apply": "1",
            "day": "2020-02-01",
        },
    )
    assert "Give the source: an article or a notice URL." in refused.text
    done = analyst_client.post(
        changelist,
        {
            "action": "delist",
            "_selected_action": [designation.pk],
            "apply": "1",
            "day": "2020-02-01",
            "article": notice.pk,
        },
    )
    assert done.status_code == 302
    designation.refresh_from_db()
    assert (designation.delisted_on, designation.delisting_article) == (
        datetime.date(2020, 2, 1),
        notice,
    )
    assert designation.history.latest().history_change_reason == "delisted"

    analyst_client.post(
        changelist,
        {
            "action": "relist",
            "_selected_action": [designation.pk],
            "apply": "1",
            "day": "2021-03-01",
            "url": "https://example.org/relisted",
        },
    )
    renewed = Designation.objects.get(relisted_from=designation)
    assert (renewed.listed_on, renewed.source_url) == (
        datetime.date(2021, 3, 1),
        "https://example.org/relisted",
    )
    assert list(renewed.measures.all()) == list(designation.measures.all())

    page = analyst_client.get(designation.subject.get_absolute_url()).text
    timeline = page.split('class="timeline"')[1]
    assert timeline.index("Listed") < timeline.index("Delisted") < timeline.index("Relisted")
    assert "Treasury removes sanctions" in timeline
    assert "delisting article" not in timeline  # part of the delisting, not an amendment


def test_the_atom_feed_is_valid_xml_with_the_matching_changes(
    viewer_client, make_subject, make_designation
):
    make_subject(name="Feed Person")
    make_designation()
    response = viewer_client.get("/changes/feed/", {"model": "subject", "action": "added"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(response.content)
    atom = "{http://www.w3.org/2005/Atom}"
    assert root.tag == f"{atom}feed"
    titles = [entry.find(f"{atom}title").text for entry in root.iter(f"{atom}entry")]
    assert "Subject added: Feed Person" in titles
    assert all(title.startswith("Subject added") for title in titles)
    ids = [entry.find(f"{atom}id").text for entry in root.iter(f"{atom}entry")]
    assert len(ids) == len(set(ids))


def test_the_atom_feed_refuses_a_bad_filter_and_needs_a_login(viewer_client):
    assert viewer_client.get("/changes/feed/", {"action": "renamed"}).status_code == 400
    assert Client().get("/changes/feed/").status_code == 302


def test_the_feed_follows_new_designations_of_one_program(
    reader_client, viewer_client, make_designation, make_program, start
):
    dprk = make_program(code="DPRK2")
    other = make_program(code="SDGT")
    wanted = make_designation(agency=dprk.agency, program=dprk)
    make_designation(agency=other.agency, program=other)
    make_designation()  # no program at all

    results, _next = everything(
        reader_client, since=start.isoformat(), program="dprk2", action="added"
    )
    assert {(r["model"], r["record"]["id"]) for r in results} == {("designation", wanted.pk)}
    by_slug, _next = everything(reader_client, since=start.isoformat(), program=dprk.slug)
    assert {r["record"]["id"] for r in by_slug} == {wanted.pk}

    atom = viewer_client.get("/changes/feed/", {"program": "DPRK2", "action": "added"})
    root = ElementTree.fromstring(atom.content)
    entries = list(root.iter("{http://www.w3.org/2005/Atom}entry"))
    assert len(entries) == 1


def test_an_unknown_program_is_a_400_naming_it(reader_client):
    response = reader_client.get(FEED, {"program": "NOPE"})
    assert response.status_code == 400
    assert "program" in response.json()
    assert "NOPE" in str(response.json()["program"])


def test_a_subject_as_of_a_day_shows_the_parts_it_had_then(viewer_client, make_subject):
    from sanctions.models import Address, Nationality

    subject = make_subject(name="Parts Person")
    nationality = Nationality.objects.create(subject=subject, country="KP")
    address = Address.objects.create(subject=subject, full="Pyongyang", country="KP")
    _backdate(subject, "2019-01-10")
    _backdate(nationality, "2019-01-10")
    _backdate(address, "2019-03-01")

    page = viewer_client.get(subject.get_absolute_url(), {"as_of": "2019-02-01"})
    assert page.status_code == 200
    assert "North Korea" in page.text
    addresses = page.text.split("<h3>Addresses</h3>")[1].split("</div>")[0]
    assert "None recorded." in addresses
    later = viewer_client.get(subject.get_absolute_url(), {"as_of": "2019-03-02"})
    assert "Pyongyang" in later.text.split("<h3>Addresses</h3>")[1].split("</div>")[0]
