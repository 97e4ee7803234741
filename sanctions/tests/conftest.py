"""Shared fixtures: deterministic records, the seed data and users in each editor group."""

import datetime
import itertools
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from rest_framework.test import APIClient

from sanctions.groups import ANALYSTS, VIEWERS
from sanctions.models import (
    Agency,
    Citation,
    Designation,
    LegalAuthority,
    Measure,
    Program,
    SourceArticle,
    Subject,
)
from sanctions.tracking.history import record_initial_history

REFERENCE_DATA = Path(__file__).resolve().parents[3] / "shared" / "reference-data"

_sequence = itertools.count(1)


def requires_reference_data(*parts):
    """Skip (with the reason) when ../shared/reference-data/ is not beside the project."""
    path = REFERENCE_DATA.joinpath(*parts)
    return pytest.mark.skipif(
        not path.exists(), reason=f"reference data not found at {path} (../shared/ is absent)"
    )


@pytest.fixture
def seed(db):
    """The seed records of fixtures/seed.json, with their first history rows (as `bootstrap`)."""
    call_command("loaddata", "seed", verbosity=0)
    record_initial_history("Loaded from the seed data")


@pytest.fixture
def make_agency(db):
    def make(**fields):
        n = next(_sequence)
        defaults = {"slug": f"agency-{n}", "name": f"Agency {n}", "acronym": f"A{n}"}
        return Agency.objects.create(**{**defaults, **fields})

    return make


@pytest.fixture
def make_authority(db):
    def make(**fields):
        n = next(_sequence)
        defaults = {"slug": f"authority-{n}", "title": f"Order {n}", "kind": "executive_order"}
        return LegalAuthority.objects.create(**{**defaults, **fields})

    return make


@pytest.fixture
def make_program(db, make_agency):
    def make(**fields):
        n = next(_sequence)
        agency = fields.pop("agency", None) or make_agency()
        defaults = {"slug": f"program-{n}", "code": f"PRG{n}", "name": f"Program {n}"}
        return Program.objects.create(agency=agency, **{**defaults, **fields})

    return make


@pytest.fixture
def make_subject(db):
    def make(**fields):
        n = next(_sequence)
        defaults = {"kind": "person", "name": f"Person {n}"}
        return Subject.objects.create(**{**defaults, **fields})

    return make


def asset_freeze():
    """The measure migration 0002 adds; made again after a transactional test (a browser
    test's live server) has emptied the tables."""
    measure, _ = Measure.objects.get_or_create(
        slug="asset-freeze", defaults={"name": "Asset freeze"}
    )
    return measure


@pytest.fixture
def make_designation(db, make_subject, make_agency):
    def make(authorities=(), measures=(), **fields):
        fields.setdefault("subject", None)
        fields["subject"] = fields["subject"] or make_subject()
        fields["agency"] = fields.get("agency") or make_agency()
        fields.setdefault("listed_on", datetime.date(2018, 12, 10))
        designation = Designation.objects.create(**fields)
        designation.authorities.set(authorities)
        designation.measures.set(measures or [asset_freeze()])
        return designation

    return make


def _staff_user(django_user_model, username, group=None):
    user = django_user_model.objects.create_user(
        username=username, password="correct-horse-battery", is_staff=True
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def analyst(db, django_user_model):
    return _staff_user(django_user_model, "analyst", ANALYSTS)


@pytest.fixture
def viewer(db, django_user_model):
    return _staff_user(django_user_model, "viewer", VIEWERS)


@pytest.fixture
def outsider(db, django_user_model):
    """Staff, but in no group: may log in to the admin and sees nothing there."""
    return _staff_user(django_user_model, "outsider")


@pytest.fixture
def analyst_client(client, analyst):
    client.force_login(analyst)
    return client


@pytest.fixture
def viewer_client(client, viewer):
    client.force_login(viewer)
    return client


# --- Articles, citations and API clients --------------------------------------------------


@pytest.fixture
def make_article(db):
    def make(**fields):
        n = next(_sequence)
        defaults = {"title": f"Article {n}", "publisher": "AFP", "kind": "news"}
        return SourceArticle.objects.create(**{**defaults, **fields})

    return make


@pytest.fixture
def make_citation(db, make_article):
    def make(**fields):
        fields["article"] = fields.get("article") or make_article()
        fields.setdefault("quote", "The words that support it.")
        return Citation.objects.create(**fields)

    return make


@pytest.fixture
def api_client():
    """An anonymous API client; ``api_client.force_authenticate(user)`` logs it in."""
    return APIClient()


@pytest.fixture
def reader_client(api_client, viewer):
    """An API client authenticated without a query (so query counts are the view's own)."""
    api_client.force_authenticate(viewer)
    return api_client


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with an empty cache: no throttle count, no cached dashboard.

    With ``REDIS_URL`` set for the run (as CI does), this flushes that Redis database: give
    the tests a database number of their own (redis://127.0.0.1:6379/1).
    """
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Users' passwords are hashed slowly on purpose; tests need no such protection."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# --- Official list imports ---------------------------------------------------------------

TEST_DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def run_import(db):
    """Run ``manage.py import_list`` quietly; returns the import runs it recorded."""
    from sanctions.models import ImportRun

    def run(format, *paths, **options):
        last = ImportRun.objects.order_by("id").values_list("id", flat=True).last() or 0
        call_command("import_list", format, *map(str, paths), quiet=True, **options)
        return list(ImportRun.objects.filter(id__gt=last).order_by("id"))

    return run


# --- Browser tests -----------------------------------------------------------------------

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
PASSWORD = "correct-horse-battery"

requires_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason=f"Chromium not found at {CHROMIUM} (install it with: apt-get install chromium)",
)


@pytest.fixture
def browser(site):
    """Debian's Chromium, headless, driven by Playwright; started after ``site``.

    Each browser test module defines ``site``: the records its tests need, created and served
    by ``live_server``. They must exist before the browser starts, because Playwright's sync API
    keeps an event loop running in this thread and Django refuses database calls while one runs.
    """
    # Imported here so that collecting the tests needs no Playwright where they are skipped.
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
