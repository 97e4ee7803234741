"""Merging two subjects into one and splitting the merge: nothing lost, nothing duplicated."""

import datetime
import threading
import time

import pytest
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.db.models import ManyToManyField

from sanctions.choices import PairDecision
from sanctions.merging import MergeError, merge_subjects, resolve, split_merge
from sanctions.models import (
    BOOKKEEPING_FIELDS,
    Address,
    Alias,
    BirthDate,
    BirthPlace,
    Citation,
    Designation,
    Identifier,
    ListEntry,
    Nationality,
    Relationship,
    Subject,
    SubjectMerge,
    SubjectPair,
)
from sanctions.screening.models import IndexedName

from .conftest import TEST_DATA

# Every table a merge writes to.
TABLES = (
    Subject,
    Alias,
    BirthDate,
    Nationality,
    BirthPlace,
    Identifier,
    Address,
    Relationship,
    Designation,
    ListEntry,
    Citation,
)


def snapshot():
    """Every row of every table a merge touches, field by field (bookkeeping aside)."""
    tables = {}
    for model in TABLES:
        fields = [f for f in model._meta.concrete_fields if f.name not in BOOKKEEPING_FIELDS]
        m2m = [f.name for f in model._meta.many_to_many if isinstance(f, ManyToManyField)]
        rows = {}
        for row in model._base_manager.prefetch_related(*m2m).order_by("pk"):
            values = {f.attname: getattr(row, f.attname) for f in fields}
            values.update({name: sorted(r.pk for r in getattr(row, name).all()) for name in m2m})
            rows[row.pk] = values
        tables[model.__name__] = rows
    return tables


def history_reasons(model, pk):
    return list(
        model.history.filter(id=pk)
        .order_by("history_date")
        .values_list("history_change_reason", flat=True)
    )


@pytest.fixture
def two_records(seed, make_subject, make_designation, make_citation):
    """Two subjects with a part of every kind, designations, list entries, citations and
    relationships both ways; the absorbed one is ``b``."""
    a = make_subject(name="Choe Ryong Hae")
    b = make_subject(name="Choi Ryong-hae Senior", remarks="From the UN list.")
    third = make_subject(name="Kim Associate")
    for subject, n in ((a, 1), (b, 2)):
        Alias.objects.create(subject=subject, name=f"Alias {n}")
        BirthDate.objects.create(subject=subject, value=f"195{n}")
        Nationality.objects.create(subject=subject, country="KP" if n == 1 else "RU")
        BirthPlace.objects.create(subject=subject, place=f"Town {n}")
        Identifier.objects.create(subject=subject, kind="passport", number=f"P{n}")
        Address.objects.create(subject=subject, full=f"Street {n}")
        make_designation(subject=subject)
        make_citation(subject=subject)
    entry = ListEntry.objects.create(list="un-consolidated", entry_id="6908582", subject=b)
    Designation.objects.filter(subject=b).update(list_entry=entry)
    Relationship.objects.create(subject=b, related=third, kind="associate")
    Relationship.objects.create(subject=third, related=b, kind="family")
    return a, b, third


# --- What a merge does --------------------------------------------------------------------


def test_merge_moves_every_record_of_the_absorbed_subject(two_records):
    a, b, third = two_records
    merge_subjects(a, b)
    for related_name in (
        "aliases",
        "birth_dates",
        "nationalities",
        "birth_places",
        "identifiers",
        "addresses",
        "designations",
        "citations",
        "list_entries",
    ):
        assert getattr(b, related_name).count() == 0, related_name
        assert getattr(a, related_name).count() == 2 - (related_name == "list_entries")
    assert list(a.relationships.values_list("related", flat=True)) == [third.pk]
    assert list(a.related_from.values_list("subject", flat=True)) == [third.pk]


def test_merge_records_the_ids_of_what_moved(two_records):
    a, b, _third = two_records
    aliases = list(b.aliases.values_list("pk", flat=True))
    entries = list(b.list_entries.values_list("pk", flat=True))
    incoming = list(b.related_from.values_list("pk", flat=True))
    merge = merge_subjects(a, b)
    assert merge.moved["aliases"] == aliases
    assert merge.moved["list_entries"] == entries
    assert merge.moved["related_from"] == incoming


def test_merge_leaves_the_absorbed_subject_as_a_tombstone(two_records):
    a, b, _third = two_records
    merge_subjects(a, b)
    b = Subject.everything.get(pk=b.pk)
    assert b.merged_into == a
    assert not Subject.objects.filter(pk=b.pk).exists()


def test_survivor_takes_single_values_it_lacks(two_records):
    a, b, _third = two_records
    merge_subjects(a, b)
    a.refresh_from_db()
    assert a.remarks == "From the UN list."


def test_an_analyst_alias_on_both_stays_on_the_tombstone(two_records):
    a, b, _third = two_records
    Alias.objects.create(subject=a, name="Ryong-hae")
    duplicate = Alias.objects.create(subject=b, name="RYONG-HAE")
    merge = merge_subjects(a, b)
    assert Alias.objects.get(pk=duplicate.pk).subject_id == b.pk
    assert duplicate.pk not in merge.moved["aliases"]
    assert a.aliases.filter(name__iexact="ryong-hae").count() == 1


def test_a_relationship_between_the_two_stays_on_the_tombstone(two_records):
    a, b, _third = two_records
    link = Relationship.objects.create(subject=a, related=b, kind="associate")
    merge_subjects(a, b)
    assert Relationship.objects.get(pk=link.pk).related_id == b.pk


def test_a_relationship_the_survivor_has_too_stays_on_the_tombstone(two_records):
    a, b, third = two_records
    Relationship.objects.create(subject=a, related=third, kind="associate")
    duplicate = b.relationships.get(related=third)
    merge_subjects(a, b)
    assert Relationship.objects.get(pk=duplicate.pk).subject_id == b.pk


def test_merge_writes_history_naming_the_merge_on_every_moved_row(two_records, analyst):
    a, b, _third = two_records
    alias = b.aliases.get()
    designation = b.designations.get()
    merge = merge_subjects(a, b, user=analyst)
    reason = f"merge {merge.pk}: subject {b.pk} into {a.pk}"
    assert history_reasons(Alias, alias.pk)[-1] == reason
    assert history_reasons(Designation, designation.pk)[-1] == reason
    assert history_reasons(Subject, a.pk)[-1] == reason
    assert history_reasons(Subject, b.pk)[-1] == reason
    assert Alias.history.filter(id=alias.pk).latest("history_date").history_user == analyst


def test_merge_keeps_the_many_to_many_links_in_the_moved_designations_history(two_records):
    a, b, _third = two_records
    designation = b.designations.get()
    measures = sorted(designation.measures.values_list("pk", flat=True))
    merge_subjects(a, b)
    row = Designation.history.filter(id=designation.pk).latest("history_date")
    assert sorted(row.measures.values_list("measure_id", flat=True)) == measures


def test_merge_moves_the_name_index_to_the_survivor(two_records):
    a, b, _third = two_records
    merge_subjects(a, b)
    names = set(IndexedName.objects.filter(subject=a).values_list("name", flat=True))
    assert {"Choe Ryong Hae", "Choi Ryong-hae Senior", "Alias 1", "Alias 2"} <= names
    assert not IndexedName.objects.filter(subject=b).exists()


def test_merge_marks_the_pair_decided_same(two_records, analyst):
    a, b, _third = two_records
    pair = SubjectPair.objects.create(subject_a=a, subject_b=b, score=0.91)
    merge = merge_subjects(a, b, user=analyst, pair=pair)
    pair.refresh_from_db()
    assert (pair.decision, pair.decided_by, pair.decided_score) == ("same", analyst, 0.91)
    assert pair.decided_at is not None
    assert merge.pair == pair


def test_merge_finds_the_pair_of_the_two_when_not_given(two_records):
    a, b, _third = two_records
    pair = SubjectPair.objects.create(subject_a=a, subject_b=b, score=0.5)
    merge_subjects(b, a)
    pair.refresh_from_db()
    assert pair.decision == PairDecision.SAME


# --- What a merge refuses -----------------------------------------------------------------


def test_merging_a_subject_into_itself_is_refused(two_records):
    a, _b, _third = two_records
    with pytest.raises(MergeError, match="into itself"):
        merge_subjects(a, a)


def test_merging_a_tombstone_is_refused(two_records, make_subject):
    a, b, _third = two_records
    merge_subjects(a, b)
    with pytest.raises(MergeError, match="already merged"):
        merge_subjects(make_subject(), b)


def test_merging_into_a_tombstone_is_refused(two_records, make_subject):
    a, b, _third = two_records
    merge_subjects(a, b)
    with pytest.raises(MergeError, match="already merged"):
        merge_subjects(b, make_subject())


def test_merging_different_kinds_is_refused_unless_forced(two_records, make_subject):
    a, _b, _third = two_records
    company = make_subject(kind="organization", name="Choe Trading")
    with pytest.raises(MergeError, match="organization"):
        merge_subjects(a, company)
    merge_subjects(a, company, force=True)
    assert resolve(company.pk) == a


def test_automatic_merge_of_a_pair_decided_not_the_same_is_refused(two_records):
    a, b, _third = two_records
    SubjectPair.objects.create(subject_a=a, subject_b=b, score=0.99, decision="not_same")
    with pytest.raises(MergeError, match="not the same"):
        merge_subjects(a, b, automatic=True)
    assert Subject.objects.filter(pk=b.pk).exists()


def test_a_pair_of_other_subjects_is_refused(two_records, make_subject):
    a, b, third = two_records
    pair = SubjectPair.objects.create(subject_a=a, subject_b=third, score=0.5)
    with pytest.raises(MergeError, match="not of these two"):
        merge_subjects(a, b, pair=pair)


def test_a_refused_merge_changes_nothing(two_records, make_subject):
    a, _b, _third = two_records
    company = make_subject(kind="organization", name="Choe Trading")
    before = snapshot()
    with pytest.raises(MergeError):
        merge_subjects(a, company)
    assert snapshot() == before
    assert not SubjectMerge.objects.exists()


# --- Chains and resolve -------------------------------------------------------------------


def test_resolve_follows_a_chain_of_merges(two_records, make_subject):
    a, b, _third = two_records
    c = make_subject(name="Choe R. H.")
    merge_subjects(a, b)
    merge_subjects(c, a)
    assert resolve(b.pk) == c
    assert resolve(a.pk) == c
    assert resolve(c.pk) == c


def test_a_later_merge_carries_what_the_earlier_one_moved(two_records, make_subject):
    a, b, _third = two_records
    c = make_subject(name="Choe R. H.")
    alias = b.aliases.get()
    merge_subjects(a, b)
    merge_subjects(c, a)
    assert Alias.objects.get(pk=alias.pk).subject_id == c.pk
    assert Subject.everything.get(pk=b.pk).merged_into_id == c.pk


def test_resolve_of_an_unknown_id_raises_does_not_exist(db):
    with pytest.raises(Subject.DoesNotExist):
        resolve(987654)


# --- Split --------------------------------------------------------------------------------


def test_merge_then_split_restores_every_table_field_by_field(two_records):
    a, b, _third = two_records
    Alias.objects.create(subject=a, name="Ryong-hae")
    Alias.objects.create(subject=b, name="RYONG-HAE")  # stays on the tombstone
    Relationship.objects.create(subject=a, related=b, kind="associate")  # stays too
    before = snapshot()
    split_merge(merge_subjects(a, b))
    assert snapshot() == before


def test_split_writes_history_on_every_row_it_moves_back(two_records, analyst):
    a, b, _third = two_records
    alias = b.aliases.get()
    merge = merge_subjects(a, b, user=analyst)
    split_merge(merge, user=analyst)
    reasons = history_reasons(Alias, alias.pk)
    assert reasons[-2:] == [
        f"merge {merge.pk}: subject {b.pk} into {a.pk}",
        f"split of merge {merge.pk}: subject {b.pk} from {a.pk}",
    ]
    assert history_reasons(Subject, b.pk)[-1].startswith("split of merge")


def test_split_marks_the_merge_and_its_pair(two_records, analyst):
    a, b, _third = two_records
    pair = SubjectPair.objects.create(subject_a=a, subject_b=b, score=0.8)
    merge = split_merge(merge_subjects(a, b, pair=pair), user=analyst)
    pair.refresh_from_db()
    assert merge.split_by == analyst
    assert merge.split_at is not None
    assert (pair.decision, pair.decided_by) == ("not_same", analyst)
    assert [row.decision for row in pair.history.order_by("history_date")][-2:] == [
        "same",
        "not_same",
    ]


def test_split_gives_the_index_its_names_back(two_records):
    a, b, _third = two_records
    split_merge(merge_subjects(a, b))
    assert set(IndexedName.objects.filter(subject=b).values_list("name", flat=True)) == {
        "Choi Ryong-hae Senior",
        "Alias 2",
    }
    assert not IndexedName.objects.filter(subject=a, name="Alias 2").exists()


def test_split_twice_is_refused(two_records):
    a, b, _third = two_records
    merge = split_merge(merge_subjects(a, b))
    with pytest.raises(MergeError, match="already split"):
        split_merge(merge)


def test_split_of_an_earlier_merge_waits_for_the_later_one(two_records, make_subject):
    a, b, _third = two_records
    c = make_subject(name="Choe R. H.")
    first = merge_subjects(a, b)
    second = merge_subjects(c, a)
    with pytest.raises(MergeError, match="split that merge first"):
        split_merge(first)
    split_merge(second)
    assert Subject.everything.get(pk=b.pk).merged_into_id == a.pk
    split_merge(first)
    assert resolve(b.pk) == b


def test_chain_of_merges_then_splits_restores_every_table(two_records, make_subject):
    a, b, _third = two_records
    c = make_subject(name="Choe R. H.")
    Alias.objects.create(subject=c, name="Alias 1")  # collides with a's on the second merge
    before = snapshot()
    first = merge_subjects(a, b)
    split_merge(merge_subjects(c, a))
    split_merge(first)
    assert snapshot() == before


def test_split_moves_back_designations_the_absorbed_entries_gained(two_records, make_designation):
    a, b, _third = two_records
    entry = b.list_entries.get()
    merge = merge_subjects(a, b)
    # What an import of the absorbed subject's list does after the merge.
    later = make_designation(subject=a, list_entry=entry, listed_on=datetime.date(2024, 1, 1))
    split_merge(merge)
    assert Designation.objects.get(pk=later.pk).subject_id == b.pk


def test_split_leaves_the_survivor_what_was_added_to_it_since(two_records):
    a, b, _third = two_records
    merge = merge_subjects(a, b)
    added = Alias.objects.create(subject=a, name="Added After")
    split_merge(merge)
    assert Alias.objects.get(pk=added.pk).subject_id == a.pk


def test_split_takes_back_a_value_the_merge_filled_in(two_records):
    a, b, _third = two_records
    split_merge(merge_subjects(a, b))
    a.refresh_from_db()
    assert a.remarks == ""


# --- Re-imports after a merge ---------------------------------------------------------------

UN_FILE = TEST_DATA / "un" / "consolidated.xml"


def un_file_with_new_alias(tmp_path):
    """The UN test file, KOMID with one more alias: what a later version of the list says."""
    text = UN_FILE.read_text(encoding="utf-8").replace(
        "<ENTITY_ALIAS><QUALITY>a.k.a.</QUALITY><ALIAS_NAME>KOMID</ALIAS_NAME></ENTITY_ALIAS>",
        "<ENTITY_ALIAS><QUALITY>a.k.a.</QUALITY><ALIAS_NAME>KOMID</ALIAS_NAME></ENTITY_ALIAS>"
        "<ENTITY_ALIAS><QUALITY>a.k.a.</QUALITY><ALIAS_NAME>KOMID TRADING</ALIAS_NAME>"
        "</ENTITY_ALIAS>",
    )
    path = tmp_path / "consolidated.xml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def komid(seed, run_import, make_subject):
    """KOMID imported from the UN list, and the same company entered by hand."""
    run_import("un-xml", UN_FILE)
    on_un = ListEntry.objects.get(list="un-consolidated", reference="KPe.001").subject
    by_hand = make_subject(kind="organization", name="Korea Mining Development Trading Corp.")
    return by_hand, on_un


def test_a_reimport_of_the_absorbed_subjects_list_updates_the_survivor(komid, run_import, tmp_path):
    survivor, absorbed = komid
    merge_subjects(survivor, absorbed)
    run_import("un-xml", un_file_with_new_alias(tmp_path))
    assert survivor.aliases.filter(name="KOMID TRADING").exists()
    assert not Alias.objects.filter(subject=absorbed, name="KOMID TRADING").exists()
    assert ListEntry.objects.get(reference="KPe.001").subject_id == survivor.pk


def test_an_unchanged_reimport_after_a_merge_changes_nothing(komid, run_import):
    survivor, absorbed = komid
    merge_subjects(survivor, absorbed)
    before = snapshot()
    run_import("un-xml", UN_FILE)
    assert snapshot() == before


@pytest.mark.skipif(
    not any(field.name == "source" for field in Alias._meta.concrete_fields),
    reason="needs the facts' source (issue 13 item 1, branch i13-provenance)",
)
def test_split_moves_back_what_a_reimport_of_the_absorbed_list_added(komid, run_import, tmp_path):
    survivor, absorbed = komid
    merge = merge_subjects(survivor, absorbed)
    run_import("un-xml", un_file_with_new_alias(tmp_path))
    split_merge(merge)
    assert Alias.objects.get(name="KOMID TRADING").subject_id == absorbed.pk


# --- An import and a merge at once (PostgreSQL: SQLite has no row locks to wait on) ---------


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs row locks that wait (SELECT ... FOR UPDATE): PostgreSQL only",
)
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("merge_first", [True, False], ids=["merge-first", "together"])
def test_a_merge_during_an_import_loses_no_fact(komid, tmp_path, merge_first):
    survivor, absorbed = komid
    path = un_file_with_new_alias(tmp_path)
    started, errors = threading.Event(), []

    def merge():
        with transaction.atomic():
            merge_subjects(survivor, absorbed)
            started.set()
            time.sleep(0.5 if merge_first else 0)

    def reimport():
        if merge_first:
            started.wait(5)
        call_command("import_list", "un-xml", str(path), quiet=True)

    def run(job):
        try:
            job()
        except Exception as error:  # reported below: a thread's exception is otherwise lost
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(job,)) for job in (merge, reimport)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    entry = ListEntry.objects.get(reference="KPe.001")
    assert entry.subject_id == survivor.pk
    assert set(absorbed.aliases.values_list("name", flat=True)) == set()
    names = set(survivor.aliases.values_list("name", flat=True))
    assert {"KOMID", "KOMID TRADING", "CHANGGWANG SINYONG CORPORATION"} <= names
