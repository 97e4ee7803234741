"""Versions of a list imported one after the other: exactly what changed between each pair,
an older version refused after a newer one, an ID re-issued for the same entry, and deltas
applied once."""

import xml.etree.ElementTree as ET

import pytest
from django.core.management import CommandError

from sanctions.models import Designation, ImportChange, ListEntry, Subject

from .conftest import REFERENCE_DATA, TEST_DATA, requires_reference_data

UN = TEST_DATA / "un" / "consolidated.xml"
UN_FOLDER = REFERENCE_DATA / "un-consolidated"
# What a record says, for the independent diff: everything but the bookkeeping of the UN's
# database (its own record ID and version, the day of the last edit, sort keys).
BOOKKEEPING = {"DATAID", "VERSIONNUM", "LAST_DAY_UPDATED", "SORT_KEY", "SORT_KEY_LAST_MOD"}


def un_records(path):
    """{reference number: the record's content} read with ElementTree, not the importer."""
    records = {}
    for element in ET.parse(path).getroot().iter():
        if element.tag in ("INDIVIDUAL", "ENTITY"):
            reference = element.findtext("REFERENCE_NUMBER").strip()
            content = [
                ET.tostring(child, encoding="unicode").split()
                for child in element
                if child.tag not in BOOKKEEPING
            ]
            records[reference] = sorted(" ".join(words) for words in content)
    return records


def run_changes(run):
    found = {"added": set(), "removed": set(), "changed": set()}
    for change in ImportChange.objects.filter(run=run).select_related("entry"):
        found["added" if change.action == "relisted" else change.action].add(change.entry.reference)
    return found


@pytest.mark.reference_data
@requires_reference_data("un-consolidated", "versions", "2018-08-24.xml")
def test_un_versions_replayed_in_order_record_exactly_what_changed(run_import):
    files = [
        UN_FOLDER / "versions" / f"{day}.xml" for day in ("2018-06-07", "2018-06-21", "2018-08-24")
    ]
    files.append(UN_FOLDER / "UN_consolidated.xml")
    runs = []
    for path in files:
        # Eight years separate the last two: 209 delistings are real, hence --force.
        runs += run_import("un-xml", path, force=path.name == "UN_consolidated.xml")
    counts = [(run.new_count, run.removed_count, run.changed_count) for run in runs[1:3]]
    assert counts == [(2, 0, 0), (6, 8, 14)]  # the folder's README
    assert run_changes(runs[1])["added"] == {"QDi.413", "QDi.414"}
    assert {"IQe.024", "IQe.041"} <= run_changes(runs[2])["removed"]
    for before, after, run in zip(files[:-1], files[1:], runs[1:], strict=True):
        old, new = un_records(before), un_records(after)
        found = run_changes(run)
        assert found["added"] == new.keys() - old.keys()
        assert found["removed"] == old.keys() - new.keys()
        differing = {ref for ref in old.keys() & new.keys() if old[ref] != new[ref]}
        assert found["changed"] <= differing | {"KPe.068"}
    assert ListEntry.objects.listed().count() == len(un_records(files[-1]))


@pytest.mark.reference_data
@requires_reference_data("un-consolidated", "UN_consolidated.xml")
def test_un_reissued_dataid_kpe068_is_the_same_entry_amended(run_import):
    run_import("un-xml", UN_FOLDER / "versions" / "2018-08-24.xml")
    myohyang = ListEntry.objects.get(reference="KPe.068")
    designation = myohyang.designations.get()
    [run] = run_import("un-xml", UN_FOLDER / "UN_consolidated.xml", force=True)
    myohyang.refresh_from_db()
    assert myohyang.entry_id != "6908682"  # the 2026 file's DATAID, same row
    change = ImportChange.objects.get(run=run, entry=myohyang)
    assert (change.action, change.changes["continued_from"]) == (
        "changed",
        "un-consolidated 6908682",
    )
    designation.refresh_from_db()
    assert designation.delisted_on is None
    assert ListEntry.objects.filter(reference="KPe.068").count() == 1


def test_a_reissued_id_with_the_same_reference_is_no_delisting(run_import, tmp_path):
    run_import("un-xml", UN)
    komid = ListEntry.objects.get(entry_id="110000")
    text = UN.read_text().replace("<DATAID>110000</DATAID>", "<DATAID>7770001</DATAID>")
    (tmp_path / "next.xml").write_text(
        text.replace('dateGenerated="2024-03-01', 'dateGenerated="2024-03-08')
    )
    subjects = Subject.objects.count()
    [run] = run_import("un-xml", tmp_path / "next.xml")
    assert (run.new_count, run.removed_count, run.changed_count) == (0, 0, 1)
    komid.refresh_from_db()
    assert (komid.entry_id, komid.removed_on) == ("7770001", None)
    assert Subject.objects.count() == subjects
    assert not Designation.objects.filter(delisted_on__isnull=False).exists()


def test_an_older_version_is_refused_unless_forced(run_import, tmp_path):
    older = UN.read_text().replace('dateGenerated="2024-03-01', 'dateGenerated="2023-12-01')
    (tmp_path / "older.xml").write_text(older)
    [newest] = run_import("un-xml", UN)
    with pytest.raises(
        CommandError, match=r"older than the version of 2024-03-01 already imported"
    ):
        run_import("un-xml", tmp_path / "older.xml")
    assert newest.pk == ListEntry.objects.first().last_run_id
    [forced] = run_import("un-xml", tmp_path / "older.xml", force=True)
    assert str(forced.list_date) == "2023-12-01"


def test_the_same_version_again_is_allowed_and_unchanged(run_import):
    [first] = run_import("un-xml", UN)
    [again] = run_import("un-xml", UN)
    assert (again.new_count, again.changed_count, again.unchanged_count) == (0, 0, first.new_count)


def test_a_delta_applied_again_changes_nothing(run_import):
    folder = TEST_DATA / "ftm"
    run_import("ftm", folder / "entities.ftm.json")
    run_import("ftm", folder / "deltas")
    names = dict(ListEntry.objects.values_list("entry_id", "name"))
    history = Subject.history.count()
    runs = run_import("ftm", folder / "deltas")
    assert [(r.new_count, r.changed_count, r.removed_count) for r in runs] == [(0, 0, 0)] * 2
    assert all("already applied by import run #" in run.warnings[0] for run in runs)
    assert dict(ListEntry.objects.values_list("entry_id", "name")) == names
    assert Subject.history.count() == history


@pytest.mark.reference_data
@requires_reference_data("opensanctions-ftm", "deltas")
def test_real_delta_folder_applied_twice_writes_no_history(run_import):
    folder = REFERENCE_DATA / "opensanctions-ftm"
    run_import("ftm", folder / "entities.ftm.json")
    run_import("ftm", folder / "deltas")
    history = sum(model.history.count() for model in (Subject, Designation))
    modified = ListEntry.objects.get(entry_id="NK-2T3S8Hu29ktYnKSTgQp2wL")
    runs = run_import("ftm", folder / "deltas")
    assert [r.changed_count + r.new_count for r in runs] == [0, 0, 0]
    assert sum(model.history.count() for model in (Subject, Designation)) == history
    modified.refresh_from_db()
    assert modified.subject.name == "Foobar Foobargroup"
