"""Facets on the subject and designation lists: counts per value of the filtered rows, links
that add or take away a value, only values present; the designations' subject name filter."""

import datetime

import pytest
from django.urls import reverse

from sanctions.models import Nationality, Subject


@pytest.fixture
def world(make_designation, make_agency, make_program):
    ofac = make_agency(slug="us-ofac", acronym="OFAC")
    eu = make_agency(slug="eu-council", acronym="EU")
    dprk2 = make_program(agency=ofac, code="DPRK2")
    ukr = make_program(agency=eu, code="UKR")
    people = {}
    for name, agency, program, country in [
        ("Choe Ryong Hae", ofac, dprk2, "KP"),
        ("Pak Kwang Ho", ofac, dprk2, "KP"),
        ("Ivan Petrov", eu, ukr, "RU"),
    ]:
        subject = Subject.objects.create(kind="person", name=name)
        Nationality.objects.create(subject=subject, country=country)
        make_designation(subject=subject, agency=agency, program=program)
        people[name] = subject
    ship = Subject.objects.create(kind="vessel", name="Blue Ocean")
    make_designation(
        subject=ship, agency=ofac, program=dprk2, delisted_on=datetime.date(2020, 1, 1)
    )
    return people


def _facets(response):
    return {f.name: {v.value: v.count for v in f.values} for f in response.context["facets"]}


def test_subject_facets_count_every_value_present(viewer_client, world):
    facets = _facets(viewer_client.get(reverse("sanctions:subject_list")))
    assert facets["program"] == {"DPRK2": 3, "UKR": 1}
    assert facets["agency"] == {"us-ofac": 3, "eu-council": 1}
    assert facets["nationality"] == {"KP": 2, "RU": 1}
    assert facets["kind"] == {"person": 3, "vessel": 1}
    assert facets["status"] == {"active": 3, "delisted": 1}
    assert "list" not in facets  # no list entries: a facet with no value is left out


def test_subject_facets_follow_the_filters(viewer_client, world):
    response = viewer_client.get(reverse("sanctions:subject_list"), {"agency": "us-ofac"})
    facets = _facets(response)
    assert facets["nationality"] == {"KP": 2}
    assert facets["kind"] == {"person": 2, "vessel": 1}


def test_a_facet_value_links_to_the_list_with_it_and_back(viewer_client, world):
    response = viewer_client.get(reverse("sanctions:subject_list"), {"kind": "person"})
    [program] = [f for f in response.context["facets"] if f.name == "program"]
    dprk2 = next(v for v in program.values if v.value == "DPRK2")
    assert dprk2.url == "/subjects/?kind=person&program=DPRK2"
    [kind] = [f for f in response.context["facets"] if f.name == "kind"]
    [person] = kind.values
    assert person.chosen
    assert person.url == "/subjects/?"
    assert 'aria-current="true" class="facet-chosen">Person' in response.text


def test_facet_labels_are_names_not_codes(viewer_client, world):
    page = viewer_client.get(reverse("sanctions:subject_list")).text
    assert "North Korea</a>" in page
    assert ">OFAC</a>" in page


def test_designation_facets(viewer_client, world):
    facets = _facets(viewer_client.get(reverse("sanctions:designation_list")))
    assert facets["program"] == {"DPRK2": 3, "UKR": 1}
    assert facets["status"] == {"active": 3, "delisted": 1}


def test_no_facets_for_a_bad_filter(viewer_client, world):
    response = viewer_client.get(reverse("sanctions:subject_list"), {"status": "maybe"})
    assert response.status_code == 400
    assert response.context["facets"] == []


def test_designations_filter_by_subject_name_in_any_spelling(viewer_client, world):
    response = viewer_client.get(reverse("sanctions:designation_list"), {"q": "Choi Ryong-hae"})
    assert [d.subject.name for d in response.context["object_list"]] == ["Choe Ryong Hae"]


def test_designations_filter_by_subject_name_in_the_api(reader_client, world):
    response = reader_client.get("/api/v1/designations/", {"q": "petrov"})
    assert [d["subject"]["name"] for d in response.json()["results"]] == ["Ivan Petrov"]


def test_filter_help_speaks_to_readers(viewer_client, world):
    page = viewer_client.get(reverse("sanctions:subject_list")).text
    assert "The agency that designated them." in page
    assert "its slug, e.g. us-ofac" not in page
