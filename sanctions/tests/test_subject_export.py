"""A vessel's particulars as fields, and a subject exported as JSON and as FtM entities."""

import datetime
import json

import pytest
from django.urls import reverse

from sanctions.importers import parse
from sanctions.merging import merge_subjects
from sanctions.models import Agency, ListEntry, Program, Subject

from .conftest import TEST_DATA


@pytest.fixture
def sea_star(run_import):
    """The vessel SEA STAR as OFAC's SDN CSV lists it (flag, type and tonnage in columns, IMO
    and MMSI in the remarks, the call sign in its own column)."""
    run_import("ofac-csv", TEST_DATA / "ofac" / "v1", no_xref=True)
    return ListEntry.objects.get(list="us-ofac-sdn", entry_id="300").subject


@pytest.fixture
def choe(seed, make_subject, make_designation):
    subject = make_subject(name="Choe Ryong Hae", kind="person", remarks="Vice chairman")
    subject.aliases.create(name="CH'OE, Ryong-hae", kind="aka", quality="strong")
    subject.aliases.create(name="Choe Ryonghae", kind="aka", quality="weak")
    subject.birth_dates.create(value="1950-01-15")
    subject.nationalities.create(country="KP")
    subject.identifiers.create(kind="passport", number="PD123", country="KP", note="diplomatic")
    ofac = Agency.objects.get(slug="us-ofac")
    program = Program.objects.get(code="DPRK2")
    make_designation(
        subject=subject,
        agency=ofac,
        program=program,
        listed_on=datetime.date(2018, 12, 10),
        delisted_on=datetime.date(2024, 1, 5),
        reference="Press release sm0568",
    )
    return subject


def export(client, subject, export_format):
    url = reverse("api:subject-export", kwargs={"pk": subject.pk})
    return client.get(url, {"format": export_format})


def entities(response):
    return [json.loads(line) for line in response.content.decode().splitlines()]


# --- A vessel's particulars ----------------------------------------------------------------


def test_vessel_page_shows_flag_imo_and_call_sign_as_fields(sea_star, viewer_client):
    page = viewer_client.get(sea_star.get_absolute_url())
    text = page.content.decode()
    facts = text[text.index('<dl class="facts">') : text.index("</dl>")]
    for label, value in [
        ("Flag", "Korea, North"),
        ("IMO number", "9123456"),
        ("Call sign", "HMXY2"),
        ("MMSI", "123456789"),
        ("Vessel type", "Bulk Carrier"),
        ("Tonnage", "5000"),
        ("Gross registered tonnage", "3000"),
        ("Owner or operator", "EXAMPLE TRADING CO."),
    ]:
        assert f"<dt>{label}</dt>" in facts
        assert value in facts
    assert "Nationality" not in facts  # a vessel has a flag, not a nationality
    assert "Description" not in text  # every part of it is a field now


def test_vessel_without_particulars_says_they_are_not_known(make_subject, viewer_client):
    vessel = make_subject(name="NAMELESS", kind="vessel")
    facts = viewer_client.get(vessel.get_absolute_url()).content.decode()
    assert '<dt>Flag</dt>\n        <dd><span class="muted">not known</span>' in facts
    assert "<dt>IMO number</dt>" in facts
    assert "<dt>Tonnage</dt>" not in facts  # only the usual three are shown when unknown


def test_api_detail_gives_the_vessel_particulars(sea_star, reader_client):
    body = reader_client.get(reverse("api:subject-detail", kwargs={"pk": sea_star.pk})).json()
    vessel = body["vessel"]
    assert vessel["flag"] == ["Korea, North"]
    assert vessel["imo_number"] == ["9123456"]
    assert vessel["call_sign"] == ["HMXY2"]
    assert vessel["vessel_type"] == ["Bulk Carrier"]
    assert vessel["tonnage"] == ["5000"]
    assert vessel["gross_registered_tonnage"] == ["3000"]
    assert vessel["previous_flags"] == []


def test_api_detail_of_a_person_has_no_vessel(choe, reader_client):
    body = reader_client.get(reverse("api:subject-detail", kwargs={"pk": choe.pk})).json()
    assert body["vessel"] is None


# --- Export --------------------------------------------------------------------------------


def test_subject_page_links_both_exports(choe, viewer_client):
    text = viewer_client.get(choe.get_absolute_url()).content.decode()
    url = reverse("api:subject-export", kwargs={"pk": choe.pk})
    assert f'href="{url}?format=json" download' in text
    assert f'href="{url}?format=ftm" download' in text


def test_json_export_is_the_api_detail_as_a_file(choe, reader_client):
    response = export(reader_client, choe, "json")
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == f'attachment; filename="subject-{choe.pk}.json"'
    detail = reader_client.get(reverse("api:subject-detail", kwargs={"pk": choe.pk})).json()
    assert response.json() == detail


def test_ftm_export_writes_the_subject_its_sanctions_and_documents(choe, reader_client):
    response = export(reader_client, choe, "ftm")
    assert response["Content-Type"] == "application/x-ndjson; charset=utf-8"
    name = f"subject-{choe.pk}.ftm.json"
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    person, sanction, passport = entities(response)
    designation = choe.designations.get()
    assert person["id"] == f"st-subject-{choe.pk}"
    assert person["schema"] == "Person"
    props = person["properties"]
    assert props["name"] == ["Choe Ryong Hae"]
    assert props["alias"] == ["CH'OE, Ryong-hae"]
    assert props["weakAlias"] == ["Choe Ryonghae"]
    assert props["birthDate"] == ["1950-01-15"]
    assert props["nationality"] == ["kp"]
    assert props["notes"] == ["Vice chairman"]
    assert "topics" not in props  # delisted: no longer a sanctioned party
    assert sanction["id"] == f"st-sanction-{designation.pk}"
    assert sanction["schema"] == "Sanction"
    assert sanction["properties"]["entity"] == [person["id"]]
    assert sanction["properties"]["program"] == ["DPRK2"]
    assert sanction["properties"]["startDate"] == ["2018-12-10"]
    assert sanction["properties"]["endDate"] == ["2024-01-05"]
    assert sanction["properties"]["authorityId"] == ["Press release sm0568"]
    assert "us_ofac_sdn" in sanction["datasets"]
    assert passport["schema"] == "Passport"
    assert passport["properties"]["holder"] == [person["id"]]
    assert passport["properties"]["country"] == ["kp"]


def test_ftm_ids_stay_the_same_between_exports(choe, reader_client):
    first = [entity["id"] for entity in entities(export(reader_client, choe, "ftm"))]
    choe.remarks = "Edited"
    choe.save()
    assert [entity["id"] for entity in entities(export(reader_client, choe, "ftm"))] == first


def test_ftm_export_of_a_vessel_has_its_particulars(sea_star, reader_client):
    vessel = entities(export(reader_client, sea_star, "ftm"))[0]
    assert vessel["schema"] == "Vessel"
    props = vessel["properties"]
    assert props["imoNumber"] == ["9123456"]
    assert props["callSign"] == ["HMXY2"]
    assert props["mmsi"] == ["123456789"]
    assert props["flag"] == ["kp"]
    assert props["type"] == ["Bulk Carrier"]
    assert props["tonnage"] == ["5000"]
    assert props["topics"] == ["sanction"]


def test_ftm_export_round_trips_through_the_ftm_importer(choe, reader_client, tmp_path):
    path = tmp_path / "entities.ftm.json"
    path.write_bytes(export(reader_client, choe, "ftm").content)
    (parsed,) = parse("ftm", [path])
    (entry,) = parsed.entries
    assert (entry.entry_id, entry.kind, entry.name) == (
        f"st-subject-{choe.pk}",
        "person",
        choe.name,
    )
    assert {(a.name, a.quality) for a in entry.aliases} == {
        ("CH'OE, Ryong-hae", "strong"),
        ("Choe Ryonghae", "weak"),
    }
    assert [b.value for b in entry.birth_dates] == ["1950-01-15"]
    assert [n.country for n in entry.nationalities] == ["KP"]
    assert [(i.kind, i.number, i.country) for i in entry.identifiers] == [
        ("passport", "PD123", "KP")
    ]
    (listing,) = entry.listings
    assert (listing.agency, listing.program) == ("us-ofac", "DPRK2")
    assert listing.listed_on == datetime.date(2018, 12, 10)
    assert listing.reference == "Press release sm0568"
    assert entry.remarks == "Vice chairman"
    assert parsed.warnings == []


def test_export_of_a_merged_subject_redirects_keeping_the_format(choe, make_subject, reader_client):
    absorbed = make_subject(name="Choe Ryong-hae")
    merge_subjects(choe, absorbed)
    response = export(reader_client, absorbed, "ftm")
    assert response.status_code == 301
    url = reverse("api:subject-export", kwargs={"pk": choe.pk})
    assert response["Location"].endswith(f"{url}?format=ftm")
    assert response["Content-Type"] == "application/json"
    assert response.json()["merged_into"]["id"] == choe.pk


def test_export_answers_a_missing_subject_and_a_bad_format_in_json(choe, reader_client):
    url = reverse("api:subject-export", kwargs={"pk": choe.pk + 1000})
    missing = reader_client.get(url, {"format": "ftm"})
    assert missing.status_code == 404
    assert missing["Content-Type"] == "application/json"
    assert missing.json() == {"detail": "No subject has this id."}
    bad = export(reader_client, choe, "xml")
    assert bad.status_code == 400
    assert "format" in bad.json()


def test_export_needs_a_login(choe, api_client):
    assert export(api_client, choe, "ftm").status_code == 401
    assert Subject.objects.filter(pk=choe.pk).exists()
