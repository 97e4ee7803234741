"""The UN XML, UK OFSI CSV and OpenSanctions FtM importers, on the project's own small files."""

import datetime

import pytest

from sanctions.models import Designation, ListEntry, Relationship, Subject

from .conftest import TEST_DATA


def entry(list_slug, entry_id):
    return ListEntry.objects.select_related("subject").get(list=list_slug, entry_id=entry_id)


# --- UN ------------------------------------------------------------------------------------


@pytest.fixture
def un_run(run_import):
    return run_import("un-xml", TEST_DATA / "un" / "consolidated.xml")[0]


def test_un_individual_every_field(un_run):
    assert un_run.list_date == datetime.date(2024, 3, 1)
    choe = entry("un-consolidated", "6908582")
    assert choe.reference == "KPi.042"
    subject = choe.subject
    assert (subject.name, subject.kind, subject.shown_gender()) == ("Choe Hwi", "person", "male")
    assert subject.shown_text("position").startswith(
        "Mr; First Vice Director of the Workers' Party of Korea"
    )
    assert "\n" not in subject.shown_text("position")  # the XML's hard line breaks are spaces
    assert sorted(subject.birth_dates.values_list("value", "note")) == [
        ("1950/1952", ""),
        ("1953", "as Hwi"),
        ("1954", ""),
        ("1955-03-04", ""),
        ("1956~", "reported"),
    ]
    assert sorted(subject.aliases.values_list("name", "kind", "quality", "script")) == [
        ("Ch'oe Hwi", "aka", "strong", ""),
        ("Hwi", "aka", "weak", ""),
        ("최휘", "original_script", "strong", "Hang"),
    ]
    assert list(subject.nationalities.values_list("country", flat=True)) == ["KP"]
    assert list(subject.birth_places.values_list("country", flat=True)) == ["KP"]
    passport = subject.identifiers.get()
    assert (passport.kind, passport.number, passport.country) == ("passport", "108210124", "KP")
    assert subject.addresses.get().note == "as of 2017"
    designation = subject.designations.get()
    assert (designation.program.code, designation.reference) == ("DPRK", "KPi.042")
    assert designation.listed_on == datetime.date(2017, 6, 2)
    assert list(designation.authorities.values_list("slug", flat=True)) == ["unscr-1718"]
    assert set(designation.measures.values_list("slug", flat=True)) == {
        "asset-freeze",
        "travel-ban",
    }


def test_un_entity_aliases_and_zoned_listing_date(un_run):
    komid = entry("un-consolidated", "110000").subject
    assert komid.kind == "organization"
    assert sorted(komid.aliases.values_list("name", "kind")) == [
        ("CHANGGWANG SINYONG CORPORATION", "fka"),
        ("KOMID", "aka"),
    ]
    assert komid.designations.get().listed_on == datetime.date(2009, 4, 24)


# --- UK ------------------------------------------------------------------------------------


@pytest.fixture
def uk_run(run_import):
    return run_import("uk-ofsi-csv", TEST_DATA / "uk" / "ConList.csv")[0]


def test_uk_rows_grouped_by_group_id(uk_run):
    assert uk_run.new_count == 3
    assert uk_run.list_date == datetime.date(2020, 2, 17)  # the "Last Updated" line
    kim = entry("uk-ofsi-conlist", "13562")
    assert kim.reference == "KPi.067"
    subject = kim.subject
    assert subject.name == "Il Kim Kyong"
    assert list(subject.aliases.values_list("name", flat=True)) == ["KIM, Kyong Il"]
    assert sorted(subject.birth_dates.values_list("value", flat=True)) == ["1978", "1979-08-01"]
    assert list(subject.nationalities.values_list("country", flat=True)) == ["KP"]
    assert subject.identifiers.get().number == "836210029"
    assert (
        subject.shown_text("position")
        == "Mr; Foreign Trade Bank deputy chief representative in Libya"
    )
    assert subject.addresses.get().country == "LY"
    designation = subject.designations.get()
    assert designation.agency.slug == "uk-ofsi"
    assert designation.program.name == "North Korea (Democratic People's Republic of Korea)"
    assert designation.listed_on == datetime.date(2017, 12, 22)


def test_uk_windows_1252_text_and_enumerations(uk_run):
    ship = entry("uk-ofsi-conlist", "13556").subject
    assert ship.kind == "vessel"  # typed "Entity", but it has an IMO number
    assert "’Korea’" in ship.shown_text("remarks")  # 0x92 read as a right single quote
    assert sorted(ship.identifiers.values_list("kind", flat=True)) == ["imo", "mmsi"]
    qahtani = entry("uk-ofsi-conlist", "13349").subject
    assert sorted(qahtani.nationalities.values_list("country", flat=True)) == ["QA", "SA"]
    assert sorted(qahtani.identifiers.values_list("number", "country")) == [
        ("592667", "QA"),
        ("K048787", "SA"),
    ]


def test_uk_entry_joins_the_un_subject_it_names(run_import):
    run_import("un-xml", TEST_DATA / "un" / "consolidated.xml")
    choe = entry("un-consolidated", "6908582").subject
    ListEntry.objects.filter(subject=choe).update(reference="KPi.067")
    run_import("uk-ofsi-csv", TEST_DATA / "uk" / "ConList.csv")
    assert entry("uk-ofsi-conlist", "13562").subject == choe
    assert set(choe.designations.values_list("agency__slug", flat=True)) == {
        "un-security-council",
        "uk-ofsi",
    }


def test_uk_header_with_an_extra_leading_column_is_read(run_import, tmp_path):
    text = (TEST_DATA / "uk" / "ConList.csv").read_bytes().decode("cp1252")
    lines = text.splitlines()[1:]  # no "Last Updated" line either
    shifted = "\n".join(["," + lines[0], *lines[1:]]) + "\n"
    (tmp_path / "ConList.csv").write_bytes(shifted.encode("cp1252"))
    [run] = run_import("uk-ofsi-csv", tmp_path / "ConList.csv")
    assert run.new_count == 3
    assert run.list_date is None


# --- OpenSanctions -------------------------------------------------------------------------


@pytest.fixture
def ftm_run(run_import):
    return run_import("ftm", TEST_DATA / "ftm" / "entities.ftm.json")[0]


def test_ftm_entities_become_subjects_with_their_parts(ftm_run):
    assert ftm_run.new_count == 2
    petrov = entry("opensanctions", "NK-person1").subject
    assert (petrov.kind, petrov.shown_gender()) == ("person", "male")
    assert sorted(petrov.aliases.values_list("name", "quality", "script")) == [
        ("Vanya", "weak", ""),
        ("Vanya Petrov", "strong", ""),
        ("Иван Иванович ПЕТРОВ", "strong", "Cyrl"),
    ]
    assert list(petrov.birth_dates.values_list("value", flat=True)) == ["1970-05"]
    assert list(petrov.birth_places.values_list("place", "country")) == [("Omsk", "RU")]
    assert sorted(petrov.nationalities.values_list("country", "kind")) == [
        ("BY", "citizenship"),
        ("RU", "nationality"),
    ]
    assert list(petrov.addresses.values_list("full", "country")) == [
        ("Lenina 1, Omsk, Russia", "RU")
    ]
    designation = petrov.designations.get()
    assert (designation.agency.slug, designation.listed_on) == (
        "eu-council",
        datetime.date(2022, 4, 8),
    )


def test_ftm_sanction_and_link_entities(ftm_run):
    company = entry("opensanctions", "NK-company1").subject
    designation = company.designations.get()
    assert (designation.program.code, designation.reason) == ("BELARUS", "Supports the regime.")
    assert designation.listed_on == datetime.date(2022, 6, 3)
    assert sorted(company.identifiers.values_list("kind", "number")) == [
        ("registration", "808000714"),
        ("tax_id", "7700000000"),
    ]
    owner = entry("opensanctions", "NK-person1").subject
    assert Relationship.objects.filter(subject=company, related=owner, kind="owned_by").exists()


def test_ftm_deltas_add_modify_and_delete(ftm_run, run_import):
    first, second = run_import("ftm", TEST_DATA / "ftm" / "deltas")
    assert first.is_delta
    assert first.list_date == datetime.date(2024, 5, 27)
    assert (first.new_count, first.changed_count, first.removed_count) == (1, 1, 0)
    assert first.files[0]["name"] == "20240527194702-wnk/entities.delta.json"
    petrov = entry("opensanctions", "NK-person1").subject
    assert petrov.shown_text("position") == "Former director of TEST LLC"
    assert list(petrov.birth_dates.values_list("value", flat=True)) == ["1970-05-01"]
    assert entry("opensanctions", "NK-person2").subject.designations.get().agency.slug == (
        "un-security-council"
    )
    assert (second.new_count, second.removed_count, second.unchanged_count) == (0, 1, 0)
    company = Designation.objects.get(list_entry__entry_id="NK-company1")
    assert company.delisted_on == datetime.date(2024, 5, 28)
    assert Subject.objects.filter(pk=company.subject_id).exists()


def test_ftm_hard_link_to_an_imported_ofac_entry(run_import):
    run_import("ofac-csv", TEST_DATA / "ofac" / "v1")
    run_import("ftm", TEST_DATA / "ftm" / "entities.ftm.json")
    assert entry("opensanctions", "NK-person1").subject == entry("us-ofac-sdn", "100").subject
