"""The read API: endpoints, shapes, filters, paging, CSV, auth, throttling, schema, queries."""

import csv
import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openapi_spec_validator import validate
from rest_framework.authtoken.models import Token

from sanctions import filtersets
from sanctions.api import views
from sanctions.models import (
    Address,
    Alias,
    BirthDate,
    BirthPlace,
    Identifier,
    Measure,
    Nationality,
    Relationship,
    Subject,
)

pytestmark = pytest.mark.django_db

LISTS = {
    "subject": filtersets.SubjectFilterSet,
    "designation": filtersets.DesignationFilterSet,
    "agency": filtersets.AgencyFilterSet,
    "authority": filtersets.LegalAuthorityFilterSet,
    "program": filtersets.ProgramFilterSet,
    "measure": filtersets.MeasureFilterSet,
    "article": filtersets.SourceArticleFilterSet,
}


@pytest.fixture(autouse=True)
def fresh_throttles():
    """Throttles count requests in the cache: start every test from zero."""
    cache.clear()
    yield
    cache.clear()


def list_url(name):
    return reverse(f"api:{name}-list")


def detail_url(name, key):
    lookup = "pk" if name in ("subject", "designation", "article") else "slug"
    return reverse(f"api:{name}-detail", kwargs={lookup: key})


def choe():
    return Subject.objects.get(name="Choe Ryong Hae")


def result_ids(response):
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["results"]]


def csv_rows(response):
    assert response.streaming
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


# --- Endpoints and shapes -----------------------------------------------------------------


@pytest.mark.parametrize("name", LISTS)
def test_browsable_api_renders_every_list_with_its_filters(reader_client, seed, name):
    response = reader_client.get(list_url(name), HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert 'name="ordering"' in response.content.decode()


def test_root_lists_every_endpoint(reader_client):
    response = reader_client.get(reverse("api:api-root"))
    assert response.status_code == 200
    assert set(response.json()) == {
        "subjects",
        "designations",
        "agencies",
        "authorities",
        "programs",
        "measures",
        "articles",
        "changes",
    }


@pytest.mark.parametrize("name", LISTS)
def test_every_list_is_paginated_json(reader_client, seed, name):
    response = reader_client.get(list_url(name))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert list(body) == ["count", "next", "previous", "results"]
    assert body["count"] == len(body["results"]) > 0


def test_subject_list_item_is_light(reader_client, seed):
    item = reader_client.get(list_url("subject"), {"q": "choe"}).json()["results"][0]
    assert item == {
        "id": choe().pk,
        "url": f"http://testserver/api/v1/subjects/{choe().pk}/",
        "kind": "person",
        "name": "Choe Ryong Hae",
        "status": "active",
        "aliases": ["CH'OE, Ryong-hae", "CHOE, Ryong Hae"],
        "birth_dates": ["1950-01-15"],
        "nationalities": ["KP"],
        "last_updated": item["last_updated"],
    }


@pytest.fixture
def full_record(seed):
    """Choe Ryong Hae with one of every part, and a subject related to him."""
    subject = choe()
    Identifier.objects.create(subject=subject, kind="passport", number="P123", country="KP")
    Address.objects.create(subject=subject, full="Pyongyang", city="Pyongyang", country="KP")
    BirthPlace.objects.create(subject=subject, place="Pyongyang", country="KP")
    BirthDate.objects.create(subject=subject, value="circa 1950")
    aide = Subject.objects.create(kind="person", name="Aide")
    Relationship.objects.create(subject=aide, related=subject, kind="associate")
    return subject


def without_sources(facts):
    """The facts of an API answer without their ``source`` (tested on its own)."""
    return [{name: value for name, value in fact.items() if name != "source"} for fact in facts]


def test_subject_detail_has_everything(reader_client, full_record):
    body = reader_client.get(detail_url("subject", full_record.pk)).json()
    assert body["name"] == "Choe Ryong Hae"
    assert body["status"] == "active"
    assert {"kind": "aka", "name": "CH'OE, Ryong-hae"}.items() <= body["aliases"][0].items()
    assert without_sources(body["birth_dates"]) == [  # by earliest day
        {
            "value": "1950~",
            "display": "circa 1950",
            "earliest": "1950-01-01",
            "latest": "1950-12-31",
            "note": "",
        },
        {
            "value": "1950-01-15",
            "display": "15 Jan 1950",
            "earliest": "1950-01-15",
            "latest": "1950-01-15",
            "note": "",
        },
    ]
    assert without_sources(body["nationalities"]) == [{"country": "KP", "kind": "nationality"}]
    assert without_sources(body["birth_places"]) == [{"place": "Pyongyang", "country": "KP"}]
    assert without_sources(body["identifiers"]) == [
        {"kind": "passport", "number": "P123", "country": "KP", "note": ""}
    ]
    assert without_sources(body["addresses"]) == [
        {"full": "Pyongyang", "city": "Pyongyang", "country": "KP", "note": ""}
    ]
    assert [item["related"]["name"] for item in body["relationships"]] == ["Kim Jong Un"]
    assert [item["subject"]["name"] for item in body["related_from"]] == ["Aide"]
    assert {"created", "last_updated"} <= set(body)


def test_subject_detail_designations_carry_brief_references(reader_client, seed):
    body = reader_client.get(detail_url("subject", choe().pk)).json()
    [designation] = body["designations"]
    assert designation["agency"]["slug"] == "us-ofac"
    assert designation["program"]["code"] == "DPRK2"
    assert [a["name"] for a in designation["authorities"]] == ["Executive Order 13687"]
    assert [m["slug"] for m in designation["measures"]] == ["asset-freeze", "transaction-ban"]
    assert designation["listed_on"] == "2018-12-10"
    assert designation["delisted_on"] is None
    assert designation["status"] == "active"


def test_subject_detail_cites_articles_with_quotes_once(reader_client, seed):
    body = reader_client.get(detail_url("subject", choe().pk)).json()
    quotes = [(c["article"]["name"], c["quote"][:30]) for c in body["citations"]]
    # Four citations of Choe or his designation; the one that links both appears once.
    assert len(quotes) == len(set(quotes)) == 4
    on_designation = [c for c in body["citations"] if c["designation"]]
    assert on_designation[0]["designation"]["name"] == "Choe Ryong Hae — OFAC DPRK2"


def test_subject_never_designated_has_null_status(reader_client, make_subject):
    subject = make_subject()
    assert reader_client.get(detail_url("subject", subject.pk)).json()["status"] is None


def test_designation_detail_has_reason_and_citations(reader_client, seed):
    designation = choe().designations.get()
    body = reader_client.get(detail_url("designation", designation.pk)).json()
    assert body["subject"]["name"] == "Choe Ryong Hae"
    assert body["reason"] == designation.reason
    assert {c["article"]["name"] for c in body["citations"]} == {
        "US sanctions three North Korean officials over human rights abuses (AFP report)",
        "Treasury press release sm568",
    }
    assert {"created", "last_updated", "reference", "source_url"} <= set(body)


def test_reference_data_is_found_by_slug(reader_client, seed):
    agency = reader_client.get(detail_url("agency", "us-ofac")).json()
    assert agency["parent"]["slug"] == "us-treasury"
    assert agency["country"] == "US"
    program = reader_client.get(detail_url("program", "us-ofac-dprk2")).json()
    assert program["agency"]["slug"] == "us-ofac"
    assert [a["slug"] for a in program["authorities"]] == ["eo-13687"]
    authority = reader_client.get(detail_url("authority", "eo-13687")).json()
    assert authority["kind"] == "executive_order"
    assert authority["enacted_on"] == "2015-01-02"
    measure = reader_client.get(detail_url("measure", "travel-ban")).json()
    assert measure["name"] == "Travel ban"


def test_article_detail_shows_what_it_supports(reader_client, seed):
    response = reader_client.get(list_url("article"), {"q": "sm568"})
    [article_id] = result_ids(response)
    body = reader_client.get(detail_url("article", article_id)).json()
    assert body["external_url"] == "https://home.treasury.gov/news/press-releases/sm568"
    assert len(body["citations"]) == 3
    assert all(c["designation"]["url"] for c in body["citations"])


def references(data, top=True):
    """Every nested object that links somewhere (has a url) in a JSON document."""
    if isinstance(data, list):
        return [ref for item in data for ref in references(item, top)]
    if not isinstance(data, dict):
        return []
    found = [] if top or "url" not in data else [data]
    return found + [ref for value in data.values() for ref in references(value, top=False)]


@pytest.mark.parametrize("name", LISTS)
def test_every_reference_has_id_url_and_name(reader_client, full_record, name):
    items = reader_client.get(list_url(name)).json()["results"]
    key = items[0]["id"] if name in ("subject", "designation", "article") else items[0]["slug"]
    for document in (items, reader_client.get(detail_url(name, key)).json()):
        for reference in references(document):
            assert {"id", "url", "name"} <= set(reference), reference


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/subjects/999999/",
        "/api/v1/subjects/abc/",
        "/api/v1/subjects/99999999999999999999/",
        "/api/v1/agencies/no-such-agency/",
        "/api/v1/agencies/%00/",
        "/api/v1/designations/0/",
    ],
)
def test_unknown_record_is_a_json_404(reader_client, seed, url):
    response = reader_client.get(url)
    assert response.status_code == 404
    assert response.json()["detail"].startswith("No ")


def test_filters_do_not_apply_to_a_detail(reader_client, seed):
    response = reader_client.get(detail_url("subject", choe().pk), {"status": "delisted"})
    assert response.json()["id"] == choe().pk


# --- Filters through the API --------------------------------------------------------------


def test_documented_filter_examples_filter_the_seed(reader_client, seed):
    query = {"agency": "us-ofac", "authority": "eo-13687", "listed_after": "2018-01-01"}
    names = [i["name"] for i in reader_client.get(list_url("subject"), query).json()["results"]]
    assert names == ["Choe Ryong Hae", "Jong Kyong Thaek", "Pak Kwang Ho"]
    response = reader_client.get(list_url("designation"), {"status": "active", "program": "DPRK2"})
    assert response.json()["count"] == 3
    assert reader_client.get(list_url("subject"), {"nationality": "KP"}).json()["count"] == 4
    changed = {"changed_since": "2024-01-01T00:00:00Z"}
    assert reader_client.get(list_url("subject"), changed).json()["count"] == 4


@pytest.mark.parametrize("query", ["Ryong-hae", "RYONG HAE", "ryong hae"])
def test_q_is_case_accent_and_punctuation_insensitive(reader_client, seed, query):
    assert result_ids(reader_client.get(list_url("subject"), {"q": query})) == [choe().pk]


def test_repeated_values_or_and_parameters_and(reader_client, seed, make_subject):
    vessel = make_subject(kind="vessel", name="Vessel")
    Nationality.objects.create(subject=vessel, country="KP")
    both = reader_client.get(list_url("subject") + "?kind=vessel&kind=person&nationality=KP")
    assert both.json()["count"] == 5
    one = reader_client.get(list_url("subject") + "?kind=vessel&nationality=KP")
    assert result_ids(one) == [vessel.pk]


@pytest.mark.parametrize(
    ("name", "query", "parameter", "allowed"),
    [
        ("subject", "listed_after=yesterday", "listed_after", "YYYY-MM-DD"),
        ("subject", "status=maybe", "status", "active, delisted"),
        ("subject", "ordering=password", "ordering", "name, -name"),
        ("subject", "page_size=100000", "page_size", "from 1 to 500"),
        ("subject", "changed_since=monday", "changed_since", "ISO 8601"),
        ("designation", "ordering=password", "ordering", "listed_on, -listed_on"),
        ("designation", "subject=abc", "subject", "whole number"),
        ("designation", "delisted_before=2020", "delisted_before", "YYYY-MM-DD"),
        ("article", "published_after=soon", "published_after", "YYYY-MM-DD"),
        ("agency", "country=Europe", "country", "EU or UN"),
        ("authority", "kind=law", "kind", "executive_order"),
        ("program", "status=paused", "status", "active, ended"),
        ("measure", "ordering=slug", "ordering", "name, -name"),
    ],
)
def test_bad_value_is_a_400_naming_the_parameter_and_what_is_allowed(
    reader_client, seed, name, query, parameter, allowed
):
    response = reader_client.get(f"{list_url(name)}?{query}")
    assert response.status_code == 400
    body = response.json()
    assert list(body) == [parameter]
    assert allowed in body[parameter][0]


@pytest.mark.parametrize("name", LISTS)
def test_nul_bytes_in_every_parameter_are_a_400_not_a_500(reader_client, seed, name):
    for parameter in LISTS[name].base_filters:
        response = reader_client.get(list_url(name), {parameter: "a\x00b"})
        assert response.status_code == 400, (parameter, response.content)


# --- Pagination ---------------------------------------------------------------------------


def test_pages_cover_the_list_once_in_a_stable_order(reader_client, make_subject):
    for _ in range(5):
        make_subject(name="Same Name")  # ties are broken by id
    url, seen = f"{list_url('subject')}?page_size=2", []
    while url:
        body = reader_client.get(url).json()
        seen += [item["id"] for item in body["results"]]
        url = body["next"]
    assert seen == sorted(seen)
    assert len(seen) == len(set(seen)) == 5


def test_page_links(reader_client, make_subject):
    for _ in range(3):
        make_subject()
    first = reader_client.get(list_url("subject"), {"page_size": 1}).json()
    assert first["previous"] is None
    assert first["next"] == "http://testserver/api/v1/subjects/?page=2&page_size=1"
    last = reader_client.get(list_url("subject"), {"page_size": 1, "page": "last"}).json()
    assert last["next"] is None
    assert last["previous"] == "http://testserver/api/v1/subjects/?page=2&page_size=1"


def test_page_size_defaults_to_50_and_allows_500(reader_client, make_subject):
    Subject.objects.bulk_create(Subject(kind="person", name=f"P{n}") for n in range(501))
    assert len(reader_client.get(list_url("subject")).json()["results"]) == 50
    response = reader_client.get(list_url("subject"), {"page_size": 500})
    assert len(response.json()["results"]) == 500


@pytest.mark.parametrize("value", ["501", "0", "-1", "ten", "1.5"])
def test_page_size_out_of_range_is_a_400(reader_client, value):
    response = reader_client.get(list_url("subject"), {"page_size": value})
    assert response.status_code == 400
    assert response.json() == {"page_size": ["Use a whole number from 1 to 500."]}


@pytest.mark.parametrize("value", ["0", "-2", "two"])
def test_page_that_is_not_a_number_is_a_400(reader_client, value):
    response = reader_client.get(list_url("subject"), {"page": value})
    assert response.status_code == 400
    assert list(response.json()) == ["page"]


def test_page_past_the_end_is_a_json_404(reader_client, make_subject):
    make_subject()
    response = reader_client.get(list_url("subject"), {"page": 2})
    assert response.status_code == 404
    assert response.json() == {"detail": "There is no page 2."}


# --- CSV ----------------------------------------------------------------------------------


def test_csv_is_the_whole_filtered_list_with_joined_values(reader_client, seed):
    response = reader_client.get(
        list_url("subject"), {"format": "csv", "page_size": 1, "status": "active"}
    )
    assert response.status_code == 200
    rows = csv_rows(response)
    assert [row["name"] for row in rows] == [
        "Choe Ryong Hae",
        "Jong Kyong Thaek",
        "Kim Jong Un",
        "Pak Kwang Ho",
    ]
    assert rows[0]["aliases"] == "CH'OE, Ryong-hae; CHOE, Ryong Hae"
    assert rows[0]["url"] == f"http://testserver/api/v1/subjects/{choe().pk}/"
    assert list(rows[0]) == list(views.SubjectViewSet.list_serializer_class().fields)


def test_csv_headers_name_an_attachment(reader_client, seed):
    response = reader_client.get(list_url("subject"), {"format": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="subjects-{today}.csv"'


def test_csv_references_give_their_names_and_programs_their_codes(reader_client, seed):
    response = reader_client.get(list_url("designation"), {"format": "csv", "subject": choe().pk})
    [row] = csv_rows(response)
    assert row["subject"] == "Choe Ryong Hae"
    assert row["agency"] == "Office of Foreign Assets Control"
    assert row["program"] == "DPRK2"
    assert row["measures"] == "Asset freeze; Transaction ban"
    assert row["status"] == "active"
    assert row["delisted_on"] == ""


@pytest.mark.parametrize("name", LISTS)
def test_every_list_exports_csv(reader_client, seed, name):
    json_count = reader_client.get(list_url(name)).json()["count"]
    response = reader_client.get(list_url(name), {"format": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert len(csv_rows(response)) == json_count


def test_csv_by_accept_header(reader_client, seed):
    response = reader_client.get(list_url("agency"), HTTP_ACCEPT="text/csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"


def test_csv_streams_in_chunks(reader_client, make_subject, monkeypatch, django_assert_num_queries):
    for n in range(5):
        subject = make_subject(name=f"Person {n}")
        Alias.objects.create(subject=subject, name=f"Alias {n}")
    monkeypatch.setattr(views.SubjectViewSet, "csv_chunk_size", 2)
    with django_assert_num_queries(0):  # nothing is read before the body is
        response = reader_client.get(list_url("subject"), {"format": "csv"})
    chunks = iter(response.streaming_content)
    # The subjects, then the aliases, dates of birth and nationalities of the first two.
    with django_assert_num_queries(4):
        first = next(chunks)
    assert first.decode().count("\n") == 3  # the header and two rows
    # Two more chunks of two and one, each with its three prefetches.
    with django_assert_num_queries(6):
        rest = b"".join(chunks)
    assert rest.decode().count("\n") == 3


def test_csv_errors_are_json(reader_client):
    response = reader_client.get(list_url("subject"), {"format": "csv", "status": "maybe"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert list(response.json()) == ["status"]


def test_csv_without_login_is_a_json_401(api_client):
    response = api_client.get(list_url("subject"), {"format": "csv"})
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize(
    ("url", "query"),
    [
        ("/api/v1/subjects/1/", {"format": "csv"}),
        ("/api/v1/subjects/", {"format": "xml"}),
    ],
)
def test_unknown_format_is_a_400_naming_the_formats(reader_client, seed, url, query):
    response = reader_client.get(url, query)
    assert response.status_code == 400
    assert response.json()["format"][0].startswith("Use one of: json")


# --- Authentication and writes ------------------------------------------------------------


def test_anonymous_read_is_a_401_with_a_token_challenge(api_client):
    response = api_client.get(list_url("subject"))
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_token_authenticates(api_client, viewer):
    token = Token.objects.create(user=viewer)
    response = api_client.get(list_url("subject"), HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200


def test_wrong_token_is_a_401(api_client):
    response = api_client.get(list_url("subject"), HTTP_AUTHORIZATION="Token nope")
    assert response.status_code == 401


def test_token_of_an_inactive_user_is_a_401(api_client, viewer):
    token = Token.objects.create(user=viewer)
    viewer.is_active = False
    viewer.save()
    response = api_client.get(list_url("subject"), HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 401


def test_session_authenticates(client, viewer):
    client.force_login(viewer)
    assert client.get(list_url("subject")).status_code == 200


def test_public_read_lets_anonymous_readers_in(api_client, settings):
    settings.TRACKER_PUBLIC_READ = True
    assert api_client.get(list_url("subject")).status_code == 200


def test_schema_and_docs_need_no_login(client):
    assert client.get(reverse("schema")).status_code == 200
    assert client.get(reverse("api-docs")).status_code == 200


def writers(viewer):
    """Clients that may not write: anonymous, by token, and by session with CSRF checks."""
    token = Token.objects.create(user=viewer)
    by_session = Client(enforce_csrf_checks=True)
    by_session.force_login(viewer)
    return {
        "anonymous": (Client(), {}),
        "token": (Client(), {"HTTP_AUTHORIZATION": f"Token {token.key}"}),
        "session": (by_session, {}),
    }


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("url", ["/api/v1/", "/api/v1/subjects/", "/api/v1/subjects/1/"])
def test_writes_are_a_405_for_everyone(seed, viewer, method, url):
    for who, (client, headers) in writers(viewer).items():
        response = getattr(client, method)(url, {}, content_type="application/json", **headers)
        assert response.status_code == 405, who
        assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert Subject.objects.filter(pk=1).exists()


# --- Throttling ---------------------------------------------------------------------------


@pytest.fixture
def rates(settings):
    def set_rates(anon="100/minute", user="100/minute"):
        settings.REST_FRAMEWORK = {
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {"anon": anon, "user": user},
        }

    return set_rates


def test_user_is_throttled_with_retry_after(api_client, viewer, analyst, rates):
    rates(user="2/minute")
    api_client.force_authenticate(viewer)
    statuses = [api_client.get(list_url("measure")).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    response = api_client.get(list_url("measure"))
    assert 0 < int(response["Retry-After"]) <= 60
    api_client.force_authenticate(analyst)  # another user has a count of their own
    assert api_client.get(list_url("measure")).status_code == 200


def test_anonymous_readers_are_throttled_per_address(api_client, settings, rates):
    settings.TRACKER_PUBLIC_READ = True
    rates(anon="2/minute")
    for _ in range(2):
        assert api_client.get(list_url("measure"), REMOTE_ADDR="10.0.0.1").status_code == 200
    # A forged X-Forwarded-For does not make a new address (no trusted proxy by default).
    forged = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "10.9.9.9"}
    assert api_client.get(list_url("measure"), **forged).status_code == 429
    assert api_client.get(list_url("measure"), REMOTE_ADDR="10.0.0.2").status_code == 200


# --- OpenAPI ------------------------------------------------------------------------------


@pytest.fixture
def schema(client):
    response = client.get(reverse("schema"), {"format": "json"})
    assert response.status_code == 200
    return response.json()


def test_schema_is_valid_openapi_3(schema):
    validate(schema)
    assert schema["openapi"].startswith("3.")


def test_schema_builds_without_warnings(tmp_path):
    # --fail-on-warn turns any drf-spectacular warning (an unresolved type) into an error.
    call_command("spectacular", "--fail-on-warn", "--validate", "--file", tmp_path / "s.yaml")


@pytest.mark.parametrize("name", LISTS)
def test_schema_documents_every_filter_and_nothing_else(schema, name):
    operation = schema["paths"][list_url(name)]["get"]
    documented = {p["name"] for p in operation["parameters"] if p["in"] == "query"}
    assert documented == {*LISTS[name].base_filters, "page", "page_size", "format"}
    assert set(operation["responses"]["200"]["content"]) == {"application/json", "text/csv"}


@pytest.mark.parametrize("name", LISTS)
def test_every_documented_parameter_value_is_accepted(reader_client, schema, seed, name):
    operation = schema["paths"][list_url(name)]["get"]
    for parameter in operation["parameters"]:
        values = parameter["schema"].get("items", parameter["schema"]).get("enum", [])
        for value in values:
            response = reader_client.get(list_url(name), {parameter["name"]: value})
            assert response.status_code == 200, (parameter["name"], value, response.content)


def resolve(schema, node):
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    for key in ("allOf", "oneOf"):
        if key in node:
            objects = [resolve(schema, n) for n in node[key]]
            return next((n for n in objects if "properties" in n), objects[0])
    return node


def assert_documented(schema, node, data, path="$"):
    """Every field of ``data`` is in the schema ``node`` and every documented field is sent."""
    node = resolve(schema, node)
    if isinstance(data, dict) and "properties" in node:
        assert set(data) == set(node["properties"]), path
        for key, value in data.items():
            assert_documented(schema, node["properties"][key], value, f"{path}.{key}")
    elif isinstance(data, list) and "items" in node:
        for item in data:
            assert_documented(schema, node["items"], item, f"{path}[]")


@pytest.mark.parametrize("name", LISTS)
def test_schema_describes_every_response_field(reader_client, schema, full_record, name):
    list_body = reader_client.get(list_url(name)).json()
    responses = schema["paths"][list_url(name)]["get"]["responses"]
    assert_documented(schema, responses["200"]["content"]["application/json"]["schema"], list_body)
    first = list_body["results"][0]
    key = first.get("slug", first["id"])
    path = next(p for p in schema["paths"] if p.startswith(list_url(name)) and "{" in p)
    detail = schema["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]
    assert_documented(schema, detail["schema"], reader_client.get(detail_url(name, key)).json())


def test_docs_serve_swagger_ui_from_the_app(client):
    page = client.get(reverse("api-docs")).content.decode()
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css"):
        url = f"/static/drf_spectacular_sidecar/swagger-ui-dist/{asset}"
        assert f'"{url}"' in page
        response = client.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content)
    assert "cdn" not in page.lower()


# --- Query counts -------------------------------------------------------------------------


@pytest.fixture
def crowded(make_designation, make_authority, make_program, make_citation, make_subject):
    """Subjects with ``rows`` aliases, dates, nationalities, designations and citations each.

    Every designation has ``rows`` authorities and measures, and a program with ``rows``
    authorities.
    """

    def make(subjects, rows):
        authorities = [make_authority() for _ in range(rows)]
        measures = list(Measure.objects.all()[:rows])
        countries = ["KP", "RU", "IR", "SY", "CU"][:rows]
        for n in range(subjects):
            subject = make_subject(name=f"Subject {n:03}")
            for i in range(rows):
                Alias.objects.create(subject=subject, name=f"Alias {n} {i}")
                BirthDate.objects.create(subject=subject, value=str(1950 + i))
                Nationality.objects.create(subject=subject, country=countries[i])
                program = make_program()
                program.authorities.set(authorities)
                designation = make_designation(
                    subject=subject,
                    agency=program.agency,
                    program=program,
                    authorities=authorities,
                    measures=measures,
                )
                make_citation(subject=subject, designation=designation)

    return make


# (name, queries): count; page; then one query per prefetched relation.
LIST_QUERIES = {
    "subject": 6,  # count, subjects, their designations' dates (status), aliases, birth
    # dates, nationalities
    "designation": 4,  # count, designations with subject/agency/program, authorities, measures
    "agency": 2,  # count, agencies with parent
    "authority": 2,  # count, authorities
    "program": 3,  # count, programs with agency, authorities
    "measure": 2,  # count, measures
    "article": 2,  # count, articles
}


@pytest.mark.parametrize("rows", [1, 4])
@pytest.mark.parametrize("page_size", [2, 20])
@pytest.mark.parametrize("name", LISTS)
def test_list_queries_do_not_grow_with_rows(
    reader_client, crowded, django_assert_num_queries, name, rows, page_size
):
    crowded(subjects=6, rows=rows)
    with django_assert_num_queries(LIST_QUERIES[name]):
        response = reader_client.get(list_url(name), {"page_size": page_size})
    assert len(response.json()["results"]) == min(page_size, response.json()["count"])


def test_filters_on_reference_data_add_no_query(reader_client, seed, django_assert_num_queries):
    # The six list queries: slugs and program codes are matched inside them, not looked up.
    query = {"agency": "us-ofac", "authority": "eo-13687", "program": "DPRK2"}
    with django_assert_num_queries(6):
        assert reader_client.get(list_url("subject"), query).json()["count"] == 3


@pytest.mark.parametrize("rows", [1, 4])
def test_detail_queries_do_not_grow_with_rows(
    reader_client, crowded, django_assert_num_queries, rows
):
    crowded(subjects=1, rows=rows)
    subject = Subject.objects.get()
    # The subject; its aliases, birth dates, nationalities, birth places, identifiers,
    # addresses; relationships both ways; designations with agency and program; their
    # authorities, measures and citations; the subject's own citations; its list entries
    # with their seen dates.
    with django_assert_num_queries(15):
        body = reader_client.get(detail_url("subject", subject.pk)).json()
    assert len(body["designations"]) == rows
    designation = subject.designations.first()
    # The designation with subject/agency/program; authorities; measures; citations.
    with django_assert_num_queries(4):
        reader_client.get(detail_url("designation", designation.pk))
    article = designation.citations.get().article
    with django_assert_num_queries(2):  # the article; its citations with what they cite
        reader_client.get(detail_url("article", article.pk))


# --- Tokens in the admin ------------------------------------------------------------------


def test_analyst_creates_their_own_token_in_the_admin(client, analyst, viewer):
    client.force_login(analyst)
    add = reverse("admin:authtoken_tokenproxy_add")
    assert client.get(add).status_code == 200
    response = client.post(add, {"user": viewer.pk})
    assert response.status_code == 200  # the form again: only their own login is offered
    assert not Token.objects.exists()
    response = client.post(add, {"user": analyst.pk})
    assert response.status_code == 302
    token = Token.objects.get(user=analyst)
    assert (
        token.key in client.get(reverse("admin:authtoken_tokenproxy_changelist")).content.decode()
    )


def test_analyst_sees_only_their_own_token(client, analyst, viewer):
    other = Token.objects.create(user=viewer)
    client.force_login(analyst)
    page = client.get(reverse("admin:authtoken_tokenproxy_changelist")).content.decode()
    assert other.key not in page
