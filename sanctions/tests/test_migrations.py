"""Migrations carry a database filled by an earlier release forward, keeping every record."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from sanctions.models import Subject
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
