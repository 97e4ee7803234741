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
