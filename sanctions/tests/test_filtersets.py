"""The shared FilterSets: one test per parameter, with its boundaries and bad values."""

import datetime

import pytest
from django.http import QueryDict
from django.utils import timezone

from sanctions.filtersets import (
    AgencyFilterSet,
    DesignationFilterSet,
    LegalAuthorityFilterSet,
    MeasureFilterSet,
    ProgramFilterSet,
    SourceArticleFilterSet,
    SubjectFilterSet,
)
from sanctions.models import (
    Alias,
    Designation,
    Measure,
    Nationality,
    Subject,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def ids(filterset_class, query):
    """The ids the FilterSet keeps for a query string, in their order."""
    filterset = filterset_class(
        QueryDict(query), queryset=filterset_class._meta.model.objects.all()
    )
    assert filterset.is_valid(), filterset.errors
    return list(filterset.qs.values_list("id", flat=True))


def errors(filterset_class, query):
    filterset = filterset_class(
        QueryDict(query), queryset=filterset_class._meta.model.objects.all()
    )
    assert not filterset.is_valid()
    return {name: " ".join(messages) for name, messages in filterset.errors.items()}


# --- Subjects -----------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["Ryong-hae", "RYONG HAE", "ryong hae", "hae ryong", "Chʼoe"])
def test_q_ignores_case_accents_punctuation_and_word_order(seed, query):
    choe = Subject.objects.get(name="Choe Ryong Hae")
    assert ids(SubjectFilterSet, f"q={query}") == [choe.pk]


def test_q_matches_aliases(make_subject):
    subject = make_subject(name="Kim Yong Chol")
    Alias.objects.create(subject=subject, name="Kim Jong-ho")
    assert ids(SubjectFilterSet, "q=jong+ho") == [subject.pk]


def test_q_needs_every_word(make_subject):
    make_subject(name="Kim Yong Chol")
    # Every word must be found (in some spelling): "ryong" would find "Yong", the same
    # Korean syllable in another romanization, but nothing spells "hassan" like this.
    assert ids(SubjectFilterSet, "q=kim+hassan") == []


def test_kind_repeated_values_combine_with_or(make_subject):
    person = make_subject(kind="person", name="A")
    vessel = make_subject(kind="vessel", name="B")
    make_subject(kind="aircraft", name="C")
    assert ids(SubjectFilterSet, "kind=person") == [person.pk]
    assert ids(SubjectFilterSet, "kind=person&kind=vessel") == [person.pk, vessel.pk]


def test_kind_unknown_value_names_the_allowed_values(db):
    assert errors(SubjectFilterSet, "kind=cat") == {
        "kind": "“cat” is not allowed; use one of: person, organization, vessel, aircraft."
    }


def test_nationality_matches_nationality_or_citizenship_once(make_subject):
    both = make_subject(name="A")
    Nationality.objects.create(subject=both, country="KP", kind="nationality")
    Nationality.objects.create(subject=both, country="KP", kind="citizenship")
    citizen = make_subject(name="B")
    Nationality.objects.create(subject=citizen, country="KP", kind="citizenship")
    other = make_subject(name="C")
    Nationality.objects.create(subject=other, country="RU")
    assert ids(SubjectFilterSet, "nationality=KP") == [both.pk, citizen.pk]
    assert ids(SubjectFilterSet, "nationality=KP&nationality=RU") == [both.pk, citizen.pk, other.pk]


def test_nationality_accepts_kosovo(make_subject):
    subject = make_subject()
    Nationality.objects.create(subject=subject, country="XK")
    assert ids(SubjectFilterSet, "nationality=XK") == [subject.pk]


@pytest.mark.parametrize("value", ["kp", "North Korea", "ZZ"])
def test_nationality_needs_a_capital_iso_code(db, value):
    assert "ISO 3166-1 alpha-2" in errors(SubjectFilterSet, f"nationality={value}")["nationality"]


def test_agency_is_a_slug_and_repeats_combine_with_or(make_designation, make_agency):
    ofac, ofsi, un = (make_agency(slug=slug) for slug in ("us-ofac", "uk-ofsi", "un-sc"))
    by_ofac = make_designation(agency=ofac).subject
    by_ofsi = make_designation(agency=ofsi).subject
    make_designation(agency=un)
    assert ids(SubjectFilterSet, "agency=us-ofac") == [by_ofac.pk]
    assert sorted(ids(SubjectFilterSet, "agency=us-ofac&agency=uk-ofsi")) == sorted(
        [by_ofac.pk, by_ofsi.pk]
    )


def test_agency_unknown_slug_filters_to_nothing(make_designation):
    make_designation()
    assert ids(SubjectFilterSet, "agency=nope") == []


def test_agency_malformed_slug_is_an_error(db):
    assert errors(SubjectFilterSet, "agency=no pe") == {
        "agency": "“no pe” is not a slug: use letters, digits, hyphens and underscores."
    }


def test_program_by_code_in_any_case_or_by_slug(make_designation, make_program):
    dprk2 = make_program(code="DPRK2", slug="us-ofac-dprk2")
    listed = make_designation(program=dprk2, agency=dprk2.agency).subject
    make_designation()
    assert ids(SubjectFilterSet, "program=dprk2") == [listed.pk]
    assert ids(SubjectFilterSet, "program=us-ofac-dprk2") == [listed.pk]


def test_program_unknown_filters_to_nothing(make_designation, make_program):
    dprk2 = make_program(code="DPRK2")
    make_designation(program=dprk2, agency=dprk2.agency)
    assert ids(SubjectFilterSet, "program=XX") == []


def test_authority_is_a_slug(make_designation, make_authority):
    order = make_authority(slug="eo-13687")
    listed = make_designation(authorities=[order]).subject
    make_designation(authorities=[make_authority()])
    assert ids(SubjectFilterSet, "authority=eo-13687") == [listed.pk]
    assert ids(SubjectFilterSet, "authority=eo-1") == []
    assert "is not a slug" in errors(SubjectFilterSet, "authority=eo/1")["authority"]


def test_measure_is_a_slug(make_designation):
    travel_ban = Measure.objects.get(slug="travel-ban")
    listed = make_designation(measures=[travel_ban]).subject
    make_designation()  # asset freeze
    assert ids(SubjectFilterSet, "measure=travel-ban") == [listed.pk]
    assert ids(SubjectFilterSet, "measure=freeze") == []
    assert "is not a slug" in errors(SubjectFilterSet, "measure=asset freeze")["measure"]


@pytest.fixture
def statuses(make_designation, make_subject):
    """Subjects by status today."""
    active = make_designation(delisted_on=TODAY + DAY).subject  # delisted tomorrow: active
    delisted = make_designation(delisted_on=TODAY).subject
    both = make_designation(delisted_on=TODAY - DAY).subject
    make_designation(subject=both)  # one ended, one still in force: active
    future = make_designation(listed_on=TODAY + DAY).subject
    never = make_subject()
    return {"active": active, "delisted": delisted, "both": both, "future": future, "none": never}


def test_status_active_excludes_delisted(statuses):
    expected = {statuses["active"].pk, statuses["both"].pk}
    assert set(ids(SubjectFilterSet, "status=active")) == expected


def test_status_delisted_excludes_subjects_still_in_force(statuses):
    assert ids(SubjectFilterSet, "status=delisted") == [statuses["delisted"].pk]


def test_status_both_values_exclude_the_undesignated(statuses):
    expected = {statuses[name].pk for name in ("active", "delisted", "both")}
    assert set(ids(SubjectFilterSet, "status=active&status=delisted")) == expected


def test_status_unknown_value_names_the_allowed_values(db):
    assert errors(SubjectFilterSet, "status=maybe") == {
        "status": "“maybe” is not allowed; use one of: active, delisted."
    }


def test_listed_after_and_before_include_the_day(make_designation):
    on_day = make_designation(listed_on=datetime.date(2018, 12, 10)).subject
    make_designation(listed_on=datetime.date(2018, 12, 9))
    make_designation(listed_on=datetime.date(2018, 12, 11))
    make_designation(listed_on=None)  # unknown dates match no bound
    query = "listed_after=2018-12-10&listed_before=2018-12-10"
    assert ids(SubjectFilterSet, query) == [on_day.pk]


@pytest.mark.parametrize("value", ["yesterday", "12/10/2018", "2018-13-01", "2018-12-10T00:00"])
def test_listed_after_needs_an_iso_date(db, value):
    assert errors(SubjectFilterSet, f"listed_after={value}") == {
        "listed_after": "Enter a date as YYYY-MM-DD, e.g. 2018-12-10."
    }


def test_listed_before_needs_an_iso_date(db):
    assert "YYYY-MM-DD" in errors(SubjectFilterSet, "listed_before=2018")["listed_before"]


def test_designation_conditions_hold_on_one_designation(make_designation, make_agency):
    ofac, un = make_agency(slug="us-ofac"), make_agency(slug="un-sc")
    subject = make_designation(agency=ofac, listed_on=datetime.date(2015, 1, 1)).subject
    make_designation(subject=subject, agency=un, listed_on=datetime.date(2020, 1, 1))
    assert ids(SubjectFilterSet, "agency=us-ofac&listed_after=2019-01-01") == []
    assert ids(SubjectFilterSet, "agency=un-sc&listed_after=2019-01-01") == [subject.pk]


def test_different_parameters_combine_with_and(seed):
    choe = Subject.objects.get(name="Choe Ryong Hae")
    query = "agency=us-ofac&authority=eo-13687&listed_after=2018-01-01&q=choe"
    assert ids(SubjectFilterSet, query) == [choe.pk]


def at(subject, moment):
    Subject.objects.filter(pk=subject.pk).update(last_updated=moment)


def test_changed_since_includes_the_moment(make_subject):
    moment = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
    exactly, before = make_subject(name="A"), make_subject(name="B")
    at(exactly, moment)
    at(before, moment - datetime.timedelta(microseconds=1))
    assert ids(SubjectFilterSet, "changed_since=2024-01-01T00:00:00Z") == [exactly.pk]


@pytest.mark.parametrize(
    "value",
    [
        "2024-01-01T02:00:00%2B02:00",  # an encoded "+"
        "2024-01-01T02:00:00+02:00",  # an unencoded "+" arrives as a space
        "2024-01-01",  # a date is its midnight, UTC
        "2024-01-01T00:00:00",  # no offset: UTC
    ],
)
def test_changed_since_reads_offsets_and_dates(make_subject, value):
    subject = make_subject()
    at(subject, datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC))
    assert ids(SubjectFilterSet, f"changed_since={value}") == [subject.pk]
    at(subject, datetime.datetime(2023, 12, 31, 23, 59, tzinfo=datetime.UTC))
    assert ids(SubjectFilterSet, f"changed_since={value}") == []


@pytest.mark.parametrize("value", ["monday", "2024-01-01T25:00:00Z", "0001-01-01T00:00:00%2B01:00"])
def test_changed_since_bad_value_is_an_error(db, value):
    assert "ISO 8601" in errors(SubjectFilterSet, f"changed_since={value}")["changed_since"]


def test_ordering_by_documented_fields_breaks_ties_by_id(make_subject):
    first, second = make_subject(kind="vessel", name="B"), make_subject(kind="vessel", name="A")
    person = make_subject(kind="person", name="C")
    assert ids(SubjectFilterSet, "ordering=-kind") == [first.pk, second.pk, person.pk]
    assert ids(SubjectFilterSet, "ordering=kind,name") == [person.pk, second.pk, first.pk]


def test_ordering_refuses_undocumented_fields(db):
    message = errors(SubjectFilterSet, "ordering=password")["ordering"]
    assert message.startswith("“password” is not allowed; use one of: name, -name, kind")


def test_blank_values_filter_nothing(make_subject):
    subject = make_subject()
    assert ids(SubjectFilterSet, "status=&agency=&kind=&q=+&listed_after=") == [subject.pk]


# --- Designations -------------------------------------------------------------------------


def test_designation_subject_ids_combine_with_or(make_designation):
    first, second, _third = make_designation(), make_designation(), make_designation()
    query = f"subject={first.subject_id}&subject={second.subject_id}"
    assert sorted(ids(DesignationFilterSet, query)) == sorted([first.pk, second.pk])


@pytest.mark.parametrize(
    "value", ["abc", "0", "-1", "1.5", "99999999999999999999", "-99999999999999999999"]
)
def test_designation_subject_bad_id_is_an_error(db, value):
    message = f"“{value}” is not a subject id (a whole number from 1)."
    assert errors(DesignationFilterSet, f"subject={value}") == {"subject": message}


def test_designation_subject_unknown_id_filters_to_nothing(make_designation):
    make_designation()
    assert ids(DesignationFilterSet, "subject=999999") == []


def test_designation_agency_program_authority_measure(seed, make_designation):
    make_designation()  # another agency, program, authority
    query = "agency=us-ofac&program=DPRK2&authority=eo-13687&measure=transaction-ban"
    expected = Designation.objects.filter(program__code="DPRK2").values_list("pk", flat=True)
    assert sorted(ids(DesignationFilterSet, query)) == sorted(expected)


def test_designation_status_active_excludes_delisted(make_designation):
    tomorrow = make_designation(delisted_on=TODAY + DAY)
    unknown_listing = make_designation(listed_on=None)
    make_designation(delisted_on=TODAY)
    make_designation(listed_on=TODAY + DAY)
    expected = {tomorrow.pk, unknown_listing.pk}
    assert set(ids(DesignationFilterSet, "status=active")) == expected


def test_designation_status_delisted_includes_today(make_designation):
    today = make_designation(delisted_on=TODAY)
    make_designation(delisted_on=TODAY + DAY)
    make_designation()
    assert ids(DesignationFilterSet, "status=delisted") == [today.pk]
    assert "active, delisted" in errors(DesignationFilterSet, "status=ended")["status"]


def test_designation_listed_bounds_include_the_day(make_designation):
    early = make_designation(listed_on=datetime.date(2018, 12, 10))
    late = make_designation(listed_on=datetime.date(2018, 12, 11))
    make_designation(listed_on=None)
    assert ids(DesignationFilterSet, "listed_before=2018-12-10") == [early.pk]
    assert ids(DesignationFilterSet, "listed_after=2018-12-11") == [late.pk]


def test_designation_delisted_bounds_include_the_day(make_designation):
    early = make_designation(delisted_on=datetime.date(2020, 1, 1))
    late = make_designation(delisted_on=datetime.date(2021, 1, 1))
    make_designation(delisted_on=None)
    assert ids(DesignationFilterSet, "delisted_after=2021-01-01") == [late.pk]
    assert ids(DesignationFilterSet, "delisted_before=2020-01-01") == [early.pk]
    assert "YYYY-MM-DD" in errors(DesignationFilterSet, "delisted_after=2021")["delisted_after"]


def test_designation_changed_since(make_designation):
    changed, _old = make_designation(), make_designation()
    Designation.objects.exclude(pk=changed.pk).update(
        last_updated=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    )
    assert ids(DesignationFilterSet, "changed_since=2021-01-01T00:00:00Z") == [changed.pk]


def test_designation_ordering_puts_unknown_dates_last_both_ways(make_designation):
    unknown = make_designation(listed_on=None)
    old = make_designation(listed_on=datetime.date(2001, 1, 1))
    new = make_designation(listed_on=datetime.date(2002, 1, 1))
    assert ids(DesignationFilterSet, "ordering=listed_on") == [old.pk, new.pk, unknown.pk]
    assert ids(DesignationFilterSet, "ordering=-listed_on") == [new.pk, old.pk, unknown.pk]
    assert "listed_on, -listed_on" in errors(DesignationFilterSet, "ordering=reason")["ordering"]


# --- Articles -----------------------------------------------------------------------------


def test_article_q_needs_every_word_in_title_summary_or_text(make_article):
    article = make_article(title="Treasury sanctions officials", text="North Korean")
    make_article(title="Treasury report")
    assert ids(SourceArticleFilterSet, "q=treasury+korean") == [article.pk]


def test_article_kind(make_article):
    release = make_article(kind="press_release")
    make_article(kind="news")
    assert ids(SourceArticleFilterSet, "kind=press_release") == [release.pk]
    assert "news, press_release" in errors(SourceArticleFilterSet, "kind=blog")["kind"]


def test_article_publisher_exact_in_any_case_repeats_combine_with_or(make_article):
    afp, reuters = make_article(publisher="AFP"), make_article(publisher="Reuters")
    make_article(publisher="AFP Asia")
    null = make_article(publisher="null")
    assert ids(SourceArticleFilterSet, "publisher=afp") == [afp.pk]
    assert sorted(ids(SourceArticleFilterSet, "publisher=afp&publisher=REUTERS")) == sorted(
        [afp.pk, reuters.pk]
    )
    assert ids(SourceArticleFilterSet, "publisher=null") == [null.pk]


def test_article_published_bounds_include_the_day(make_article):
    on_day = make_article(published_on=datetime.date(2018, 12, 10))
    make_article(published_on=datetime.date(2018, 12, 11))
    make_article(published_on=None)
    query = "published_after=2018-12-10&published_before=2018-12-10"
    assert ids(SourceArticleFilterSet, query) == [on_day.pk]
    errors_ = errors(SourceArticleFilterSet, "published_before=10.12.2018")
    assert errors_ == {"published_before": "Enter a date as YYYY-MM-DD, e.g. 2018-12-10."}


def test_article_subject_includes_citations_of_its_designations_once(
    make_designation, make_citation, make_article
):
    designation = make_designation()
    article = make_article()
    make_citation(article=article, subject=designation.subject)
    make_citation(article=article, designation=designation)
    via_designation = make_citation(designation=designation).article
    make_citation(designation=make_designation())
    expected = sorted([article.pk, via_designation.pk])
    assert sorted(ids(SourceArticleFilterSet, f"subject={designation.subject_id}")) == expected
    assert "subject id" in errors(SourceArticleFilterSet, "subject=me")["subject"]


# --- Reference data -----------------------------------------------------------------------


def test_agency_q_and_country(make_agency):
    ofac = make_agency(name="Office of Foreign Assets Control", acronym="OFAC", country="US")
    eu = make_agency(name="Council of the European Union", acronym="", country="EU")
    assert ids(AgencyFilterSet, "q=foreign+assets") == [ofac.pk]
    assert ids(AgencyFilterSet, "q=ofac") == [ofac.pk]
    assert ids(AgencyFilterSet, "country=EU") == [eu.pk]
    assert sorted(ids(AgencyFilterSet, "country=EU&country=US")) == sorted([ofac.pk, eu.pk])
    assert "or EU or UN" in errors(AgencyFilterSet, "country=Europe")["country"]


def test_authority_q_country_and_kind(make_authority):
    order = make_authority(title="Executive Order 13687", country="US")
    resolution = make_authority(title="Resolution 2270", kind="unsc_resolution", country="UN")
    assert ids(LegalAuthorityFilterSet, "q=13687") == [order.pk]
    assert ids(LegalAuthorityFilterSet, "country=UN") == [resolution.pk]
    assert ids(LegalAuthorityFilterSet, "kind=unsc_resolution") == [resolution.pk]
    assert "executive_order, statute" in errors(LegalAuthorityFilterSet, "kind=law")["kind"]


def test_program_q_country_status_and_agency(make_program, make_agency):
    ofac = make_agency(slug="us-ofac", country="US")
    dprk2 = make_program(code="DPRK2", agency=ofac)
    ended = make_program(code="OLD", status="ended", agency=make_agency(country="GB"))
    assert ids(ProgramFilterSet, "q=dprk") == [dprk2.pk]
    assert ids(ProgramFilterSet, "country=US") == [dprk2.pk]
    assert ids(ProgramFilterSet, "status=ended") == [ended.pk]
    assert ids(ProgramFilterSet, "agency=us-ofac") == [dprk2.pk]
    assert "active, ended" in errors(ProgramFilterSet, "status=paused")["status"]


def test_measure_q(db):
    assert ids(MeasureFilterSet, "q=travel") == [Measure.objects.get(slug="travel-ban").pk]
    assert "name, -name" in errors(MeasureFilterSet, "ordering=slug")["ordering"]


def test_article_ordering_refuses_undocumented_fields(db):
    assert "published_on" in errors(SourceArticleFilterSet, "ordering=text")["ordering"]


def test_a_box_per_value_the_label_names_the_first_and_each_other_is_named_too():
    form = SubjectFilterSet(QueryDict("entry_id=6908&entry_id=DPRKi.001")).form
    html = form["entry_id"].as_field_group()
    assert '<label for="id_entry_id_0">Entry ID on the list:</label>' in html
    assert 'id="id_entry_id_1" aria-label="Entry ID on the list, value 2"' in html
    assert 'aria-label="Entry ID on the list, value 1"' not in html


def test_boxes_for_subject_ids_are_named_too(db):
    form = DesignationFilterSet(QueryDict("subject=1&subject=2")).form
    html = form["subject"].as_field_group()
    assert '<label for="id_subject_0">Subject (id):</label>' in html
    assert 'id="id_subject_1" aria-label="Subject (id), value 2"' in html
