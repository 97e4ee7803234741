"""Serving for real: `make serve`, throttling shared through Redis by several processes and
servers, and long downloads to slow clients (docs/deployment.md).

Every server here is a real gunicorn on a SQLite file of this module's own, migrated once.
"""

import http.client
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import uuid

import pytest

from .servers import PROJECT, free_port, gunicorn, redis_url_or_skip, running

SUBJECTS = 3000  # rows of the web export
NAMES = 10_000  # names in the screening upload
TIMEOUT = 3  # gunicorn's worker timeout in the slow-client tests: each download takes longer


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    """A migrated SQLite file with SUBJECTS subjects, for servers in other processes."""
    path = tmp_path_factory.mktemp("serve") / "db.sqlite3"
    env = {"DATABASE_URL": f"sqlite:///{path}", "REDIS_URL": ""}
    manage(env, "migrate", "--noinput", "--verbosity=0")
    create = (
        "from sanctions.models import Subject; Subject.objects.bulk_create("
        f"Subject(kind='person', name=f'Person {{i:05d}}') for i in range({SUBJECTS}))"
    )
    manage(env, "shell", "--no-imports", "-c", create)
    return path


def manage(env, *arguments):
    subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=PROJECT,
        env={**os.environ, **env},
        check=True,
        capture_output=True,
    )


@pytest.fixture
def production(database, tmp_path):
    """The environment of production settings, behind a TLS proxy on this machine."""
    return {
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "TRUST_X_FORWARDED_PROTO": "true",
        "TRACKER_PUBLIC_READ": "true",
        "DATABASE_URL": f"sqlite:///{database}",
        "STATIC_ROOT": str(tmp_path / "static"),
        "REDIS_URL": "",
    }


def get(port, path, headers=None):
    """(status, headers, body) of a GET through the "proxy": X-Forwarded-Proto says https."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        wanted = {"X-Forwarded-Proto": "https", "Accept": "application/json", **(headers or {})}
        connection.request("GET", path, headers=wanted)
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


# --- make serve --------------------------------------------------------------------------


def test_make_serve_runs_gunicorn_with_production_settings(production, tmp_path):
    port = free_port()
    command = [
        "make",
        "--no-print-directory",
        "-o",
        ".venv/.requirements-installed",  # never reinstall the requirements here
        "serve",
        "HOST=127.0.0.1",
        f"PORT={port}",
        "WORKERS=2",
    ]
    output = tmp_path / "serve.log"
    with output.open("w") as log, running(command, port, production, stdout=log):
        status, headers, body = get(port, "/accounts/login/", {"Accept": "text/html"})
        insecure = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        insecure.request("GET", "/accounts/login/")
        redirect = insecure.getresponse()
        insecure.close()
        stylesheet = re.search(rb'href="(/static/[^"]+\.css)"', body).group(1).decode()
        static_status, _, _ = get(port, stylesheet)
    assert f"Serving on http://127.0.0.1:{port}/ with 2 gunicorn workers." in output.read_text()
    assert status == 200
    assert headers["Strict-Transport-Security"].startswith("max-age=")
    # Production settings: plain HTTP is sent to HTTPS, static files carry a content hash.
    assert redirect.status == 301
    assert redirect.headers["Location"].startswith("https://")
    assert re.search(r"\.[0-9a-f]{12}\.css$", stylesheet)
    assert static_status == 200


# --- Throttling across processes ---------------------------------------------------------


@pytest.fixture
def redis_prefix():
    """A key prefix of this test's own in the test Redis; its keys are deleted afterwards."""
    import redis

    url = redis_url_or_skip()
    prefix = f"test-serve-{uuid.uuid4().hex}"
    yield url, prefix
    client = redis.Redis.from_url(url)
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


def two_servers(env, workers, tmp_path):
    """Two gunicorn servers (as on two machines), each logging the worker (pid) per request."""
    servers = []
    for number in (1, 2):
        port = free_port()
        options = [
            f"--workers={workers}",
            f"--access-logfile={tmp_path / f'access-{number}.log'}",
            "--access-logformat=%(p)s %(s)s",
        ]
        servers.append((port, gunicorn(port, env, *options)))
    return servers


def statuses_alternating(ports, count):
    return [get(ports[i % len(ports)], "/api/v1/")[0] for i in range(count)]


def served_by(tmp_path):
    """The pids of the workers that answered, from the servers' access logs."""
    lines = "".join(log.read_text() for log in tmp_path.glob("access-*.log")).split("\n")
    return {line.split()[0] for line in lines if line}


def test_with_redis_the_rate_holds_across_processes_and_servers(production, redis_prefix, tmp_path):
    url, prefix = redis_prefix
    env = {**production, "REDIS_URL": url, "CACHE_KEY_PREFIX": prefix}
    env["API_THROTTLE_ANON"] = "4/minute"
    (port_1, server_1), (port_2, server_2) = two_servers(env, 2, tmp_path)
    with server_1, server_2:
        statuses = statuses_alternating([port_1, port_2], 5)
    assert statuses == [200, 200, 200, 200, 429]
    assert len(served_by(tmp_path)) >= 2  # two servers, so at least two processes


def test_without_redis_each_process_counts_alone(production, tmp_path):
    """The limitation docs/deployment.md states: N processes allow N times the rate."""
    env = {**production, "API_THROTTLE_ANON": "2/minute"}
    (port_1, server_1), (port_2, server_2) = two_servers(env, 1, tmp_path)
    with server_1, server_2:
        statuses = statuses_alternating([port_1, port_2], 5)
    assert statuses == [200, 200, 200, 200, 429]
    assert len(served_by(tmp_path)) == 2


# --- Slow clients ------------------------------------------------------------------------


@pytest.fixture
def slow_server(database):
    """gunicorn whose workers are restarted after TIMEOUT seconds without a heartbeat."""
    port = free_port()
    env = {"DATABASE_URL": f"sqlite:///{database}", "TRACKER_PUBLIC_READ": "true"}
    with gunicorn(port, env, "--workers=1", f"--timeout={TIMEOUT}"):
        yield port


def slow_connection(port):
    """A connection whose client reads into a small buffer: the server waits for it."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.settimeout(30)
    sock.connect(("127.0.0.1", port))
    connection.sock = sock
    return connection


def read_slowly(response, piece_size=4096):
    """The whole body, ``piece_size`` bytes ten times a second; and the seconds it took."""
    started, body = time.monotonic(), []
    while piece := response.read(piece_size):
        body.append(piece)
        time.sleep(0.1)
    return b"".join(body).decode("utf-8-sig"), time.monotonic() - started


def csrf_cookie(port):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", "/screen/")
    response = connection.getresponse()
    response.read()
    connection.close()
    return re.search(r"csrftoken=([^;]+)", response.headers["Set-Cookie"]).group(1)


def test_a_large_export_streams_to_a_slow_client(slow_server):
    connection = slow_connection(slow_server)
    connection.request("GET", "/subjects/export.csv")
    response = connection.getresponse()
    assert response.status == 200
    assert response.headers["Transfer-Encoding"] == "chunked"  # streamed, no Content-Length
    text, seconds = read_slowly(response)
    connection.close()
    assert seconds > TIMEOUT  # longer than a worker may be silent, yet it went on
    lines = text.splitlines()
    assert len(lines) == SUBJECTS + 1
    assert "Person 02999" in lines[-1]  # in name order, the last one last


def test_screening_10000_names_streams_to_a_slow_client(slow_server):
    token = csrf_cookie(slow_server)
    boundary = uuid.uuid4().hex
    names = "name\r\n" + "".join(f"Person {i:05d}\r\n" for i in range(NAMES))
    body = (
        f"--{boundary}\r\n"
        'Content-Disposition: form-data; name="file"; filename="names.csv"\r\n'
        "Content-Type: text/csv\r\n\r\n"
        f"{names}\r\n--{boundary}--\r\n"
    ).encode()
    connection = slow_connection(slow_server)
    connection.request(
        "POST",
        "/screen/",
        body=body,
        headers={
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Cookie": f"csrftoken={token}",
            "X-CSRFToken": token,
        },
    )
    response = connection.getresponse()
    assert response.status == 200
    assert response.headers["X-Rows"] == str(NAMES)
    text, seconds = read_slowly(response, 32 * 1024)  # 2.5 MB: still more than TIMEOUT
    connection.close()
    assert seconds > TIMEOUT
    lines = {int(line.split(",", 1)[0]) for line in text.splitlines()[1:]}
    assert lines == set(range(2, NAMES + 2))  # every name answered, the header being line 1
