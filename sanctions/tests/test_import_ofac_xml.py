"""OFAC's advanced XML: a file the project writes in the SDN layout, and the real non-SDN file
in ../shared/reference-data/ofac-advanced-xml/ (skipped where absent), also as the successor
of the same list's CSV files."""

import datetime
import re

import pytest

from sanctions.models import Designation, ImportChange, ListEntry, Relationship, Subject

from .conftest import REFERENCE_DATA, TEST_DATA, requires_reference_data

SDN_XML = TEST_DATA / "ofac_xml" / "sdn_advanced.xml"
CONS_XML = REFERENCE_DATA / "ofac-advanced-xml" / "cons_advanced-2020-03-17.xml"
CONS_CSV = REFERENCE_DATA / "ofac-consolidated-csv" / "2018-04-06"


def subject(entry_id, slug="us-ofac-sdn"):
    return ListEntry.objects.get(list=slug, entry_id=entry_id).subject


@pytest.fixture
def sdn(run_import):
    return run_import("ofac-xml", SDN_XML)[0]


def test_the_sdn_layout_is_the_sdn_list_dated_by_its_date_of_issue(sdn):
    assert (sdn.list, sdn.format, sdn.new_count) == ("us-ofac-sdn", "ofac-xml", 5)
    assert sdn.list_date == datetime.date(2021, 6, 1)


def test_person_names_features_and_documents(sdn):
    choe = subject("23213")
    assert (choe.kind, choe.name, choe.shown_gender()) == ("person", "Choe Ryong Hae", "male")
    assert choe.shown_text("position").startswith("Director of the Workers' Party")
    assert list(choe.birth_dates.values_list("value", flat=True)) == ["1950-01-15"]
    assert list(choe.nationalities.values_list("country", "kind")) == [("KP", "nationality")]
    assert list(choe.birth_places.values_list("country", flat=True)) == ["KP"]
    assert set(choe.aliases.values_list("name", "kind", "quality", "script")) == {
        ("CH'OE, Ryong-hae", "aka", "strong", ""),
        ("CHOE YONGHAE", "aka", "weak", ""),
        ("최룡해", "original_script", "strong", "Hang"),
    }
    assert set(choe.identifiers.values_list("kind", "number", "country", "note")) == {
        ("passport", "745310010", "KP", "issued 02 Mar 2016 expires 02 Mar 2021"),
        ("passport", "D654321", "KP", "Diplomatic Passport"),
    }


def test_designation_dated_by_its_entry_event_under_its_legal_basis(sdn):
    designation = subject("23213").designations.get()
    assert (designation.program.code, designation.listed_on) == ("DPRK2", datetime.date(2016, 7, 6))
    assert list(designation.authorities.values_list("slug", flat=True)) == ["eo-13687"]
    assert set(designation.measures.values_list("slug", flat=True)) == {
        "asset-freeze",
        "transaction-ban",
        "secondary-sanctions",
    }


def test_legal_bases_go_to_the_program_they_name(sdn):
    designations = subject("40002").designations.order_by("program__code")
    assert [
        (d.program.code, d.listed_on, sorted(d.authorities.values_list("slug", flat=True)))
        for d in designations
    ] == [
        ("CYBER2", datetime.date(2019, 11, 8), ["eo-13694"]),
        ("SDGT", datetime.date(2019, 11, 8), ["eo-13224"]),
    ]


def test_a_legal_basis_the_reference_lacks_is_created_from_the_file(sdn):
    designation = subject("40003").designations.get()
    [authority] = designation.authorities.all()
    assert (authority.title, authority.kind) == (
        "North Korea Sanctions Regulations, 31 C.F.R. part 510",
        "regulation",
    )


def test_unknown_legal_basis_falls_back_to_the_programs_authorities(sdn):
    designation = subject("40004").designations.get()
    assert designation.program.name == "Russia: harmful foreign activities (E.O. 14024)"
    assert list(designation.authorities.values_list("slug", flat=True)) == ["eo-14024"]


def test_vessel_with_its_imo_number_call_sign_and_description(sdn):
    vessel = subject("40001")
    assert vessel.kind == "vessel"
    assert vessel.shown_text("description") == (
        "Vessel type: Oil Tanker; Tonnage: 4,300; Gross registered tonnage: 2,900; "
        "Flag: Korea, North; Owner: TEST SHIPPING CO"
    )
    assert set(vessel.identifiers.values_list("kind", "number")) == {
        ("imo", "8910202"),
        ("call_sign", "HMYR"),
        ("mmsi", "445123000"),
        ("other", "SB-0042"),
    }


def test_digital_currency_addresses_by_currency_and_typed_registrations(sdn):
    exchange = subject("40002")
    assert set(exchange.identifiers.values_list("kind", "number", "country", "note")) == {
        ("digital_currency", "1AjZPMsnmpdK2Rv9KQNfMurTXinscVro9V", "", "XBT"),
        ("digital_currency", "0x901bb9583b24d97e995513c6778dc6888ab6870e", "", "ETH"),
        ("registration", "91210600MA0XL8XX3G", "CN", ""),
        ("isin", "RU000A0JP5V6", "", ""),
        ("email", "desk@test-exchange.example", "", ""),
    }
    assert list(exchange.aliases.values_list("name", "kind")) == [("OLD EXCHANGE LLC", "fka")]
    address = exchange.addresses.get()
    assert (address.full, address.city, address.country) == (
        "Room 1501, 88 Test Road, Dandong, Liaoning 118000, China",
        "Dandong, Liaoning 118000",
        "CN",
    )


def test_unknown_types_are_kept_and_reported(sdn):
    assert "Favourite Colour Blue" in subject("40002").shown_text("remarks")
    assert any("feature type 'Favourite Colour' kept in the remarks" in w for w in sdn.warnings)
    assert any("document type 'Seafarer Book Number' kept as other" in w for w in sdn.warnings)


def test_birth_date_ranges_and_approximate_years(sdn):
    kim = subject("40004")
    assert kim.name == "Kim Test Il"
    assert sorted(kim.birth_dates.values_list("value", flat=True)) == ["1961/1963", "1965~"]
    assert list(kim.nationalities.values_list("country", "kind")) == [("KP", "citizenship")]


def test_relationships_keep_their_type(sdn):
    assert set(
        Relationship.objects.values_list(
            "subject__list_entries__entry_id", "related__list_entries__entry_id", "kind"
        )
    ) == {("40002", "40003", "owned_by"), ("40004", "23213", "associate")}


def test_reimport_is_unchanged(sdn, run_import):
    [again] = run_import("ofac-xml", SDN_XML)
    assert (again.new_count, again.changed_count, again.unchanged_count) == (0, 0, 5)


# --- the real non-SDN file -------------------------------------------------------------------


def xml_counts():
    """Counts read from the file with regular expressions, not with the importer."""
    text = CONS_XML.read_text(encoding="utf-8")
    parties = set(re.findall(r'<DistinctParty FixedRef="(\d+)"', text))
    return text, parties


@requires_reference_data("ofac-advanced-xml", "cons_advanced-2020-03-17.xml")
def test_real_consolidated_xml(run_import):
    text, parties = xml_counts()
    [run] = run_import("ofac-xml", CONS_XML)
    assert (run.list, run.new_count, run.list_date) == (
        "us-ofac-cons",
        len(parties),
        datetime.date(2020, 3, 17),
    )
    assert run.warnings == []
    documents = re.findall(r"<IDRegistrationNo>([^<]+)</IDRegistrationNo>", text)
    entries = ListEntry.objects.filter(list="us-ofac-cons")
    identifiers = [
        n for s in Subject.objects.all() for n in s.identifiers.values_list("number", flat=True)
    ]
    assert set(documents) <= set(identifiers)
    programs = set(re.findall(r"<Comment>([^<]+)</Comment>\s*<DatePeriod", text))
    assert set(Designation.objects.values_list("program__code", flat=True)) == programs
    assert not Designation.objects.filter(listed_on__isnull=True).exists()
    assert entries.count() == len(parties)

    bektas = subject("17526", "us-ofac-cons")
    assert bektas.name == "Halis Bektas"  # given names first (docs/data-model.md, "Names")
    assert list(bektas.identifiers.values_list("kind", "number", "country")) == [
        ("passport", "X0906223", "CH")
    ]
    assert list(bektas.nationalities.values_list("country", "kind")) == [("CH", "citizenship")]
    for designation in bektas.designations.all():
        assert designation.listed_on == datetime.date(2014, 12, 17)
        assert set(designation.authorities.values_list("slug", flat=True)) == {
            "eo-13582",
            "eo-13608",
        }
    haniya = subject("9639", "us-ofac-cons").designations.get()
    assert (haniya.program.code, haniya.listed_on) == ("NS-PLC", datetime.date(2006, 4, 12))
    assert haniya.authorities.get().title == "General License 4 Under EO 13224 (Terrorism)"
    orenburgneft = subject("18267", "us-ofac-cons")
    assert orenburgneft.relationships.get().related == subject("17022", "us-ofac-cons")

    [again] = run_import("ofac-xml", CONS_XML)
    assert (again.new_count, again.changed_count, again.unchanged_count) == (0, 0, len(parties))


@requires_reference_data("ofac-consolidated-csv", "2018-04-06")
@requires_reference_data("ofac-advanced-xml", "cons_advanced-2020-03-17.xml")
def test_switching_the_consolidated_list_from_csv_to_xml_records_only_real_changes(run_import):
    [csv_run] = run_import("ofac-csv", CONS_CSV)
    subjects = Subject.objects.count()
    [switch] = run_import("ofac-xml", CONS_XML, force=True)
    text, parties = xml_counts()
    csv_ids = set(ListEntry.objects.filter(first_run=csv_run).values_list("entry_id", flat=True))
    both = csv_ids & parties
    # The same list entries and subjects, not new ones.
    assert switch.new_count == len(parties - csv_ids)
    assert Subject.objects.count() == subjects + len(parties - csv_ids)
    assert switch.changed_count + switch.unchanged_count == len(both)
    # Most entries say the same in both formats; dates, legal bases and typed relationships
    # are what the XML adds, not changes.
    assert switch.unchanged_count > 0.8 * len(both)
    changes = ImportChange.objects.filter(run=switch, action="changed")
    assert changes.count() == switch.changed_count
    for change in changes:
        assert not {"remarks", "links"} & change.changes.keys()
        for item in change.changes.get("listings", {}).get("changed", []):
            raise AssertionError(f"a listing changed only by the format: {item}")
    # ... yet written: the entry that says the same got its date and legal basis.
    haniya = subject("9639", "us-ofac-cons")
    assert not changes.filter(entry__entry_id="9639").exists()
    designation = haniya.designations.get()
    assert designation.listed_on == datetime.date(2006, 4, 12)
    # The legal basis the XML names joins those of the program the CSV import gave it.
    assert set(designation.authorities.values_list("slug", flat=True)) == {
        "ofac-general-license-4-under-eo-13224-terrorism",
        "eo-13224",
        "cfr-31-594",
    }
    assert subject("18267", "us-ofac-cons").relationships.get().kind == "owned_by"

    [back] = run_import("ofac-csv", CONS_CSV, force=True)
    # Back to the CSV files: what they cannot say (the dates) is kept.
    assert haniya.designations.get().listed_on == datetime.date(2006, 4, 12)
    assert not ImportChange.objects.filter(run=back, action="added").exists()


def test_a_changed_legal_basis_replaces_the_old_one(sdn, run_import, tmp_path):
    changed = SDN_XML.read_text(encoding="utf-8").replace(
        'EntryEventTypeID="1" LegalBasisID="91600"', 'EntryEventTypeID="1" LegalBasisID="1828"'
    )
    (tmp_path / "sdn_advanced.xml").write_text(changed, encoding="utf-8")
    [run] = run_import("ofac-xml", tmp_path / "sdn_advanced.xml")
    assert (run.changed_count, run.unchanged_count) == (1, 4)
    designation = subject("23213").designations.get()
    assert list(designation.authorities.values_list("slug", flat=True)) == ["eo-13224"]
    change = ImportChange.objects.get(run=run)
    assert change.changes["listings"]["changed"][0]["authorities"] == ["eo-13224"]
