"""Benchmark: every read of the API beside the bare SQL that returns its rows, and Datasette.

    python bench/read_api.py                            # the 2019 OFAC list, a temporary SQLite
    python bench/read_api.py --scale 100000 --database postgres://postgres@127.0.0.1/bench
                                                        # generate_test_data's 100,000 subjects;
                                                        # that database's tables are migrated
                                                        # and filled: use a throwaway one
    python bench/read_api.py --database sqlite:///x.sqlite3 --prepared   # already filled
    python bench/read_api.py --rounds 30 --only subjects

Each request (every list with each filter and ordering, details, CSV exports, the change
feed, the dashboard, a screening match) is timed through gunicorn with production settings
(DEBUG off, started by this script on 127.0.0.1), then the same rows are fetched by bare SQL
(sqlite3 or psycopg, no Django), then, on SQLite, by Datasette running that SQL on the same
file (in its own venv, bench/.venv-datasette, made from bench/requirements-datasette.txt;
the column is left out with a note when it cannot be installed). The three run interleaved,
request by request, for ``--rounds`` rounds. Printed: medians, p95 and the ratios.

The bare SQL returns the rows and columns a reader sees (ids, names, dates), not the API's
JSON: the ratio is the price of everything above the database (ORM, serializers, counting,
HTTP), the number issue 16 sets targets for.
"""

import argparse
import datetime
import json
import os
import secrets
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table

PROJECT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
OFAC_2019 = PROJECT.parent / "shared" / "reference-data" / "ofac-sdn-csv" / "2019-01-15"
DATASETTE_VENV = PROJECT / "bench" / ".venv-datasette"
DATASETTE_REQUIREMENTS = PROJECT / "bench" / "requirements-datasette.txt"
PAGE = 50


@dataclass
class Case:
    label: str
    path: str  # the API or page, with its query
    sql: str  # the bare SQL returning the same rows
    method: str = "GET"
    body: bytes | None = None


def main():
    options = arguments()
    with tempfile.TemporaryDirectory() as scratch:
        url = options.database or f"sqlite:///{Path(scratch) / 'read.sqlite3'}"
        env = environment(url)
        manage(env, "collectstatic", "--noinput")  # served by WhiteNoise, as in production
        if not options.prepared:
            fill(env, options)
        token = manage(env, "shell", stdin=SETUP).strip().splitlines()[-1]
        bare = BareDatabase(url)
        cases = [
            case
            for case in build_cases(bare)
            if options.only in case.label and not (options.skip and options.skip in case.label)
        ]
        servers = [start_gunicorn(env, options)]
        datasette, note = None, ""
        if bare.vendor == "sqlite" and not options.no_datasette:
            datasette, note = start_datasette(bare.path, options.port + 1)
            servers += [datasette] if datasette else []
        try:
            results = measure(cases, options, token, bare, datasette is not None)
        finally:
            for server in servers:
                server.terminate()
                server.wait(timeout=30)
        report(cases, results, options, bare, note)


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", help="DATABASE_URL (default: a temporary SQLite file)")
    parser.add_argument(
        "--scale", type=int, help="generate_test_data --subjects N instead of the 2019 list"
    )
    parser.add_argument("--rounds", type=int, default=10, help="rounds of every request")
    parser.add_argument("--prepared", action="store_true", help="the database is filled already")
    parser.add_argument("--only", default="", help="only the requests whose label has this")
    parser.add_argument("--skip", default=None, help="leave out the requests whose label has this")
    parser.add_argument("--no-datasette", action="store_true", help="leave Datasette out")
    parser.add_argument("--port", type=int, default=free_port())
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    return parser.parse_args()


def free_port():
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def environment(url):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="tracker.settings",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS=HOST,
        SECURE_SSL_REDIRECT="false",  # plain HTTP on the loopback
        DATABASE_URL=url,
        API_THROTTLE_USER="1000000/minute",
        LOG_LEVEL="ERROR",
    )
    return env


def manage(env, *args, stdin=None):
    command = [sys.executable, "manage.py", *args]
    done = subprocess.run(
        command, cwd=PROJECT, env=env, input=stdin, capture_output=True, text=True, check=False
    )
    if done.returncode:
        sys.exit(f"{' '.join(args)} failed:\n{done.stderr}")
    return done.stdout


SETUP = """
from django.contrib.auth.models import Group, User
from rest_framework.authtoken.models import Token
from sanctions.groups import VIEWERS
reader, _ = User.objects.get_or_create(username="bench-reader", defaults={"is_staff": True})
reader.groups.add(Group.objects.get(name=VIEWERS))
print(Token.objects.get_or_create(user=reader)[0].key)
"""


def fill(env, options):
    manage(env, "migrate", "--noinput")
    if options.scale:
        manage(env, "generate_test_data", "--subjects", str(options.scale))
    else:
        files = sorted(str(path) for path in OFAC_2019.glob("*.csv"))
        manage(env, "import_list", "--quiet", "ofac-csv", *files)


class BareDatabase:
    """The same database without Django: sqlite3 or psycopg, one connection."""

    def __init__(self, url):
        if url.startswith("sqlite:"):
            self.vendor, self.path = "sqlite", "/" + url.split("sqlite://", 1)[1].lstrip("/")
            self.connection = sqlite3.connect(self.path, check_same_thread=False)
        else:
            import psycopg

            self.vendor, self.path = "postgresql", None
            self.connection = psycopg.connect(url.replace("postgres://", "postgresql://", 1))
            self.connection.autocommit = True

    def rows(self, sql):
        cursor = self.connection.cursor()
        cursor.execute(sql)
        rows = cursor.fetchall()
        cursor.close()
        return rows

    def value(self, sql):
        found = self.rows(sql)
        return found[0][0] if found else None


def quoted(value):
    return "'" + str(value).replace("'", "''") + "'"


def build_cases(db):
    """Every read, with values taken from the data so that each filter finds rows."""
    today = quoted(datetime.date.today().isoformat())
    program = db.value(
        "SELECT p.code FROM sanctions_program p JOIN sanctions_designation d "
        "ON d.program_id = p.id GROUP BY p.code ORDER BY COUNT(*) DESC LIMIT 1 OFFSET 5"
    )
    authority = db.value(
        "SELECT a.slug FROM sanctions_legalauthority a JOIN sanctions_designation_authorities x "
        "ON x.legalauthority_id = a.id GROUP BY a.slug ORDER BY COUNT(*) DESC LIMIT 1 OFFSET 3"
    )
    subject = db.value("SELECT MIN(id) + (MAX(id) - MIN(id)) / 2 FROM sanctions_subject")
    designation = db.value("SELECT MIN(id) FROM sanctions_designation WHERE subject_id >= "
                           f"{subject}")  # fmt: skip
    entry = db.value(f"SELECT entry_id FROM sanctions_listentry WHERE subject_id = {subject}")
    identifier = db.value("SELECT number FROM sanctions_identifier ORDER BY id LIMIT 1")
    surname = (
        db.value(f"SELECT name FROM sanctions_subject WHERE id = {subject}").split()[-1].lower()
    )
    word = "".join(ch for ch in surname if ch.isalnum())
    v = {
        "program": program,
        "authority": authority,
        "subject": subject,
        "designation": designation,
        "entry": entry,
        "identifier": identifier,
        "word": word,
        "today": today,
    }
    return subject_cases(v) + designation_cases(v) + other_cases(v)


ACTIVE = (
    "(d.listed_on IS NULL OR d.listed_on <= {today}) "
    "AND (d.delisted_on IS NULL OR d.delisted_on > {today})"
)
DESIGNATED = "EXISTS (SELECT 1 FROM sanctions_designation d WHERE d.subject_id = s.id AND {})"


def subject_cases(v):
    active = ACTIVE.format(**v)
    by_designation = {
        "agency=us-ofac": "d.agency_id IN (SELECT id FROM sanctions_agency WHERE slug = 'us-ofac')",
        f"program={v['program']}": "d.program_id IN (SELECT id FROM sanctions_program "
        f"WHERE code = {quoted(v['program'])})",
        f"authority={v['authority']}": "d.id IN (SELECT x.designation_id FROM "
        "sanctions_designation_authorities x JOIN sanctions_legalauthority a ON "
        f"a.id = x.legalauthority_id WHERE a.slug = {quoted(v['authority'])})",
        "measure=secondary-sanctions": "d.id IN (SELECT x.designation_id FROM "
        "sanctions_designation_measures x JOIN sanctions_measure m ON m.id = x.measure_id "
        "WHERE m.slug = 'secondary-sanctions')",
        "status=active": active,
        "listed_after=2015-01-01": "d.listed_on >= '2015-01-01'",
        "listed_before=2005-01-01": "d.listed_on <= '2005-01-01'",
        f"active_on={v['today'][1:-1]}": active,
    }
    wheres = {"": "1 = 1", "kind=vessel": "s.kind = 'vessel'"}
    wheres["nationality=KP"] = (
        "EXISTS (SELECT 1 FROM sanctions_nationality n WHERE n.subject_id = s.id "
        "AND n.country = 'KP')"
    )
    wheres |= {query: DESIGNATED.format(where) for query, where in by_designation.items()}
    wheres["status=delisted"] = (
        DESIGNATED.format("d.delisted_on <= " + v["today"])
        + " AND NOT "
        + DESIGNATED.format(active)
    )
    wheres["changed_since=2020-01-01T00:00:00Z"] = "s.last_updated >= '2020-01-01'"
    wheres["list=us-ofac-sdn"] = (
        "EXISTS (SELECT 1 FROM sanctions_listentry e WHERE e.subject_id = s.id "
        "AND e.list = 'us-ofac-sdn')"
    )
    wheres[f"entry_id={v['entry']}"] = (
        "EXISTS (SELECT 1 FROM sanctions_listentry e WHERE e.subject_id = s.id "
        f"AND e.entry_id = {quoted(v['entry'])})"
    )
    wheres[f"identifier={v['identifier']}"] = (
        "EXISTS (SELECT 1 FROM sanctions_identifier i WHERE i.subject_id = s.id "
        f"AND i.number = {quoted(v['identifier'])})"
    )
    wheres[f"q={v['word']}"] = (
        f"s.id IN (SELECT subject_id FROM screening_namekey WHERE key = {quoted('w:' + v['word'])})"
    )
    orders = {"": "s.name, s.id", "ordering=-name": "s.name DESC, s.id DESC"}
    orders |= {"ordering=kind": "s.kind, s.name, s.id", "ordering=id": "s.id"}
    orders["ordering=-last_updated"] = "s.last_updated DESC, s.name, s.id"
    select = "SELECT s.id, s.name, s.kind FROM sanctions_subject s WHERE s.merged_into_id IS NULL"
    cases = [
        Case(
            f"subjects {query or 'page 1'}",
            f"/api/v1/subjects/?{query}",
            f"{select} AND {where} ORDER BY s.name, s.id LIMIT {PAGE}",
        )
        for query, where in wheres.items()
    ]
    cases += [
        Case(
            f"subjects {query}",
            f"/api/v1/subjects/?{query}",
            f"{select} ORDER BY {order} LIMIT {PAGE}",
        )  # fmt: skip
        for query, order in orders.items()
        if query
    ]
    cases.append(
        Case(
            f"subject detail {v['subject']}",
            f"/api/v1/subjects/{v['subject']}/",
            f"SELECT s.*, e.list, e.entry_id FROM sanctions_subject s JOIN sanctions_listentry e "
            f"ON e.subject_id = s.id WHERE s.id = {v['subject']}",
        )
    )
    cases.append(
        Case(
            "subjects CSV, all",
            "/api/v1/subjects/?format=csv",
            f"{select} ORDER BY s.name, s.id",
        )
    )
    return cases


def designation_cases(v):
    active = ACTIVE.format(**v)
    wheres = {
        "": "1 = 1",
        f"subject={v['subject']}": f"d.subject_id = {v['subject']}",
        "agency=us-ofac": "d.agency_id IN (SELECT id FROM sanctions_agency WHERE slug = 'us-ofac')",
        f"program={v['program']}": "d.program_id IN (SELECT id FROM sanctions_program "
        f"WHERE code = {quoted(v['program'])})",
        "status=active": active,
        "status=delisted": f"d.delisted_on <= {v['today']}",
        "listed_after=2015-01-01": "d.listed_on >= '2015-01-01'",
        "delisted_after=2010-01-01": "d.delisted_on >= '2010-01-01'",
        "list=us-ofac-sdn": "d.list_entry_id IN (SELECT id FROM sanctions_listentry "
        "WHERE list = 'us-ofac-sdn')",
    }
    order = "d.listed_on DESC NULLS LAST, s.name, d.id"
    select = (
        "SELECT d.id, s.name, d.listed_on, d.delisted_on FROM sanctions_designation d "
        "JOIN sanctions_subject s ON s.id = d.subject_id WHERE"
    )
    cases = [
        Case(
            f"designations {query or 'page 1'}",
            f"/api/v1/designations/?{query}",
            f"{select} {where} ORDER BY {order} LIMIT {PAGE}",
        )
        for query, where in wheres.items()
    ]
    orders = {
        "ordering=listed_on": "d.listed_on, d.id",
        "ordering=-delisted_on": "d.delisted_on DESC, d.id",
        "ordering=subject": "s.name, d.id",
        "ordering=id": "d.id",
    }
    cases += [
        Case(
            f"designations {query}",
            f"/api/v1/designations/?{query}",
            f"{select} 1 = 1 ORDER BY {order} LIMIT {PAGE}",
        )  # fmt: skip
        for query, order in orders.items()
    ]
    cases.append(
        Case(
            "designation detail",
            f"/api/v1/designations/{v['designation']}/",
            f"{select} d.id = {v['designation']}",
        )
    )
    cases.append(
        Case(
            "designations CSV, all",
            "/api/v1/designations/?format=csv",
            f"{select} 1 = 1 ORDER BY {order}",
        )
    )
    return cases


def other_cases(v):
    history = (
        "SELECT history_id, history_date, history_type, id FROM {} "
        "ORDER BY history_date DESC, history_id DESC LIMIT " + str(PAGE)
    )
    feed = " UNION ALL ".join(
        f"SELECT * FROM ({history.format('sanctions_historical' + model)}) AS h{model}"
        for model in ("subject", "designation", "alias")
    )
    body = json.dumps({"queries": [{"name": f"{v['word']} ali", "kind": "person"}]}).encode()
    return [
        Case("change feed page 1", "/api/v1/changes/", f"{feed} LIMIT {PAGE}"),
        Case(
            "dashboard (a page)",
            "/",
            "SELECT (SELECT COUNT(*) FROM sanctions_subject), "
            f"(SELECT COUNT(*) FROM sanctions_designation d WHERE {ACTIVE.format(**v)}), "
            "(SELECT MAX(history_date) FROM sanctions_historicalsubject)",
        ),
        Case(
            "match (one name)",
            "/api/v1/match/",
            "SELECT DISTINCT subject_id FROM screening_namekey WHERE key IN "
            f"({quoted('w:' + v['word'])}, 'w:ali') LIMIT 20",
            method="POST",
            body=body,
        ),
    ]


def start_gunicorn(env, options):
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--config=tracker/gunicorn.conf.py",
        "tracker.wsgi",
        f"--bind={HOST}:{options.port}",
        f"--workers={options.workers}",
        "--log-level=warning",
    ]
    server = subprocess.Popen(command, cwd=PROJECT, env=env)
    wait_for(options.port, server, "gunicorn")
    return server


def wait_for(port, server, name):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return
        except OSError:
            if server.poll() is not None:
                sys.exit(f"{name} stopped at start (exit status {server.returncode})")
            time.sleep(0.2)
    server.terminate()
    sys.exit(f"{name} did not start within 60 s")


def start_datasette(path, port):
    """Datasette on the same SQLite file, from its own venv; (None, why) when unavailable."""
    binary = DATASETTE_VENV / "bin" / "datasette"
    if not binary.exists():
        try:
            subprocess.run([sys.executable, "-m", "venv", str(DATASETTE_VENV)], check=True)
            pip = [str(DATASETTE_VENV / "bin" / "pip"), "install", "--quiet"]
            subprocess.run([*pip, "-r", str(DATASETTE_REQUIREMENTS)], check=True)
        except (OSError, subprocess.CalledProcessError) as error:
            shutil.rmtree(DATASETTE_VENV, ignore_errors=True)
            return None, f"Datasette left out: it could not be installed ({error})."
    command = [
        str(binary), "serve", path, "--host", HOST, "--port", str(port),
        "--setting", "max_returned_rows", "10000000",
        "--setting", "sql_time_limit_ms", "600000",
    ]  # fmt: skip
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for(port, server, "Datasette")
    return server, ""


def fetch(url, method="GET", body=None, token=None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Token {token}"
    request = urllib.request.Request(url, data=body, headers=headers, method=method)
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=600) as response:
        while response.read(1 << 16):
            pass
        status = response.status
    elapsed = time.perf_counter() - started
    if status != 200:
        raise RuntimeError(f"{url}: {status}")
    return elapsed


def datasette_url(port, db_name, sql, csv=False):
    query = urllib.parse.urlencode(
        {"sql": sql, "_size": "max"} | ({} if csv else {"_shape": "array"})
    )
    return f"http://{HOST}:{port}/{db_name}.{'csv' if csv else 'json'}?{query}"


def measure(cases, options, token, bare, with_datasette):
    """{label: {"api": [s], "sql": [s], "datasette": [s]}}, the three interleaved."""
    results = {case.label: {"api": [], "sql": [], "datasette": []} for case in cases}
    db_name = Path(bare.path).stem if bare.path else ""
    base = f"http://{HOST}:{options.port}"
    for case in cases:  # one unmeasured round: caches, connections, the first import
        fetch(base + case.path, case.method, case.body, token)
    for number in range(options.rounds):
        print(f"round {number + 1} of {options.rounds}", file=sys.stderr, flush=True)
        for case in cases:
            timings = results[case.label]
            timings["api"].append(fetch(base + case.path, case.method, case.body, token))
            started = time.perf_counter()
            bare.rows(case.sql)
            timings["sql"].append(time.perf_counter() - started)
            if with_datasette:
                url = datasette_url(options.port + 1, db_name, case.sql, "CSV" in case.label)
                timings["datasette"].append(fetch(url))
    return results


def p95(values):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def report(cases, results, options, bare, note):
    load = os.getloadavg()
    subjects = bare.value("SELECT COUNT(*) FROM sanctions_subject")
    title = (
        f"read API, {bare.vendor}, {subjects:,} subjects, "
        f"{options.rounds} rounds, load {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
    )
    table = Table(title=title, title_justify="left")
    columns = ["request", "API median ms", "API p95", "SQL median", "SQL p95", "API/SQL"]
    columns += ["Datasette median", "Datasette p95", "API/Datasette"]
    for column in columns:
        table.add_column(column, justify="left" if column == "request" else "right")
    for case in cases:
        timings = results[case.label]
        api, sql = statistics.median(timings["api"]), statistics.median(timings["sql"])
        row = [case.label, ms(api), ms(p95(timings["api"])), ms(sql), ms(p95(timings["sql"]))]
        row.append(ratio(api, sql))
        if timings["datasette"]:
            peer = statistics.median(timings["datasette"])
            row += [ms(peer), ms(p95(timings["datasette"])), ratio(api, peer)]
        else:
            row += ["–", "–", "–"]
        table.add_row(*row)
    console = Console(width=160)
    console.print(table)
    if note or bare.vendor != "sqlite":
        console.print(note or "Datasette serves SQLite only: its columns are empty here.")


def ratio(numerator, denominator):
    if not denominator:
        return ""
    value = numerator / denominator
    return f"{value:.1f}×" if value < 10 else f"{value:.0f}×"


def ms(seconds):
    return f"{seconds * 1000:,.1f}"


if __name__ == "__main__":
    main()
