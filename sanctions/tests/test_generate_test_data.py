"""manage.py generate_test_data: counts, the same rows for the same seed, the site on them,
and its refusal to mix with other data."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from sanctions.bulk import empty_tables
from sanctions.models import (
    Address,
    Alias,
    BirthDate,
    BirthPlace,
    Designation,
    Identifier,
    ImportChange,
    ImportRun,
    ListEntry,
    Nationality,
    Relationship,
    Subject,
)
from sanctions.screening.models import IndexedName, NameKey

pytestmark = pytest.mark.django_db

PARTS = [Alias, BirthDate, Nationality, BirthPlace, Identifier, Address, Relationship]


def generate(subjects=60, seed=1, **options):
    out = io.StringIO()
    call_command("generate_test_data", subjects=subjects, seed=seed, stdout=out, **options)
    return out.getvalue()


def fingerprint():
    """What a seed decides: every generated row but the import run's own id."""
    return {
        "subjects": list(Subject.objects.order_by("pk").values_list("pk", "kind", "name")),
        "aliases": list(Alias.objects.order_by("pk").values_list("subject", "name", "quality")),
        "designations": list(
            Designation.objects.order_by("pk").values_list(
                "subject", "program__code", "listed_on", "delisted_on"
            )
        ),
        "entries": list(ListEntry.objects.order_by("pk").values_list("entry_id", "data")),
        "addresses": list(Address.objects.order_by("pk").values_list("subject", "full")),
    }


def wipe():
    """Remove everything generate_test_data wrote, children first."""
    historical = [model.history.model for model in [*PARTS, Designation, Subject]]
    through = [Designation.authorities.through, Designation.measures.through]
    m2m_history = [
        getattr(Designation.history.model, name).model for name in ("authorities", "measures")
    ]
    empty_tables(NameKey, IndexedName, *m2m_history, *through, *historical, ImportChange, *PARTS)
    empty_tables(Designation, ListEntry, Subject, ImportRun)


def test_counts_of_subjects_entries_history_and_index():
    generate(subjects=60)
    assert Subject.objects.count() == 60
    assert ListEntry.objects.filter(list="us-ofac-sdn").count() == 60
    assert ImportChange.objects.filter(action="added").count() == 60
    assert Subject.history.filter(history_type="+").count() == 60
    # Every subject is designated at least once, and each designation has its history row.
    assert not Subject.objects.filter(designations=None).exists()
    assert Designation.history.count() == Designation.objects.count()
    assert Alias.history.count() == Alias.objects.count() > 0
    # The name index covers every subject: screening and q work at once.
    assert IndexedName.objects.values("subject").distinct().count() == 60


def test_parts_follow_the_lists_shapes():
    generate(subjects=300)
    persons = Subject.objects.filter(kind="person").count()
    organizations = Subject.objects.filter(kind="organization").count()
    # The 2019 SDN list: 52% persons, 41% organizations; only persons have dates of birth.
    assert 0.4 < persons / 300 < 0.65
    assert 0.3 < organizations / 300 < 0.5
    assert not BirthDate.objects.exclude(subject__kind="person").exists()
    assert Address.objects.count() >= 300  # every entry has at least one address


def test_the_same_seed_writes_the_same_rows_and_another_seed_others():
    generate(subjects=40, seed=7)
    first = fingerprint()
    wipe()
    generate(subjects=40, seed=7)
    assert fingerprint() == first
    wipe()
    generate(subjects=40, seed=8)
    assert fingerprint()["subjects"] != first["subjects"]


def test_refuses_a_database_with_other_data(make_subject):
    make_subject(name="Choe Ryong Hae")
    with pytest.raises(CommandError, match="1 subjects that generate_test_data did not write"):
        generate(subjects=5)
    assert Subject.objects.count() == 1
    generate(subjects=5, force=True)
    assert Subject.objects.count() == 6


def test_refuses_to_generate_twice_unless_appending():
    generate(subjects=10)
    with pytest.raises(CommandError, match="--append"):
        generate(subjects=10)
    generate(subjects=10, seed=2, append=True)
    assert Subject.objects.count() == 20
    # Later saves take free keys after the generated ones.
    assert Subject.objects.create(kind="person", name="New Person").pk == 21


def test_no_index_leaves_the_index_to_its_command():
    out = generate(subjects=10, no_index=True)
    assert "rebuild_name_index" in out
    assert not IndexedName.objects.exists()


def test_the_api_and_pages_serve_generated_data(reader_client, viewer_client):
    generate(subjects=80)
    subject = Subject.objects.filter(kind="person", aliases__isnull=False).first()
    assert reader_client.get("/api/v1/subjects/").json()["count"] == 80
    detail = reader_client.get(f"/api/v1/subjects/{subject.pk}/").json()
    assert detail["name"] == subject.name
    assert detail["list_entries"][0]["list"] == "us-ofac-sdn"
    program = Designation.objects.first().program.code
    listed = reader_client.get("/api/v1/designations/", {"program": program}).json()
    assert listed["count"] == Designation.objects.filter(program__code=program).count()
    csv = reader_client.get("/api/v1/subjects/", {"format": "csv"})
    assert csv.status_code == 200
    assert b"".join(csv.streaming_content if csv.streaming else [csv.content]).count(b"\n") > 80
    match = reader_client.post(
        reverse("api:match"), {"queries": [{"name": subject.name}]}, format="json"
    )
    assert match.json()["results"][0]["candidates"][0]["subject"]["id"] == subject.pk
    for url in (
        reverse("sanctions:dashboard"),
        reverse("sanctions:subject_list"),
        reverse("sanctions:subject_detail", kwargs={"pk": subject.pk}),
        reverse("sanctions:designation_list"),
    ):
        response = viewer_client.get(url)
        assert response.status_code == 200, url
    page = viewer_client.get(reverse("sanctions:subject_detail", kwargs={"pk": subject.pk}))
    assert subject.name in page.content.decode()
