"""POST /api/v1/match/: the contract of DESIGN.md, batch limits, validation and access."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from sanctions.models import Alias, BirthDate, Nationality, Subject

URL = "/api/v1/match/"


@pytest.fixture
def api(viewer):
    client = APIClient()
    client.force_authenticate(viewer)
    return client


@pytest.fixture
def choe(db):
    subject = Subject.objects.create(kind="person", name="Choe Ryong Hae")
    Alias.objects.create(subject=subject, name="CH'OE, Ryong-hae")
    BirthDate.objects.create(subject=subject, value="1950-01-15")
    Nationality.objects.create(subject=subject, country="KP")
    return subject


@pytest.fixture
def kim(db):
    return Subject.objects.create(kind="person", name="Kim Jong Un")


def test_url_is_named():
    assert reverse("api:match") == URL


def test_design_example_returns_the_contract_shape(api, choe):
    body = {
        "queries": [
            {"name": "Choe Ryong Hae", "birth_date": "1950", "nationality": "KP", "kind": "person"}
        ],
        "threshold": 0.7,
        "limit": 5,
    }
    response = api.post(URL, body, format="json")
    assert response.status_code == 200
    [result] = response.json()["results"]
    assert result["query"] == {
        "name": "Choe Ryong Hae",
        "kind": "person",
        "nationality": "KP",
        "birth_date": "1950",
    }
    [candidate] = result["candidates"]
    assert candidate["subject"] == {
        "id": choe.pk,
        "url": f"http://testserver{reverse('api:subject-detail', args=[choe.pk])}",
        "name": "Choe Ryong Hae",
    }
    assert candidate["score"] == 1.0
    assert candidate["match"] is True
    assert candidate["matched_name"] == "Choe Ryong Hae"
    explanation = candidate["explanation"]
    assert explanation["birth_date"]["result"] == "agrees"
    assert explanation["nationality"]["result"] == "agrees"
    assert explanation["identifier"]["result"] == "not_given"
    assert explanation["name"]["score"] == 1.0


def test_results_follow_the_order_of_the_queries(api, choe, kim):
    queries = [{"name": "Kim Jong Un"}, {"name": "최룡해"}, {"name": "Kim Jong Un"}]
    results = api.post(URL, {"queries": queries}, format="json").json()["results"]
    assert [r["candidates"][0]["subject"]["id"] for r in results] == [kim.pk, choe.pk, kim.pk]


def test_threshold_decides_match_and_limit_caps_candidates(api, choe, kim):
    body = {"queries": [{"name": "Choi Ryong Hae"}], "threshold": 0.99, "limit": 1}
    [result] = api.post(URL, body, format="json").json()["results"]
    [candidate] = result["candidates"]
    assert candidate["subject"]["id"] == choe.pk
    assert candidate["match"] is False


def test_default_threshold_is_documented_in_the_schema(api, db):
    schema = api.get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/match/"]["post"]
    assert operation["operationId"] == "match"
    request = schema["components"]["schemas"]["MatchRequest"]
    assert request["properties"]["threshold"]["default"] == 0.8
    assert "MatchResponse" in schema["components"]["schemas"]


def test_101_queries_are_refused_saying_so(api, db):
    response = api.post(URL, {"queries": [{"name": "x"}] * 101}, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "queries": ["A request screens at most 100 queries; this one has 101."]
    }


def test_100_queries_are_screened(api, choe):
    response = api.post(URL, {"queries": [{"name": "Choe Ryong Hae"}] * 100}, format="json")
    assert response.status_code == 200
    assert len(response.json()["results"]) == 100


@pytest.mark.parametrize("query", [{"birth_date": "1950"}, {"name": ""}, {"name": "  "}])
def test_a_query_without_a_name_is_refused_naming_it(api, db, query):
    response = api.post(URL, {"queries": [{"name": "Kim"}, query]}, format="json")
    assert response.status_code == 400
    assert response.json() == {"queries": {"1": {"name": ["Each query needs a name."]}}}


def test_no_queries_is_refused(api, db):
    assert api.post(URL, {"queries": []}, format="json").status_code == 400
    assert "queries" in api.post(URL, {}, format="json").json()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"queries": [{"name": "Kim", "birth_date": "someday"}]}, "queries"),
        ({"queries": [{"name": "Kim", "nationality": "XX"}]}, "queries"),
        ({"queries": [{"name": "Kim", "kind": "dragon"}]}, "queries"),
        ({"threshold": 2}, "threshold"),
        ({"limit": 0}, "limit"),
        ({"agency": "nobody"}, "agency"),
        ({"program": ["NOPE"]}, "program"),
        ({"list": "us-ofac-sdn-2099"}, "list"),
        ({"status": "maybe"}, "status"),
    ],
)
def test_bad_values_are_refused_naming_the_parameter(api, db, change, field):
    body = {"queries": [{"name": "Kim"}], **change}
    response = api.post(URL, body, format="json")
    assert response.status_code == 400
    assert field in response.json()


def test_filters_narrow_candidates(api, choe, kim, make_designation, make_program):
    program = make_program(code="DPRK3")
    make_designation(subject=kim, program=program, agency=program.agency)
    body = {"queries": [{"name": "Kim Jong Un"}, {"name": "Choe Ryong Hae"}]}
    for filters in ({"agency": program.agency.slug}, {"program": "dprk3"}, {"status": ["active"]}):
        results = api.post(URL, {**body, **filters}, format="json").json()["results"]
        assert [c["subject"]["id"] for c in results[0]["candidates"]] == [kim.pk]
        assert results[1]["candidates"] == []


@pytest.mark.parametrize("status", ["has_delisted", "delisted"])
def test_status_has_delisted_keeps_subjects_with_a_delisted_designation(
    api, choe, kim, make_designation, status
):
    """has_delisted, and delisted as its older name: some designation is delisted, even
    while another is in force (unlike status=delisted on /api/v1/subjects/)."""
    make_designation(subject=kim, delisted_on="2019-01-01")
    make_designation(subject=kim)
    make_designation(subject=choe)
    body = {"queries": [{"name": "Kim Jong Un"}, {"name": "Choe Ryong Hae"}], "status": status}
    results = api.post(URL, body, format="json").json()["results"]
    assert [c["subject"]["id"] for c in results[0]["candidates"]] == [kim.pk]
    assert results[1]["candidates"] == []


def test_status_values_are_documented_in_the_schema(api, db):
    schema = api.get("/api/schema/", {"format": "json"}).json()
    schemas = schema["components"]["schemas"]
    status = schemas["MatchRequest"]["properties"]["status"]
    values = schemas[status["items"]["$ref"].rsplit("/", 1)[1]]["enum"]
    assert values == ["active", "has_delisted", "delisted"]
    assert "has_delisted" in status["description"]


def test_anonymous_is_refused(db):
    response = APIClient().post(URL, {"queries": [{"name": "Kim"}]}, format="json")
    assert response.status_code in (401, 403)


def test_anonymous_may_screen_with_public_read(db, settings):
    settings.TRACKER_PUBLIC_READ = True
    response = APIClient().post(URL, {"queries": [{"name": "Kim"}]}, format="json")
    assert response.status_code == 200


def test_token_authenticates(db, viewer):
    from rest_framework.authtoken.models import Token

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=viewer).key}")
    assert client.post(URL, {"queries": [{"name": "Kim"}]}, format="json").status_code == 200


def test_query_count_does_not_grow_with_the_list(api, choe, django_assert_max_num_queries):
    body = {"queries": [{"name": "Choe Ryong Hae", "birth_date": "1950"}, {"name": "Kim"}]}
    # Session and user (2), per query 3 (6), candidates and their parts (4).
    with django_assert_max_num_queries(12) as before:
        api.post(URL, body, format="json")
    for n in range(25):
        Subject.objects.create(kind="person", name=f"Choe Ryong Hae {n}")
    with django_assert_max_num_queries(len(before.captured_queries)):
        api.post(URL, body, format="json")
