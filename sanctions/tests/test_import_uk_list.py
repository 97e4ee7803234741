"""The FCDO's UK Sanctions List (uk-sanctions-list), CSV and XML, on the project's own files
written in the official layouts (tests/data/uk-sanctions-list/), and the switch from OFSI's
Consolidated List (tests/data/uk/ConList.csv) to it."""

import datetime

import pytest
from django.core.management import CommandError

from sanctions.importers import ImportFileError, parse
from sanctions.models import Designation, ImportChange, ListEntry, Subject

from .conftest import TEST_DATA

FOLDER = TEST_DATA / "uk-sanctions-list"
XML = FOLDER / "UK-Sanctions-List.xml"
CSV = FOLDER / "UK-Sanctions-List.csv"
OFSI = TEST_DATA / "uk" / "ConList.csv"


def entry(entry_id):
    return ListEntry.objects.select_related("subject").get(
        list="uk-sanctions-list", entry_id=entry_id
    )


@pytest.fixture(params=[XML, CSV], ids=["xml", "csv"])
def uk_run(request, run_import):
    return run_import("uk-sanctions-list", request.param)[0]


def test_uk_list_person_every_field(uk_run):
    assert (uk_run.list, uk_run.format) == ("uk-sanctions-list", "uk-sanctions-list")
    assert (uk_run.list_date, uk_run.new_count) == (datetime.date(2026, 3, 3), 4)
    kim = entry("DPR0098")
    assert (kim.reference, kim.name) == ("KPi.067", "IL, Kim Kyong")
    subject = kim.subject
    assert (subject.name, subject.kind, subject.shown_gender()) == (
        "Il Kim Kyong",
        "person",
        "male",
    )
    assert (
        subject.shown_text("position")
        == "Mr; Foreign Trade Bank deputy chief representative in Libya"
    )
    assert subject.shown_text("remarks").startswith("UN Ref: KPi.067.")
    assert sorted(subject.aliases.values_list("name", "kind", "quality", "script", "language")) == [
        ("KIM, Kyong Il", "aka", "strong", "", ""),
        ("Mr Kim", "aka", "weak", "", ""),
        ("김경일", "original_script", "strong", "Hang", "ko"),
    ]
    # dd/mm/1978: the list masks what it does not know.
    assert sorted(subject.birth_dates.values_list("value", flat=True)) == ["1978", "1979-08-01"]
    assert list(subject.birth_places.values_list("place", "country")) == [
        ("Pyongyang, North Korea", "KP")
    ]
    assert list(subject.nationalities.values_list("country", flat=True)) == ["KP"]
    assert list(subject.identifiers.values_list("kind", "number", "country")) == [
        ("passport", "836210029", "KP")
    ]
    assert list(subject.addresses.values_list("full", "city", "country")) == [
        ("Tripoli, Libya", "Tripoli", "LY")
    ]


def test_uk_list_designation_regime_reasons_and_measures(uk_run):
    designation = entry("DPR0098").subject.designations.get()
    assert designation.agency.slug == "uk-ofsi"
    assert designation.program.code == "Democratic People's Republic of Korea"
    assert designation.program.name == (
        "The Democratic People's Republic of Korea (Sanctions) (EU Exit) Regulations 2019"
    )
    assert (designation.listed_on, designation.reference) == (
        datetime.date(2017, 12, 22),
        "DPR0098",
    )
    assert designation.reason == "Foreign Trade Bank deputy chief representative in Libya."
    assert set(designation.measures.values_list("slug", flat=True)) == {
        "asset-freeze",
        "travel-ban",
    }
    [authority] = designation.authorities.all()
    assert (authority.kind, authority.country, authority.title) == (
        "regulation",
        "GB",
        "The Democratic People's Republic of Korea (Sanctions) (EU Exit) Regulations 2019",
    )


def test_uk_list_ship_and_entity_details(uk_run):
    ship = entry("DPR0075").subject
    assert ship.kind == "vessel"
    assert sorted(ship.identifiers.values_list("kind", "number")) == [
        ("imo", "8937675"),
        ("mmsi", "445539000"),
    ]
    assert ship.shown_text("description") == (
        "Type of ship: Oil Tanker; Flag: North Korea; Previous flags: Comoros; Tonnage: 2507; "
        "Year built: 1990; Current owner/operator: Korea Tongsan Shipping Co"
    )
    assert list(ship.designations.get().measures.values_list("slug", flat=True)) == [
        "trade-restrictions"
    ]
    company = entry("RUS1601").subject
    assert company.shown_text("description") == (
        "Type of entity: Joint stock company; Parent company: Rostest State Corporation"
    )
    assert sorted(company.identifiers.values_list("kind", "number")) == [
        ("email", "info@testprom.example"),
        ("other", "+7 495 000 00 00"),
        ("registration", "1027700000000"),
        ("website", "www.testprom.example"),
    ]
    assert company.aliases.get(kind="original_script").language == "ru"
    qahtani = entry("AQD0310").subject
    assert sorted(qahtani.identifiers.values_list("kind", "number", "country")) == [
        ("national_id", "28968801212", "QA"),
        ("passport", "592667", "QA"),
        ("passport", "K048787", "SA"),
    ]
    assert sorted(qahtani.nationalities.values_list("country", flat=True)) == ["QA", "SA"]


def test_uk_list_csv_and_xml_say_the_same():
    [from_xml], [from_csv] = parse("uk-sanctions-list", [XML]), parse("uk-sanctions-list", [CSV])
    assert [e.snapshot() for e in from_xml.entries] == [e.snapshot() for e in from_csv.entries]
    assert from_xml.list_date == from_csv.list_date == datetime.date(2026, 3, 3)


def test_uk_list_entry_joins_the_un_subject_it_names(run_import):
    run_import("un-xml", TEST_DATA / "un" / "consolidated.xml")
    choe = ListEntry.objects.get(list="un-consolidated", entry_id="6908582")
    ListEntry.objects.filter(pk=choe.pk).update(reference="KPi.067")
    run_import("uk-sanctions-list", XML)
    assert entry("DPR0098").subject_id == choe.subject_id


# --- the switch from OFSI's list -------------------------------------------------------------


@pytest.fixture
def switched(run_import):
    [ofsi] = run_import("uk-ofsi-csv", OFSI)
    kim = ListEntry.objects.get(list="uk-ofsi-conlist", entry_id="13562")
    before = {
        "subjects": Subject.objects.count(),
        "kim": kim.subject_id,
        "designation": kim.subject.designations.get().pk,
    }
    [run] = run_import("uk-sanctions-list", XML)
    return ofsi, run, before


def test_switch_from_ofsi_carries_each_group_on(switched):
    _, run, before = switched
    assert (run.new_count, run.changed_count, run.removed_count) == (1, 3, 0)
    assert not ListEntry.objects.filter(list="uk-ofsi-conlist").exists()
    kim = entry("DPR0098")
    assert kim.subject_id == before["kim"]
    assert Subject.objects.count() == before["subjects"] + 1  # only TESTPROM is new
    change = ImportChange.objects.get(run=run, entry=kim)
    assert (change.action, change.changes["continued_from"]) == ("changed", "uk-ofsi-conlist 13562")


def test_switch_from_ofsi_delists_nothing(switched):
    _, _, before = switched
    assert not Designation.objects.filter(delisted_on__isnull=False).exists()
    designation = entry("DPR0098").subject.designations.get()
    assert designation.pk == before["designation"]  # the same designation, now under the regime
    assert designation.program.code == "Democratic People's Republic of Korea"
    assert designation.authorities.filter(kind="regulation", country="GB").exists()


def test_switch_then_the_next_version_is_unchanged(switched, run_import):
    [again] = run_import("uk-sanctions-list", CSV)
    assert (again.new_count, again.changed_count, again.unchanged_count) == (0, 0, 4)
    assert again.removed_count == 0


def test_two_designations_of_one_ofsi_group_share_the_subject(run_import, tmp_path):
    run_import("uk-ofsi-csv", OFSI)
    text = XML.read_text()
    second = text[text.index("<Designation>") : text.index("</Designation>") + 14]
    second = second.replace("DPR0098", "GHR0098").replace(
        "The Democratic People's Republic of Korea (Sanctions) (EU Exit) Regulations 2019",
        "The Global Human Rights Sanctions Regulations 2020",
    )
    (tmp_path / "UK-Sanctions-List.xml").write_text(
        text.replace("</Designations>", second + "\n</Designations>")
    )
    [run] = run_import("uk-sanctions-list", tmp_path / "UK-Sanctions-List.xml")
    assert run.new_count == 2
    assert entry("GHR0098").subject_id == entry("DPR0098").subject_id
    programs = entry("DPR0098").subject.designations.values_list("program__code", flat=True)
    assert sorted(programs) == ["Democratic People's Republic of Korea", "Global Human Rights"]


@pytest.mark.parametrize("path", [XML, CSV], ids=["xml", "csv"])
def test_ofsi_importer_names_the_command_for_the_new_list(run_import, path):
    with pytest.raises(
        CommandError, match="import it with `manage.py import_list uk-sanctions-list`"
    ):
        run_import("uk-ofsi-csv", path)


def test_uk_list_importer_names_the_command_for_ofsi_files():
    with pytest.raises(
        ImportFileError, match="an OFSI Consolidated List file: import it with uk-ofsi-csv"
    ):
        parse("uk-sanctions-list", [OFSI])
