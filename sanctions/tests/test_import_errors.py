"""Bad input is refused whole: the command fails naming file, line and problem, and the
database is exactly as it was."""

import shutil

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from .conftest import TEST_DATA

OFAC_V1 = TEST_DATA / "ofac" / "v1"


def database_state():
    """Row counts of every table the import could touch, history tables included."""
    models = [*apps.get_app_config("sanctions").get_models()]
    return {model._meta.label: model._default_manager.count() for model in models}


@pytest.fixture
def previous_import(seed, run_import):
    """A database with the seed and one earlier import, which a failed import must not touch."""
    run_import("ofac-csv", OFAC_V1)
    return database_state()


def ofac_copy(tmp_path, change):
    """The v1 files in tmp_path, with ``change(folder)`` applied."""
    folder = tmp_path / "ofac"
    shutil.copytree(OFAC_V1, folder)
    change(folder)
    return folder


def replace_bytes(name, old, new):
    def change(folder):
        data = (folder / name).read_bytes()
        assert old in data
        (folder / name).write_bytes(data.replace(old, new))

    return change


def truncate(name, size):
    def change(folder):
        (folder / name).write_bytes((folder / name).read_bytes()[:size])

    return change


OFAC_CASES = {
    "truncated in a quoted cell": (
        truncate("sdn.csv", 600),
        "sdn.csv line 2: malformed CSV (unexpected end of data); is the file truncated?",
    ),
    "a column too many": (
        replace_bytes("alt.csv", b'"OLDNAME, Anna",-0- ', b'"OLDNAME, Anna",-0- ,x'),
        "alt.csv line 2: expected 5 columns, found 6",
    ),
    "a header row": (
        lambda folder: (folder / "add.csv").write_bytes(
            b"ent_num,Add_num,Address,City,Country,Add_remarks\r\n"
            + (folder / "add.csv").read_bytes()
        ),
        "add.csv line 1: ent_num 'ent_num' is not a number",
    ),
    "not UTF-8 or Windows-1252": (
        replace_bytes("sdn.csv", b"Anna Maria", b"Anna M\x81ria"),
        "sdn.csv line 2: unexpected encoding: byte 0x81 is not Windows-1252",
    ),
    "Ctrl-Z inside the file": (
        replace_bytes("add.csv", b"Pyongyang", b"Pyong\x1ayang"),
        "add.csv line 2: a Ctrl-Z (0x1A) byte before the end",
    ),
    "an alias of no entry": (
        replace_bytes("alt.csv", b"100,701", b"999,701"),
        "alt.csv line 2: ent_num 999 is not in sdn.csv",
    ),
    "an unknown SDN type": (
        replace_bytes("sdn.csv", b'"vessel"', b'"submarine"'),
        "sdn.csv line 4: SDN_Type 'submarine' is not individual, vessel, aircraft or -0-",
    ),
    "a missing file": (
        lambda folder: (folder / "add.csv").unlink(),
        "add.csv: missing",
    ),
    "a UN XML file in place of sdn.csv": (
        lambda folder: shutil.copy(TEST_DATA / "un" / "consolidated.xml", folder / "sdn.csv"),
        "sdn.csv line 1: expected 12 columns",
    ),
}


@pytest.mark.parametrize("case", OFAC_CASES)
def test_bad_ofac_files_leave_the_database_untouched(case, previous_import, tmp_path):
    change, message = OFAC_CASES[case]
    folder = ofac_copy(tmp_path, change)
    with pytest.raises(CommandError) as error:
        call_command("import_list", "ofac-csv", str(folder), quiet=True)
    assert message in str(error.value)
    assert str(error.value).startswith("Nothing imported.")
    assert database_state() == previous_import


def written(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    return path


UN_XML = (TEST_DATA / "un" / "consolidated.xml").read_bytes()
UK_CSV = (TEST_DATA / "uk" / "ConList.csv").read_bytes()
FTM = (TEST_DATA / "ftm" / "entities.ftm.json").read_bytes()

OTHER_CASES = {
    "truncated UN XML": ("un-xml", "un.xml", UN_XML[:2000], "malformed XML"),
    "UN XML of another root": ("un-xml", "un.xml", b"<LIST/>", "root element is LIST"),
    "UN XML with a DTD": (
        "un-xml",
        "un.xml",
        b'<!DOCTYPE x [<!ENTITY a "b">]><CONSOLIDATED_LIST/>',
        "refused",
    ),
    "UN entry without a DATAID": (
        "un-xml",
        "un.xml",
        UN_XML.replace(b"<DATAID>110000</DATAID>", b"<DATAID></DATAID>"),
        "ENTITY DATAID ?: DATAID is missing",
    ),
    "UK file of another layout": (
        "uk-ofsi-csv",
        "ConList.csv",
        UK_CSV.replace(b"Regime,", b"Regime Name,"),
        "not the OFSI ConList layout (missing Regime; unknown 'Regime Name')",
    ),
    "UK row cut short": (
        "uk-ofsi-csv",
        "ConList.csv",
        UK_CSV[: UK_CSV.index(b"Annex XIII")],
        "ConList.csv line 3: expected 29 columns, found 23",
    ),
    "UK file in UTF-16": (
        "uk-ofsi-csv",
        "ConList.csv",
        UK_CSV.decode("cp1252").encode("utf-16"),
        "unexpected encoding: UTF-16",
    ),
    "UK byte undefined in Windows-1252": (
        "uk-ofsi-csv",
        "ConList.csv",
        UK_CSV.replace(b"Tripoli", b"Trip\x81li"),
        "byte 0x81 is not Windows-1252",
    ),
    "FtM line cut short": ("ftm", "entities.ftm.json", FTM[:-40], "line 5: not JSON"),
    "CSV given as FtM": (
        "ftm",
        "entities.ftm.json",
        b"Name 6,Name 1\nIL,Kim\n",
        "line 1: not JSON",
    ),
    "FtM delta with an unknown op": (
        "ftm",
        "entities.delta.json",
        b'{"op": "UPSERT", "entity": {"id": "x", "schema": "Person", "properties": {}}}\n',
        "op 'UPSERT' is not ADD, MOD or DEL",
    ),
}


@pytest.mark.parametrize("case", OTHER_CASES)
def test_bad_files_of_other_formats_are_refused(case, previous_import, tmp_path):
    format, name, data, message = OTHER_CASES[case]
    with pytest.raises(CommandError) as error:
        call_command("import_list", format, str(written(tmp_path, name, data)), quiet=True)
    assert message in str(error.value)
    assert database_state() == previous_import


def test_failure_while_writing_rolls_everything_back(previous_import, monkeypatch):
    from sanctions.importers import apply

    def fail(self):
        raise RuntimeError("disk full")

    monkeypatch.setattr(apply.LinkWriter, "write", fail)
    with pytest.raises(RuntimeError):
        call_command("import_list", "ofac-csv", str(TEST_DATA / "ofac" / "v2"), quiet=True)
    assert database_state() == previous_import
