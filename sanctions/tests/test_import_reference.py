"""Imports of the real list files in ../shared/reference-data/ (skipped where absent).

The big OFAC file is imported once, in one test that checks everything it needs to, so the
suite stays fast. Expected counts are computed from the files here, independently of the
importers.
"""

import csv
import datetime

import pytest
from django.db.models import Q

from sanctions.models import (
    Address,
    Alias,
    Designation,
    Identifier,
    ListEntry,
    Program,
    Subject,
    grouped_facts,
)

from .conftest import REFERENCE_DATA, requires_reference_data

pytestmark = pytest.mark.reference_data
OFAC_2019 = REFERENCE_DATA / "ofac-sdn-csv" / "2019-01-15"


def ofac_rows(name):
    with open(OFAC_2019 / name, newline="", encoding="ascii") as file:
        return list(csv.reader(file))


def is_null(cell):
    return cell.strip() in ("-0-", "-0")


@requires_reference_data("ofac-sdn-csv", "2019-01-15")
def test_ofac_2019_sdn_list(seed, run_import):
    sdn, add, alt = ofac_rows("sdn.csv"), ofac_rows("add.csv"), ofac_rows("alt.csv")
    [run] = run_import("ofac-csv", OFAC_2019)

    # One subject per sdn.csv row; the seed's four are linked, not created again.
    assert run.new_count == len(sdn) == 7379
    assert Subject.objects.count() == len(sdn)
    assert ListEntry.objects.filter(list="us-ofac-sdn").count() == len(sdn)
    # One alias per alt.csv row (two rows repeat a name of the same entry), and
    # one address per add.csv row that is not OFAC's all-"-0-" placeholder; the seed's own
    # aliases stay beside them, as the analysts' rows.
    distinct_alt = {(row[0], row[3].strip().lower()) for row in alt}
    assert len(alt) - len(distinct_alt) == 2
    from_ofac = Alias.objects.filter(source__list="us-ofac-sdn")
    listed = from_ofac.filter(kind__in=["aka", "fka", "nka"], quality="strong")
    assert listed.count() == len(distinct_alt)
    addresses = Address.objects.filter(source__list="us-ofac-sdn")
    assert addresses.count() == sum(1 for row in add if not all(map(is_null, row[2:])))
    assert Designation.objects.filter(list_entry__list="us-ofac-sdn").count() == sum(
        len(row[3].split("] [")) for row in sdn
    )

    choe = Subject.objects.get(list_entries__entry_id="23213")
    assert choe.pk == 1
    assert choe.name == "Choe Ryong Hae"
    assert (choe.gender, choe.position) == (
        "male",
        "Director of the Workers' Party of Korea Organization and Guidance Department",
    )
    # The seed's date of birth and OFAC's: one fact, from two sources.
    [(birth_date, sources)] = grouped_facts(choe.birth_dates.all())
    assert birth_date.value == "1950-01-15"
    assert [source.label for source in sources][1:] == ["OFAC SDN, uid 23213"]
    assert choe.aliases.filter(name="CH'OE, Ryong-hae", kind="aka", quality="strong").exists()
    assert "Secondary sanctions risk" in choe.shown_text("remarks")
    designation = choe.designations.get()
    assert (designation.program.code, designation.reference) == ("DPRK2", "sm568")
    assert list(designation.authorities.values_list("slug", flat=True)) == ["eo-13687"]
    assert set(designation.measures.values_list("slug", flat=True)) == {
        "asset-freeze",
        "transaction-ban",
        "secondary-sanctions",
    }
    jong = Subject.objects.get(list_entries__entry_id="23212")
    assert [row.value for row, _ in grouped_facts(jong.birth_dates.all())] == ["1961/1963"]
    # The seed's "Pyongyang, North Korea" is OFAC's address too: one fact, two sources.
    [(_, sources)] = grouped_facts(jong.addresses.all())
    assert [source.kind for source in sources] == ["analyst", "list"]
    kim = Subject.objects.get(list_entries__entry_id="20157")
    assert kim.designations.get().program.code == "DPRK3"

    # Every designation is under a program with a name and rests on a legal authority.
    assert not Designation.objects.filter(Q(program__name="") | Q(program__isnull=True)).exists()
    assert not Program.objects.filter(authorities__isnull=True).exists()
    assert not Designation.objects.filter(authorities__isnull=True).exists()
    ifsr = Program.objects.get(code="IFSR")
    assert ifsr.name == "Iranian Financial Sanctions Regulations"
    assert "cfr-31-561" in ifsr.authorities.values_list("slug", flat=True)
    # Identifiers from every label of the Remarks.
    assert Identifier.objects.filter(kind="digital_currency", note="XBT").count() == sum(
        row[11].count("Digital Currency Address - XBT") for row in sdn
    )

    [again] = run_import("ofac-csv", OFAC_2019)
    assert (again.new_count, again.changed_count, again.unchanged_count) == (0, 0, len(sdn))
    assert again.removed_count == 0


@requires_reference_data("un-consolidated", "UN_consolidated.xml")
def test_un_consolidated_list(run_import):
    [run] = run_import("un-xml", REFERENCE_DATA / "un-consolidated" / "UN_consolidated.xml")
    assert run.new_count == 730 + 273
    assert run.list_date == datetime.date(2026, 2, 27)
    dprk = ListEntry.objects.filter(list="un-consolidated", reference__startswith="KP")
    assert dprk.filter(reference__startswith="KPi.").count() == 80
    assert dprk.filter(reference__startswith="KPe.").count() == 75
    choe_hwi = ListEntry.objects.get(reference="KPi.042").subject
    assert choe_hwi.name == "Choe Hwi"
    assert sorted(choe_hwi.birth_dates.values_list("value", flat=True)) == ["1954", "1955"]
    designation = choe_hwi.designations.get()
    assert (designation.program.code, designation.listed_on) == ("DPRK", datetime.date(2017, 6, 2))
    assert Alias.objects.filter(kind="original_script").exists()
    # Every regime is a program with a name and its Security Council resolutions.
    assert not Program.objects.filter(Q(name="") | Q(authorities__isnull=True)).exists()
    iran = Program.objects.get(agency__slug="un-security-council", code="Iran")
    assert "unscr-2231" in iran.authorities.values_list("slug", flat=True)
    [again] = run_import("un-xml", REFERENCE_DATA / "un-consolidated" / "UN_consolidated.xml")
    assert again.unchanged_count == run.new_count


@requires_reference_data("uk-ofsi-conlist-excerpt", "ConList.csv")
def test_uk_excerpt(run_import):
    [run] = run_import("uk-ofsi-csv", REFERENCE_DATA / "uk-ofsi-conlist-excerpt" / "ConList.csv")
    assert run.new_count == 41
    kim = ListEntry.objects.get(list="uk-ofsi-conlist", entry_id="13562")
    assert (kim.subject.name, kim.reference) == ("Kim Kyong Il", "KPi.067")  # no nationality
    assert ListEntry.objects.get(entry_id="13556").subject.kind == "vessel"
    academy = ListEntry.objects.get(entry_id="12871").subject
    assert academy.designations.get().listed_on == datetime.date(2013, 4, 23)


@requires_reference_data("opensanctions-ftm", "entities.ftm.json")
def test_opensanctions_sample_and_deltas(run_import):
    folder = REFERENCE_DATA / "opensanctions-ftm"
    [run] = run_import("ftm", folder / "entities.ftm.json")
    assert run.new_count == 6  # the seventh entity is an address
    runs = run_import("ftm", folder / "deltas")
    assert [(r.new_count, r.changed_count, r.removed_count) for r in runs] == [
        (2, 0, 0),
        (1, 1, 0),
        (1, 0, 0),
    ]
    assert runs[0].warnings[0].endswith("delta version 20240527134702-zbn is listed but not here")
    modified = ListEntry.objects.get(entry_id="NK-2T3S8Hu29ktYnKSTgQp2wL").subject
    assert modified.name == "Foobar Foobargroup"
