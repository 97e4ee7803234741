"""Real servers for tests: gunicorn with the project's settings, and the Redis the cache uses."""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
# The Redis database the tests may flush: REDIS_URL's when the run sets one (CI does),
# otherwise database 1 of the development machine's Redis.
TEST_REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/1"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port, process, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped at start (exit code {process.returncode})")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing listens on port {port} after {seconds} s")


def requires_gunicorn():
    if shutil.which("gunicorn", path=str(Path(sys.executable).parent)) is None:
        pytest.skip("gunicorn is not installed in this environment (requirements.txt pins it)")


def redis_url_or_skip():
    """TEST_REDIS_URL, or a skip naming it when no Redis answers there."""
    import redis

    try:
        redis.Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        pytest.skip(f"no Redis at {TEST_REDIS_URL} ({error}); set REDIS_URL to run this test")
    return TEST_REDIS_URL


@contextlib.contextmanager
def running(command, port, env=None, **popen):
    """Run ``command`` (in a process group of its own) until it listens on ``port``."""
    process = subprocess.Popen(
        command, cwd=PROJECT, env={**os.environ, **(env or {})}, start_new_session=True, **popen
    )
    try:
        wait_for_port(port, process)
        yield process
    finally:
        # The group: `make serve` runs gunicorn, whose master runs the workers.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def gunicorn(port, env=None, *options):
    """gunicorn with tracker/gunicorn.conf.py on ``port``; ``options`` override it."""
    requires_gunicorn()
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--config=tracker/gunicorn.conf.py",
        f"--bind=127.0.0.1:{port}",
        *options,
    ]
    return running(command, port, env)
