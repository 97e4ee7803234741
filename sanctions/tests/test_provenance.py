"""Every fact knows its source: the list entry that gives it, or an analyst.

Imports add, change and remove only their own list's rows; other lists' and analysts' facts
survive every re-import; single values lists disagree on (gender, position, description,
remarks) are kept per source. Small lists written here for the rules, the project's own
OFAC and OpenSanctions files for a hard link between lists, and the real UN and UK files
from ../shared/reference-data/ for the defect they showed.
"""

import csv
import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from sanctions.importers import records
from sanctions.importers.apply import ListImport
from sanctions.models import (
    SUBJECT_PARTS,
    Address,
    Alias,
    BirthDate,
    BirthPlace,
    Identifier,
    ListEntry,
    Nationality,
    Relationship,
    Subject,
    grouped_facts,
)
from sanctions.screening.models import IndexedName

from .conftest import REFERENCE_DATA, TEST_DATA, requires_reference_data

pytestmark = pytest.mark.django_db

FACTS = (*SUBJECT_PARTS, "relationships")
OFAC, OPENSANCTIONS = "us-ofac-sdn", "opensanctions"
FORMATS = {OFAC: "ofac-csv", OPENSANCTIONS: "ftm"}


# --- Small lists ---------------------------------------------------------------------------


def every_fact(related, **changes):
    """One fact of every kind, as a list gives it; ``related``: the linked entry's ID."""
    facts = {
        "aliases": [records.Alias("CH'OE, Ryong-hae")],
        "birth_dates": [records.BirthDate("1950-01-15")],
        "nationalities": [records.Nationality("KP")],
        "birth_places": [records.BirthPlace("Chonnae, Kangwon", "KP")],
        "identifiers": [records.Identifier("passport", "836110035", "KP")],
        "addresses": [records.Address("Central District, Pyongyang", "Pyongyang", "KP")],
        "links": [records.Link(related, "associate")],
    }
    return {**facts, **changes}


def no_facts():
    return {name: [] for name in (*SUBJECT_PARTS, "links")}


def choe(slug, **fields):
    """Choe on a list: OFAC's entry 1, or OpenSanctions' NK-1 naming OFAC's entry 1."""
    if slug == OFAC:
        entry_id, related, same_as = "1", "2", []
    else:
        entry_id, related, same_as = "NK-1", "NK-2", [(OFAC, "1")]
    fields = {**every_fact(related), **fields}
    return records.Entry(entry_id, "person", "CHOE, Ryong Hae", same_as=same_as, **fields)


def aide(slug):
    """The subject Choe's links point at, on both lists."""
    if slug == OFAC:
        return records.Entry("2", "person", "KIM, Aide")
    return records.Entry("NK-2", "person", "KIM, Aide", same_as=[(OFAC, "2")])


def run_list(slug, *entries, day=None):
    """Import one version of a small list, as ``import_list`` does: all or nothing."""
    parsed = records.ParsedList(
        slug=slug,
        format=FORMATS[slug],
        files=[records.SourceFile.of(f"{slug}.test", b"")],
        entries=list(entries),
        list_date=day,
    )
    with transaction.atomic():
        return ListImport(parsed).run()


def both_lists(**ofac_fields):
    run_list(OFAC, choe(OFAC, **ofac_fields), aide(OFAC))
    run_list(OPENSANCTIONS, choe(OPENSANCTIONS), aide(OPENSANCTIONS))
    return ListEntry.objects.get(list=OFAC, entry_id="1").subject


def labels(subject, name):
    """The source labels of the subject's rows of one kind of fact, sorted."""
    return sorted(row.fact_source.label for row in getattr(subject, name).all())


def snapshot_of_rows(subject):
    """Every fact row of the subject: {(kind of fact, row id): (source, values, version)}."""
    found = {}
    for name in FACTS:
        for row in getattr(subject, name).all():
            values = {f.attname: getattr(row, f.attname) for f in row._meta.concrete_fields}
            found[(name, row.pk)] = values
    return found


# --- Sources on import ---------------------------------------------------------------------


def test_first_import_gives_every_fact_its_list_entry_as_source():
    run_list(OFAC, choe(OFAC), aide(OFAC))
    entry = ListEntry.objects.get(list=OFAC, entry_id="1")
    for name in FACTS:
        rows = getattr(entry.subject, name).all()
        assert [row.source for row in rows] == [entry], name
        assert [row.fact_source.label for row in rows] == ["OFAC SDN, uid 1"], name


def test_two_lists_giving_one_fact_make_one_row_each():
    choe_subject = both_lists()
    assert Subject.objects.count() == 2  # the hard links joined both entries
    for name in FACTS:
        assert labels(choe_subject, name) == ["OFAC SDN, uid 1", "OpenSanctions NK-1"], name
        [(_, sources)] = grouped_facts(getattr(choe_subject, name).all())
        assert len(sources) == 2, name


def test_a_list_dropping_its_facts_removes_only_its_own_rows():
    choe_subject = both_lists()
    ofac = ListEntry.objects.get(list=OFAC, entry_id="1")
    rows = snapshot_of_rows(choe_subject).items()
    theirs = {key: row for key, row in rows if row["source_id"] != ofac.pk}
    run_list(OFAC, choe(OFAC, **no_facts()), aide(OFAC))
    for name in FACTS:
        assert labels(choe_subject, name) == ["OpenSanctions NK-1"], name
    assert snapshot_of_rows(choe_subject) == theirs  # OpenSanctions' rows untouched


def test_a_list_changing_a_fact_changes_only_its_own_row():
    choe_subject = both_lists()
    changed = every_fact(
        "2",
        aliases=[records.Alias("CH'OE, Ryong-hae", quality="weak")],
        identifiers=[records.Identifier("passport", "836110035", "KP", note="expired")],
    )
    run_list(OFAC, choe(OFAC, **changed), aide(OFAC))
    source_of = {alias.source.list: alias for alias in choe_subject.aliases.all()}
    assert (source_of[OFAC].quality, source_of[OPENSANCTIONS].quality) == ("weak", "strong")
    notes = {row.source.list: row.note for row in choe_subject.identifiers.all()}
    assert notes == {OFAC: "expired", OPENSANCTIONS: ""}


def test_analysts_facts_survive_every_reimport_of_every_list():
    choe_subject = both_lists()
    aide_subject = ListEntry.objects.get(list=OFAC, entry_id="2").subject
    # The same facts the lists give, and one of each of the analyst's own.
    Alias.objects.create(subject=choe_subject, name="CH'OE, Ryong-hae")
    Alias.objects.create(subject=choe_subject, name="Choe Ryong-hae", kind="spelling")
    BirthDate.objects.create(subject=choe_subject, value="1950-01-15")
    Nationality.objects.create(subject=choe_subject, country="KP")
    BirthPlace.objects.create(subject=choe_subject, place="Chonnae, Kangwon", country="KP")
    Identifier.objects.create(subject=choe_subject, kind="passport", number="836110035")
    Address.objects.create(subject=choe_subject, full="Central District, Pyongyang")
    Relationship.objects.create(subject=choe_subject, related=aide_subject, kind="associate")
    analysts = {k: v for k, v in snapshot_of_rows(choe_subject).items() if not v["source_id"]}
    assert len(analysts) == len(FACTS) + 1

    run_list(OFAC, choe(OFAC, **no_facts()), aide(OFAC))
    run_list(OPENSANCTIONS, choe(OPENSANCTIONS, **no_facts()), aide(OPENSANCTIONS))
    run_list(OFAC, choe(OFAC, position="changed"), aide(OFAC))

    after = snapshot_of_rows(choe_subject)
    assert {k: v for k, v in after.items() if not v["source_id"]} == analysts
    for name in FACTS:
        assert "OFAC SDN, uid 1" in labels(choe_subject, name), name


def test_an_analysts_correction_of_a_list_row_stays_while_the_list_says_the_same():
    choe_subject = both_lists()
    row = choe_subject.aliases.get(source__list=OFAC)
    row.kind = "spelling"  # the analyst's correction of OFAC's row
    row.save()
    later = every_fact(
        "2", birth_dates=[records.BirthDate("1950-01-15"), records.BirthDate("1951")]
    )
    run_list(OFAC, choe(OFAC, **later), aide(OFAC))
    row.refresh_from_db()
    assert (row.kind, row.source.list) == ("spelling", OFAC)
    changed = {**later, "aliases": [records.Alias("CH'OE, Ryong-hae", kind="fka")]}
    run_list(OFAC, choe(OFAC, **changed), aide(OFAC))
    row.refresh_from_db()
    assert row.kind == "fka"  # the list changed it: the list's new word stands


def test_an_alias_the_analyst_deleted_is_not_brought_back_while_the_list_says_the_same():
    choe_subject = both_lists()
    choe_subject.aliases.get(source__list=OFAC).delete()
    run_list(OFAC, choe(OFAC, position="changed"), aide(OFAC))
    assert labels(choe_subject, "aliases") == ["OpenSanctions NK-1"]


# --- Single values kept per source ---------------------------------------------------------


def test_each_list_keeps_its_own_position_and_remarks():
    choe_subject = both_lists(position="Vice Marshal", remarks="OFAC's remarks.")
    run_list(
        OPENSANCTIONS,
        choe(OPENSANCTIONS, position="Director", remarks="OpenSanctions' notes."),
        aide(OPENSANCTIONS),
    )
    run_list(OFAC, choe(OFAC, position="Vice Marshal", remarks="OFAC's remarks."), aide(OFAC))
    choe_subject.refresh_from_db()
    assert (choe_subject.position, choe_subject.remarks) == ("", "")  # no analyst's value
    # In the order of the lists' entries (by list).
    shown = [(v.value, v.labels) for v in choe_subject.shown_values("position")]
    assert shown == [("Director", ["OpenSanctions NK-1"]), ("Vice Marshal", ["OFAC SDN, uid 1"])]
    assert choe_subject.shown_text("remarks") == "OpenSanctions' notes.\n\nOFAC's remarks."


def test_the_analysts_value_is_shown_and_no_import_changes_it():
    choe_subject = both_lists(position="Vice Marshal")
    choe_subject.position = "First Vice Chairman of the State Affairs Commission"
    choe_subject.save()
    run_list(OFAC, choe(OFAC, position="Marshal"), aide(OFAC))
    choe_subject.refresh_from_db()
    assert choe_subject.position == "First Vice Chairman of the State Affairs Commission"
    [shown] = choe_subject.shown_values("position")
    assert (shown.value, shown.labels) == (choe_subject.position, ["analyst"])
    by_source = [
        (value, source.label) for value, source in choe_subject.values_by_source("position")
    ]
    assert by_source[1:] == [("Marshal", "OFAC SDN, uid 1")]


@pytest.mark.parametrize(
    ("analysts", "ofac", "opensanctions", "shown"),
    [
        ("", "male", "male", "male"),  # the lists agree
        ("", "male", "", "male"),  # one list says, the other does not
        ("", "male", "female", ""),  # they disagree: unknown
        ("female", "male", "male", "female"),  # the analyst's stands
    ],
)
def test_gender_is_the_analysts_else_the_lists_when_they_agree(
    analysts, ofac, opensanctions, shown
):
    choe_subject = both_lists(gender=ofac)
    run_list(OPENSANCTIONS, choe(OPENSANCTIONS, gender=opensanctions), aide(OPENSANCTIONS))
    Subject.objects.filter(pk=choe_subject.pk).update(gender=analysts)
    choe_subject.refresh_from_db()
    assert choe_subject.shown_gender() == shown
    for gender in ("male", "female"):
        found = Subject.objects.of_gender(gender).filter(pk=choe_subject.pk).exists()
        assert found == (gender == shown), gender


# --- Real lists: the UN list and the UK list that quotes it ----------------------------------

UN_2026 = REFERENCE_DATA / "un-consolidated" / "UN_consolidated.xml"
UN_VERSIONS = REFERENCE_DATA / "un-consolidated" / "versions"
UK_EXCERPT = REFERENCE_DATA / "uk-ofsi-conlist-excerpt" / "ConList.csv"


def assert_rows_are_what_each_entry_says():
    """Every list entry's rows are exactly the facts its snapshot holds, no more, no less;
    there is no row of no source (no analyst worked on these subjects)."""
    models = {name: Subject._meta.get_field(name).related_model for name in SUBJECT_PARTS}
    subject_of = {
        (slug, entry_id): subject
        for slug, entry_id, subject in ListEntry.objects.values_list("list", "entry_id", "subject")
    }
    for entry in ListEntry.objects.prefetch_related(*FACTS):
        for name, model in models.items():
            fields = {f.name for f in model._meta.fields}
            said = {
                model(**{k: v for k, v in item.items() if k in fields}).fact_key()
                for item in entry.data[name]
            }
            rows = [row.fact_key() for row in getattr(entry, name).all()]
            assert sorted(rows) == sorted(said), (entry, name)
        links = {
            (subject_of.get((entry.list, link["target"])), link["kind"])
            for link in entry.data["links"]
        }
        links = {
            (related, kind) for related, kind in links if related not in (None, entry.subject_id)
        }
        rows = {(row.related_id, row.kind) for row in entry.relationships.all()}
        assert rows == links, (entry, "relationships")
    for name in models.values():
        assert not name.objects.filter(source__isnull=True).exists()


def joined_uk_entries():
    """The UK entries that joined a subject of the UN list, with that UN entry."""
    pairs = []
    for uk in ListEntry.objects.filter(list="uk-ofsi-conlist").select_related("subject"):
        un = uk.subject.list_entries.filter(list="un-consolidated").first()
        if un is not None:
            pairs.append((uk, un))
    return pairs


def assert_each_list_shows_its_own_remarks_and_position(pairs):
    for uk, un in pairs:
        subject = Subject.objects.get(pk=uk.subject_id)
        assert (subject.remarks, subject.position) == ("", ""), subject
        for name in ("remarks", "position"):
            shown = {value.value: value.labels for value in subject.shown_values(name)}
            for entry in (un, uk):
                if entry.data[name]:
                    assert entry.source_label in shown[entry.data[name]], (subject, name)


@pytest.mark.reference_data
@requires_reference_data("un-consolidated", "UN_consolidated.xml")
@requires_reference_data("uk-ofsi-conlist-excerpt", "ConList.csv")
def test_uk_import_keeps_the_un_subjects_remarks_and_position(run_import):
    run_import("un-xml", UN_2026)
    run_import("uk-ofsi-csv", UK_EXCERPT)
    pairs = joined_uk_entries()
    # The issue found 7; reading the UK's old UN numbering too (QE.A.146.14 for QDe.146)
    # joins the others: every UK entry of the excerpt that quotes a UN reference.
    assert len(pairs) == 21
    assert_each_list_shows_its_own_remarks_and_position(pairs)
    kim = next(uk.subject for uk, un in pairs if un.reference == "KPi.067")
    assert [v.labels for v in kim.shown_values("position")] == [
        ["UK OFSI, group 13562"],
        ["UN KPi.067"],
    ]
    [again] = run_import("un-xml", UN_2026)
    assert again.changed_count == 0
    assert_each_list_shows_its_own_remarks_and_position(pairs)
    assert_rows_are_what_each_entry_says()


@pytest.mark.reference_data
@requires_reference_data("un-consolidated", "versions")
@requires_reference_data("uk-ofsi-conlist-excerpt", "ConList.csv")
def test_every_fact_keeps_its_source_through_un_uk_and_un_again(run_import):
    versions = sorted(UN_VERSIONS.glob("*.xml"))
    run_import("un-xml", versions[0])
    assert_rows_are_what_each_entry_says()
    run_import("uk-ofsi-csv", UK_EXCERPT)
    assert joined_uk_entries()
    assert_rows_are_what_each_entry_says()
    for version in versions[1:]:
        [run] = run_import("un-xml", version)
        assert run.new_count + run.changed_count + run.removed_count  # the list changed
        assert_rows_are_what_each_entry_says()


def test_every_fact_keeps_its_source_through_ofac_and_opensanctions(run_import):
    """OpenSanctions' NK-person1 names OFAC's entry 100: one subject, two lists' rows."""
    run_import("ofac-csv", TEST_DATA / "ofac" / "v1")
    run_import("ftm", TEST_DATA / "ftm" / "entities.ftm.json")
    anna = ListEntry.objects.get(list=OPENSANCTIONS, entry_id="NK-person1").subject
    assert set(anna.list_entries.values_list("list", flat=True)) == {OFAC, OPENSANCTIONS}
    assert_rows_are_what_each_entry_says()
    run_import("ofac-csv", TEST_DATA / "ofac" / "v2", list_date=datetime.date(2019, 2, 1))
    assert_rows_are_what_each_entry_says()
    run_import("ftm", TEST_DATA / "ftm" / "deltas")
    assert_rows_are_what_each_entry_says()


# --- What readers and analysts see -----------------------------------------------------------


def test_a_facts_source_is_named_by_its_list_entry_or_the_analysts_day():
    un = ListEntry(list="un-consolidated", entry_id="6908582", reference="KPi.042")
    assert un.source_label == "UN KPi.042"
    assert (
        ListEntry(list="un-consolidated", entry_id="6908582").source_label == "UN, DATAID 6908582"
    )
    assert ListEntry(list=OFAC, entry_id="23213").source_label == "OFAC SDN, uid 23213"
    assert (
        ListEntry(list="uk-ofsi-conlist", entry_id="13562").source_label == "UK OFSI, group 13562"
    )
    assert ListEntry(list="eu-fsf", entry_id="13001").source_label == "EU FSF, id 13001"
    uk_list = ListEntry(list="uk-sanctions-list", entry_id="DPR0001")
    assert uk_list.source_label == "UK Sanctions List, DPR0001"
    subject = Subject.objects.create(kind="person", name="Hand Entered")
    alias = Alias.objects.create(subject=subject, name="H. Entered")
    entered = datetime.datetime(2026, 12, 3, 12, tzinfo=datetime.UTC)
    Alias.objects.filter(pk=alias.pk).update(created=entered)
    alias.refresh_from_db()
    assert alias.fact_source.label == "analyst, 3 Dec 2026"
    assert (alias.fact_source.kind, alias.fact_source.list) == ("analyst", None)


def test_same_fact_from_one_source_twice_is_refused_with_a_message():
    choe_subject = both_lists()
    row = choe_subject.aliases.get(source__list=OFAC)
    again = Alias(subject=choe_subject, source=row.source, name=row.name.upper())
    with pytest.raises(ValidationError, match="This list entry already gives this alias."):
        again.full_clean()
    Alias(subject=choe_subject, name=row.name).full_clean()  # an analyst's row may say it too


def test_api_gives_each_fact_its_source_and_each_lists_own_values(reader_client):
    choe_subject = both_lists(position="Vice Marshal", gender="male")
    Alias.objects.create(subject=choe_subject, name="Choe Ryong-hae", kind="spelling")
    body = reader_client.get(reverse("api:subject-detail", kwargs={"pk": choe_subject.pk})).json()
    assert {
        "kind": "list",
        "label": "OFAC SDN, uid 1",
        "list": OFAC,
        "entry_id": "1",
        "reference": "",
    } in [alias["source"] for alias in body["aliases"]]
    analysts = [alias for alias in body["aliases"] if alias["source"]["kind"] == "analyst"]
    assert [(a["name"], a["source"]["list"]) for a in analysts] == [("Choe Ryong-hae", None)]
    for name in FACTS:
        assert {fact["source"]["list"] for fact in body[name]} >= {OFAC, OPENSANCTIONS}, name
    assert (body["gender"], body["position"], body["remarks"]) == ("male", "Vice Marshal", "")
    ofac_source = {"kind": "list", "label": "OFAC SDN, uid 1", "list": OFAC, "entry_id": "1"}
    assert body["values_by_source"]["position"] == [
        {"value": "Vice Marshal", "source": {**ofac_source, "reference": ""}}
    ]
    assert body["values_by_source"]["remarks"] == []


def test_subject_page_shows_each_fact_once_with_all_its_sources(viewer_client):
    choe_subject = both_lists(position="Vice Marshal", remarks="OFAC's remarks.")
    response = viewer_client.get(choe_subject.get_absolute_url())
    both = "OFAC SDN, uid 1; OpenSanctions NK-1"
    names = response.content.decode().split('id="names-heading"')[1].split("</section>")[0]
    assert names.count("CH&#x27;OE, Ryong-hae") == 1
    assertContains(response, both)  # the names table: one row, two sources
    # Nationality, date and place of birth, address, relationship; identifiers in a table.
    assertContains(response, f"Sources: {both}", count=5)
    assertContains(response, 'Vice Marshal <small class="fact-sources">Source: OFAC SDN, uid 1')
    assertContains(response, "OFAC&#x27;s remarks.")
    assertNotContains(response, "Remarks from the lists")


def test_subject_page_and_api_read_sources_without_a_query_per_fact(
    viewer_client, reader_client, django_assert_num_queries
):
    choe_subject = both_lists()
    page = choe_subject.get_absolute_url()
    api = reverse("api:subject-detail", kwargs={"pk": choe_subject.pk})
    counts = []
    for url, client in ((page, viewer_client), (api, reader_client)):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    # Ten more facts from each list: the sources come with the facts, the lists' own values
    # with the list entries, so the counts stay.
    more = [records.Alias(f"Alias {n}") for n in range(10)]
    run_list(OFAC, choe(OFAC, aliases=more), aide(OFAC))
    run_list(OPENSANCTIONS, choe(OPENSANCTIONS, aliases=more), aide(OPENSANCTIONS))
    with django_assert_num_queries(counts[0]):
        viewer_client.get(page)
    with django_assert_num_queries(counts[1]):
        reader_client.get(api)


def test_exports_and_the_name_index_hold_a_fact_two_lists_give_once(viewer_client):
    choe_subject = both_lists(position="Vice Marshal", gender="male")
    response = viewer_client.get(reverse("sanctions:subject_export"), {"q": "Choe"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    [row] = [r for r in csv.DictReader(io.StringIO(text)) if r["id"] == str(choe_subject.pk)]
    assert (row["aliases"], row["dates_of_birth"], row["places_of_birth"]) == (
        "CH'OE, Ryong-hae",
        "1950-01-15",
        "Chonnae, Kangwon",
    )
    assert (row["gender"], row["position"]) == ("male", "Vice Marshal")
    indexed = IndexedName.objects.filter(subject=choe_subject, name="CH'OE, Ryong-hae")
    assert indexed.values("alias").distinct().count() == 1
    assert choe_subject.search_text.count("choe ryong hae") == 1


def test_admin_inlines_show_each_facts_source_read_only(analyst_client):
    choe_subject = both_lists()
    url = reverse("admin:sanctions_subject_change", args=[choe_subject.pk])
    response = analyst_client.get(url)
    assert response.status_code == 200
    text = response.content.decode()
    assert text.count("OFAC SDN, uid 1") >= len(FACTS)
    assert 'name="aliases-0-source"' not in text  # shown, never edited
