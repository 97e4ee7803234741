"""Benchmark: import the 2019 OFAC SDN list into an empty database, then again unchanged.

    python bench/import_lists.py                       # SQLite (a temporary file)
    python bench/import_lists.py --postgres URL        # and PostgreSQL; URL's tables are
                                                       # dropped and created afresh
    python bench/import_lists.py --repeat 3            # 3 interleaved rounds, medians
    python bench/import_lists.py --no-xref             # without the cross-list resolution
                                                       # that follows each import
    python bench/import_lists.py --xml                 # OFAC's advanced XML instead: the real
                                                       # non-SDN file and a generated file of
                                                       # the SDN list's size (about 18,000
                                                       # parties, 130 MB), each beside a bare
                                                       # iterparse of the same file

Each import runs ``manage.py import_list`` in its own process, as an operator would, with
production settings (DEBUG off). Reported per run: wall-clock seconds, CPU seconds of the
import process, its peak resident memory, and its CPU time as a multiple of a bare parse of
the same files (csv.reader over the CSV files; ElementTree.iterparse over the XML file),
measured in the same round, so that a shared machine's load cancels out. With --repeat, the
rounds (bare parse, first import, re-import, each on a fresh database) are interleaved and
medians reported. Targets on a 2-core machine (issues 14 and 16): the CSV list's first import
under 10 s, the SDN-sized XML file's under 60 s, unchanged re-imports under 3 s, peak memory
under 500 MB.
"""

import argparse
import os
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

PROJECT = Path(__file__).resolve().parent.parent
DEFAULT_LIST = PROJECT.parent / "shared" / "reference-data" / "ofac-sdn-csv" / "2019-01-15"
TARGETS = {"first import": 10.0, "unchanged re-import": 3.0}
MEMORY_TARGET_MB = 500


def main():
    options = _arguments()
    if options.xml:
        return xml_main(options)
    if not options.path.exists():
        sys.exit(f"List files not found at {options.path} (use --path).")
    title = f"import_list ofac-csv {options.path}" + (" --no-xref" if options.no_xref else "")
    table = _table(title, "database")
    databases = [("SQLite", None)] + (
        [("PostgreSQL", options.postgres)] if options.postgres else []
    )
    for label, url in databases:
        rounds = []
        for _ in range(options.repeat):
            with tempfile.TemporaryDirectory() as folder:
                bare = _measured_command(sys.executable, "-c", BARE_CSV, str(options.path))
                db = url or f"sqlite:///{folder}/bench.sqlite3"
                runs = list(_bench(db, options.path, label == "PostgreSQL", options.no_xref))
                rounds.append({"bare csv.reader": (*bare, "", ""), **dict(runs)})
        for run, row in _medians(rounds).items():
            table.add_row(label, run, *_cells(run, row, rounds, TARGETS))
    Console().print(table)


BARE_CSV = (
    "import csv, sys, pathlib\n"
    "for path in sorted(pathlib.Path(sys.argv[1]).glob('*.csv')):\n"
    "    with open(path, newline='', encoding='utf-8', errors='replace') as file:\n"
    "        for row in csv.reader(file):\n"
    "            pass\n"
)


def _table(title, first):
    table = Table(title=title, title_justify="left")
    columns = (first, "run", "wall s", "CPU s", "× bare", "peak MB", "new", "unchanged", "target")
    for column in columns:
        table.add_column(column, justify="left" if column in (first, "run") else "right")
    return table


def _medians(rounds):
    """{run: (wall, cpu, peak, new, unchanged)}: the median of each figure over the rounds."""
    result = {}
    for run in rounds[0]:
        values = [r[run] for r in rounds]
        figures = [statistics.median(v[i] for v in values) for i in range(3)]
        result[run] = (*figures, *values[-1][3:])
    return result


def _cells(run, row, rounds, targets):
    wall, cpu, peak, new, unchanged = row
    bare = statistics.median(r[next(iter(r))][1] for r in rounds)
    if run not in targets:
        return f"{wall:.1f}", f"{cpu:.2f}", "1", f"{peak:.0f}", "", "", ""
    met = wall < targets[run] and peak < MEMORY_TARGET_MB
    target = f"< {targets[run]:.0f} s, < {MEMORY_TARGET_MB} MB: {'met' if met else 'MISSED'}"
    ratio = f"{cpu / bare:.0f}" if bare else ""
    return f"{wall:.1f}", f"{cpu:.1f}", ratio, f"{peak:.0f}", new, unchanged, target


def _arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--postgres",
        metavar="URL",
        default=os.environ.get("BENCH_POSTGRES_URL"),
        help="A PostgreSQL database to benchmark on too; ALL ITS TABLES ARE DROPPED first.",
    )
    parser.add_argument(
        "--path", type=Path, default=DEFAULT_LIST, help="The OFAC CSV folder to import."
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="Rounds per database, each on a fresh database; medians are reported.",
    )
    parser.add_argument(
        "--no-xref",
        action="store_true",
        help="Import with --no-xref: the import alone, without the cross-list resolution.",
    )
    parser.add_argument(
        "--xml", action="store_true", help="Benchmark the ofac-xml importer (see above)."
    )
    parser.add_argument(
        "--parties", type=int, default=18000, help="Parties in the generated SDN-sized XML file."
    )
    return parser.parse_args()


def _environment(url):
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "localhost",
    }


def _manage(env, *args):
    command = [sys.executable, "manage.py", *args]
    subprocess.run(command, cwd=PROJECT, env=env, check=True, stdout=subprocess.DEVNULL)


def _bench(url, path, reset, no_xref, format="ofac-csv", targets=TARGETS):
    """(run, (wall, cpu, peak, new, unchanged)) of a first import and an unchanged one."""
    env = _environment(url)
    if reset:
        _reset_postgres(url)
    _manage(env, "migrate", "--noinput", "-v0")
    extra = ["--no-xref"] if no_xref else []
    for run in targets:
        wall, cpu, peak_mb = _measured(env, "import_list", "--quiet", *extra, format, str(path))
        yield run, (wall, cpu, peak_mb, *_counts(env))


def _measured(env, *args):
    """Wall seconds, CPU seconds and peak RSS (MB) of one manage.py process."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "manage.py", *args], cwd=PROJECT, env=env, stdout=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"manage.py {' '.join(args)} failed.")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def _counts(env):
    script = (
        "from sanctions.models import ImportRun; run = ImportRun.objects.latest('id'); "
        "print(run.new_count, run.unchanged_count)"
    )
    output = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", script],
        cwd=PROJECT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    return output[0], output[1]


# --- OFAC advanced XML ------------------------------------------------------------------------

XML_FILE = PROJECT.parent / "shared" / "reference-data" / "ofac-advanced-xml"
XML_FILE = XML_FILE / "cons_advanced-2020-03-17.xml"
XML_TARGETS = {"first import": 60.0, "unchanged re-import": 3.0}
# Attributes that identify a party, its identities and locations: renumbered in each copy.
_KEYS = re.compile(
    rb'((?:FixedRef|ProfileID|IdentityID|LocationID|From-ProfileID|To-ProfileID)="|'
    rb'<(?:Profile|Identity|Location) ID=")(\d+)"'
)
BARE_ITERPARSE = (
    "import sys, xml.etree.ElementTree as ET\n"
    "for event, element in ET.iterparse(sys.argv[1]):\n"
    "    if element.tag.endswith(('}DistinctParty', '}SanctionsEntry', '}Location', "
    "'}IDRegDocument', '}ProfileRelationship')):\n"
    "        element.clear()\n"
)


def xml_main(options):
    if not XML_FILE.exists():
        sys.exit(f"The OFAC advanced XML file is not at {XML_FILE}.")
    table = _table("import_list ofac-xml" + (" --no-xref" if options.no_xref else ""), "file")
    with tempfile.TemporaryDirectory() as folder:
        big = Path(folder) / "sdn_sized_advanced.xml"
        generate_sdn_sized(XML_FILE, big, options.parties)
        for path in (XML_FILE, big):
            rounds = []
            for number in range(options.repeat):
                bare = _measured_command(sys.executable, "-c", BARE_ITERPARSE, str(path))
                db = f"sqlite:///{folder}/{path.stem}-{number}.sqlite3"
                runs = _bench(db, path, False, options.no_xref, "ofac-xml", XML_TARGETS)
                rounds.append({"bare iterparse": (*bare, "", ""), **dict(runs)})
            label = f"{path.name} ({path.stat().st_size / 2**20:.0f} MB)"
            for run, row in _medians(rounds).items():
                table.add_row(label, run, *_cells(run, row, rounds, XML_TARGETS))
    Console().print(table)


def generate_sdn_sized(source, target, parties):
    """A file in the same format with ``parties`` parties: the real file's parties, documents,
    locations, relationships and entries copied with new numbers (uids 1000000 apart)."""
    data = source.read_bytes()
    head_end = data.index(b"<Locations>")
    sections = {}
    for name in (
        "Locations",
        "IDRegDocuments",
        "DistinctParties",
        "ProfileRelationships",
        "SanctionsEntries",
    ):
        start = data.index(f"<{name}>".encode()) + len(name) + 2
        sections[name] = data[start : data.index(f"</{name}>".encode())]
    copies = -(-parties // data.count(b"<DistinctParty "))
    with open(target, "wb") as file:
        file.write(data[:head_end])
        for name, body in sections.items():
            file.write(f"<{name}>".encode())
            for copy in range(copies):
                file.write(_KEYS.sub(_renumbered(copy * 1_000_000), body))
            file.write(f"</{name}>\n".encode())
        file.write(b"<SanctionsEntryLinks />\n</Sanctions>\n")


def _renumbered(offset):
    return lambda match: match.group(1) + str(int(match.group(2)) + offset).encode() + b'"'


def _measured_command(*command):
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=PROJECT, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(command[:2])} failed.")
    return time.perf_counter() - started, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def _reset_postgres(url):
    script = "SET client_min_messages = warning; DROP SCHEMA public CASCADE; CREATE SCHEMA public;"
    subprocess.run(["psql", url, "-q", "-v", "ON_ERROR_STOP=1", "-c", script], check=True)


if __name__ == "__main__":
    main()
