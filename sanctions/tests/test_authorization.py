"""Who may do what: every admin, web and API URL, for every role and method.

The expectations are written out below (what each role may do with each model, and what
each kind of URL answers); the URLs come from the URLconf and the admin registry, so a new
URL or model admin fails here until its expectation is written down.
"""

import datetime
import json
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import connection, transaction
from django.test import Client
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import get_resolver, reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

from sanctions.merging import merge_subjects
from sanctions.models import (
    Designation,
    ImportChange,
    ImportRun,
    ListEntry,
    Subject,
    SubjectPair,
)

from .test_admin import form_data


def test_a_viewer_cannot_save_through_the_history_revert_form(client, viewer, admin_user, seed):
    subject = Subject.objects.get(name="Pak Kwang Ho")
    original = subject.history.earliest()
    revert_url = reverse(
        "admin:sanctions_subject_simple_history", args=[subject.pk, original.history_id]
    )
    client.force_login(admin_user)
    data = {**form_data(client.get(revert_url)), "name": "Written by a viewer"}
    client.force_login(viewer)
    page = client.get(revert_url)
    assert page.status_code == 200
    assert 'name="_save"' not in page.text

    assert client.post(revert_url, data).status_code == 403
    subject.refresh_from_db()
    assert subject.name == "Pak Kwang Ho"
    assert subject.history.count() == 1


def test_with_revert_disabled_no_one_saves_through_the_revert_form(
    client, admin_user, settings, seed
):
    settings.SIMPLE_HISTORY_REVERT_DISABLED = True
    subject = Subject.objects.get(name="Pak Kwang Ho")
    revert_url = reverse(
        "admin:sanctions_subject_simple_history",
        args=[subject.pk, subject.history.earliest().history_id],
    )
    client.force_login(admin_user)
    data = {**form_data(client.get(revert_url)), "name": "Reverted anyway"}
    assert client.post(revert_url, data).status_code == 403
    subject.refresh_from_db()
    assert subject.name == "Pak Kwang Ho"


# --- The matrix -----------------------------------------------------------------------------

ROLES = ["anonymous", "reader", "staff", "viewer", "analyst", "superuser"]

OK = "ok"  # 2xx, or a redirect that is not to a login page
LOGIN = "login"  # a redirect to a login page
IGNORED = "ignored"  # the page answers (OK) and nothing is written: an action not offered

# What each role may do with each model in the admin: v(iew), a(dd), c(hange), d(elete).
# Staff in no group may do nothing there; anonymous users and readers (logged in, not staff)
# are sent to the admin's login page. Import records are written only by the importers.
ADMIN_PERMISSIONS = {
    # model                      viewer analyst superuser
    "auth.group": ("", "", "vacd"),
    "auth.user": ("", "", "vacd"),
    "authtoken.tokenproxy": ("", "vacd", "vacd"),
    "sanctions.agency": ("v", "vac", "vacd"),
    "sanctions.legalauthority": ("v", "vac", "vacd"),
    "sanctions.program": ("v", "vac", "vacd"),
    "sanctions.measure": ("v", "vac", "vacd"),
    "sanctions.subject": ("v", "vac", "vacd"),
    "sanctions.designation": ("v", "vac", "vacd"),
    "sanctions.sourcearticle": ("v", "vac", "vacd"),
    "sanctions.citation": ("v", "vacd", "vacd"),
    "sanctions.relationship": ("v", "vacd", "vacd"),
    "sanctions.importrun": ("v", "v", "v"),
    "sanctions.importchange": ("v", "v", "v"),
    "sanctions.listentry": ("v", "v", "v"),
    # Pairs come from xref and merges from decisions: analysts decide pairs (change) and
    # s(plit) merges; no one adds or deletes either, so no decision is lost.
    "sanctions.subjectpair": ("v", "vc", "vc"),
    "sanctions.subjectmerge": ("v", "vs", "vs"),
}

# The permissions a model's admin URL needs, by method: any one of the letters will do.
# Django's admin writes only on POST; other methods render as GET does.
ADMIN_URL_NEEDS = {
    "changelist": {"GET": "vc"},
    "add": {"GET": "a", "POST": "a"},
    "add-popup": {"GET": "a", "POST": "a"},  # "add another" from a form's related field
    "change": {"GET": "vc", "POST": "c"},
    "delete": {"GET": "d", "POST": "d"},
    "history": {"GET": "vc"},
    "simple_history": {"GET": "vc", "POST": "c"},  # the history revert form
    "password_change": {"GET": "c", "POST": "c"},  # a user's password, set by an admin
    "autocomplete": {"GET": "vc"},  # needs the right to see the model it searches
    "split": {"GET": "s", "POST": "s"},  # a merge's split: a confirmation page, then the split
}
# The permission each admin action needs; an action a user may not run is not offered, and
# posting it anyway changes nothing.
ACTION_NEEDS = {"delete_selected": "d", "delist": "c", "relist": "c"}

# The admin site's own pages, by method: expected outcome for anonymous, reader, and staff
# (any staff user, whatever their groups).
ADMIN_SITE_PAGES = {
    "index": {"GET": (LOGIN, LOGIN, OK), "POST": (LOGIN, LOGIN, OK)},
    "login": {"GET": (OK, OK, OK), "POST": (OK, OK, OK)},
    # Logging out: those not logged in to the admin go to its index; the others log out,
    # to the login page.
    "logout": {"GET": (OK, OK, "405"), "POST": (OK, OK, LOGIN)},
    "password_change": {"GET": (LOGIN, LOGIN, OK), "POST": (LOGIN, LOGIN, OK)},
    "password_change_done": {"GET": (LOGIN, LOGIN, OK)},
    "jsi18n": {"GET": (LOGIN, LOGIN, OK)},
    "view_on_site": {"GET": (LOGIN, LOGIN, OK)},
}


def admin_url_names():
    """The name of every URL the admin site serves, its model admins' URLs included."""
    names = []
    for pattern in admin.site.get_urls():
        inner = getattr(pattern, "url_patterns", [pattern])
        names += [each.name for each in inner]
    return names


def model_url_kind(name):
    """(model label, kind) of a model admin's URL name, such as sanctions_subject_change."""
    for model in admin.site._registry:
        prefix = f"{model._meta.app_label}_{model._meta.model_name}_"
        if name.startswith(prefix):
            return model._meta.label_lower, name.removeprefix(prefix)
    return None, None


def test_every_admin_url_and_model_admin_has_an_expectation():
    labels = {model._meta.label_lower for model in admin.site._registry}
    assert labels == set(ADMIN_PERMISSIONS)
    site_pages = {*ADMIN_SITE_PAGES, "app_list", "autocomplete"}
    for name in admin_url_names():
        label, kind = model_url_kind(name or "")
        # Unnamed: each model's old change URL (a redirect) and the site's catch-all.
        assert name is None or name in site_pages or kind in ADMIN_URL_NEEDS, name
    unnamed = admin_url_names().count(None)
    assert unnamed == len(admin.site._registry) + 1


def test_every_admin_action_has_an_expectation(rf, admin_user):
    request = rf.get("/")
    request.user = admin_user
    for model_admin in admin.site._registry.values():
        assert set(model_admin.get_actions(request)) <= set(ACTION_NEEDS), model_admin


class Matrix:
    """Requests as one role, each in a transaction rolled back afterwards, checked against
    the expectation; a request that should not write is checked to have written nothing."""

    def __init__(self, role, client, user):
        self.role, self.client = role, client
        if user is not None:
            client.force_login(user)
        self.session = client.cookies.get(settings.SESSION_COOKIE_NAME, "")
        self.session = getattr(self.session, "value", "")
        self.mismatches = []

    def check(self, method, url, expected, data=None, must_not_write=False):
        with transaction.atomic():
            writes = method != "GET" and (must_not_write or expected != OK)
            before = database_state() if writes else None
            response = self.client.generic(method, url, **encode(method, data))
            got = outcome(response)
            if expected == IGNORED:
                expected = OK
            if got != expected:
                self.mismatches.append(f"{self.role} {method} {url}: {got}, expected {expected}")
            elif before is not None and database_state() != before:
                self.mismatches.append(f"{self.role} {method} {url}: wrote to the database")
            transaction.set_rollback(True)
        # The session as it was: a logout or a password change ends it in a rolled-back
        # transaction, but the client would follow the cookie it was given.
        self.client.cookies[settings.SESSION_COOKIE_NAME] = self.session


def encode(method, data):
    if method == "GET":
        return {}
    if isinstance(data, str):
        return {"data": data, "content_type": "application/json"}
    return {"data": encode_multipart(BOUNDARY, data or {}), "content_type": MULTIPART_CONTENT}


def outcome(response):
    if response.status_code in (301, 302, 303):
        location = response["Location"]
        return LOGIN if "/login/" in location else OK
    return OK if 200 <= response.status_code < 300 else str(response.status_code)


def database_state():
    """Every row of every table, many-to-many tables included (sessions aside: they change
    with each login). Plain SQL: this runs before and after every write attempted."""
    tables = sorted(
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model is not Session and not model._meta.proxy
    )
    state = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} ORDER BY 1")
            state[table] = cursor.fetchall()
    return state


@pytest.fixture
def roles(db, django_user_model, outsider, viewer, analyst, admin_user):
    """Each role's user: None for anonymous."""
    reader = django_user_model.objects.create_user(username="reader", password="x")
    users = [None, reader, outsider, viewer, analyst, admin_user]
    return dict(zip(ROLES, users, strict=True))


@pytest.fixture
def records(seed, roles):
    """One record of every model the admin shows, beyond the seed's: a token, an import."""
    Token.objects.create(user=roles["analyst"])
    run = ImportRun.objects.create(format="ofac-csv", list="us-ofac-sdn", started=timezone.now())
    ImportChange.objects.create(run=run, entry=ListEntry.objects.first(), action="changed")
    delisted = Designation.objects.order_by("pk").last()
    Designation.objects.filter(pk=delisted.pk).update(delisted_on=datetime.date(2024, 1, 1))
    # A merge (which a split undoes) and a pair waiting for a decision, of subjects of their own.
    first, second, third, fourth = (
        Subject.objects.create(kind="person", name=f"Pair {n}") for n in range(4)
    )
    merge_subjects(first, second)
    SubjectPair.objects.create(subject_a=third, subject_b=fourth, score=0.8)


def matrix_for(role, roles, client):
    return Matrix(role, client, roles[role])


def permissions(role, label):
    staff = {"viewer": 0, "analyst": 1, "superuser": 2}
    return ADMIN_PERMISSIONS[label][staff[role]] if role in staff else ""


def admin_expected(role, needs, label):
    if role in ("anonymous", "reader"):
        return LOGIN
    return OK if set(needs) & set(permissions(role, label)) else "403"


class AdminForms:
    """What a superuser's change and revert forms would post back: real data to write with."""

    def __init__(self, superuser):
        self.client = Client()
        self.client.force_login(superuser)
        self.cache = {}

    def data(self, url):
        if url not in self.cache:
            self.cache[url] = form_data(self.client.get(url))
        return self.cache[url]


def first_record(label):
    return apps.get_model(label)._default_manager.order_by("pk").first()


def url_id(label, record):
    # The token admin names a token by its user.
    return record.user_id if label == "authtoken.tokenproxy" else record.pk


def model_url_cases(name, role, forms):
    """(method, url, data, expected) for one model admin URL and its variants."""
    label, kind = model_url_kind(name)
    record = first_record(label)
    args = {
        "changelist": [],
        "add": [],
        "simple_history": [url_id(label, record), record.history.order_by("pk").first().pk]
        if kind == "simple_history"
        else [],
    }.get(kind, [url_id(label, record)])
    url = reverse(f"admin:{name}", args=args)
    posted = {
        "change": lambda: forms.data(url),
        "simple_history": lambda: forms.data(url),
        "add": lambda: forms.data(change_url(label, record)),
        "delete": lambda: {"post": "yes"},
        "password_change": lambda: {"password1": PASSWORD, "password2": PASSWORD},
        "split": lambda: {"confirm": "yes"},
    }
    for method, needs in ADMIN_URL_NEEDS[kind].items():
        data = posted[kind]() if method == "POST" else None
        yield method, url, data, admin_expected(role, needs, label)
    if kind == "add":
        popup = f"{url}?_popup=1&_to_field={apps.get_model(label)._meta.pk.attname}"
        for method, needs in ADMIN_URL_NEEDS["add-popup"].items():
            data = forms.data(change_url(label, record)) if method == "POST" else None
            yield method, popup, data, admin_expected(role, needs, label)
    if kind == "changelist":
        yield from action_cases(label, url, role)


PASSWORD = "a-new-Password-set-by-someone-9"


def change_url(label, record):
    app_label, model_name = label.split(".")
    return reverse(f"admin:{app_label}_{model_name}_change", args=[url_id(label, record)])


def action_cases(label, url, role):
    """Each action of a changelist, run on every record, with what the action asks for."""
    model = apps.get_model(label)
    model_admin = admin.site._registry[model]
    selected = [str(pk) for pk in model._default_manager.values_list("pk", flat=True)]
    for name in ACTION_NEEDS:
        if name == "delete_selected" and model_admin.actions is None:
            continue  # the token admin offers no actions at all
        if name != "delete_selected" and name not in (model_admin.actions or []):
            continue
        data = {"action": name, "_selected_action": selected, "index": "0", "post": "yes"}
        data.update({"apply": "1", "day": "2025-01-01", "url": "https://example.org/notice"})
        expected = admin_expected(role, ACTION_NEEDS[name], label)
        if expected == "403" and admin_expected(role, "vc", label) == OK:
            expected = IGNORED  # the changelist shows; the action is not on offer
        yield "POST", url, data, expected


def admin_site_cases(name, role):
    column = {"anonymous": 0, "reader": 1}.get(role, 2)
    if name == "view_on_site":
        subject = Subject.objects.order_by("pk").first()
        url = reverse(
            f"admin:{name}", args=[ContentType.objects.get_for_model(Subject).pk, subject.pk]
        )
    else:
        url = reverse(f"admin:{name}")
    for method, expected in ADMIN_SITE_PAGES[name].items():
        yield method, url, {}, expected[column]


def app_list_cases(role):
    labels = {model._meta.app_label for model in admin.site._registry}
    for app_label in sorted(labels):
        url = reverse("admin:app_list", args=[app_label])
        if role in ("anonymous", "reader"):
            expected = LOGIN
        else:
            mine = [label for label in ADMIN_PERMISSIONS if label.startswith(f"{app_label}.")]
            expected = OK if any(permissions(role, label) for label in mine) else "404"
        yield "GET", url, None, expected


def autocomplete_cases(role):
    """Every autocomplete field of every admin and inline: it needs the right to see what
    it searches."""
    seen = set()
    for model_admin in admin.site._registry.values():
        for owner in [model_admin, *model_admin.inlines]:
            for field_name in owner.autocomplete_fields:
                field = owner.model._meta.get_field(field_name)
                seen.add((owner.model._meta, field_name, field.related_model._meta.label_lower))
    for opts, field_name, remote in sorted(seen, key=str):
        query = {"app_label": opts.app_label, "model_name": opts.model_name}
        query.update({"field_name": field_name, "term": "a"})
        url = f"{reverse('admin:autocomplete')}?{urlencode(query)}"
        yield "GET", url, None, admin_expected(role, ADMIN_URL_NEEDS["autocomplete"]["GET"], remote)


def admin_cases(role, forms):
    for name in admin_url_names():
        if name in ADMIN_SITE_PAGES:
            yield from admin_site_cases(name, role)
        elif name == "app_list":
            yield from app_list_cases(role)
        elif name == "autocomplete":
            yield from autocomplete_cases(role)
        elif name is not None:
            yield from model_url_cases(name, role, forms)


@pytest.mark.parametrize("role", ROLES)
def test_admin_answers_each_role_as_the_table_says(role, roles, records, client):
    matrix = matrix_for(role, roles, client)
    forms = AdminForms(roles["superuser"])
    for method, url, data, expected in admin_cases(role, forms):
        matrix.check(method, url, expected, data)
    assert not matrix.mismatches, "\n".join(matrix.mismatches)


# --- Web pages and the API ------------------------------------------------------------------

# Outside the admin the roles differ only in being logged in: any login reads (a token too,
# for the API and the Atom feed), nothing writes. Expected outcomes: (anonymous, logged in).
READ = {"GET": (LOGIN, OK)} | dict.fromkeys(["POST", "PUT", "PATCH", "DELETE"], (LOGIN, "405"))
API_READ = {"GET": ("401", OK)} | dict.fromkeys(["POST", "PUT", "PATCH", "DELETE"], ("405", "405"))
OPEN = {"GET": (OK, OK), "POST": (OK, OK)}
SITE_PAGES = {
    "sanctions:dashboard": READ,
    **{
        f"sanctions:{model}_{page}": READ
        for model in ["subject", "designation", "agency", "authority", "program", "article"]
        for page in ["list", "detail", "export"]
    },
    "sanctions:change_list": READ,
    # Any login manages its own token; a POST without a valid action is refused unwritten.
    "sanctions:api_token": {"GET": (LOGIN, OK), "POST": (LOGIN, "400")},
    # The Atom feed answers every method as a read.
    "sanctions:change_feed": dict.fromkeys(["GET", "POST", "PUT", "PATCH", "DELETE"], (LOGIN, OK)),
    # An empty upload is a bad request.
    "screening:screen": READ | {"POST": (LOGIN, "400")},
    **{
        f"api:{route}-{page}": API_READ
        for route in ["subject", "designation", "agency", "authority", "program", "measure"]
        + ["article"]
        for page in ["list", "detail"]
    },
    # A subject as a file: its detail JSON, or FollowTheMoney entities (?format=ftm).
    "api:subject-export": API_READ,
    "api:change-list": API_READ,
    "api:api-root": API_READ,
    # Screening is a read sent as a POST: it writes nothing either.
    "api:match": dict.fromkeys(["GET", "PUT", "PATCH", "DELETE"], ("401", "405"))
    | {"POST": ("401", OK)},
    # The API's description needs no login (docs/api.md): it holds no record.
    "schema": API_READ | {"GET": (OK, OK)},
    "api-docs": API_READ | {"GET": (OK, OK)},
    # Logging in and out, and passwords.
    "login": OPEN,
    "logout": {"GET": ("405", "405"), "POST": (LOGIN, LOGIN)},
    "password_change": {"GET": (LOGIN, OK), "POST": (LOGIN, OK)},
    "password_change_done": {"GET": (LOGIN, OK)},
    "password_reset": OPEN,
    "password_reset_done": {"GET": (OK, OK)},
    "password_reset_confirm": OPEN,
    "password_reset_complete": {"GET": (OK, OK)},
    # The site's icon, where browsers look for it: a redirect to the static file.
    "favicon": {"GET": (OK, OK)},
}
# What the POSTs carry: a valid screening request; elsewhere a form a write would take.
POSTED = {"api:match": json.dumps({"queries": [{"name": "Kim Jong Un"}]})}


def site_patterns():
    """(full name, pattern, view) of every named URL outside the admin."""

    def walk(patterns, namespace):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                if pattern.app_name != "admin":
                    inner = ":".join(filter(None, [namespace, pattern.namespace]))
                    yield from walk(pattern.url_patterns, inner)
            elif pattern.name:
                yield ":".join(filter(None, [namespace, pattern.name])), pattern

    return list(walk(get_resolver().url_patterns, ""))


def test_every_site_url_has_an_expectation():
    assert {name for name, _pattern in site_patterns()} == set(SITE_PAGES)


def site_url(name, pattern):
    """The URL, with the first record of the view's model where it needs one."""
    kwargs = dict.fromkeys(pattern.pattern.regex.groupindex)
    if "format" in kwargs:
        kwargs["format"] = "json"  # the API's suffix routes: /api/v1/subjects.json
    if name == "password_reset_confirm":
        kwargs = {"uidb64": "MQ", "token": "not-a-token"}
    if None in kwargs.values():
        model = view_model(pattern.callback)
        record = model._default_manager.order_by("pk").first()
        kwargs = {key: value or getattr(record, key) for key, value in kwargs.items()}
    return reverse(name, kwargs=kwargs)


def view_model(view):
    if hasattr(view, "view_class"):
        return view.view_class.model or view.view_class().get_queryset().model
    return view.cls.serializer_class.Meta.model  # a viewset, some of whose querysets are built


def site_cases(role):
    column = 0 if role == "anonymous" else 1
    for name, pattern in site_patterns():
        url = site_url(name, pattern)
        urls = [url, f"{url}?format=csv"] if name.endswith("-list") and "." not in url else [url]
        if name == "api:subject-export":
            urls.append(f"{url}?format=ftm")
        for method, expected in SITE_PAGES[name].items():
            for each in urls:
                yield method, each, POSTED.get(name, {"name": "Written"}), expected[column]


@pytest.mark.parametrize("role", ROLES)
def test_site_and_api_answer_each_role_as_the_table_says(role, roles, records, client):
    matrix = matrix_for(role, roles, client)
    for method, url, data, expected in site_cases(role):
        matrix.check(method, url, expected, data, must_not_write=True)
    assert not matrix.mismatches, "\n".join(matrix.mismatches)
