"""Names as imports show them (docs/data-model.md, "Names"), the list's own spelling kept on its
entry, and a re-import after the display rule changed recording no change of the list."""

import pytest

from sanctions.importers import parse
from sanctions.importers.records import digest
from sanctions.models import ImportChange, ListEntry, Subject
from sanctions.names import sort_key

from .conftest import REFERENCE_DATA, TEST_DATA, requires_reference_data

OFAC = TEST_DATA / "ofac"


@pytest.fixture
def v1(run_import):
    return run_import("ofac-csv", OFAC / "v1")[0]


def names_by_id(format, *paths):
    [parsed] = parse(format, list(paths))
    return {entry.entry_id: (entry.name, entry.listed_name) for entry in parsed.entries}


def test_imported_names_follow_the_rule_and_keep_the_listed_spelling(v1):
    shown = {
        entry.entry_id: (entry.subject.name, entry.name)
        for entry in ListEntry.objects.filter(list="us-ofac-sdn").select_related("subject")
    }
    # A North Korean national (her Remarks): the family name first, as the list has it.
    assert shown["100"] == ("Tester Anna Maria", "TESTER, Anna Maria")
    assert shown["200"] == ("Example Trading Co.", "EXAMPLE TRADING CO.")
    assert shown["300"] == ("Sea Star", "SEA STAR")
    assert shown["400"] == ("EP-ABC", "EP-ABC")  # one word: perhaps an acronym, as written
    anna = ListEntry.objects.get(list="us-ofac-sdn", entry_id="100").subject
    assert anna.sort_name == "tester anna maria"
    assert Subject.objects.search("TESTER, Anna Maria").filter(pk=anna.pk).exists()


@requires_reference_data("ofac-sdn-csv", "2019-01-15", "sdn.csv")
def test_ofac_sdn_names():
    names = names_by_id("ofac-csv", REFERENCE_DATA / "ofac-sdn-csv" / "2019-01-15")
    assert names["20359"] == ("Mohamed Abrini", "ABRINI, Mohamed")
    assert names["587"] == ("Juan M. de la Cruz", "CRUZ, Juan M. de la")
    assert names["21944"] == ("Rim 'Abbas", "'ABBAS, Rim")
    assert names["26095"] == ("Hajji 'Abd al-Nasir", "'ABD AL-NASIR, Hajji")
    assert names["11170"] == ("Arkam 'Abbas al-Kabi", "AL-KABI, Arkam 'Abbas")
    assert names["306"] == ("Banco Nacional de Cuba", "BANCO NACIONAL DE CUBA")
    assert names["173"] == ("Anglo-Caribbean Co., Ltd.", "ANGLO-CARIBBEAN CO., LTD.")
    # No name shown starts with punctuation in lower case ("'abbas") or is all capitals
    # when it has more than one word.
    for name, _listed in names.values():
        assert not name[:2].startswith("'") or not name[1:2].islower(), name


@requires_reference_data("un-consolidated", "UN_consolidated.xml")
def test_un_names():
    names = names_by_id("un-xml", REFERENCE_DATA / "un-consolidated" / "UN_consolidated.xml")
    shown = {name for name, _listed in names.values()}
    assert {
        "Adib Shaban al-Ani",
        "Abdulqader Mohammed al-Baghdadi",
        "Mun Cho'ng-Ch'o'l",
        "Han Jang Su",  # the UN's order: the family name first
        "Tarad Mohammad Alnori Alfares Aljarba",  # "TARAD MOHAMMAD Alnori Alfares ALJARBA"
        "Special Purpose Islamic Regiment (SPIR)",
        "Forces Democratiques de Liberation du Rwanda (FDLR)",
        "Ministry of Atomic Energy Industry",
    } <= shown
    several_words_in_capitals = [n for n in shown if " " in n and n.isupper()]
    assert several_words_in_capitals == []


@requires_reference_data("uk-ofsi-conlist-excerpt", "ConList.csv")
def test_uk_names():
    path = REFERENCE_DATA / "uk-ofsi-conlist-excerpt" / "ConList.csv"
    names = names_by_id("uk-ofsi-csv", path)
    shown = {name for name, _listed in names.values()}
    assert {"Hajji 'Abd al-Nasir", "Fereidoun Abbasi-Davani", "7th of Tir"} <= shown
    # No nationality given (the row names none): given names first.
    assert names["13562"] == ("Kim Kyong Il", "IL, Kim Kyong")


def test_ftm_names():
    names = names_by_id("ftm", TEST_DATA / "ftm" / "entities.ftm.json")
    assert all(name == name.strip() and name for name, _listed in names.values())
    for name, listed in names.values():
        assert sort_key(name) == sort_key(listed)  # recased, never respelled


def test_unchanged_reimport_records_no_change(v1, run_import):
    [again] = run_import("ofac-csv", OFAC / "v1")
    assert (again.new_count, again.changed_count, again.unchanged_count) == (0, 0, 5)
    assert not ImportChange.objects.filter(run=again).exists()


def test_a_new_display_rule_is_not_a_change_of_the_list(v1, run_import):
    # The entries as an earlier rule stored them: given names first, organisations in capitals.
    earlier = {"100": "Anna Maria Tester", "200": "EXAMPLE TRADING CO."}
    for entry_id, old_name in earlier.items():
        entry = ListEntry.objects.get(list="us-ofac-sdn", entry_id=entry_id)
        entry.data["name"] = old_name
        entry.digest = digest(entry.data)
        entry.save()
        Subject.objects.filter(pk=entry.subject_id).update(name=old_name, sort_name="")
    company = ListEntry.objects.get(list="us-ofac-sdn", entry_id="200").subject
    company.name = "Example Trading Company (analyst)"  # an analyst's name stands
    company.save()

    [again] = run_import("ofac-csv", OFAC / "v1")

    assert (again.new_count, again.changed_count, again.unchanged_count) == (0, 0, 5)
    assert not ImportChange.objects.filter(run=again).exists()
    anna = ListEntry.objects.get(list="us-ofac-sdn", entry_id="100")
    assert (anna.subject.name, anna.subject.sort_name) == ("Tester Anna Maria", "tester anna maria")
    assert anna.data["name"] == "Tester Anna Maria"
    company.refresh_from_db()
    assert company.name == "Example Trading Company (analyst)"
    [third] = run_import("ofac-csv", OFAC / "v1")
    assert (third.changed_count, third.unchanged_count) == (0, 5)  # the snapshots caught up
