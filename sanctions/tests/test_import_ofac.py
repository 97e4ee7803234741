"""The OFAC CSV importer and the shared apply step, on the project's own small files.

v1 has the quirks OFAC's files have (CRLF, Ctrl-Z, "-0- " nulls, "A] [B" programs, Remarks
continued in sdn_comments.csv, every date-of-birth shape); v2 amends, adds and removes
entries; v3 brings a removed entry back.
"""

import datetime

import pytest

from sanctions.models import (
    Address,
    Alias,
    Citation,
    Designation,
    ImportChange,
    ListEntry,
    Relationship,
    Subject,
)

from .conftest import TEST_DATA

OFAC = TEST_DATA / "ofac"


def entry_subject(entry_id, list_slug="us-ofac-sdn"):
    return ListEntry.objects.get(list=list_slug, entry_id=entry_id).subject


@pytest.fixture
def v1(run_import):
    return run_import("ofac-csv", OFAC / "v1")[0]


def test_first_import_counts_every_entry_new(v1):
    assert (v1.new_count, v1.changed_count, v1.unchanged_count, v1.removed_count) == (5, 0, 0, 0)
    assert v1.list == "us-ofac-sdn"
    assert v1.format == "ofac-csv"
    assert sorted(f["name"] for f in v1.files) == [
        "add.csv",
        "alt.csv",
        "sdn.csv",
        "sdn_comments.csv",
    ]
    assert all(len(f["sha256"]) == 64 for f in v1.files)
    assert Subject.objects.count() == 5


def test_person_fields_from_columns_and_remarks(v1):
    anna = entry_subject("100")
    assert (anna.kind, anna.name, anna.shown_gender()) == ("person", "Tester Anna Maria", "female")
    assert anna.shown_text("position") == "Director of Testing"
    assert anna.shown_text("remarks").startswith("DOB circa 1960; alt. DOB 1961 to 1963;")
    # The list's own values, kept with its entry: the subject's fields are the analyst's.
    assert (anna.gender, anna.position, anna.remarks) == ("", "", "")
    assert sorted(anna.birth_dates.values_list("value", flat=True)) == [
        "1934/1936",
        "1950-01/1950-03",
        "1957-03-05~",
        "1958-02",
        "1960~",
        "1961/1963",
        "1964/1965",
        "1966-04-12",
    ]
    assert list(anna.birth_places.values_list("place", "country")) == [
        ("Pyongyang, Korea, North", "KP")
    ]
    assert sorted(anna.nationalities.values_list("country", "kind")) == [
        ("KP", "nationality"),
        ("RU", "citizenship"),
    ]
    assert sorted(anna.identifiers.values_list("kind", "number", "country")) == [
        ("national_id", "999-1", "RU"),
        ("passport", "123456", "KP"),
    ]
    assert anna.identifiers.get(kind="passport").note == "expires 01 Jan 2030"


def test_aliases_keep_kind_and_quality(v1):
    anna = entry_subject("100")
    assert sorted(anna.aliases.values_list("name", "kind", "quality")) == [
        ("ANNIE", "aka", "weak"),
        ("OLDNAME, Anna", "fka", "strong"),
    ]
    company = entry_subject("200")
    assert sorted(company.aliases.values_list("kind", flat=True)) == ["aka", "nka"]
    assert "example trade company" in company.search_text


def test_programs_authorities_and_measures(v1):
    designations = Designation.objects.filter(subject=entry_subject("100")).order_by(
        "program__code"
    )
    assert [d.program.code for d in designations] == ["IFSR", "SDGT"]
    sdgt = designations.get(program__code="SDGT")
    assert list(sdgt.authorities.values_list("slug", flat=True)) == ["eo-13224"]
    assert sdgt.agency.slug == "us-ofac"
    assert sdgt.agency.parent.slug == "us-treasury"
    assert set(sdgt.measures.values_list("slug", flat=True)) == {"asset-freeze", "transaction-ban"}
    assert sdgt.listed_on is None  # OFAC's CSV files carry no dates
    assert sdgt.source_url.endswith("Details.aspx?id=100")
    choe = Designation.objects.get(list_entry__entry_id="23213")
    assert "secondary-sanctions" in set(choe.measures.values_list("slug", flat=True))


def test_addresses_skip_placeholder_rows_and_use_iso_countries(v1):
    assert Address.objects.count() == 2  # two of the four add.csv rows are all "-0-"
    assert list(entry_subject("100").addresses.values_list("full", "city", "country")) == [
        ("Kim Il Sung Square, Pyongyang, North Korea", "Pyongyang", "KP")
    ]
    assert list(entry_subject("200").addresses.values_list("full", "country")) == [
        ("North Korea", "KP")
    ]


def test_vessel_aircraft_and_comment_overflow(v1):
    vessel = entry_subject("300")
    assert vessel.kind == "vessel"
    assert vessel.shown_gender() == ""
    assert "Vessel type: Bulk Carrier" in vessel.shown_text("description")
    assert sorted(vessel.identifiers.values_list("kind", "number")) == [
        ("call_sign", "HMXY2"),
        ("imo", "9123456"),
        ("mmsi", "123456789"),
    ]
    plane = entry_subject("400")
    assert plane.kind == "aircraft"
    # Remarks end "Linked To: EXAMPLE TRAD" and continue "ING CO." in sdn_comments.csv.
    assert plane.shown_text("remarks").endswith("Linked To: EXAMPLE TRADING CO.")
    assert plane.identifiers.get().number == "1234"


def test_linked_to_becomes_relationships(v1):
    company = entry_subject("200")
    linked = Relationship.objects.filter(related=company, kind="linked")
    assert sorted(linked.values_list("subject__name", flat=True)) == [
        "EP-ABC",
        "Sea Star",
        "Tester Anna Maria",
    ]


def test_history_names_the_import(v1):
    anna = entry_subject("100")
    record = anna.history.get()
    assert record.history_change_reason == f"import run {v1.pk}: us-ofac-sdn"
    assert anna.aliases.first().history.get().history_change_reason == record.history_change_reason
    historical = anna.designations.get(program__code="SDGT").history.get()
    assert historical.history_change_reason == record.history_change_reason
    # Bulk-created designations keep their many-to-many values in their history too.
    assert list(historical.authorities.values_list("legalauthority__slug", flat=True)) == [
        "eo-13224"
    ]
    assert set(historical.measures.values_list("measure__slug", flat=True)) == {
        "asset-freeze",
        "transaction-ban",
    }


def test_second_import_of_the_same_files_changes_nothing(v1, run_import):
    before = Subject.history.count(), Alias.history.count(), Designation.history.count()
    [run] = run_import("ofac-csv", OFAC / "v1")
    assert (run.new_count, run.changed_count, run.unchanged_count, run.removed_count) == (
        0,
        0,
        5,
        0,
    )
    assert (Subject.history.count(), Alias.history.count(), Designation.history.count()) == before
    assert not ImportChange.objects.filter(run=run).exists()


def test_newer_version_adds_amends_and_delists(v1, run_import):
    [run] = run_import("ofac-csv", OFAC / "v2", list_date=datetime.date(2019, 2, 1))
    assert (run.new_count, run.changed_count, run.unchanged_count, run.removed_count) == (
        1,
        1,
        3,
        1,
    )
    anna = entry_subject("100")
    assert anna.shown_text("position") == "Deputy Director of Testing"
    assert list(anna.identifiers.filter(kind="passport").values_list("number", flat=True)) == [
        "654321"
    ]
    assert not anna.aliases.filter(name="OLDNAME, Anna").exists()
    change = ImportChange.objects.get(run=run, action="changed")
    assert change.entry.entry_id == "100"
    assert change.changes["position"] == {
        "old": "Director of Testing",
        "new": "Deputy Director of Testing",
    }
    assert change.changes["aliases"]["removed"][0]["name"] == "OLDNAME, Anna"
    passport = anna.identifiers.get(kind="passport").history.first()
    assert passport.history_change_reason == f"import run {run.pk}: us-ofac-sdn"
    plane = Designation.objects.get(list_entry__entry_id="400")
    assert plane.delisted_on == datetime.date(2019, 2, 1)
    assert Subject.objects.filter(name="EP-ABC").exists()  # delisted, never deleted
    assert ListEntry.objects.get(entry_id="400").removed_on == datetime.date(2019, 2, 1)
    assert entry_subject("600").name == "New Front Ltd."


def test_entry_that_returns_is_listed_again(v1, run_import):
    run_import("ofac-csv", OFAC / "v2", list_date=datetime.date(2019, 2, 1))
    [run] = run_import("ofac-csv", OFAC / "v3", list_date=datetime.date(2019, 3, 1))
    assert (run.new_count, run.changed_count, run.unchanged_count, run.removed_count) == (
        1,
        0,
        5,
        0,
    )
    plane = entry_subject("400")
    designations = plane.designations.order_by("id")
    assert [(d.listed_on, d.delisted_on) for d in designations] == [
        (None, datetime.date(2019, 2, 1)),
        (datetime.date(2019, 3, 1), None),
    ]
    assert plane.status() == "active"
    assert ImportChange.objects.get(run=run).action == "relisted"
    assert ListEntry.objects.get(entry_id="400").removed_on is None


def test_seed_subjects_are_linked_not_duplicated(seed, run_import):
    choe = Subject.objects.get(name="Choe Ryong Hae")
    citations = set(Citation.objects.values_list("pk", flat=True))
    [run] = run_import("ofac-csv", OFAC / "v1")
    assert run.new_count == 5
    assert entry_subject("23213") == choe
    assert Subject.objects.filter(name__icontains="choe").count() == 1
    choe.refresh_from_db()
    assert choe.name == "Choe Ryong Hae"  # the analysts' display name stays
    designation = choe.designations.get()
    assert (designation.reference, designation.listed_on) == ("sm568", datetime.date(2018, 12, 10))
    assert designation.list_entry.entry_id == "23213"
    assert "secondary-sanctions" in set(designation.measures.values_list("slug", flat=True))
    assert set(Citation.objects.values_list("pk", flat=True)) == citations
    assert choe.relationships.filter(description="right-hand man of").exists()
    assert choe.aliases.filter(name="CHOE, Ryong Hae", kind="spelling").exists()


def test_analysts_edits_survive_reimports(v1, run_import):
    anna = entry_subject("100")
    anna.description = "Analyst note."
    anna.save()
    Alias.objects.create(subject=anna, name="Anna T.", kind="spelling")
    anna.aliases.filter(name="ANNIE").delete()  # judged wrong by an analyst
    run_import("ofac-csv", OFAC / "v2")
    anna.refresh_from_db()
    assert anna.description == "Analyst note."
    names = set(anna.aliases.values_list("name", flat=True))
    assert "Anna T." in names
    assert "ANNIE" not in names


def test_hand_entered_subject_is_matched_carefully(db, run_import, make_subject):
    same = make_subject(name="Sea Star", kind="vessel")
    other_kind = make_subject(name="New Front Ltd.", kind="person")
    run_import("ofac-csv", OFAC / "v2")
    assert entry_subject("300") == same
    assert entry_subject("600") != other_kind


def test_dry_run_writes_nothing(db, run_import):
    assert run_import("ofac-csv", OFAC / "v1", dry_run=True) == []
    assert Subject.objects.count() == 0


def test_windows_1252_files_are_read(run_import, tmp_path):
    # OFAC's specification allows Windows-1252: 0xE4 is "ä", 0x92 a right single quote.
    for source in (OFAC / "v1").iterdir():
        data = source.read_bytes()
        if source.name == "sdn.csv":
            data = data.replace(b"Anna Maria", b"Anna M\xe4ria").replace(
                b"Director", b"O\x92Director"
            )
        (tmp_path / source.name).write_bytes(data)
    run_import("ofac-csv", tmp_path)
    anna = entry_subject("100")
    assert (anna.name, anna.shown_text("position")) == (
        "Tester Anna Märia",
        "O’Director of Testing",
    )
