"""Responses do not name the application server (gunicorn, as the tracker is served)."""

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def gunicorn_url():
    if shutil.which("gunicorn", path=str(Path(sys.executable).parent)) is None:
        pytest.skip("gunicorn is not installed in this environment (requirements.txt pins it)")
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--config=tracker/gunicorn.conf.py",
            f"--bind=127.0.0.1:{port}",
            "--workers=1",
            "--threads=1",
        ],
        cwd=PROJECT,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_gunicorn_with_the_projects_settings_does_not_name_itself(gunicorn_url):
    with urllib.request.urlopen(f"{gunicorn_url}/accounts/login/", timeout=30) as response:
        server = response.headers["Server"]
    assert response.status == 200
    assert "gunicorn" not in server.lower()
    assert server == "web"
