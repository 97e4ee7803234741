"""Where imports show: the admin's read-only import records, the list= filter, the command's
own output."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from rich.console import Console

from sanctions.filtersets import DesignationFilterSet, SubjectFilterSet
from sanctions.importers import parse
from sanctions.importers.apply import ListImport
from sanctions.management.commands.import_list import ImportProgress
from sanctions.models import Designation, ImportRun, ListEntry, Subject

from .conftest import TEST_DATA

# WhiteNoise warns that collectstatic has not run; these tests do not serve static files.


@pytest.fixture
def two_lists(seed, run_import):
    run_import("ofac-csv", TEST_DATA / "ofac" / "v1")
    run_import("un-xml", TEST_DATA / "un" / "consolidated.xml")


def test_list_filter_on_subjects(two_lists):
    filterset = SubjectFilterSet({"list": ["un-consolidated"]}, queryset=Subject.objects.all())
    assert sorted(filterset.qs.values_list("name", flat=True)) == [
        "Choe Hwi",
        "Korea Mining Development Trading Corporation",
    ]
    both = SubjectFilterSet(
        {"list": ["un-consolidated", "us-ofac-sdn"]}, queryset=Subject.objects.all()
    )
    assert both.qs.count() == 10  # 5 from the OFAC file, 3 more seed entries, 2 UN


def test_list_filter_on_designations(two_lists):
    filterset = DesignationFilterSet({"list": ["us-ofac-sdn"]}, queryset=Designation.objects.all())
    # 6 from the small file, and the seed's 3 whose entries it lacks (now delisted).
    assert filterset.qs.count() == 9
    assert set(filterset.qs.values_list("agency__slug", flat=True)) == {"us-ofac"}


def test_list_filter_refuses_an_unknown_list(two_lists):
    filterset = SubjectFilterSet({"list": ["nowhere"]}, queryset=Subject.objects.all())
    assert not filterset.is_valid()
    assert "list" in filterset.errors


def test_web_subject_list_filters_by_list(two_lists, analyst_client):
    response = analyst_client.get(reverse("sanctions:subject_list"), {"list": "us-ofac-sdn"})
    assert response.status_code == 200
    assert b"Tester Anna Maria" in response.content
    assert b"Choe Hwi" not in response.content


def test_admin_shows_import_runs_read_only(two_lists, analyst_client):
    run = ImportRun.objects.get(list="us-ofac-sdn")
    changelist = analyst_client.get(reverse("admin:sanctions_importrun_changelist"))
    assert changelist.status_code == 200
    page = analyst_client.get(reverse("admin:sanctions_importrun_change", args=[run.pk]))
    assert page.status_code == 200
    content = page.content.decode()
    assert "Tester Anna Maria" in content  # 5 entries of the file, 3 seed entries removed
    assert "All 8 changes" in content
    assert 'name="_save"' not in content  # nothing to save: read only
    post = analyst_client.post(reverse("admin:sanctions_importrun_change", args=[run.pk]), {})
    assert post.status_code == 403


# The foundation's designation inline has a URLField whose form warns about Django 6.0's
# default scheme; that is the admin's to settle, not this test's.
def test_admin_subject_shows_its_list_entries(two_lists, analyst_client):
    subject = ListEntry.objects.get(entry_id="23213").subject
    page = analyst_client.get(reverse("admin:sanctions_subject_change", args=[subject.pk]))
    assert page.status_code == 200
    assert "us-ofac-sdn" in page.content.decode()
    assert "23213" in page.content.decode()


def test_command_prints_a_summary_table(db):
    out = io.StringIO()
    call_command("import_list", "ofac-csv", str(TEST_DATA / "ofac" / "v1"), stdout=out)
    text = out.getvalue()
    assert "us-ofac-sdn" in text
    assert "new" in text
    assert "5" in text
    quiet = io.StringIO()
    call_command(
        "import_list", "ofac-csv", str(TEST_DATA / "ofac" / "v1"), quiet=True, stdout=quiet
    )
    assert quiet.getvalue() == ""


def test_command_records_the_user(db, django_user_model):
    user = django_user_model.objects.create_user(username="importer")
    call_command("import_list", "un-xml", str(TEST_DATA / "un"), quiet=True, user="importer")
    run = ImportRun.objects.get()
    assert (run.user, run.run_by) == (user, "importer")
    subject = ListEntry.objects.get(entry_id="110000").subject
    assert subject.history.get().history_user == user


def test_dry_run_reports_the_changes_and_writes_nothing(db):
    call_command("import_list", "ofac-csv", str(TEST_DATA / "ofac" / "v1"), quiet=True)
    out = io.StringIO()
    call_command(
        "import_list", "ofac-csv", str(TEST_DATA / "ofac" / "v2"), dry_run=True, stdout=out
    )
    text = out.getvalue()
    assert "changed us-ofac-sdn 100 TESTER, Anna Maria: position" in text
    assert "removed us-ofac-sdn 400 EP-ABC" in text
    assert "dry run, not written" in text
    assert ImportRun.objects.count() == 1
    assert ListEntry.objects.get(entry_id="400").removed_on is None


def test_import_names_each_step_before_it_counts_entries(db):
    # The bar must not sit at 0 while the files are checked and compared: each step is named.
    steps, advances = [], []
    (parsed,) = parse("ofac-csv", [TEST_DATA / "ofac" / "v1"])
    importer = ListImport(
        parsed, progress=lambda n: advances.append((steps[-1], n)), phase=steps.append
    )
    importer.run()
    slug = parsed.slug
    assert steps == [f"Checking {slug}", f"Comparing {slug}", f"Linking {slug}", f"Writing {slug}"]
    assert sum(n for _, n in advances) == len(parsed.entries)
    assert advances[-1][0] == f"Writing {slug}"


def test_progress_moves_while_reading_then_counts_with_time_left():
    progress = ImportProgress(Console(file=io.StringIO()), silent=True)
    with progress:
        progress.phase("Reading the files")
        (task,) = progress.bar.tasks
        assert (task.description, task.total, task.started) == ("Reading the files", None, True)
        progress.total = 10
        progress.phase("Writing us-ofac-sdn")
        progress(4)
        assert (task.description, task.total, task.completed) == ("Writing us-ofac-sdn", 10, 4)
        assert task.elapsed is not None  # the time so far, from which rich estimates time left
