"""Migrations carry a database filled by an earlier release forward, keeping every record."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from sanctions.models import Alias, Subject
from sanctions.screening import engine
from sanctions.screening.models import IndexedName

BEFORE_SCREENING_APP = [("sanctions", "0006_rebuild_name_index"), ("screening", None)]


def migrate(targets):
    """Migrate to ``targets``; the models as they were there."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state([t for t in targets if t[1] is not None]).apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_moving_the_name_index_to_the_screening_app_keeps_records_and_rebuilds_it():
    old = migrate(BEFORE_SCREENING_APP)
    subject = old.get_model("sanctions", "Subject").objects.create(
        kind="person", name="Choe Ryong Hae", search_text="choe ryong hae"
    )
    old.get_model("sanctions", "Alias").objects.create(subject=subject, name="최룡해")
    old.get_model("sanctions", "IndexedName").objects.create(
        subject=subject, name="stale", spelling="stale"
    )

    migrate(latest())

    assert Subject.objects.get(pk=subject.pk).aliases.get().name == "최룡해"
    assert set(IndexedName.objects.values_list("name", flat=True)) == {"Choe Ryong Hae", "최룡해"}
    assert [pk for pk, _ in engine.rank_subjects("Choi Ryong-hae")] == [subject.pk]


@pytest.mark.django_db(transaction=True)
def test_the_program_reference_completes_programs_imports_created_bare():
    old = migrate([("sanctions", "0008_subject_pairs_and_merges")])
    Agency, Program = old.get_model("sanctions", "Agency"), old.get_model("sanctions", "Program")
    ofac = Agency.objects.create(slug="us-ofac", name="Office of Foreign Assets Control")
    un = Agency.objects.create(slug="un-security-council", name="UN Security Council")
    Program.objects.create(agency=ofac, code="IFSR", slug="us-ofac-ifsr")
    Program.objects.create(agency=un, code="Iran", slug="un-security-council-iran")
    Program.objects.create(agency=ofac, code="SYRIA", slug="us-ofac-syria", name="Analyst's name")

    migrate(latest())

    from sanctions.models import Program as CurrentProgram

    ifsr = CurrentProgram.objects.get(slug="us-ofac-ifsr")
    assert ifsr.name == "Iranian Financial Sanctions Regulations"
    assert set(ifsr.authorities.values_list("slug", flat=True)) == {
        "cfr-31-561",
        "cisada",
        "ndaa-2012-1245",
    }
    iran = CurrentProgram.objects.get(slug="un-security-council-iran")
    assert "unscr-2231" in iran.authorities.values_list("slug", flat=True)
    syria = CurrentProgram.objects.get(slug="us-ofac-syria")
    assert syria.name == "Analyst's name"  # an analyst's value is kept
    assert syria.authorities.filter(slug="eo-13338").exists()  # an empty set is filled


BEFORE_FACT_SOURCES = [("sanctions", "0012_xref_runs")]


def snapshot(**parts):
    """A list entry's ``data`` as imports wrote it, with the given parts."""
    empty = {name: [] for name in ("aliases", "birth_dates", "links")}
    return {**empty, "gender": "", "position": "", "description": "", "remarks": "", **parts}


def alias(name, quality="strong"):
    return {"name": name, "kind": "aka", "quality": quality, "script": "", "language": ""}


@pytest.mark.django_db(transaction=True)
def test_fact_sources_attach_each_row_to_the_entries_that_give_it():
    old = migrate(BEFORE_FACT_SOURCES)
    model = lambda name: old.get_model("sanctions", name)  # noqa: E731
    choe = model("Subject").objects.create(
        kind="person",
        name="Choe Ryong Hae",
        gender="male",
        position="Vice Marshal",
        remarks="OFAC's remarks.",
        description="An analyst's note.",
    )
    aide = model("Subject").objects.create(kind="person", name="Aide")
    ofac = model("ListEntry").objects.create(
        list="us-ofac-sdn",
        entry_id="1",
        subject=choe,
        data=snapshot(
            aliases=[alias("CH'OE, Ryong-hae")],
            birth_dates=[{"value": "1950-01-15", "note": ""}],
            links=[{"target": "2", "kind": "associate", "description": ""}],
            gender="male",
            remarks="OFAC's remarks.",
        ),
    )
    model("ListEntry").objects.create(list="us-ofac-sdn", entry_id="2", subject=aide, data={})
    un = model("ListEntry").objects.create(
        list="un-consolidated",
        entry_id="9",
        reference="KPi.001",
        subject=choe,
        data=snapshot(aliases=[alias("Ch'oe, Ryong-hae", "weak")], position="Marshal"),
    )
    # One row per fact, as before: a fact two lists give was one row.
    shared = model("Alias").objects.create(subject=choe, name="CH'OE, Ryong-hae")
    model("Alias").objects.create(subject=choe, name="Choe Ryong-hae", kind="spelling")
    for value in ("1950-01-15", "1951"):
        model("BirthDate").objects.create(
            subject=choe, value=value, earliest=f"{value[:4]}-01-01", latest=f"{value[:4]}-12-31"
        )
    for kind in ("associate", "family"):
        model("Relationship").objects.create(subject=choe, related=aide, kind=kind)
    model("HistoricalAlias").objects.create(
        id=shared.pk,
        subject_id=choe.pk,
        name=shared.name,
        kind="aka",
        quality="strong",
        created=shared.created,
        last_updated=shared.last_updated,
        version=1,
        history_date=shared.created,
        history_type="+",
    )

    migrate(latest())

    subject = Subject.objects.get(pk=choe.pk)
    aliases = sorted((a.name, a.quality, a.source_id) for a in subject.aliases.all())
    assert aliases == [
        ("CH'OE, Ryong-hae", "strong", ofac.pk),
        ("Ch'oe, Ryong-hae", "weak", un.pk),  # UN's own row, as UN writes it
        ("Choe Ryong-hae", "strong", None),  # no list gives it: the analyst's
    ]
    assert list(subject.birth_dates.values_list("value", "source")) == [
        ("1950-01-15", ofac.pk),
        ("1951", None),
    ]
    assert sorted(subject.relationships.values_list("kind", "source")) == [
        ("associate", ofac.pk),
        ("family", None),
    ]
    # A value a list gives is shown from that list; the analyst's own stays.
    assert (subject.gender, subject.position, subject.remarks) == ("", "Vice Marshal", "")
    assert subject.description == "An analyst's note."
    assert subject.shown_gender() == "male"
    assert subject.history.first().history_change_reason.startswith("Facts attached")
    assert Alias.history.get(id=shared.pk).source_id == ofac.pk


@pytest.mark.django_db(transaction=True)
def test_subjects_get_their_sort_names():
    old = migrate([("sanctions", "0014_attach_fact_sources")])
    subject = old.get_model("sanctions", "Subject").objects.create(
        kind="person", name="'Abbas Rim", search_text="abbas rim"
    )

    migrate(latest())

    assert Subject.objects.get(pk=subject.pk).sort_name == "abbas rim"
