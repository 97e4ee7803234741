"""Responses do not name the application server (gunicorn, as the tracker is served)."""

import urllib.request

import pytest

from .servers import free_port, gunicorn


@pytest.fixture
def gunicorn_url():
    port = free_port()
    with gunicorn(port, None, "--workers=1", "--threads=1"):
        yield f"http://127.0.0.1:{port}"


def test_gunicorn_with_the_projects_settings_does_not_name_itself(gunicorn_url):
    with urllib.request.urlopen(f"{gunicorn_url}/accounts/login/", timeout=30) as response:
        server = response.headers["Server"]
    assert response.status == 200
    assert "gunicorn" not in server.lower()
    assert server == "web"
