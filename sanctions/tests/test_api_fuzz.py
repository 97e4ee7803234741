"""The API against its own OpenAPI schema: schemathesis generates requests from /api/schema/.

Every operation gets a bounded number of requests, valid and invalid by the schema, derived
from a fixed seed (the same requests on every run), sent to the app in-process through WSGI.
An answer fails the test when it is a server error, when its status, content type, headers or
body are not what the schema says, when a request valid by the schema is refused or one
invalid by it is accepted.
"""

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis.errors import Unsatisfiable
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

pytestmark = pytest.mark.django_db

EXAMPLES_PER_OPERATION = 40
SEED = 20241212


@pytest.fixture
def app():
    """The project's WSGI app, sharing the test's database transaction.

    Django closes "old" connections around each request, which would end the transaction
    the test's data lives in; its own test client holds that back the same way.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield WSGIHandler()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(seed_data, viewer):
    return Token.objects.create(user=viewer).key


@pytest.fixture
def seed_data(seed):
    """The seed records: empty URLs, empty genders and the like, as real data has."""


def failures_of(operation, mode, headers):
    """Every failure schemathesis finds for one operation in one generation mode."""
    found = []
    strategy = operation.as_strategy(generation_mode=mode)
    if (
        mode is GenerationMode.NEGATIVE
        and not list(operation.path_parameters)
        and not operation.body
    ):
        strategy = strategy.filter(still_invalid_when_sent(operation))

    @seed(SEED)
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        phases=[Phase.explicit, Phase.generate],
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def run(case):
        case.call_and_validate(headers=headers, excluded_checks=excluded_checks(operation))

    try:
        run()
    except Unsatisfiable:
        pass  # no request of this mode exists (a path parameter that any text satisfies)
    except (Exception, BaseExceptionGroup) as error:  # every operation is tried, all reported
        found.append(f"{operation.label} [{mode.value}]: {error}")
    return found


def as_sent(value, param):
    """A query value as the app receives it: text (a number where the schema takes one), a
    list of them for an array parameter (split at commas where the array is sent as one
    comma-separated value: ``ordering``)."""
    schema = param.definition["schema"]
    if isinstance(value, list):
        return [as_read(wire_text(item), schema.get("items", {})) for item in value]
    text = wire_text(value)
    if schema.get("type") != "array":
        return as_read(text, schema)
    texts = text.split(",") if param.definition.get("explode") is False else [text]
    return [as_read(item, schema.get("items", {})) for item in texts]


def as_read(text, schema):
    """Text as a parameter of this schema reads it: digits are an integer where it takes one."""
    kinds = {schema.get("type"), *(option.get("type") for option in schema.get("anyOf", []))}
    digits = text[1:] if text.startswith("-") else text
    return int(text) if "integer" in kinds and digits.isascii() and digits.isdigit() else text


def wire_text(value):
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def still_invalid_when_sent(operation):
    """For a list operation (query parameters only): does a "negative" request stay one?

    A query string carries only text: a null, number or boolean generated to break a
    parameter's type arrives as text ("null", "0.08"), and a lone value of an array parameter
    arrives exactly as a one-value array, so the request the app receives may be valid by the
    schema, and its 200 right. Such requests are left out of the negative cases; those whose
    text, as sent, breaks a pattern, an enum, a format or a bound are kept.
    """
    params = {param.name: param for param in operation.query}

    def check(case):
        return any(
            name in params and not params[name].is_valid(as_sent(value, params[name]))
            for name, value in (case.query or {}).items()
        )

    return check


def excluded_checks(operation):
    """Checks an operation cannot pass by its nature, each with its reason.

    The match body and the change feed name records by text (an agency's slug, a program's
    code, a cursor from an earlier answer, a date of birth in a reader's words): well-formed
    by the schema, they may still name nothing, and the answer is a 400 that says so.
    """
    if operation.path in ("/api/v1/match/", "/api/v1/changes/"):
        return [positive_data_acceptance]
    return []


def test_every_operation_conforms_to_the_schema(app, token, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "100000/minute", "user": "100000/minute"},
    }
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", app)
    headers = {"Authorization": f"Token {token}"}
    failures = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 16
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            failures += failures_of(operation, mode, headers)
    assert not failures, "\n\n".join(failures)
