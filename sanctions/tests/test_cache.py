"""The cache, in local memory and in Redis: throttle counters, and the dashboard's counts, chart
and the lists' facets, cached until the next write (sanctions/readcache.py).

Each test runs on both backends; the Redis ones skip, naming the address, where no Redis
answers (servers.TEST_REDIS_URL: REDIS_URL, or database 1 on 127.0.0.1:6379).
"""

import datetime
import uuid

import pytest
from django.core.cache import cache
from django.urls import reverse

from sanctions import readcache
from sanctions.models import Subject

from .conftest import TEST_DATA
from .servers import redis_url_or_skip

LOCAL = "django.core.cache.backends.locmem.LocMemCache"
REDIS = "django.core.cache.backends.redis.RedisCache"


@pytest.fixture(params=["local memory", "redis"])
def backend(request, settings):
    """The cache of the test: each process's memory, or the shared Redis."""
    if request.param == "redis":
        location = redis_url_or_skip()
        prefix = f"test-cache-{uuid.uuid4().hex}"
        settings.CACHES = {
            "default": {"BACKEND": REDIS, "LOCATION": location, "KEY_PREFIX": prefix}
        }
    else:
        settings.CACHES = {"default": {"BACKEND": LOCAL, "LOCATION": "test-cache"}}
    cache.clear()  # Redis: the test database only (its number is the tests' own)
    yield request.param
    cache.clear()


def dashboard(client):
    response = client.get(reverse("sanctions:dashboard"))
    assert response.status_code == 200
    return response.context


def test_dashboard_subject_count_changes_after_a_subject_is_saved(
    backend, viewer_client, make_subject
):
    make_subject(name="First Party")
    assert dashboard(viewer_client)["subject_count"] == 1
    make_subject(name="Second Party")
    assert dashboard(viewer_client)["subject_count"] == 2


def test_dashboard_counts_come_from_the_cache_until_a_write(backend, viewer_client, make_subject):
    make_subject(name="First Party")
    assert dashboard(viewer_client)["subject_count"] == 1
    # bulk_create sends no signal: the cached count stands until something bumps the version.
    Subject.objects.bulk_create([Subject(kind="person", name="Unsignalled Party")])
    assert dashboard(viewer_client)["subject_count"] == 1
    readcache.bump()
    assert dashboard(viewer_client)["subject_count"] == 2


def test_dashboard_active_and_delisted_counts_change_after_a_delisting(
    backend, viewer_client, make_designation
):
    designation = make_designation(listed_on=datetime.date(2018, 12, 10))
    before = dashboard(viewer_client)
    assert (before["active_count"], before["delisted_count"]) == (1, 0)
    designation.delisted_on = datetime.date(2020, 1, 2)
    designation.save()
    after = dashboard(viewer_client)
    assert (after["active_count"], after["delisted_count"]) == (0, 1)


def test_dashboard_chart_changes_after_a_designation_is_added(
    backend, viewer_client, make_designation
):
    make_designation(listed_on=datetime.date(2018, 12, 10))
    assert dashboard(viewer_client)["chart"].total == 1
    make_designation(listed_on=datetime.date(2018, 11, 5))
    assert dashboard(viewer_client)["chart"].total == 2


def test_dashboard_counts_change_after_an_import(backend, viewer_client, run_import):
    assert dashboard(viewer_client)["subject_count"] == 0
    run_import("un-xml", TEST_DATA / "un" / "consolidated.xml")
    assert dashboard(viewer_client)["subject_count"] == Subject.objects.count() > 0


def test_facet_counts_change_after_a_write(backend, viewer_client, make_subject):
    def kinds():
        response = viewer_client.get(reverse("sanctions:subject_list"))
        found = {facet.name: facet for facet in response.context["facets"]}
        return {value.value: value.count for value in found["kind"].values}

    make_subject(name="A Person", kind="person")
    assert kinds() == {"person": 1}
    make_subject(name="A Company", kind="organization")
    assert kinds() == {"person": 1, "organization": 1}


def test_facet_counts_are_cached_per_filter(backend, viewer_client, make_subject):
    make_subject(name="A Person", kind="person")
    make_subject(name="A Company", kind="organization")
    url = reverse("sanctions:subject_list")
    first = viewer_client.get(url, {"kind": "person", "ordering": "-name"}).context["facets"]
    other = viewer_client.get(url, {"kind": "organization"}).context["facets"]
    kinds = {facet.name: facet for facet in first}["kind"].values
    assert [(value.value, value.chosen) for value in kinds] == [("person", True)]
    assert {facet.name: facet for facet in other}["kind"].values[0].value == "organization"


def test_one_transaction_bumps_once_more_when_it_commits(
    backend, make_subject, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        make_subject(name="First Party")
        make_subject(name="Second Party")
    assert callbacks.count(readcache.bump) == 1


def test_a_lost_version_is_never_reused(backend):
    first = readcache.version()
    cache.delete(readcache.VERSION_KEY)  # evicted, or the cache restarted
    assert readcache.version() > first


def test_throttle_counts_are_kept_in_the_cache(backend, db, api_client, settings):
    settings.TRACKER_PUBLIC_READ = True
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "2/minute", "user": "100/minute"},
    }
    url = reverse("api:measure-list")
    statuses = [api_client.get(url, REMOTE_ADDR="10.0.0.1").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert len(cache.get("throttle_anon_10.0.0.1")) == 2
    cache.delete("throttle_anon_10.0.0.1")  # the count lives in the cache and only there
    assert api_client.get(url, REMOTE_ADDR="10.0.0.1").status_code == 200
