"""Load test: concurrent API readers against gunicorn while an analyst saves edits.

    python bench/load.py                              # 50 clients, 60 s, a temporary SQLite
    python bench/load.py --clients 20 --duration 20   # on a busy machine
    python bench/load.py --database-url postgres://postgres@127.0.0.1:5432/loadbench
                                                      # that database's tables are migrated
                                                      # and seeded; use a throwaway one

The app runs under gunicorn with production settings (DEBUG off) on 127.0.0.1 only. Each
client loops until the time is up over a fixed mix: subject and designation lists, filters,
a detail, a CSV export and a screening match. Meanwhile an analyst saves an edit to a
subject's remarks every ``--edit-interval`` seconds, through the ORM with history, as the
admin does. Printed: requests per second, errors (any non-2xx or failed request), latency
p50/p95/p99; then every edit is checked in the database and in its history.
"""

import argparse
import json
import os
import random
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"  # never anything else: the load stays on this machine
READS = [
    ("GET", "/api/v1/subjects/"),
    ("GET", "/api/v1/subjects/?status=active&nationality=KP"),
    ("GET", "/api/v1/subjects/?q=choe"),
    ("GET", "/api/v1/designations/?program=DPRK2&ordering=-listed_on"),
    ("GET", "/api/v1/subjects/1/"),
    ("GET", "/api/v1/designations/?format=csv"),
    ("POST", "/api/v1/match/"),
]
MATCH_BODY = json.dumps({"queries": [{"name": "Choe Ryong Hae", "birth_date": "1950"}]}).encode()


def main():
    options = arguments()
    with tempfile.TemporaryDirectory() as scratch:
        env = environment(options, Path(scratch))
        token = prepare(env)
        server = start_gunicorn(env, options)
        try:
            results = run_load(options, token, env)
        finally:
            server.terminate()
            server.wait(timeout=30)
        report(options, results)
        lost = check_edits(env, results["edits"])
    sys.exit(1 if lost or results["errors"] else 0)


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients (threads)")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (0: a free one)")
    parser.add_argument(
        "--edit-interval", type=float, default=0.5, help="seconds between the analyst's edits"
    )
    parser.add_argument(
        "--database-url", default="", help="a throwaway database (default: temporary SQLite)"
    )
    options = parser.parse_args()
    if options.clients < 1 or options.duration <= 0 or options.duration > 3600:
        parser.error("use 1 or more clients and a duration from 1 to 3600 s")
    options.port = options.port or free_port()
    return options


def free_port():
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def environment(options, scratch):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="tracker.settings",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS=HOST,
        SECURE_SSL_REDIRECT="false",  # plain HTTP on the loopback
        DATABASE_URL=options.database_url or f"sqlite:///{scratch / 'load.sqlite3'}",
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
from sanctions.groups import ANALYSTS, VIEWERS
reader, _ = User.objects.get_or_create(username="load-reader", defaults={"is_staff": True})
reader.groups.add(Group.objects.get(name=VIEWERS))
analyst, _ = User.objects.get_or_create(username="load-analyst", defaults={"is_staff": True})
analyst.groups.add(Group.objects.get(name=ANALYSTS))
print(Token.objects.get_or_create(user=reader)[0].key)
"""


def prepare(env):
    """Migrate and seed the database; a reader's token for the clients."""
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")  # served by WhiteNoise, as in production
    manage(env, "bootstrap")
    return manage(env, "shell", stdin=SETUP).strip().splitlines()[-1]


def start_gunicorn(env, options):
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--config=tracker/gunicorn.conf.py",
        "tracker.wsgi",
        f"--bind={HOST}:{options.port}",
        f"--workers={options.workers}",
        f"--threads={options.threads}",
        "--log-level=warning",
    ]
    server = subprocess.Popen(command, cwd=PROJECT, env=env)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((HOST, options.port), timeout=1):
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    sys.exit("gunicorn did not start within 30 s")


def run_load(options, token, env):
    base = f"http://{HOST}:{options.port}"
    deadline = time.monotonic() + options.duration
    latencies, statuses, lock = [], {}, threading.Lock()

    def client(number):
        chooser = random.Random(number)
        while time.monotonic() < deadline:
            method, path = chooser.choice(READS)
            started = time.monotonic()
            status = request(base, method, path, token)
            with lock:
                latencies.append(time.monotonic() - started)
                statuses[status] = statuses.get(status, 0) + 1

    edits = []
    editor = threading.Thread(target=analyst_edits, args=(env, options, deadline, edits))
    clients = [threading.Thread(target=client, args=(n,)) for n in range(options.clients)]
    started = time.monotonic()
    for thread in [editor, *clients]:
        thread.start()
    for thread in [editor, *clients]:
        thread.join()
    elapsed = time.monotonic() - started
    errors = sum(count for status, count in statuses.items() if not 200 <= status < 300)
    return {
        "latencies": latencies,
        "statuses": statuses,
        "errors": errors,
        "edits": edits,
        "elapsed": elapsed,
    }


def request(base, method, path, token):
    """The status of one request; 0 when it failed without one (refused, timed out)."""
    body = MATCH_BODY if method == "POST" else None
    headers = {"Authorization": f"Token {token}", "Content-Type": "application/json"}
    try:
        req = urllib.request.Request(base + path, data=body, headers=headers, method=method)
        with urllib.request.urlopen(req, timeout=60) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


EDIT = """
import json, sys
from django.contrib.auth.models import User
from sanctions.models import Subject
analyst = User.objects.get(username="load-analyst")
for line in sys.stdin:
    number = int(line)
    subject = Subject.objects.get(pk=number % 4 + 1)
    subject.remarks = f"load edit {number}"
    subject._history_user = analyst
    subject._change_reason = f"load edit {number}"
    subject.save()
    print("SAVED", json.dumps([number, subject.pk]), flush=True)
"""


def analyst_edits(env, options, deadline, edits):
    """An analyst's session: one save every ``edit_interval`` seconds until the deadline."""
    shell = subprocess.Popen(
        [sys.executable, "manage.py", "shell", "-c", EDIT],
        cwd=PROJECT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    number = 0
    while time.monotonic() < deadline:
        number += 1
        shell.stdin.write(f"{number}\n")
        shell.stdin.flush()
        saved = shell.stdout.readline()
        while saved and not saved.startswith("SAVED "):  # the shell's own greeting
            saved = shell.stdout.readline()
        if not saved:
            break  # the shell died: its error is on stderr
        edits.append(json.loads(saved.removeprefix("SAVED ")))
        time.sleep(options.edit_interval)
    shell.stdin.close()
    shell.wait(timeout=30)


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def report(options, results):
    latencies, elapsed = results["latencies"], results["elapsed"]
    print(
        f"{options.clients} clients, {options.duration:g} s, gunicorn {options.workers} "
        f"workers x {options.threads} threads on {HOST}"
    )
    print(f"requests: {len(latencies)} in {elapsed:.1f} s = {len(latencies) / elapsed:.1f}/s")
    print(f"errors: {results['errors']}  (statuses: {dict(sorted(results['statuses'].items()))})")
    for name, share in (("p50", 0.50), ("p95", 0.95), ("p99", 0.99)):
        print(f"{name}: {percentile(latencies, share) * 1000:.0f} ms")
    print(f"analyst edits saved: {len(results['edits'])} (one every {options.edit_interval:g} s)")


CHECK = """
import json, sys
from sanctions.models import Subject
edits = json.loads(sys.stdin.read())
last = {}
for number, pk in edits:
    last[pk] = number
lost = []
for number, pk in edits:
    history = Subject.history.filter(id=pk, remarks=f"load edit {number}")
    if not history.filter(history_user__username="load-analyst").exists():
        lost.append(f"edit {number} of subject {pk} has no history row")
for pk, number in last.items():
    if Subject.objects.get(pk=pk).remarks != f"load edit {number}":
        lost.append(f"subject {pk} does not hold its last edit ({number})")
print(json.dumps(lost))
"""


def check_edits(env, edits):
    """Every edit in its history, and each subject holding its last edit: the lost ones."""
    out = manage(env, "shell", "-c", CHECK, stdin=json.dumps(edits))
    lost = json.loads(out.strip().splitlines()[-1])
    print(f"edits checked: {len(edits)}, lost: {len(lost)}")
    for line in lost:
        print(f"  {line}")
    return lost


if __name__ == "__main__":
    main()
