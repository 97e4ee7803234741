"""Input that once made a server error, and answers that once disagreed with the schema.

Each is a request a fuzzer or a hostile record sent; each answer is now a 4xx naming what is
wrong, or a 200 the schema describes.
"""

import json
import xml.etree.ElementTree as ET

import pytest
from django.test import RequestFactory
from django.urls import reverse

from sanctions.api.views import server_error
from sanctions.filters import MAX_QUERY_WORDS, MAX_VALUES
from sanctions.models import Agency, Designation, LegalAuthority, SourceArticle, Subject

pytestmark = pytest.mark.django_db

BEYOND_64_BITS = "-99999999999999999999"


def api(name):
    return reverse(f"api:{name}-list")


# --- Filter values beyond 64 bits ---------------------------------------------------------


@pytest.mark.parametrize("url", [api("designation"), api("article")])
@pytest.mark.parametrize("value", [BEYOND_64_BITS, "99999999999999999999", "0"])
def test_subject_id_out_of_range_is_a_400_naming_it(reader_client, seed, url, value):
    response = reader_client.get(url, {"subject": value})
    assert response.status_code == 400
    assert list(response.json()) == ["subject"]


@pytest.mark.parametrize("name", ["designation", "article"])
def test_subject_id_out_of_range_on_the_web_is_a_form_error(viewer_client, seed, name):
    response = viewer_client.get(reverse(f"sanctions:{name}_list"), {"subject": BEYOND_64_BITS})
    assert response.status_code == 400
    assert response.context["filter"].form["subject"].errors


# --- Long queries -------------------------------------------------------------------------


@pytest.mark.parametrize("url", [api("subject"), api("article"), api("agency")])
def test_a_query_of_1500_words_is_a_400_naming_q(reader_client, seed, url):
    response = reader_client.get(url, {"q": " ".join(["kim"] * 1500)})
    assert response.status_code == 400
    assert list(response.json()) == ["q"]


@pytest.mark.parametrize("url", [api("subject"), api("article")])
def test_a_query_of_the_most_words_allowed_is_answered(reader_client, seed, url):
    response = reader_client.get(url, {"q": " ".join(["kim"] * MAX_QUERY_WORDS)})
    assert response.status_code == 200


def test_a_query_of_too_many_words_on_the_web_is_a_form_error(viewer_client, seed):
    words = " ".join(["kim"] * (MAX_QUERY_WORDS + 1))
    response = viewer_client.get(reverse("sanctions:subject_list"), {"q": words})
    assert response.status_code == 400
    assert "at most 20 words" in " ".join(response.context["filter"].form["q"].errors)


def test_a_parameter_repeated_too_often_is_a_400_naming_it(reader_client, seed):
    response = reader_client.get(api("subject"), {"kind": ["person"] * (MAX_VALUES + 1)})
    assert response.status_code == 400
    assert list(response.json()) == ["kind"]


def test_blank_repeats_count_towards_the_limit_as_the_schema_counts_them(reader_client, seed):
    values = ["23213"] + [""] * MAX_VALUES  # the schema's maxItems counts every value
    response = reader_client.get(api("subject"), {"entry_id": values})
    assert response.status_code == 400
    assert list(response.json()) == ["entry_id"]


# --- The Atom feed ------------------------------------------------------------------------


def test_a_control_character_in_a_record_does_not_break_the_atom_feed(viewer_client, seed):
    subject = Subject.objects.get(pk=1)
    subject.name = "Choe\x0cRyong Hae"
    subject.remarks = "page one\x0cpage two\x1b"
    subject._change_reason = "form feed\x0b pasted"
    subject.save()
    response = viewer_client.get(reverse("sanctions:change_feed"))
    assert response.status_code == 200
    feed = ET.fromstring(response.content)  # well-formed XML
    text = "".join(feed.itertext())
    assert "ChoeRyong Hae" in text
    assert "page onepage two" in text


@pytest.mark.parametrize("url", [api("subject"), api("designation")])
def test_an_offset_beyond_postgresqls_range_is_read_in_utc(reader_client, seed, url):
    response = reader_client.get(url, {"changed_since": "2000-06-26T10:24:28-16:43"})
    assert response.status_code == 200
    assert response.json()["count"] > 0


# --- Request bodies -----------------------------------------------------------------------


def post_match(client, body, **extra):
    return client.post(reverse("api:match"), body, content_type="application/json", **extra)


def test_a_body_nested_10000_deep_is_a_400(reader_client, seed):
    body = '{"queries": ' + "[" * 10_000 + "]" * 10_000 + "}"
    response = post_match(reader_client, body)
    assert response.status_code == 400
    assert "deeper" in response.json()["detail"]


def test_brackets_inside_strings_do_not_count_as_depth(reader_client, seed):
    body = json.dumps({"queries": [{"name": "[[[[[[[[[[[[[[[[[[[[[[[[ Kim {{{{{{{{{{{{{{"}]})
    assert post_match(reader_client, body).status_code == 200


def test_a_body_over_the_size_limit_is_a_400(reader_client, seed, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({"queries": [{"name": "Kim " * 300}]})
    response = post_match(reader_client, body)
    assert response.status_code == 400
    assert response.json() == {"detail": "Bad request."}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"threshold": False}, "threshold"),
        ({"threshold": "0.5"}, "threshold"),
        ({"limit": "5"}, "limit"),
        ({"limit": True}, "limit"),
        ({"queries": [{"name": 123}]}, "queries"),
    ],
)
def test_match_values_of_the_wrong_json_type_are_a_400(reader_client, seed, change, field):
    body = {"queries": [{"name": "Kim"}], **change}
    response = post_match(reader_client, json.dumps(body))
    assert response.status_code == 400
    assert field in response.json()


def test_nan_is_not_json(reader_client, seed):
    response = post_match(reader_client, '{"queries": [{"name": "Kim"}], "threshold": NaN}')
    assert response.status_code == 400


def test_a_form_body_is_refused(reader_client, seed):
    response = reader_client.post(reverse("api:match"), {"queries": "Kim"})
    assert response.status_code == 400
    assert "queries" in response.json()


# --- Empty values and the schema ----------------------------------------------------------


def test_empty_web_addresses_are_null(reader_client, seed):
    agency = Agency.objects.get(slug="us-ofac")
    agency.website = ""
    agency.save()
    LegalAuthority.objects.update(url="")
    Designation.objects.update(source_url="")
    SourceArticle.objects.update(url="")
    assert (
        reader_client.get(reverse("api:agency-detail", args=["us-ofac"])).json()["website"] is None
    )
    for name, field in [
        ("authority", "external_url"),
        ("designation", "source_url"),
        ("article", "external_url"),
    ]:
        results = reader_client.get(api(name)).json()["results"]
        assert results, name
        assert all(item[field] is None for item in results), name


def test_an_unknown_gender_is_null(reader_client, seed):
    Subject.objects.filter(pk=1).update(gender="")
    Subject.objects.filter(pk=2).update(gender="male")
    assert reader_client.get(reverse("api:subject-detail", args=[1])).json()["gender"] is None
    assert reader_client.get(reverse("api:subject-detail", args=[2])).json()["gender"] == "male"


@pytest.fixture
def schema(client):
    return client.get(reverse("schema"), {"format": "json"}).json()


def parameter(schema, path, name):
    return next(p for p in schema["paths"][path]["get"]["parameters"] if p["name"] == name)


def test_the_change_feed_is_described_as_one_page_object(schema):
    content = schema["paths"]["/api/v1/changes/"]["get"]["responses"]["200"]["content"]
    assert content["application/json"]["schema"] == {"$ref": "#/components/schemas/ChangePage"}
    assert "text/csv" in content


def test_country_parameters_list_the_codes_accepted(schema):
    agencies = parameter(schema, "/api/v1/agencies/", "country")["schema"]["items"]["enum"]
    nationalities = parameter(schema, "/api/v1/subjects/", "nationality")["schema"]["items"]
    assert {"US", "EU", "UN"} <= set(agencies)
    assert "AA" not in agencies
    assert "KP" in nationalities["enum"]
    assert "AA" not in nationalities["enum"]


def test_parameters_say_blank_is_allowed_and_ids_are_positive(schema):
    subject = parameter(schema, "/api/v1/designations/", "subject")
    assert subject["allowEmptyValue"] is True
    assert subject["schema"]["maxItems"] == MAX_VALUES
    assert subject["schema"]["items"]["anyOf"][0]["minimum"] == 1
    listed_before = parameter(schema, "/api/v1/subjects/", "listed_before")
    assert listed_before["allowEmptyValue"] is True


def test_match_documents_its_400_and_json_body(schema):
    operation = schema["paths"]["/api/v1/match/"]["post"]
    assert {"200", "400", "401", "415"} <= set(operation["responses"])
    assert list(operation["requestBody"]["content"]) == ["application/json"]


def test_page_parameters_are_checked_on_csv_too(reader_client, seed):
    response = reader_client.get(api("subject"), {"format": "csv", "page": "-1"})
    assert response.status_code == 400
    assert list(response.json()) == ["page"]


# --- JSON errors under /api/ --------------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/v1/subjects/0.5/", "/api/v1/nothing/", "/api/v9/"])
def test_an_api_address_with_no_route_answers_json_404(reader_client, path):
    response = reader_client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found."}


def test_a_web_address_with_no_route_still_answers_a_page(viewer_client):
    response = viewer_client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_a_server_error_under_api_is_json_and_tells_nothing():
    response = server_error(RequestFactory().get("/api/v1/subjects/"))
    assert response.status_code == 500
    assert json.loads(response.content) == {"detail": "Server error."}


def test_a_server_error_on_the_web_is_a_page():
    response = server_error(RequestFactory().get("/subjects/"))
    assert response.status_code == 500
    assert not response.content.startswith(b"{")
