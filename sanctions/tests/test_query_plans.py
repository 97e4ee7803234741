"""The list requests read through indexes, never a whole table (PostgreSQL's query plans).

A few thousand subjects, designations and history rows, analysed, are enough for
PostgreSQL's planner to choose what it chooses for a large table: a whole-table read here is
one at a million rows. Each request's queries are captured and explained as they ran (with
their parameters); a sequential scan of a large table fails the test. The planner's own
choice is what is checked: nothing here turns sequential scans off.

What is left out, and why: the pages' ``COUNT(*)`` (a count of every matching row reads
them all, by index or not) and the CSV exports (they read every row by design).
"""

import datetime
import re

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sanctions.choices import COUNTRY_CODES
from sanctions.importers import history
from sanctions.models import (
    Agency,
    Alias,
    BirthDate,
    Designation,
    ListEntry,
    Nationality,
    Program,
    Subject,
)

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="checks PostgreSQL's query plans; SQLite plans differently (no statistics)",
)

SUBJECTS = 20_000
# Tables that grow with the lists: none of them may be read whole by a list page.
LARGE_TABLES = {
    "sanctions_subject",
    "sanctions_designation",
    "sanctions_alias",
    "sanctions_birthdate",
    "sanctions_nationality",
    "sanctions_listentry",
    "sanctions_historicalsubject",
    "sanctions_historicaldesignation",
    "sanctions_historicalalias",
}
SEQUENTIAL_SCAN = re.compile(r"Seq Scan on (\w+)")
# Forty nationalities, a few dozen subjects of each.
COUNTRIES = sorted(COUNTRY_CODES)[:40]


@pytest.fixture(scope="module")
def many_rows(django_db_setup, django_db_blocker):
    """The rows below, for every test of the module, in a transaction rolled back after."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield write_many_rows()
        transaction.set_rollback(True)


def write_many_rows():
    """Subjects with aliases, dates of birth, nationalities, list entries and designations
    under 3 agencies and 30 programs (one in 50 delisted), written by imports of four days,
    then analysed."""
    agencies = [
        Agency.objects.create(slug=f"plan-agency-{n}", name=f"Agency {n}", acronym=f"PA{n}")
        for n in range(3)
    ]
    programs = [
        Program.objects.create(
            slug=f"plan-program-{n}", code=f"PLAN{n}", name=f"Program {n}", agency=agencies[n % 3]
        )
        for n in range(30)
    ]
    for day in range(4):
        with history.attributed_history(None, f"import of day {day}"):
            _write_day(day, agencies, programs)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        # The cost of a random read on an SSD, as production servers set it (PostgreSQL's
        # default of 4 is a spinning disk's); for this transaction only.
        cursor.execute("SET LOCAL random_page_cost = 1.1")
    return {"program": programs[7], "agency": agencies[1]}


def _write_day(day, agencies, programs):
    start = day * SUBJECTS // 4
    numbers = range(start, start + SUBJECTS // 4)
    subjects = history.create(
        Subject, [Subject(kind="person", name=f"Person {n:05d} {n % 97}") for n in numbers]
    )
    history.create(Alias, [Alias(subject=s, name=f"Alias of {s.name}") for s in subjects])
    history.create(BirthDate, [birth_year(s, 1950 + s.pk % 40) for s in subjects])
    history.create(
        Nationality,
        [Nationality(subject=s, country=COUNTRIES[s.pk % len(COUNTRIES)]) for s in subjects],
    )
    ListEntry.objects.bulk_create(
        ListEntry(list="us-ofac-sdn", entry_id=str(s.pk), subject=s) for s in subjects
    )
    today = timezone.localdate()
    designations = []
    for n, subject in enumerate(subjects, start=start):
        program = programs[n % len(programs)]
        designations.append(
            Designation(
                subject=subject,
                agency=program.agency,
                program=program,
                listed_on=datetime.date(2010, 1, 1) + datetime.timedelta(days=n % 3000),
                delisted_on=today - datetime.timedelta(days=1) if n % 50 == 0 else None,
            )
        )
    history.create(Designation, designations)


def birth_year(subject, year):
    return BirthDate(
        subject=subject,
        value=str(year),
        earliest=datetime.date(year, 1, 1),
        latest=datetime.date(year, 12, 31),
    )


def whole_table_reads(queries):
    """The large tables each query's plan reads whole, as ``(table, query)`` pairs."""
    found = []
    with connection.cursor() as cursor:
        for query in queries:
            sql = query["sql"]
            if not sql.startswith("SELECT") or sql.startswith("SELECT COUNT(*)"):
                continue
            cursor.execute(f"EXPLAIN {sql}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
            found += [
                (table, plan) for table in SEQUENTIAL_SCAN.findall(plan) if table in LARGE_TABLES
            ]
    return found


def plans_of(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return whole_table_reads(queries.captured_queries)


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?ordering=-last_updated",
        "?ordering=name",
        "?program={program}",
        "?agency={agency}",
        "?status=active",
        "?status=delisted",
        "?nationality={country}",
        "?list=us-ofac-sdn",
        "?program={program}&status=active",
    ],
)
def test_subject_list_reads_through_indexes(many_rows, reader_client, query):
    url = "/api/v1/subjects/" + query.format(
        program=many_rows["program"].code, agency=many_rows["agency"].slug, country=COUNTRIES[0]
    )
    assert plans_of(reader_client, url) == []


@pytest.mark.parametrize(
    "query",
    [
        pytest.param(
            "",
            marks=pytest.mark.xfail(
                strict=True,
                reason="the default order (listed_on, then the subject's name) sorts every "
                "designation joined to its subject: no index can give it (issue 16, open)",
            ),
        ),
        "?program={program}",
        "?ordering=-last_updated",
    ],
)
def test_designation_list_reads_through_indexes(many_rows, reader_client, query):
    url = "/api/v1/designations/" + query.format(program=many_rows["program"].code)
    assert plans_of(reader_client, url) == []


def test_change_feed_first_page_reads_through_indexes(many_rows, reader_client, settings):
    settings.TRACKER_CHANGES_SETTLE_SECONDS = 0
    assert plans_of(reader_client, "/api/v1/changes/") == []


@pytest.mark.django_db
def test_history_is_indexed_in_feed_order():
    """Every history table has an index on (history_date, history_id), the feed's order."""
    for model in (Subject, Designation, Alias, Agency):
        table = model.history.model._meta.db_table
        with connection.cursor() as cursor:
            constraints = connection.introspection.get_constraints(cursor, table)
        columns = [info["columns"] for info in constraints.values() if info["index"]]
        assert ["history_date", "history_id"] in columns, table
