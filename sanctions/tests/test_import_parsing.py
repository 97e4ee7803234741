"""Pure pieces of the importers: country names, OFAC Remarks, the three-way merge."""

from types import SimpleNamespace

import pytest

from sanctions.importers.common import display_name, stored_date, surname_first
from sanctions.importers.countries import country_code, place_country
from sanctions.importers.merge import merge_fields, merge_parts
from sanctions.importers.ofac_remarks import parse_remarks
from sanctions.importers.records import PART_KEYS, Warnings


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Korea, North", "KP"),
        ("Democratic People's Republic of Korea", "KP"),
        ("Burma", "MM"),
        ("Russia", "RU"),
        ("Iran (Islamic Republic of)", "IR"),
        ("Iraqi", "IQ"),
        ("Afghanistan (since 2009)", "AF"),
        ("KP", "KP"),
        ("Kosovo", "XK"),  # no ISO 3166-1 code: the name comes from choices.EXTRA_COUNTRIES
        ("XK", "XK"),
        ("European Union", ""),  # an issuer, never a nationality or a place
        ("na", ""),  # "not available", not Namibia
        ("New Mexico", ""),  # not Mexico
        ("Region: Crimea", ""),
    ],
)
def test_country_names_as_lists_write_them(text, code):
    assert country_code(text) == code


def test_place_country_reads_inverted_names():
    assert place_country("Pyongyang, Korea, North") == "KP"
    assert place_country("Giza, Egypt") == "EG"
    assert place_country("Somewhere") == ""


def test_names_for_readers():
    assert surname_first("CHOE, Ryong Hae") == "Choe Ryong Hae"
    assert surname_first("CHO'NG, Kyo'ng-t'aek") == "Cho'ng Kyo'ng-t'aek"
    assert display_name("AL-QAHTANI", "Farooq") == "Al-Qahtani Farooq"


def test_whole_year_ranges_are_stored_as_years():
    assert stored_date("01 Jan 1961 to 31 Dec 1963") == "1961/1963"
    assert stored_date("02 Jan 1961 to 31 Dec 1963") == "1961-01-02/1963-12-31"


def test_remarks_items_and_unknown_items():
    warnings = Warnings()
    facts = parse_remarks(
        "DOB 1950; alt. DOB circa 1951; nationality Atlantis; Diplomatic Passport 008827 (Iran) "
        "issued 1999; Cedula No. 123 (Colombia); Former Minister of Testing; "
        "Additional Sanctions Information - Subject to Secondary Sanctions; "
        "Linked To: X CO.; f.k.a. 'OLD CO.'.",
        warnings,
        "sdn.csv line 1",
    )
    assert [d.value for d in facts.birth_dates] == ["1950", "1951~"]
    assert [(i.kind, i.number, i.country, i.note) for i in facts.identifiers] == [
        ("passport", "008827", "IR", "Diplomatic Passport issued 1999"),
        ("national_id", "123", "CO", ""),
    ]
    assert facts.secondary_sanctions
    assert facts.linked_to == ["X CO."]
    assert [(a.name, a.kind, a.quality) for a in facts.aliases] == [("OLD CO.", "fka", "weak")]
    assert warnings.lines() == ["sdn.csv line 1: nationality 'Atlantis': country not recognised"]


def row(**values):
    return SimpleNamespace(**values)


def test_merge_fields_changes_only_what_the_list_changed():
    current = {"position": "Edited by an analyst", "remarks": "old remarks"}
    old = {"position": "Director", "remarks": "old remarks"}
    new = {"position": "Director", "remarks": "new remarks"}
    assert merge_fields(current, old, new, ["position", "remarks"]) == {"remarks": "new remarks"}


def test_merge_fields_first_import_fills_but_keeps_fill_only_fields():
    current = {"name": "Choe Ryong Hae", "gender": "", "remarks": "seed text"}
    new = {"name": "Choe Ryong Hae (list)", "gender": "male", "remarks": "list text"}
    updates = merge_fields(current, None, new, ["name", "gender", "remarks"], fill_only=("name",))
    assert updates == {"gender": "male", "remarks": "list text"}


def test_merge_parts_three_ways():
    key = PART_KEYS["aliases"]
    kept_by_analyst = row(name="Analyst's alias", kind="aka", quality="strong")
    dropped_by_list = row(name="Old", kind="aka", quality="strong")
    current = {"analyst's alias": kept_by_analyst, "old": dropped_by_list}
    old = [{"name": "Old", "kind": "aka"}, {"name": "Deleted by analyst", "kind": "aka"}]
    new = [{"name": "Deleted by analyst", "kind": "aka"}, {"name": "New", "kind": "aka"}]
    create, change, delete = merge_parts(current, old, new, key)
    assert create == [{"name": "New", "kind": "aka"}]  # not what the analyst deleted
    assert change == []
    assert delete == [dropped_by_list]
