"""A subject's official list entries: on its page and in the API, with first and last seen, the
publisher's own page, and the list=, entry_id= and identifier= filters of subjects and
designations."""

import datetime

import pytest
from django.http import QueryDict
from django.urls import reverse
from pytest_django.asserts import assertContains

from sanctions.filtersets import DesignationFilterSet, SubjectFilterSet
from sanctions.models import Identifier, ImportRun, ListEntry

from .conftest import TEST_DATA

pytestmark = pytest.mark.django_db


def run(slug, list_date=None, started=datetime.datetime(2024, 1, 1, 12, tzinfo=datetime.UTC)):
    return ImportRun.objects.create(
        format="ofac-csv", list=slug, list_date=list_date, started=started
    )


def entry(subject, slug="us-ofac-sdn", entry_id="23213", **fields):
    return ListEntry.objects.create(subject=subject, list=slug, entry_id=entry_id, **fields)


def seen(list_entry):
    dated = ListEntry.objects.with_seen_dates().get(pk=list_entry.pk)
    return dated.first_seen, dated.last_seen


def filtered(filterset_class, query):
    filterset = filterset_class(
        QueryDict(query), queryset=filterset_class._meta.model.objects.all()
    )
    assert filterset.is_valid(), filterset.errors
    return set(filterset.qs.values_list("id", flat=True))


# --- The publisher's page ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("slug", "entry_id", "url"),
    [
        ("us-ofac-sdn", "23213", "https://sanctionssearch.ofac.treas.gov/Details.aspx?id=23213"),
        ("us-ofac-cons", "31001", "https://sanctionssearch.ofac.treas.gov/Details.aspx?id=31001"),
        ("opensanctions", "NK-a b/c", "https://www.opensanctions.org/entities/NK-a%20b%2Fc/"),
        ("un-consolidated", "6908582", ""),
        ("uk-ofsi-conlist", "13562", ""),
    ],
)
def test_publisher_url_is_the_lists_own_page_or_none(slug, entry_id, url):
    assert ListEntry(list=slug, entry_id=entry_id).publisher_url == url


# --- First and last seen ----------------------------------------------------------------


def test_first_seen_is_the_first_runs_list_date_or_its_day(make_subject):
    dated = run("us-ofac-sdn", list_date=datetime.date(2019, 5, 1))
    undated = run("un-consolidated", started=datetime.datetime(2020, 2, 3, 12, tzinfo=datetime.UTC))
    subject = make_subject()
    assert seen(entry(subject, first_run=dated, last_run=dated))[0] == datetime.date(2019, 5, 1)
    un_entry = entry(subject, "un-consolidated", "1", first_run=undated, last_run=undated)
    assert seen(un_entry)[0] == datetime.date(2020, 2, 3)


def test_a_listed_entry_was_last_seen_by_the_latest_run_of_its_list(make_subject):
    first = run("us-ofac-sdn", list_date=datetime.date(2019, 5, 1))
    run("us-ofac-sdn", list_date=datetime.date(2019, 6, 1))  # unchanged: not written
    run("un-consolidated", list_date=datetime.date(2021, 1, 1))  # another list's
    listed = entry(make_subject(), first_run=first, last_run=first)
    assert seen(listed) == (datetime.date(2019, 5, 1), datetime.date(2019, 6, 1))


def test_a_removed_entry_was_last_seen_by_the_run_before_its_removal(make_subject):
    first = run("us-ofac-sdn", list_date=datetime.date(2019, 5, 1))
    run("us-ofac-sdn", list_date=datetime.date(2019, 6, 1))
    removal = run("us-ofac-sdn", list_date=datetime.date(2019, 7, 1))
    run("us-ofac-sdn", list_date=datetime.date(2019, 8, 1))
    removed = entry(
        make_subject(), first_run=first, last_run=removal, removed_on=datetime.date(2019, 7, 1)
    )
    assert seen(removed) == (datetime.date(2019, 5, 1), datetime.date(2019, 6, 1))


# --- The subject's page and the API -----------------------------------------------------


@pytest.fixture
def imported(seed, run_import):
    """The small OFAC file and the UN file, imported in that order."""
    run_import("ofac-csv", TEST_DATA / "ofac" / "v1")
    run_import("un-xml", TEST_DATA / "un" / "consolidated.xml")


def test_subject_page_lists_entries_with_the_publishers_link(imported, viewer_client):
    choe = ListEntry.objects.get(list="us-ofac-sdn", entry_id="23213").subject
    response = viewer_client.get(choe.get_absolute_url())
    assertContains(response, "Official list entries")
    assertContains(response, "OFAC Specially Designated Nationals (SDN) List")
    assertContains(
        response,
        '<a href="https://sanctionssearch.ofac.treas.gov/Details.aspx?id=23213" '
        'rel="external noopener">23213</a>',
        html=False,
    )
    assertContains(response, "CHOE, Ryong Hae")


def test_subject_page_shows_the_un_reference_without_a_link(imported, viewer_client):
    un_entry = ListEntry.objects.get(list="un-consolidated", reference="KPi.042")
    response = viewer_client.get(un_entry.subject.get_absolute_url())
    assertContains(response, "UN Security Council Consolidated List")
    assertContains(response, f"<td>{un_entry.entry_id}</td>", html=False)
    assertContains(response, "<td>KPi.042</td>", html=False)


def test_subject_page_says_when_a_subject_is_on_no_list(seed, viewer_client, make_subject):
    response = viewer_client.get(make_subject(name="Hand Entered").get_absolute_url())
    assertContains(response, "On no imported official list.")


def test_api_subject_carries_its_list_entries(reader_client, make_subject):
    subject = make_subject()
    first = run("us-ofac-sdn", list_date=datetime.date(2019, 5, 1))
    latest = run("us-ofac-sdn", list_date=datetime.date(2019, 6, 1))
    entry(subject, reference="", name="CHOE, Ryong Hae", first_run=first, last_run=latest)
    entry(subject, "un-consolidated", "6908582", reference="KPi.042", name="CHOE RYONG HAE")
    body = reader_client.get(reverse("api:subject-detail", kwargs={"pk": subject.pk})).json()
    assert body["list_entries"] == [
        {
            "list": "un-consolidated",
            "list_name": "UN Security Council Consolidated List",
            "entry_id": "6908582",
            "reference": "KPi.042",
            "name": "CHOE RYONG HAE",
            "first_seen": None,  # no import run of the UN list is recorded here
            "last_seen": None,
            "removed_on": None,
            "external_url": "",
        },
        {
            "list": "us-ofac-sdn",
            "list_name": "OFAC Specially Designated Nationals (SDN) List",
            "entry_id": "23213",
            "reference": "",
            "name": "CHOE, Ryong Hae",
            "first_seen": "2019-05-01",
            "last_seen": "2019-06-01",
            "removed_on": None,
            "external_url": "https://sanctionssearch.ofac.treas.gov/Details.aspx?id=23213",
        },
    ]


def test_api_subject_list_leaves_list_entries_to_the_detail(reader_client, make_subject):
    entry(make_subject())
    item = reader_client.get(reverse("api:subject-list")).json()["results"][0]
    assert "list_entries" not in item


@pytest.mark.parametrize("entries", [1, 4])
def test_api_subject_queries_do_not_grow_with_entries(
    reader_client, make_subject, django_assert_num_queries, entries
):
    subject = make_subject()
    first = run("us-ofac-sdn")
    for n in range(entries):
        entry(subject, entry_id=str(n), first_run=first, last_run=first)
    # The subject; its aliases, birth dates, nationalities, birth places, identifiers,
    # addresses; relationships both ways; designations; citations (none of them: nothing
    # nested is read); then its list entries with their seen dates.
    with django_assert_num_queries(12):
        body = reader_client.get(reverse("api:subject-detail", kwargs={"pk": subject.pk})).json()
    assert len(body["list_entries"]) == entries


# --- Filters ----------------------------------------------------------------------------


@pytest.fixture
def listed(make_subject, make_designation):
    """Three subjects: one on OFAC (23213), one on the UN (23213 too), one on both."""
    ofac, un, both = (make_subject(name=name) for name in ("Ofac", "Un", "Both"))
    designations = {}
    for subject, slug, entry_id in [
        (ofac, "us-ofac-sdn", "23213"),
        (un, "un-consolidated", "23213"),
        (both, "us-ofac-sdn", "100"),
        (both, "un-consolidated", "6908582"),
    ]:
        list_entry = entry(subject, slug, entry_id)
        designations[slug, entry_id] = make_designation(subject=subject, list_entry=list_entry)
    return {"ofac": ofac, "un": un, "both": both, "designations": designations}


def test_entry_id_finds_subjects_on_any_list(listed):
    assert filtered(SubjectFilterSet, "entry_id=23213") == {listed["ofac"].pk, listed["un"].pk}


def test_entry_id_repeated_values_combine_with_or(listed):
    found = filtered(SubjectFilterSet, "entry_id=100&entry_id=6908582&entry_id=nothing")
    assert found == {listed["both"].pk}
    assert filtered(SubjectFilterSet, "entry_id=6908582&entry_id=23213") == {
        listed["ofac"].pk,
        listed["un"].pk,
        listed["both"].pk,
    }


def test_entry_id_is_an_exact_match(listed):
    assert filtered(SubjectFilterSet, "entry_id=2321") == set()
    assert filtered(SubjectFilterSet, "entry_id=%2023213%20") == {
        listed["ofac"].pk,
        listed["un"].pk,
    }  # surrounding spaces are stripped, as from every free-text parameter


def test_list_and_entry_id_hold_on_one_entry(listed):
    # "both" is on the UN list and has an entry 100, but not UN entry 100.
    assert filtered(SubjectFilterSet, "list=un-consolidated&entry_id=100") == set()
    assert filtered(SubjectFilterSet, "list=un-consolidated&entry_id=23213") == {listed["un"].pk}


def test_list_repeated_values_combine_with_or(listed):
    assert filtered(SubjectFilterSet, "list=us-ofac-sdn&list=un-consolidated") == {
        listed["ofac"].pk,
        listed["un"].pk,
        listed["both"].pk,
    }


def test_designation_entry_id_finds_the_designation_kept_by_that_entry(listed):
    designations = listed["designations"]
    assert filtered(DesignationFilterSet, "entry_id=23213&list=us-ofac-sdn") == {
        designations["us-ofac-sdn", "23213"].pk
    }
    assert filtered(DesignationFilterSet, "entry_id=100&entry_id=6908582") == {
        designations["us-ofac-sdn", "100"].pk,
        designations["un-consolidated", "6908582"].pk,
    }


@pytest.mark.parametrize("name", ["subject", "designation"])
def test_unknown_list_is_a_400_naming_the_parameter_and_the_lists(reader_client, name):
    response = reader_client.get(reverse(f"api:{name}-list"), {"list": "us-ofac"})
    assert response.status_code == 400
    assert response.json() == {
        "list": [
            "“us-ofac” is not allowed; use one of: us-ofac-sdn, us-ofac-cons, un-consolidated, "
            "uk-ofsi-conlist, opensanctions, eu-fsf, uk-sanctions-list."
        ]
    }


@pytest.mark.parametrize("name", ["subject", "designation"])
def test_api_list_and_entry_id_filter_alike_on_the_web(reader_client, viewer_client, listed, name):
    query = {"list": "us-ofac-sdn", "entry_id": "23213"}
    api = reader_client.get(reverse(f"api:{name}-list"), query).json()
    assert api["count"] == 1
    web = viewer_client.get(reverse(f"sanctions:{name}_list"), query)
    assert web.status_code == 200
    assert list(web.context["object_list"].values_list("pk", flat=True)) == [
        api["results"][0]["id"]
    ]


@pytest.mark.parametrize("name", ["subject", "designation"])
def test_entry_filters_cost_no_query_of_their_own(
    reader_client, listed, django_assert_num_queries, name
):
    # The list's own queries only (see LIST_QUERIES in test_api.py): the entry conditions
    # and the identifier are part of the count and the page query.
    Identifier.objects.create(subject=listed["ofac"], kind="passport", number="PD-1")
    queries = {"subject": 6, "designation": 4}[name]  # the subjects' includes their status
    query = {"list": "us-ofac-sdn", "entry_id": ["23213", "100"], "identifier": "pd1"}
    with django_assert_num_queries(queries):
        response = reader_client.get(reverse(f"api:{name}-list"), query)
    assert response.json()["count"] == 1


@pytest.fixture
def passports(make_subject, make_designation):
    holder, other = make_subject(name="Holder"), make_subject(name="Other")
    Identifier.objects.create(subject=holder, kind="passport", number="PD 123-456")
    Identifier.objects.create(subject=other, kind="passport", number="PD 123 457")
    return {
        "holder": holder,
        "other": other,
        "designation": make_designation(subject=holder),
        "other_designation": make_designation(subject=other),
    }


@pytest.mark.parametrize("number", ["PD 123-456", "pd123456", "Pd.123/456", "PD-123-456"])
def test_identifier_ignores_case_spaces_and_punctuation(passports, number):
    assert filtered(SubjectFilterSet, f"identifier={number}") == {passports["holder"].pk}


def test_identifier_needs_the_whole_number(passports):
    assert filtered(SubjectFilterSet, "identifier=PD123") == set()


def test_identifier_repeated_values_combine_with_or(passports):
    query = "identifier=pd123456&identifier=PD123457"
    assert filtered(SubjectFilterSet, query) == {passports["holder"].pk, passports["other"].pk}


def test_designation_identifier_is_its_subjects(passports):
    assert filtered(DesignationFilterSet, "identifier=pd123456") == {passports["designation"].pk}
