"""Models: each rule refused by clean() and by the database, and the active/delisted rule."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from sanctions.dates import FuzzyDateError, display_fuzzy_date, parse_fuzzy_date
from sanctions.models import (
    Address,
    Agency,
    Alias,
    BirthDate,
    Citation,
    Designation,
    ImportRun,
    Nationality,
    Program,
    Relationship,
    SourceArticle,
    StaleRecordError,
    Subject,
)
from sanctions.names import normalize_name

DAY = datetime.date(2020, 6, 15)


def refused_by_database(callable_):
    """Run a write that bypasses clean() and assert the database refuses it."""
    with pytest.raises(IntegrityError), transaction.atomic():
        callable_()


# --- Dates of birth -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "stored", "earliest", "latest"),
    [
        ("15 Jan 1950", "1950-01-15", "1950-01-15", "1950-01-15"),
        ("1950-01-15", "1950-01-15", "1950-01-15", "1950-01-15"),
        ("1950", "1950", "1950-01-01", "1950-12-31"),
        ("Jan 1950", "1950-01", "1950-01-01", "1950-01-31"),
        ("1950-02", "1950-02", "1950-02-01", "1950-02-28"),
        ("1961 to 1963", "1961/1963", "1961-01-01", "1963-12-31"),
        ("between 1961 and 1963", "1961/1963", "1961-01-01", "1963-12-31"),
        ("01 Jan 1961 to 31 Dec 1963", "1961-01-01/1963-12-31", "1961-01-01", "1963-12-31"),
        ("Feb 1960 to Mar 1960", "1960-02/1960-03", "1960-02-01", "1960-03-31"),
        ("circa 1950", "1950~", "1950-01-01", "1950-12-31"),
        ("circa 12 Mar 1960", "1960-03-12~", "1960-03-12", "1960-03-12"),
        ("circa 1934-1936", "1934/1936", "1934-01-01", "1936-12-31"),
        ("00/00/1980", "1980", "1980-01-01", "1980-12-31"),
        ("15/01/1950", "1950-01-15", "1950-01-15", "1950-01-15"),
        ("1950~", "1950~", "1950-01-01", "1950-12-31"),
    ],
)
def test_parse_fuzzy_date_accepts_every_shape_the_lists_use(text, stored, earliest, latest):
    parsed = parse_fuzzy_date(text)
    assert parsed.value == stored
    assert parsed.earliest == datetime.date.fromisoformat(earliest)
    assert parsed.latest == datetime.date.fromisoformat(latest)


@pytest.mark.parametrize(
    "text", ["", "yesterday", "1950-02-30", "31 Foo 1950", "1963 to 1961", "0050", "15 1950"]
)
def test_parse_fuzzy_date_refuses_what_is_not_a_date(text):
    with pytest.raises(FuzzyDateError):
        parse_fuzzy_date(text)


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("1950-01-15", "15 Jan 1950"),
        ("1950-01", "Jan 1950"),
        ("1961/1963", "1961 to 1963"),
        ("1950~", "circa 1950"),
    ],
)
def test_display_fuzzy_date_reads_as_people_write(stored, shown):
    assert display_fuzzy_date(stored) == shown


def test_birth_date_clean_refuses_an_invalid_date(make_subject):
    birth_date = BirthDate(subject=make_subject(), value="1950-02-30")
    with pytest.raises(ValidationError) as error:
        birth_date.full_clean()
    assert "not a real calendar date" in str(error.value.message_dict["value"])


def test_birth_date_database_refuses_a_malformed_value(make_subject):
    subject = make_subject()
    refused_by_database(
        lambda: BirthDate.objects.bulk_create(
            [
                BirthDate(
                    subject=subject,
                    value="yesterday",
                    earliest=datetime.date(1950, 1, 1),
                    latest=datetime.date(1950, 1, 1),
                )
            ]
        )
    )


def test_birth_date_database_refuses_a_reversed_range(make_subject):
    subject = make_subject()
    refused_by_database(
        lambda: BirthDate.objects.bulk_create(
            [
                BirthDate(
                    subject=subject,
                    value="1963/1961",
                    earliest=datetime.date(1963, 1, 1),
                    latest=datetime.date(1961, 12, 31),
                )
            ]
        )
    )


def test_birth_date_save_stores_the_normal_form(make_subject):
    birth_date = BirthDate.objects.create(subject=make_subject(), value="between 1961 and 1963")
    birth_date.refresh_from_db()
    assert (birth_date.value, str(birth_date)) == ("1961/1963", "1961 to 1963")


# --- Countries ------------------------------------------------------------------------------


def test_nationality_clean_refuses_an_unknown_country(make_subject):
    nationality = Nationality(subject=make_subject(), country="QQ")
    with pytest.raises(ValidationError) as error:
        nationality.full_clean()
    assert "country" in error.value.message_dict


def test_nationality_database_refuses_an_unknown_country(make_subject):
    subject = make_subject()
    refused_by_database(lambda: Nationality.objects.create(subject=subject, country="QQ"))


def test_address_database_refuses_an_unknown_country(make_subject):
    subject = make_subject()
    refused_by_database(
        lambda: Address.objects.create(subject=subject, full="Somewhere", country="ZZ")
    )


def test_agency_accepts_supranational_codes(db):
    agency = Agency(slug="un-sc", name="UN Security Council", country="UN")
    agency.full_clean()
    agency.save()
    assert Agency.objects.get(country="UN") == agency


def test_agency_database_refuses_an_unknown_country(db):
    refused_by_database(lambda: Agency.objects.create(slug="x", name="X", country="XX"))


def test_kosovo_is_a_known_country(make_subject):
    nationality = Nationality(subject=make_subject(), country="XK")
    nationality.full_clean()


# --- Aliases --------------------------------------------------------------------------------


def test_alias_clean_refuses_the_same_alias_twice(make_subject):
    subject = make_subject()
    Alias.objects.create(subject=subject, name="CH'OE, Ryong-hae")
    duplicate = Alias(subject=subject, name="ch'oe, ryong-hae")
    with pytest.raises(ValidationError, match="already has this alias"):
        duplicate.full_clean()


def test_alias_database_refuses_the_same_alias_twice(make_subject):
    subject = make_subject()
    Alias.objects.create(subject=subject, name="CH'OE, Ryong-hae")
    refused_by_database(lambda: Alias.objects.create(subject=subject, name="CH'OE, RYONG-HAE"))


def test_the_same_alias_on_two_subjects_is_allowed(make_subject):
    Alias.objects.create(subject=make_subject(), name="KIM")
    Alias.objects.create(subject=make_subject(), name="KIM")
    assert Alias.objects.filter(name="KIM").count() == 2


def test_alias_save_updates_the_subjects_search_text(make_subject):
    subject = make_subject(name="Choe Ryong Hae")
    Alias.objects.create(subject=subject, name="CH'OE, Ryong-hae")
    subject.refresh_from_db()
    assert "choe ryong hae" in subject.search_text
    assert list(Subject.objects.search("Ryong-HAE")) == [subject]


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("CH'OE, Ryong-hae", "choe ryong hae"),
        ("CHO'NG, Kyo'ng-t'aek", "chong kyong taek"),
        ("José  MÜLLER", "jose muller"),
        ("최룡해", "최룡해"),
    ],
)
def test_normalize_name_folds_case_accents_and_punctuation(raw, folded):
    assert normalize_name(raw) == folded


# --- Designations ---------------------------------------------------------------------------


def test_designation_clean_refuses_delisting_before_listing(make_designation):
    designation = make_designation(listed_on=DAY)
    designation.delisted_on = DAY - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        designation.full_clean()
    assert "before the listing date" in str(error.value.message_dict["delisted_on"])


def test_designation_database_refuses_delisting_before_listing(make_designation):
    designation = make_designation(listed_on=DAY)
    refused_by_database(
        lambda: Designation.objects.filter(pk=designation.pk).update(
            delisted_on=DAY - datetime.timedelta(days=1)
        )
    )


def test_designation_may_be_delisted_on_the_day_it_was_listed(make_designation):
    designation = make_designation(listed_on=DAY, delisted_on=DAY)
    designation.full_clean()


def test_designation_clean_refuses_a_program_of_another_agency(
    make_designation, make_program, make_agency
):
    designation = make_designation(agency=make_agency())
    designation.program = make_program()
    with pytest.raises(ValidationError, match="another agency"):
        designation.full_clean()


def test_program_by_code_or_slug_reads_the_code_in_any_case_or_the_slug(make_program):
    dprk2 = make_program(code="DPRK2", slug="us-ofac-dprk2")
    sdgt = make_program(code="SDGT", slug="us-ofac-sdgt")
    make_program(code="UKRAINE-EO13662", slug="us-ofac-ukraine")
    assert list(Program.objects.by_code_or_slug(["dprk2"])) == [dprk2]
    assert list(Program.objects.by_code_or_slug(["DPRK2", "us-ofac-sdgt"])) == [dprk2, sdgt]
    assert list(Program.objects.by_code_or_slug(["US-OFAC-SDGT", "dprk"])) == []
    assert list(Program.objects.by_code_or_slug([])) == []
    assert list(Program.objects.by_code_or_slug(["dprk2\x00"])) == []


def test_program_unknown_names_are_those_naming_no_program(make_program):
    make_program(code="DPRK2", slug="us-ofac-dprk2")
    names = ["dprk2", "nope", "us-ofac-dprk2", "US-OFAC-DPRK2"]
    assert Program.objects.unknown_names(names) == ["nope", "US-OFAC-DPRK2"]


@pytest.mark.parametrize(
    ("listed_on", "delisted_on", "active"),
    [
        (None, None, True),
        (DAY, None, True),
        (DAY + datetime.timedelta(days=1), None, False),
        (DAY - datetime.timedelta(days=10), DAY, False),
        (DAY - datetime.timedelta(days=10), DAY + datetime.timedelta(days=1), True),
        (None, DAY - datetime.timedelta(days=1), False),
    ],
    ids=[
        "no-dates",
        "listed-that-day",
        "listed-next-day",
        "delisted-that-day",
        "delisted-next-day",
        "delisted-earlier-unknown-listing",
    ],
)
def test_active_on_boundary_days(make_designation, listed_on, delisted_on, active):
    designation = make_designation(listed_on=listed_on, delisted_on=delisted_on)
    assert (designation in Designation.objects.active(on=DAY)) is active
    assert (designation.status(on=DAY) == "active") is active


def test_delisted_in_the_future_is_still_active_today(make_designation):
    from django.utils import timezone

    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    designation = make_designation(listed_on=DAY, delisted_on=tomorrow)
    assert list(Designation.objects.active()) == [designation]
    assert not Designation.objects.delisted().exists()


def test_delisted_on_the_day_is_delisted(make_designation):
    designation = make_designation(listed_on=DAY - datetime.timedelta(days=5), delisted_on=DAY)
    assert list(Designation.objects.delisted(on=DAY)) == [designation]
    assert designation.status(on=DAY) == "delisted"
    assert designation.status(on=DAY - datetime.timedelta(days=1)) == "active"


def test_subject_status_is_active_while_any_designation_is(make_subject, make_designation):
    subject = make_subject()
    make_designation(subject=subject, listed_on=DAY, delisted_on=DAY)
    make_designation(subject=subject, listed_on=DAY)
    assert subject.status(on=DAY) == "active"
    assert list(Subject.objects.active(on=DAY)) == [subject]
    assert not Subject.objects.delisted(on=DAY).exists()


def test_subject_status_is_delisted_when_every_designation_ended(make_subject, make_designation):
    subject = make_subject()
    make_designation(subject=subject, listed_on=DAY, delisted_on=DAY)
    assert subject.status(on=DAY) == "delisted"
    assert list(Subject.objects.delisted(on=DAY)) == [subject]
    annotated = Subject.objects.with_status(on=DAY).get()
    assert (annotated.is_active, annotated.is_delisted) == (False, True)


def test_subject_without_designation_has_no_status(make_subject):
    assert make_subject().status() == ""


def test_subject_with_designations_cannot_be_deleted(make_designation):
    from django.db.models import ProtectedError

    designation = make_designation()
    with pytest.raises(ProtectedError):
        designation.subject.delete()


def test_gender_only_for_persons(make_subject):
    vessel = make_subject(kind="vessel", name="TONG SAN 2")
    vessel.gender = "male"
    with pytest.raises(ValidationError):
        vessel.full_clean()
    refused_by_database(lambda: Subject.objects.filter(pk=vessel.pk).update(gender="male"))


# --- Relationships, articles, citations -------------------------------------------------------


def test_relationship_to_self_is_refused(make_subject):
    subject = make_subject()
    relationship = Relationship(subject=subject, related=subject, kind="associate")
    with pytest.raises(ValidationError):
        relationship.full_clean()
    refused_by_database(
        lambda: Relationship.objects.create(subject=subject, related=subject, kind="associate")
    )


def test_citation_that_links_to_nothing_is_refused(db):
    article = SourceArticle.objects.create(title="Report")
    citation = Citation(article=article, quote="…")
    with pytest.raises(ValidationError, match="must link to a subject or a designation"):
        citation.full_clean()
    refused_by_database(lambda: Citation.objects.create(article=article, quote="…"))


def test_article_url_is_unique_when_present(db):
    SourceArticle.objects.create(title="A", url="https://example.org/a")
    SourceArticle.objects.create(title="B")
    SourceArticle.objects.create(title="C")
    refused_by_database(
        lambda: SourceArticle.objects.create(title="D", url="https://example.org/a")
    )


# --- Bookkeeping and history ------------------------------------------------------------------


def test_editing_a_part_marks_the_subject_updated(make_subject):
    subject = make_subject()
    before = subject.last_updated
    Address.objects.create(subject=subject, full="Pyongyang, North Korea", country="KP")
    subject.refresh_from_db()
    assert subject.last_updated > before


def test_every_save_writes_a_history_row(make_subject):
    subject = make_subject(name="Choe Ryong Hae")
    subject.position = "Director"
    subject.save()
    latest, first = subject.history.all()[:2]
    assert (first.history_type, latest.history_type) == ("+", "~")
    delta = latest.diff_against(first, excluded_fields=["version"])
    assert [(c.field, c.old, c.new) for c in delta.changes] == [("position", "", "Director")]


# --- Optimistic locking -------------------------------------------------------------------


def test_every_save_bumps_the_version(make_subject):
    subject = make_subject()
    assert subject.version == 1
    subject.position = "Director"
    subject.save()
    subject.refresh_from_db()
    assert subject.version == 2
    assert subject.history.latest().version == 2


def test_a_save_from_a_stale_copy_is_refused_and_nothing_is_overwritten(make_subject):
    subject = make_subject(name="Kim Il")
    stale = Subject.objects.get(pk=subject.pk)
    subject.name = "Kim Il-sung"
    subject.save()
    stale.position = "Leader"
    # A savepoint, as around any save that may fail: the failed save marks it for rollback.
    with pytest.raises(StaleRecordError), transaction.atomic():
        stale.save()
    assert stale.version == 1  # unchanged, so a retry after refresh_from_db() is honest
    fresh = Subject.objects.get(pk=subject.pk)
    assert (fresh.name, fresh.position, fresh.version) == ("Kim Il-sung", "", 2)


def test_saving_with_update_fields_bumps_the_version_too(make_subject):
    subject = make_subject()
    subject.position = "Envoy"
    subject.save(update_fields=["position"])
    assert Subject.objects.get(pk=subject.pk).version == 2


def test_import_run_change_reason_is_read_back_by_the_same_rule(db):
    run = ImportRun.objects.create(
        format="ofac-csv", list="us-ofac-sdn", started=datetime.datetime.now(datetime.UTC)
    )
    assert run.change_reason == f"import run {run.pk}: us-ofac-sdn"
    assert run.change_reason.startswith(ImportRun.reason_prefix(run.pk))
    assert ImportRun.parse_change_reason(run.change_reason) == {"id": run.pk, "list": "us-ofac-sdn"}


@pytest.mark.parametrize("reason", ["delisted", "", None, "import run x: us-ofac-sdn"])
def test_other_change_reasons_name_no_import_run(reason):
    assert ImportRun.parse_change_reason(reason) is None


def test_every_model_imports_from_the_module_it_names():
    # Django's shell imports each model by its module and name, historical ones included.
    from django.apps import apps
    from django.utils.module_loading import import_string

    for model in apps.get_app_config("sanctions").get_models():
        assert import_string(f"{model.__module__}.{model.__name__}") is model
