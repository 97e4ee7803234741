"""Settings: strict environment parsing and safe production start-up."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k" * 20 + "production-secret-key-for-tests-only-0123456789",
    "ALLOWED_HOSTS": "tracker.example.org",
}


def manage(*args, **env):
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", **{**PRODUCTION, "SECRET_KEY": ""})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = manage("check", **{**PRODUCTION, "ALLOWED_HOSTS": ""})
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must name" in result.stderr


@pytest.mark.parametrize("value", ["maybe", "2"])
def test_a_wrong_boolean_stops_the_start_naming_the_variable(value):
    result = manage("check", TRACKER_PUBLIC_READ=value)
    assert result.returncode != 0
    assert "TRACKER_PUBLIC_READ must be true or false" in result.stderr


@pytest.mark.parametrize("variable", ["API_THROTTLE_ANON", "API_THROTTLE_USER"])
def test_a_wrong_api_rate_stops_the_start_naming_the_variable(variable):
    result = manage("check", **{variable: "lots"})
    assert result.returncode != 0
    assert f"{variable} must be a rate such as 60/minute" in result.stderr


def test_deploy_check_is_clean_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def cache_backend(**env):
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])",
        **env,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_the_cache_is_redis_with_redis_url_and_local_memory_without():
    with_redis = cache_backend(REDIS_URL="redis://127.0.0.1:6379/1")
    assert with_redis == "django.core.cache.backends.redis.RedisCache"
    assert cache_backend(REDIS_URL="") == "django.core.cache.backends.locmem.LocMemCache"


def test_a_wrong_redis_url_stops_the_start_naming_the_variable():
    result = manage("check", REDIS_URL="127.0.0.1:6379")
    assert result.returncode != 0
    assert "REDIS_URL must be a redis://" in result.stderr


def test_deploy_check_is_clean_with_production_settings_and_redis():
    env = {**PRODUCTION, "REDIS_URL": "redis://127.0.0.1:6379/1"}
    result = manage("check", "--deploy", "--fail-level", "WARNING", **env)
    assert result.returncode == 0, result.stderr
