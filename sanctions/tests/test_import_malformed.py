"""Every file of the malformed corpus (malformed.py) is refused whole, or imported with the
warning it deserves: a refusal names the file and line or element, and leaves every table,
history included, exactly as it was."""

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db.models import Max

from sanctions.models import Designation, ImportRun, ListEntry

from .malformed import BASE_PATHS, BASES, CORPUS, Case, ofac_base, ofac_first


def database_state():
    """Every table's row count and latest change: an update shows as well as an insert."""
    state = {}
    for model in apps.get_models(include_auto_created=True):
        rows = model._default_manager.all()
        latest = None
        if any(f.name == "last_updated" for f in model._meta.fields):
            latest = rows.aggregate(latest=Max("last_updated"))["latest"]
        state[model._meta.label] = (rows.count(), latest)
    return state


def import_base(format, folder):
    """The format's valid base version: what a malformed version must not disturb."""
    base = Case(format, BASES[format](), BASE_PATHS[format], ())
    call_command("import_list", format, str(base.write(folder)), quiet=True)


@pytest.mark.parametrize("name", CORPUS)
def test_malformed_file(name, db, tmp_path):
    case = CORPUS[name]
    import_base(case.format, tmp_path / "base")
    before = database_state()
    path = case.write(tmp_path / "case")
    if case.imports:
        call_command("import_list", case.format, str(path), quiet=True, **case.options)
        warnings = ImportRun.objects.order_by("id").last().warnings
        assert all(any(fragment in w for w in warnings) for fragment in case.expect), warnings
        return
    with pytest.raises(CommandError) as error:
        call_command("import_list", case.format, str(path), quiet=True, **case.options)
    message = str(error.value)
    assert message.startswith("Nothing imported.")
    assert "\n" not in message
    for fragment in case.expect:
        assert fragment in message
    assert database_state() == before


def test_the_corpus_covers_every_format():
    formats = [case.format for case in CORPUS.values()]
    assert len(formats) >= 50
    assert all(formats.count(format) >= 10 for format in BASES)


def test_mass_delisting_is_imported_with_force(db, tmp_path):
    import_base("ofac-csv", tmp_path / "base")
    files = ofac_first(2)(ofac_base())
    path = Case("ofac-csv", files, "ofac", ()).write(tmp_path / "case")
    call_command("import_list", "ofac-csv", str(path), quiet=True, force=True)
    assert ImportRun.objects.order_by("id").last().removed_count == 6
    assert ListEntry.objects.listed().count() == 2
    assert Designation.objects.filter(delisted_on__isnull=False).count() == 6


def test_a_dry_run_reports_the_same_refusal(db, tmp_path):
    import_base("ofac-csv", tmp_path / "base")
    case = CORPUS["ofac-truncated-rows"]
    before = database_state()
    with pytest.raises(CommandError, match="would delist 6 of the 8 listed entries"):
        call_command("import_list", "ofac-csv", str(case.write(tmp_path / "c")), dry_run=True)
    assert database_state() == before


def test_a_few_removals_need_no_force(db, tmp_path):
    import_base("ofac-csv", tmp_path / "base")
    files = ofac_first(3)(ofac_base())
    path = Case("ofac-csv", files, "ofac", ()).write(tmp_path / "case")
    call_command("import_list", "ofac-csv", str(path), quiet=True)
    assert ImportRun.objects.order_by("id").last().removed_count == 5


def test_a_value_the_database_refuses_is_one_line_naming_the_files(db, tmp_path, monkeypatch):
    from django.db import IntegrityError

    from sanctions.importers import apply

    import_base("ofac-csv", tmp_path / "base")
    before = database_state()

    def refuse(self):
        raise IntegrityError('duplicate key value violates unique constraint "x"\nDETAIL: …')

    monkeypatch.setattr(apply.LinkWriter, "write", refuse)
    case = CORPUS["ofac-impossible-dob"]
    with pytest.raises(CommandError) as error:
        call_command("import_list", "ofac-csv", str(case.write(tmp_path / "c")), quiet=True)
    assert str(error.value) == (
        "Nothing imported. sdn.csv, add.csv, alt.csv, sdn_comments.csv: the database refused "
        'a value (duplicate key value violates unique constraint "x")'
    )
    assert database_state() == before
