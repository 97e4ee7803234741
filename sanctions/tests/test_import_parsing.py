"""Pure pieces of the importers: country names, OFAC Remarks, the three-way merge."""

from types import SimpleNamespace

import pytest

from sanctions.importers.common import stored_date
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


def identifiers_of(remarks):
    facts = parse_remarks(remarks, Warnings(), "sdn.csv line 1")
    return [(i.kind, i.number, i.country, i.note) for i in facts.identifiers]


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        (
            "Digital Currency Address - XBT 1AjZPMsnmpdK2Rv9KQNfMurTXinscVro9V",
            ("digital_currency", "1AjZPMsnmpdK2Rv9KQNfMurTXinscVro9V", "", "XBT"),
        ),
        (
            "Digital Currency Address - ETH 0x901bb9583b24d97e995513c6778dc6888ab6870e",
            ("digital_currency", "0x901bb9583b24d97e995513c6778dc6888ab6870e", "", "ETH"),
        ),
        ("Government Gazette Number 00032520 (Russia)", ("registration", "00032520", "RU", "")),
        ("ISIN RU000A0JP5V6", ("isin", "RU000A0JP5V6", "", "")),
        (
            "Unified Social Credit Code (USCC) 91210600MA0XL8XX3G (China)",
            ("registration", "91210600MA0XL8XX3G", "CN", ""),
        ),
        ("C.R. No. 1010148039 (Saudi Arabia)", ("registration", "1010148039", "SA", "")),
        ("Fiscal Code 97138320589 (Italy)", ("tax_id", "97138320589", "IT", "")),
        (
            "Seafarer Registration Number 12345 (Panama)",
            ("registration", "12345", "PA", ""),
        ),
        ("Telephone No. 03889402", ("other", "03889402", "", "Telephone No.")),
    ],
)
def test_every_labelled_identifier_in_remarks(item, expected):
    assert identifiers_of(f"DOB 1960; {item}; all offices worldwide.") == [expected]


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        (
            "Passport No.: 0310857, Eritrea, Issue Date 21 August 2006, Expire Date 20 August 2008",
            ("passport", "0310857", "ER", "issued 21 August 2006 expires 20 August 2008"),
        ),
        ("Passport #H0044232 (Iraq)", ("passport", "H0044232", "IQ", "")),
        ("Passport Booklet A5250088 (Tajikistan)", ("passport", "A5250088", "TJ", "")),
        ("Passport AF465508 Colombia", ("passport", "AF465508", "CO", "")),
        (
            "Passport 484824 (Egypt) issued 18 Jan 1984 expires 17 Jan 1991",
            ("passport", "484824", "EG", "issued 18 Jan 1984 expires 17 Jan 1991"),
        ),
        ("Passport 123456 (Korea, North)", ("passport", "123456", "KP", "")),
        ("V.A.T. Number BE 454,419,759", ("tax_id", "BE 454,419,759", "", "")),
    ],
)
def test_passport_strings_split_into_number_country_and_dates(item, expected):
    assert identifiers_of(item) == [expected]


def test_a_document_without_a_number_is_no_identifier():
    assert identifiers_of("Passport issued 21 Jun 1992 in Amman, Jordan") == []


@pytest.mark.parametrize(
    ("place", "code"),
    [
        ("Bosina-Herzegovina", "BA"),
        ("Bahamas", "BS"),
        ("Guadalajara, Jalisco", "MX"),
        ("Monteria, Cordoba", "CO"),
        ("Nawzad District of Helmand Province", "AF"),
        ("Khan Younis", "PS"),
    ],
)
def test_places_of_birth_map_to_their_country(place, code):
    facts = parse_remarks(f"POB {place}", Warnings(), "sdn.csv line 1")
    assert [(p.place, p.country) for p in facts.birth_places] == [(place, code)]
