"""The readers' pages: access, dashboard, lists (filters, errors, sorting, paging, CSV), details."""

import csv
import datetime
import io
from types import SimpleNamespace
from urllib.parse import quote

import pytest
from django.db.models import F
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from sanctions import exports
from sanctions.charts import designations_per_month, nice_step
from sanctions.importers import history as import_history
from sanctions.models import (
    Address,
    Agency,
    Alias,
    BirthPlace,
    Citation,
    Designation,
    Identifier,
    LegalAuthority,
    Measure,
    Nationality,
    Program,
    SourceArticle,
    Subject,
)
from sanctions.tracking.history import recent_changes

PASSWORD = "correct-horse-battery"

LISTS = ["subject", "designation", "agency", "authority", "program", "article"]
PAGES = [
    ("sanctions:dashboard", {}),
    *[(f"sanctions:{name}_list", {}) for name in LISTS],
    *[(f"sanctions:{name}_export", {}) for name in LISTS],
    ("sanctions:subject_detail", {"pk": 1}),
    ("sanctions:designation_detail", {"pk": 1}),
    ("sanctions:agency_detail", {"slug": "us-ofac"}),
    ("sanctions:authority_detail", {"slug": "eo-13687"}),
    ("sanctions:program_detail", {"slug": "us-ofac-dprk2"}),
    ("sanctions:article_detail", {"pk": 1}),
]


@pytest.fixture
def reader(db, django_user_model):
    """A logged-in reader who is not staff: reads every page, edits nothing."""
    return django_user_model.objects.create_user(username="reader", password=PASSWORD)


@pytest.fixture
def reader_client(client, reader):
    client.force_login(reader)
    return client


@pytest.fixture
def world(seed, make_subject, make_designation, make_program, make_authority):
    """The seed (OFAC's 2018 North Korea designations) and records that differ from it.

    Ivan Petrov: an EU designation under its own program and regulation, with a travel ban,
    listed 15 March 2022 and delisted 1 June 2023, Russian. Blue Ocean Shipping: an
    organization OFAC listed under DPRK3 on 1 May 2019. Reuters reported Petrov's listing.
    """
    eu = Agency.objects.get(slug="eu-council")
    regulation = make_authority(slug="eu-reg-269", title="Regulation (EU) No 269/2014")
    eu_program = make_program(agency=eu, slug="eu-ukr", code="UKR", name="Ukraine")
    petrov = make_subject(name="Ivan Petrov")
    Nationality.objects.create(subject=petrov, country="RU")
    petrov_listing = make_designation(
        subject=petrov,
        agency=eu,
        program=eu_program,
        authorities=[regulation],
        measures=[Measure.objects.get(slug="travel-ban")],
        listed_on=datetime.date(2022, 3, 15),
        delisted_on=datetime.date(2023, 6, 1),
    )
    shipping = make_subject(name="Blue Ocean Shipping", kind="organization")
    make_designation(
        subject=shipping,
        agency=Agency.objects.get(slug="us-ofac"),
        program=Agency.objects.get(slug="us-ofac").programs.get(code="DPRK3"),
        authorities=[LegalAuthority.objects.get(slug="eo-13722")],
        listed_on=datetime.date(2019, 5, 1),
    )
    article = SourceArticle.objects.create(
        title="EU lists Ivan Petrov",
        publisher="Reuters",
        published_on=datetime.date(2022, 3, 16),
        text="The EU added Ivan Petrov to its list.",
    )
    Citation.objects.create(article=article, designation=petrov_listing, quote="added Petrov")
    return SimpleNamespace(petrov=petrov, shipping=shipping, petrov_listing=petrov_listing)


def page_rows(response):
    return list(response.context["page_obj"].object_list)


def row_names(response):
    """What identifies each row on the page: a subject's name, a designation's subject..."""
    names = []
    for row in page_rows(response):
        if isinstance(row, Designation):
            names.append(row.subject.name)
        elif isinstance(row, Program):
            names.append(row.code)
        else:
            names.append(getattr(row, "name", None) or row.title)
    return names


def csv_rows(response):
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(body.removeprefix("\ufeff"))))


# --- Who may read -----------------------------------------------------------------------


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_anonymous_reader_is_sent_to_the_login_page(client, seed, name, kwargs):
    url = reverse(name, kwargs=kwargs)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={quote(url)}"


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_public_read_opens_every_page_to_anonymous_readers(client, seed, settings, name, kwargs):
    settings.TRACKER_PUBLIC_READ = True
    assert client.get(reverse(name, kwargs=kwargs)).status_code == 200


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_any_logged_in_user_may_read(reader_client, seed, name, kwargs):
    assert reader_client.get(reverse(name, kwargs=kwargs)).status_code == 200


def test_login_page_links_back_to_where_the_reader_was_going(client):
    response = client.get(reverse("login"), {"next": "/subjects/?kind=person"})
    assertContains(response, '<a href="/subjects/?kind=person">Back to where you were going</a>')
    assertContains(response, '<input type="hidden" name="next" value="/subjects/?kind=person">')


def test_login_page_offers_no_link_to_another_site(client):
    response = client.get(reverse("login"), {"next": "https://evil.example/"})
    assertNotContains(response, "evil.example")


def test_login_needs_the_csrf_token_and_then_returns_to_next(reader):
    client = Client(enforce_csrf_checks=True)
    credentials = {"username": "reader", "password": PASSWORD, "next": "/subjects/"}
    assert client.post(reverse("login"), credentials).status_code == 403
    page = client.get(reverse("login"))
    assertContains(page, 'name="csrfmiddlewaretoken"')
    token = str(page.context["csrf_token"])
    response = client.post(reverse("login"), {**credentials, "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert response.url == "/subjects/"


def test_logout_is_a_post_form_that_needs_the_csrf_token(seed, reader):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)
    page = client.get(reverse("sanctions:dashboard"))
    assertContains(page, f'<form method="post" action="{reverse("logout")}">')
    assert client.post(reverse("logout")).status_code == 403
    token = str(page.context["csrf_token"])
    response = client.post(reverse("logout"), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert client.get(reverse("sanctions:dashboard")).status_code == 302


def test_anonymous_public_reader_sees_a_login_link_back_to_the_page(client, seed, settings):
    settings.TRACKER_PUBLIC_READ = True
    response = client.get("/subjects/?kind=person")
    assertContains(response, f'href="{reverse("login")}?next=/subjects/%3Fkind%3Dperson"')


# --- Page frame and accessibility ------------------------------------------------------


def test_every_page_has_a_skip_link_to_the_main_content(reader_client, seed):
    response = reader_client.get(reverse("sanctions:subject_list"))
    assertContains(response, '<a class="skip-link" href="#content">Skip to main content</a>')
    assertContains(response, '<main id="content" tabindex="-1">')


def test_menu_marks_the_current_page_and_section(reader_client, seed):
    list_page = reader_client.get(reverse("sanctions:subject_list"))
    assertContains(list_page, f'<a href="{reverse("sanctions:subject_list")}" aria-current="page">')
    detail = reader_client.get(reverse("sanctions:subject_detail", kwargs={"pk": 1}))
    assertContains(detail, f'<a href="{reverse("sanctions:subject_list")}" aria-current="true">')


@pytest.mark.parametrize("name", LISTS)
def test_every_visible_filter_has_a_label(reader_client, seed, name):
    response = reader_client.get(reverse(f"sanctions:{name}_list"))
    for field in response.context["filter"].form.visible_fields():
        if field.use_fieldset:
            assertContains(response, f"<legend>{field.label}</legend>")
        else:
            assertContains(response, f'<label for="{field.id_for_label}">{field.label}</label>')


def test_tables_have_a_caption_and_header_scopes(reader_client, seed):
    response = reader_client.get(reverse("sanctions:subject_list"))
    assertContains(response, '<caption id="results-caption" class="visually-hidden">')
    assertContains(response, '<th scope="row">', count=4)


def test_css_and_javascript_are_served_by_the_app(reader_client, seed):
    html = reader_client.get(reverse("sanctions:dashboard")).content.decode()
    assert 'href="/static/sanctions/site.css"' in html
    assert 'src="/static/sanctions/site.js"' in html
    assert "https://" not in html.split("<body>")[0]


# --- Dashboard --------------------------------------------------------------------------


def test_dashboard_counts_subjects_active_designations_and_delistings(reader_client, seed):
    Designation.objects.filter(pk=2).update(delisted_on=datetime.date(2020, 1, 1))
    response = reader_client.get(reverse("sanctions:dashboard"))
    context = response.context
    assert (context["subject_count"], context["active_count"], context["delisted_count"]) == (
        4,
        3,
        1,
    )
    assertContains(response, '<span class="count">3</span> active designations')


def test_dashboard_lists_the_latest_designations_first(reader_client, world):
    response = reader_client.get(reverse("sanctions:dashboard"))
    latest = [d.subject.name for d in response.context["latest_designations"]]
    assert latest[:2] == ["Ivan Petrov", "Blue Ocean Shipping"]
    # No listing date: not among the listings (nor among those first seen: no list entry).
    assert "Kim Jong Un" not in latest
    assert list(response.context["latest_first_seen"]) == []


def test_dashboard_search_box_searches_subjects(reader_client, seed):
    response = reader_client.get(reverse("sanctions:dashboard"))
    assertContains(response, f'action="{reverse("sanctions:subject_list")}" role="search"')
    assertContains(response, '<input id="dashboard-q" type="search" name="q"')


def test_dashboard_shows_who_changed_what(reader_client, seed, analyst):
    subject = Subject.objects.get(name="Choe Ryong Hae")
    subject.position = "Chairman of the Presidium"
    subject._history_user = analyst
    subject.save()
    response = reader_client.get(reverse("sanctions:dashboard"))
    change = response.context["changes"][0]
    assert (change.record_type, change.label, change.action) == (
        "subject",
        "Choe Ryong Hae",
        "changed",
    )
    assertContains(response, f'Subject <a href="{subject.get_absolute_url()}">Choe Ryong Hae</a>')
    assertContains(response, "by analyst")


def test_dashboard_hides_editors_names_from_anonymous_readers(client, seed, analyst, settings):
    settings.TRACKER_PUBLIC_READ = True
    subject = Subject.objects.get(name="Choe Ryong Hae")
    subject._history_user = analyst
    subject.save()
    assertNotContains(client.get(reverse("sanctions:dashboard")), "analyst")


def test_dashboard_chart_is_an_accessible_inline_svg(reader_client, seed):
    response = reader_client.get(reverse("sanctions:dashboard"))
    assertContains(response, 'role="img" aria-labelledby="chart-title chart-desc"')
    assertContains(
        response,
        '<title id="chart-title">Designations per month by agency, '
        "January 2017 to December 2018</title>",
    )
    assertContains(
        response,
        "3 designations listed (or, where the list gives no listing date, first seen) in these "
        "months",
    )
    assertContains(response, "<title>Dec 2018, OFAC: 3</title>")
    assertContains(response, "1 designation entered by hand without a listing date is not shown.")
    assertContains(
        response,
        f'<a href="{reverse("sanctions:designation_list")}'
        '?listed_after=2018-12-01&amp;listed_before=2018-12-31">December 2018</a>',
    )


def test_dashboard_without_dated_designations_says_so(reader_client, seed):
    Designation.objects.update(listed_on=None)
    response = reader_client.get(reverse("sanctions:dashboard"))
    assertContains(response, "No dated designations yet (4 without a listing date).")
    assertNotContains(response, "<svg viewBox")


def test_chart_groups_agencies_past_the_sixth_as_other(db, make_designation, make_agency):
    for n in range(8):
        agency = make_agency(acronym=f"AG{n}")
        for _ in range(n + 1):
            make_designation(agency=agency, listed_on=datetime.date(2024, 5, 10))
    chart = designations_per_month(today=datetime.date(2024, 6, 1))
    labels = [series.label for series in chart.series]
    assert labels == ["AG7", "AG6", "AG5", "AG4", "AG3", "AG2", "Other agencies"]
    assert chart.series[-1].total == 1 + 2
    assert chart.months[-1].day == datetime.date(2024, 5, 1)
    assert chart.months[-1].total == sum(range(1, 9))


def test_chart_leaves_out_listings_announced_for_later(db, make_designation):
    make_designation(listed_on=datetime.date(2024, 5, 10))
    make_designation(listed_on=datetime.date(2030, 1, 1))
    chart = designations_per_month(today=datetime.date(2024, 6, 1))
    assert chart.last_day == datetime.date(2024, 5, 31)
    assert chart.total == 1


@pytest.mark.parametrize(("largest", "step"), [(1, 1), (3, 1), (9, 5), (40, 10), (180, 50)])
def test_chart_ticks_are_round_numbers(largest, step):
    assert nice_step(largest) == step


def test_recent_changes_show_a_new_record_once_as_added(db, make_designation):
    designation = make_designation()  # saved, then its measures set: two history rows
    changes = [c for c in recent_changes() if c.record_type == "designation"]
    assert [(c.label, c.action) for c in changes] == [
        (f"{designation.subject.name} — {designation.agency.acronym}", "added")
    ]


def test_recent_changes_link_a_deleted_alias_to_its_subject(seed):
    alias = Alias.objects.get(name="PAK, Kwang Ho")
    alias.delete()
    change = recent_changes()[0]
    assert (change.record_type, change.action) == ("alias", "deleted")
    assert change.url == reverse("sanctions:subject_detail", kwargs={"pk": alias.subject_id})


# --- Lists: filters ---------------------------------------------------------------------

FILTERS = [
    ("subject", "q=ryong hae", ["Choe Ryong Hae"]),
    ("subject", "q=chong kyong taek", ["Jong Kyong Thaek"]),
    ("subject", "kind=organization", ["Blue Ocean Shipping"]),
    ("subject", "nationality=RU", ["Ivan Petrov"]),
    ("subject", "agency=eu-council", ["Ivan Petrov"]),
    ("subject", "program=DPRK3", ["Blue Ocean Shipping", "Kim Jong Un"]),
    ("subject", "program=us-ofac-dprk3", ["Blue Ocean Shipping", "Kim Jong Un"]),
    ("subject", "authority=eo-13722", ["Blue Ocean Shipping", "Kim Jong Un"]),
    ("subject", "measure=travel-ban", ["Ivan Petrov"]),
    ("subject", "status=delisted", ["Ivan Petrov"]),
    (
        "subject",
        "status=active",
        [
            "Blue Ocean Shipping",
            "Choe Ryong Hae",
            "Jong Kyong Thaek",
            "Kim Jong Un",
            "Pak Kwang Ho",
        ],
    ),
    ("subject", "listed_after=2019-01-01", ["Blue Ocean Shipping", "Ivan Petrov"]),
    ("subject", "listed_before=2018-12-31", ["Choe Ryong Hae", "Jong Kyong Thaek", "Pak Kwang Ho"]),
    (
        "subject",
        "agency=us-ofac&authority=eo-13687&listed_after=2018-01-01&listed_before=2018-12-31",
        ["Choe Ryong Hae", "Jong Kyong Thaek", "Pak Kwang Ho"],
    ),
    ("subject", "agency=eu-council&agency=us-ofac&kind=organization", ["Blue Ocean Shipping"]),
    ("designation", "agency=eu-council", ["Ivan Petrov"]),
    ("designation", "program=DPRK3", ["Blue Ocean Shipping", "Kim Jong Un"]),
    ("designation", "authority=eu-reg-269", ["Ivan Petrov"]),
    ("designation", "measure=travel-ban", ["Ivan Petrov"]),
    ("designation", "status=delisted", ["Ivan Petrov"]),
    ("designation", "listed_after=2019-01-01", ["Blue Ocean Shipping", "Ivan Petrov"]),
    (
        "designation",
        "listed_before=2018-12-10",
        ["Choe Ryong Hae", "Jong Kyong Thaek", "Pak Kwang Ho"],
    ),
    ("designation", "delisted_after=2023-01-01", ["Ivan Petrov"]),
    ("designation", "delisted_before=2023-01-01", []),
    ("article", "q=petrov", ["EU lists Ivan Petrov"]),
    ("article", "kind=press_release", ["Treasury press release sm568"]),
    ("article", "publisher=reuters", ["EU lists Ivan Petrov"]),
    ("article", "published_after=2020-01-01", ["EU lists Ivan Petrov"]),
    (
        "article",
        "published_before=2018-12-31",
        [
            "Report on Serious Human Rights Abuses or Censorship in North Korea",
            "Treasury press release sm568",
        ],
    ),
    (
        "article",
        "subject=1",
        [
            "Treasury press release sm568",
            "US sanctions three North Korean officials over human rights abuses (AFP report)",
        ],
    ),
    ("agency", "q=ofac", ["Office of Foreign Assets Control"]),
    ("agency", "country=EU", ["Council of the European Union"]),
    ("authority", "q=13687", ["Executive Order 13687"]),
    ("authority", "kind=statute", ["North Korea Sanctions and Policy Enhancement Act of 2016"]),
    ("authority", "country=EU", []),
    ("program", "q=dprk", ["DPRK2", "DPRK3"]),
    ("program", "agency=eu-council", ["UKR"]),
    ("program", "country=EU", ["UKR"]),
    ("program", "status=ended", []),
]


@pytest.mark.parametrize(
    ("name", "query", "expected"), FILTERS, ids=[f"{n}?{q}" for n, q, _ in FILTERS]
)
def test_list_filter_keeps_only_the_matching_rows(reader_client, world, name, query, expected):
    response = reader_client.get(f"{reverse(f'sanctions:{name}_list')}?{query}")
    assert response.status_code == 200
    assert sorted(row_names(response)) == sorted(expected)


def test_subject_changed_since_keeps_recently_changed_subjects(reader_client, world):
    long_ago = timezone.now() - datetime.timedelta(days=30)
    Subject.objects.exclude(pk=world.petrov.pk).update(last_updated=long_ago)
    since = (timezone.now() - datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = reader_client.get(reverse("sanctions:subject_list"), {"changed_since": since})
    assert row_names(response) == ["Ivan Petrov"]


def test_designation_changed_since_keeps_recently_changed_designations(reader_client, world):
    long_ago = timezone.now() - datetime.timedelta(days=30)
    Designation.objects.exclude(pk=world.petrov_listing.pk).update(last_updated=long_ago)
    since = (timezone.now() - datetime.timedelta(days=1)).strftime("%Y-%m-%d")
    response = reader_client.get(reverse("sanctions:designation_list"), {"changed_since": since})
    assert row_names(response) == ["Ivan Petrov"]


def test_designation_subject_filter_keeps_that_subjects_designations(reader_client, world):
    response = reader_client.get(
        reverse("sanctions:designation_list"), {"subject": world.petrov.pk}
    )
    assert page_rows(response) == [world.petrov_listing]


def test_list_shows_how_many_rows_match(reader_client, world):
    response = reader_client.get(reverse("sanctions:subject_list"), {"agency": "us-ofac"})
    assertContains(
        response, '<p class="result-count" id="results-count"><strong>5</strong> subjects'
    )


def test_empty_result_says_nothing_matches(reader_client, world):
    response = reader_client.get(reverse("sanctions:subject_list"), {"kind": "aircraft"})
    assertContains(response, "Nothing matches these filters.")


# --- Lists: the filter form -------------------------------------------------------------


def test_filter_form_offers_date_pickers_and_choices(reader_client, seed):
    html = reader_client.get(reverse("sanctions:subject_list")).content.decode()
    assert '<form method="get" action="/subjects/" class="filter-form">' in html
    assert '<input type="search" name="q"' in html
    assert '<input type="date" name="listed_after"' in html
    assert '<input type="date" name="listed_before"' in html
    assert '<input type="datetime-local" name="changed_since"' in html
    assert '<input type="checkbox" name="kind" value="organization"' in html
    assert '<input type="checkbox" name="status" value="delisted"' in html
    # Each field names its help text for screen readers (the FilterSets' help_text).
    assert (
        '<select name="nationality" aria-describedby="id_nationality_helptext" id="id_nationality">'
    ) in html
    assert '<div class="helptext" id="id_nationality_helptext">' in html
    assert '<option value="KP">North Korea (KP)</option>' in html
    assert '<option value="us-ofac">Office of Foreign Assets Control (OFAC)</option>' in html
    assert '<option value="us-ofac-dprk2">DPRK2 (OFAC)</option>' in html
    assert '<option value="eo-13687">Executive Order 13687</option>' in html
    assert '<option value="travel-ban">Travel ban</option>' in html
    assert '<option value="" selected>Any</option>' not in html  # browsers select it anyway
    assert '<option value="">Any</option>' in html


def test_filter_form_shows_the_current_filter(reader_client, seed):
    query = "kind=person&agency=us-ofac&listed_after=2018-12-01&q=choe"
    html = reader_client.get(f"{reverse('sanctions:subject_list')}?{query}").content.decode()
    assert '<input type="checkbox" name="kind" value="person" id="id_kind_0" checked>' in html
    assert '<option value="us-ofac" selected>' in html
    assert 'name="listed_after" value="2018-12-01"' in html
    assert 'name="q" value="choe"' in html


def test_repeated_parameter_keeps_every_value_in_a_multiple_select(reader_client, seed):
    url = f"{reverse('sanctions:subject_list')}?agency=us-ofac&agency=eu-council"
    html = reader_client.get(url).content.decode()
    assert (
        '<select name="agency" aria-describedby="id_agency_helptext" id="id_agency" multiple>'
    ) in html
    assert '<option value="us-ofac" selected>' in html
    assert '<option value="eu-council" selected>' in html


def test_program_code_from_the_url_stays_selected(reader_client, seed):
    response = reader_client.get(reverse("sanctions:subject_list"), {"program": "DPRK2"})
    assert len(page_rows(response)) == 3
    assertContains(response, '<option value="DPRK2" selected>DPRK2</option>')


def test_iso_dates_written_short_show_in_full_in_the_date_picker(reader_client, seed):
    response = reader_client.get(reverse("sanctions:subject_list"), {"listed_after": "2018-12-1"})
    assert len(page_rows(response)) == 3
    assertContains(response, 'name="listed_after" value="2018-12-01"')


def test_dates_written_another_way_are_refused_and_shown_as_typed(reader_client, seed):
    # "12/10/2018" is 10 December in New York and 12 October in London: only ISO is accepted.
    response = reader_client.get(reverse("sanctions:subject_list"), {"listed_after": "12/10/2018"})
    assert response.status_code == 400
    assert response.context["filter"].form.errors["listed_after"] == [
        "Enter a date as YYYY-MM-DD, e.g. 2018-12-10."
    ]
    assertContains(response, 'name="listed_after" value="12/10/2018"', status_code=400)


def test_changed_since_shows_in_the_date_time_picker(reader_client, seed):
    url = reverse("sanctions:subject_list")
    response = reader_client.get(url, {"changed_since": "2026-11-20T10:00:00+01:00"})
    assertContains(response, 'name="changed_since" value="2026-11-20T09:00"')


def test_designation_subject_filter_is_a_number_box(reader_client, seed):
    html = reader_client.get(reverse("sanctions:designation_list"), {"subject": [1, 2]}).content
    html = html.decode()
    boxes = (
        '<input type="number" name="subject" value="1" min="1" '
        'aria-describedby="id_subject_helptext" id="id_subject">'
    )
    assert boxes in html
    # The <label> names the first box; the second is named for screen readers.
    second = (
        '<input type="number" name="subject" value="2" min="1" '
        'aria-describedby="id_subject_helptext" id="id_subject_1" '
        'aria-label="Subject number, value 2">'
    )
    assert second in html


def test_sort_order_is_kept_in_the_form(reader_client, seed):
    response = reader_client.get(reverse("sanctions:subject_list"), {"ordering": "-name"})
    assertContains(response, '<input type="hidden" name="ordering" value="-name" id="id_ordering">')


# --- Lists: bad filter values -----------------------------------------------------------

BAD_FILTERS = [
    ("subject", "listed_after", "yesterday"),
    ("subject", "listed_before", "2018-02-30"),
    ("subject", "status", "maybe"),
    ("subject", "kind", "robot"),
    ("subject", "agency", "no pe"),
    ("subject", "q", " ".join(["word"] * 21)),
    ("subject", "nationality", "XX"),
    ("subject", "changed_since", "monday"),
    ("subject", "page_size", "0"),
    ("subject", "page_size", "501"),
    ("subject", "page_size", "ten"),
    ("designation", "subject", "abc"),
    ("designation", "delisted_before", "2020-13-01"),
    ("article", "published_after", "soon"),
    ("article", "subject", "-99999999999999999999"),
    ("agency", "country", "XX"),
    ("authority", "kind", "treaty"),
    ("program", "status", "paused"),
]


@pytest.mark.parametrize(
    ("name", "param", "value"), BAD_FILTERS, ids=[f"{n}?{p}={v}" for n, p, v in BAD_FILTERS]
)
def test_bad_filter_value_shows_the_error_next_to_its_field(
    reader_client, seed, name, param, value
):
    response = reader_client.get(reverse(f"sanctions:{name}_list"), {param: value})
    assert response.status_code == 400
    field = response.context["filter"].form[param]
    assert field.errors
    html = response.content.decode()
    assert f'id="id_{param}_error"' in html
    if not field.use_fieldset:
        assert 'aria-invalid="true"' in html
    assert f"<code>{param}</code>" in html  # the summary names the parameter
    assert "No results: correct the filter first." in html
    assert response.context["page_obj"].paginator.count == 0


def test_bad_sort_order_is_reported_in_the_summary(reader_client, seed):
    response = reader_client.get(reverse("sanctions:subject_list"), {"ordering": "shoe_size"})
    assert response.status_code == 400
    assertContains(response, "(<code>ordering</code>)", status_code=400)


def test_export_with_a_bad_filter_value_names_the_parameter(reader_client, seed):
    url = reverse("sanctions:designation_export")
    response = reader_client.get(url, {"listed_after": "yesterday", "status": "maybe"})
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode().splitlines() == [
        "status: “maybe” is not allowed; use one of: active, delisted.",
        "listed_after: Enter a date as YYYY-MM-DD, e.g. 2018-12-10.",
    ]


# --- Lists: sorting and paging ----------------------------------------------------------


def test_clicking_a_header_sorts_by_that_column(reader_client, world):
    response = reader_client.get(reverse("sanctions:subject_list"), {"ordering": "-name"})
    names = row_names(response)
    assert names == sorted(names, reverse=True)
    assertContains(response, '<th scope="col" aria-sort="descending">')
    assertContains(response, '<a class="sort" href="?ordering=name">Name')


def test_unsorted_list_marks_its_default_order(reader_client, seed):
    subjects = reader_client.get(reverse("sanctions:subject_list"))
    assertContains(
        subjects, '<th scope="col" aria-sort="ascending"><a class="sort" href="?ordering=-name">'
    )
    designations = reader_client.get(reverse("sanctions:designation_list"))
    assertContains(
        designations,
        '<th scope="col" aria-sort="descending"><a class="sort" href="?ordering=listed_on">',
    )


def test_sort_links_keep_the_filters_and_go_back_to_page_one(reader_client, seed):
    url = reverse("sanctions:subject_list")
    response = reader_client.get(url, {"kind": "person", "page_size": "2", "page": "2"})
    assertContains(response, 'href="?kind=person&amp;page_size=2&amp;ordering=-name"')
    assertContains(response, 'href="?kind=person&amp;page_size=2&amp;ordering=kind"')


def test_sorting_by_a_column_with_ties_ends_with_the_id(reader_client, world):
    response = reader_client.get(reverse("sanctions:subject_list"), {"ordering": "kind"})
    kind, last = response.context["object_list"].query.order_by
    assert (kind.expression.name, kind.descending) == ("kind", False)
    assert (last.expression.name, last.descending) == ("id", False)
    persons = Subject.objects.filter(kind="person").order_by("pk")
    assert row_names(response) == ["Blue Ocean Shipping", *(p.name for p in persons)]


@pytest.mark.parametrize("ordering", ["listed_on", "-listed_on"])
def test_designations_without_a_date_come_last_either_way(reader_client, world, ordering):
    response = reader_client.get(reverse("sanctions:designation_list"), {"ordering": ordering})
    dates = [designation.listed_on for designation in page_rows(response)]
    assert dates[-1] is None
    assert dates[:-1] == sorted(dates[:-1], reverse=ordering.startswith("-"))


def test_pages_keep_the_filters(reader_client, seed, make_subject):
    for n in range(30):
        make_subject(name=f"Person {n:02d}")
    url = reverse("sanctions:subject_list")
    first = reader_client.get(url, {"kind": "person", "page_size": "25"})
    assert len(page_rows(first)) == 25
    assertContains(first, 'href="?kind=person&amp;page_size=25&amp;page=2" rel="next"')
    assertContains(first, "1–25 of <strong>34</strong> subjects")
    second = reader_client.get(url, {"kind": "person", "page_size": "25", "page": "2"})
    assert len(page_rows(second)) == 9
    assertContains(second, '<a href="?kind=person&amp;page_size=25">« First</a>')
    assertContains(second, "Page 2 of 2")


def test_page_past_the_end_is_not_found(reader_client, seed):
    assert reader_client.get(reverse("sanctions:subject_list"), {"page": "9"}).status_code == 404


def test_default_page_has_fifty_rows(reader_client, seed, make_subject):
    for n in range(55):
        make_subject(name=f"Person {n:02d}")
    response = reader_client.get(reverse("sanctions:subject_list"))
    assert len(page_rows(response)) == 50


# --- Lists: query counts ----------------------------------------------------------------

# Every list page runs these two first, for the logged-in reader.
SESSION_AND_USER = 2


@pytest.mark.parametrize("extra", [0, 12])
def test_subject_list_query_count_does_not_grow_with_rows(
    reader_client, seed, make_designation, django_assert_num_queries, extra
):
    for _ in range(extra):
        make_designation()
    with django_assert_num_queries(SESSION_AND_USER + 9 + 6):
        # programs (the program filter's choices, read when the form is built), count, the
        # agency, authority and measure choices, the page of subjects with their status,
        # then their aliases, nationalities and designations (with agency and program);
        # the facets: programs, agencies, lists, nationalities, kinds, statuses.
        reader_client.get(reverse("sanctions:subject_list"))


@pytest.mark.parametrize("extra", [0, 12])
def test_designation_list_query_count_does_not_grow_with_rows(
    reader_client, seed, make_designation, django_assert_num_queries, extra
):
    for _ in range(extra):
        make_designation()
    with django_assert_num_queries(SESSION_AND_USER + 8 + 4):
        # program choices, count, agency / authority / measure choices, the page of
        # designations (with subject, agency, program), their authorities, their measures;
        # the facets: programs, agencies, lists, statuses.
        reader_client.get(reverse("sanctions:designation_list"))


@pytest.mark.parametrize("extra", [0, 12])
def test_agency_list_query_count_does_not_grow_with_rows(
    reader_client, seed, make_agency, django_assert_num_queries, extra
):
    for _ in range(extra):
        make_agency(parent=Agency.objects.get(slug="us-treasury"))
    with django_assert_num_queries(SESSION_AND_USER + 2):
        # count, the page of agencies (with parent and designation count).
        reader_client.get(reverse("sanctions:agency_list"))


@pytest.mark.parametrize("extra", [0, 12])
def test_authority_list_query_count_does_not_grow_with_rows(
    reader_client, seed, make_authority, django_assert_num_queries, extra
):
    for _ in range(extra):
        make_authority()
    with django_assert_num_queries(SESSION_AND_USER + 2):
        # count, the page of authorities (with designation count).
        reader_client.get(reverse("sanctions:authority_list"))


@pytest.mark.parametrize("extra", [0, 12])
def test_program_list_query_count_does_not_grow_with_rows(
    reader_client, seed, make_program, make_authority, django_assert_num_queries, extra
):
    for _ in range(extra):
        make_program().authorities.add(make_authority())
    with django_assert_num_queries(SESSION_AND_USER + 4):
        # count, the agency choices, the page of programs (with agency and designation
        # count), their authorities.
        reader_client.get(reverse("sanctions:program_list"))


@pytest.mark.parametrize("extra", [0, 12])
def test_article_list_query_count_does_not_grow_with_rows(
    reader_client, seed, django_assert_num_queries, extra
):
    for n in range(extra):
        SourceArticle.objects.create(title=f"Report {n}", publisher="AFP")
    with django_assert_num_queries(SESSION_AND_USER + 2):
        # count, the page of articles (with citation count).
        reader_client.get(reverse("sanctions:article_list"))


# --- Lists: CSV export ------------------------------------------------------------------


def test_export_link_carries_the_filters_but_not_the_page(reader_client, seed):
    url = reverse("sanctions:subject_list")
    response = reader_client.get(url, {"agency": "us-ofac", "page_size": "2", "page": "2"})
    assert response.context["export_url"] == f"{reverse('sanctions:subject_export')}?agency=us-ofac"
    assertContains(
        response, f'href="{reverse("sanctions:subject_export")}?agency=us-ofac" download'
    )


def test_subject_export_has_exactly_the_filtered_rows(reader_client, world):
    url = reverse("sanctions:subject_export")
    response = reader_client.get(
        url, {"agency": "us-ofac", "listed_after": "2018-12-01", "listed_before": "2018-12-31"}
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="subjects-{today}.csv"'
    rows = csv_rows(response)
    assert [row["name"] for row in rows] == ["Choe Ryong Hae", "Jong Kyong Thaek", "Pak Kwang Ho"]
    choe = rows[0]
    assert choe["aliases"] == "CH'OE, Ryong-hae; CHOE, Ryong Hae"
    assert (choe["status"], choe["nationalities"], choe["dates_of_birth"]) == (
        "active",
        "KP",
        "1950-01-15",
    )
    assert (choe["agencies"], choe["programs"]) == ("OFAC", "DPRK2")


def test_subject_export_reads_parts_in_bulk_per_chunk(world, django_assert_num_queries):
    """The subjects of a chunk, then 6 queries for their lists' own genders and positions,
    aliases, dates and places of birth, nationalities and designations: not one query per
    subject and part."""
    subjects = Subject.objects.with_status()
    with django_assert_num_queries(1 + 6):
        rows = list(exports.SUBJECTS.rows(subjects))
    assert len(rows) == 1 + subjects.count()
    for n in range(5):
        Subject.objects.create(name=f"Extra {n}", kind="person").aliases.create(name=f"X {n}")
    with django_assert_num_queries(1 + 6):
        rows = list(exports.SUBJECTS.rows(subjects))
    header, *records = rows
    extra = next(dict(zip(header, row, strict=True)) for row in records if row[1] == "Extra 0")
    assert extra["aliases"] == "X 0"


def test_designation_export_joins_several_values_with_semicolons(reader_client, seed):
    response = reader_client.get(reverse("sanctions:designation_export"), {"subject": 1})
    [row] = csv_rows(response)
    assert row["measures"] == "Asset freeze; Transaction ban"
    assert (row["subject"], row["agency"], row["program"], row["listed_on"]) == (
        "Choe Ryong Hae",
        "OFAC",
        "DPRK2",
        "2018-12-10",
    )


def test_export_follows_the_lists_sort_order(reader_client, world):
    response = reader_client.get(reverse("sanctions:subject_export"), {"ordering": "-name"})
    names = [row["name"] for row in csv_rows(response)]
    assert names == sorted(names, reverse=True)


@pytest.mark.parametrize(
    ("name", "export"),
    [
        ("subject", exports.SUBJECTS),
        ("designation", exports.DESIGNATIONS),
        ("agency", exports.AGENCIES),
        ("authority", exports.AUTHORITIES),
        ("program", exports.PROGRAMS),
        ("article", exports.ARTICLES),
    ],
)
def test_every_list_exports_all_its_rows(reader_client, world, name, export):
    response = reader_client.get(reverse(f"sanctions:{name}_export"))
    rows = csv_rows(response)
    listed = reader_client.get(reverse(f"sanctions:{name}_list"))
    assert list(rows[0]) == export.header()
    assert len(rows) == listed.context["page_obj"].paginator.count


def test_export_defuses_spreadsheet_formulas(reader_client, db, make_subject):
    make_subject(name='=HYPERLINK("http://evil.example")')
    [row] = csv_rows(reader_client.get(reverse("sanctions:subject_export")))
    assert row["name"] == '\'=HYPERLINK("http://evil.example")'


def test_subject_export_query_count_does_not_grow_with_rows(
    reader_client, seed, make_designation, django_assert_num_queries
):
    for _ in range(12):
        make_designation()
    with django_assert_num_queries(SESSION_AND_USER + 7):
        # subjects with status, their lists' own genders and positions, aliases, dates of
        # birth, places of birth, nationalities and designations (with agency and program).
        # No program choices:
        # they are loaded only to draw the form or to check a program value.
        b"".join(reader_client.get(reverse("sanctions:subject_export")).streaming_content)


# --- Detail pages -----------------------------------------------------------------------


def test_subject_page_shows_the_whole_record(reader_client, seed):
    choe = Subject.objects.get(name="Choe Ryong Hae")
    BirthPlace.objects.create(subject=choe, place="Chonnae, Kangwon Province", country="KP")
    Identifier.objects.create(subject=choe, kind="passport", number="836110035", country="KP")
    Address.objects.create(subject=choe, full="Central District\nPyongyang", city="Pyongyang")
    response = reader_client.get(choe.get_absolute_url())
    for text in (
        "<h1>Choe Ryong Hae</h1>",
        "Director of the Workers&#x27; Party of Korea",
        "CH&#x27;OE, Ryong-hae",
        "also known as (a.k.a.)",
        "15 Jan 1950",
        "North Korea",
        "Chonnae, Kangwon Province",
        "836110035",
        "Central District<br>Pyongyang",
        "Secondary sanctions risk",
    ):
        assertContains(response, text)


def test_subject_page_shows_relationships_both_ways(reader_client, seed):
    kim = Subject.objects.get(name="Kim Jong Un")
    choe = Subject.objects.get(name="Choe Ryong Hae")
    choe_page = reader_client.get(choe.get_absolute_url())
    assertContains(
        choe_page,
        f'Choe Ryong Hae is <strong>associate of</strong> <a href="{kim.get_absolute_url()}">'
        "Kim Jong Un</a>",
    )
    kim_page = reader_client.get(kim.get_absolute_url())
    assertContains(
        kim_page,
        f'<a href="{choe.get_absolute_url()}">Choe Ryong Hae</a> is <strong>associate of</strong>'
        " Kim Jong Un",
    )


def test_subject_timeline_shows_listing_amendment_and_delisting(reader_client, seed):
    designation = Designation.objects.get(pk=1)
    # Entered a month ago; today its reason is corrected, then it is delisted.
    month_ago = datetime.timedelta(days=30)
    Designation.history.filter(id=1).update(history_date=F("history_date") - month_ago)
    designation.reason = "Corrected reason."
    designation.save()
    designation.delisted_on = datetime.date(2024, 2, 1)
    designation.save()
    response = reader_client.get(designation.subject.get_absolute_url())
    events = [(event.kind, event.day) for event in response.context["timeline"]]
    assert events == [
        ("listed", datetime.date(2018, 12, 10)),
        ("delisted", datetime.date(2024, 2, 1)),
        ("amended", timezone.localdate()),
    ]
    assert response.context["timeline"][2].changed == ["reason"]
    assertContains(response, "<strong>Listed</strong>")
    assertContains(response, "<strong>Delisted</strong>")
    assertContains(response, "Changed in the tracker: reason.")
    assertContains(response, '<a href="/authorities/eo-13687/">Executive Order 13687</a>')
    assertContains(response, "Asset freeze; Transaction ban")


def test_subject_timeline_shows_changed_measures_as_an_amendment(reader_client, seed):
    designation = Designation.objects.get(pk=1)
    month_ago = datetime.timedelta(days=30)
    Designation.history.filter(id=1).update(history_date=F("history_date") - month_ago)
    designation.measures.add(Measure.objects.get(slug="travel-ban"))
    response = reader_client.get(designation.subject.get_absolute_url())
    [amended] = [e for e in response.context["timeline"] if e.kind == "amended"]
    assert amended.changed == ["measures"]


def test_subject_timeline_reads_rows_an_import_wrote_without_links(reader_client, seed):
    # Imports write "changed" rows in bulk, without the authorities and measures: these were
    # not removed, so only the reason is an amendment.
    designation = Designation.objects.get(pk=1)
    month_ago = datetime.timedelta(days=30)
    Designation.history.filter(id=1).update(history_date=F("history_date") - month_ago)
    designation.reason = "Reason from the official list."
    import_history.update(Designation, [designation], ["reason"])
    response = reader_client.get(designation.subject.get_absolute_url())
    [amended] = [e for e in response.context["timeline"] if e.kind == "amended"]
    assert amended.changed == ["reason"]


def test_timeline_puts_a_listing_without_a_date_first(reader_client, seed):
    response = reader_client.get(Subject.objects.get(name="Kim Jong Un").get_absolute_url())
    [listed] = response.context["timeline"]
    assert (listed.kind, listed.day) == ("listed", None)
    assertContains(response, "Date not given")


def test_subject_page_quotes_the_articles_that_cite_it(reader_client, seed):
    response = reader_client.get(Subject.objects.get(name="Choe Ryong Hae").get_absolute_url())
    assertContains(response, "described as the right-hand man of North Korean leader Kim Jong Un")
    assertContains(response, '<a href="/articles/2/">Treasury press release sm568</a>')
    assertContains(response, 'Supports the <a href="/designations/1/">OFAC DPRK2 designation</a>')
    assertContains(response, "Supports the record of this subject.")


def test_subject_detail_query_count_is_fixed(reader_client, seed, django_assert_num_queries):
    with django_assert_num_queries(SESSION_AND_USER + 40):
        # the subject with its status, its aliases, dates and places of birth,
        # nationalities, identifiers, addresses, relationships both ways, designations
        # (with agency and program) and their authorities and measures, its list entries
        # (with their seen dates), the designations' history and its authorities and
        # measures, then the citations (with article); then the History section: the
        # latest history rows of the subject and of each of its nine kinds of parts (one
        # query each), the rows before them (one per kind with an edit), the designations'
        # recorded authorities and measures, and the names of the records the changes name
        # (one per related model). A fixed number: none of it grows with the rows.
        reader_client.get(reverse("sanctions:subject_detail", kwargs={"pk": 1}))


def test_designation_page_shows_authorities_measures_reason_and_quotes(reader_client, seed):
    response = reader_client.get(reverse("sanctions:designation_detail", kwargs={"pk": 1}))
    for text in (
        'Designation of <a href="/subjects/1/">Choe Ryong Hae</a> by OFAC',
        '<a href="/programs/us-ofac-dprk2/">DPRK2 — North Korea (E.O. 13687)</a>',
        '<a href="/authorities/eo-13687/">Executive Order 13687</a>',
        "Transaction ban",
        "In response to the North Korean regime",
        "noted AFP.",
        'href="https://home.treasury.gov/news/press-releases/sm568"',
    ):
        assertContains(response, text)


def test_agency_page_shows_programs_and_latest_designations(reader_client, world):
    response = reader_client.get(reverse("sanctions:agency_detail", kwargs={"slug": "us-ofac"}))
    assertContains(response, '<a href="/programs/us-ofac-dprk3/">DPRK3</a>')
    assertContains(response, 'Part of</dt><dd><a href="/agencies/us-treasury/">')
    assert response.context["designation_count"] == 5
    assertContains(response, '<a href="/designations/?agency=us-ofac">')


def test_reference_page_shows_the_latest_twenty_and_links_to_all(
    reader_client, seed, make_designation
):
    program = Agency.objects.get(slug="us-ofac").programs.get(code="DPRK2")
    for _ in range(20):
        make_designation(agency=program.agency, program=program)
    response = reader_client.get(program.get_absolute_url())
    assert len(response.context["designations"]) == 20
    assertContains(response, "See all 23 designations")
    assertContains(response, '<a href="/designations/?program=us-ofac-dprk2">')


def test_authority_page_shows_its_programs_and_designations(reader_client, seed):
    response = reader_client.get(reverse("sanctions:authority_detail", kwargs={"slug": "eo-13687"}))
    assertContains(response, '<a href="/programs/us-ofac-dprk2/">DPRK2</a>')
    assert {d.subject.name for d in response.context["designations"]} == {
        "Choe Ryong Hae",
        "Jong Kyong Thaek",
        "Pak Kwang Ho",
    }
    assertContains(response, '<a href="/designations/?authority=eo-13687">')


def test_article_page_shows_the_records_it_supports(reader_client, seed):
    response = reader_client.get(reverse("sanctions:article_detail", kwargs={"pk": 1}))
    assertContains(
        response, '<a href="/designations/1/">designation of Choe Ryong Hae by OFAC (DPRK2)</a>'
    )
    assertContains(response, 'the record of <a href="/subjects/1/">Choe Ryong Hae</a>')
    assertContains(response, "Kim and Trump held a historic summit")


@pytest.mark.parametrize(
    "url",
    [
        "/subjects/999/",
        "/designations/999/",
        "/agencies/nope/",
        "/authorities/nope/",
        "/programs/nope/",
        "/articles/999/",
    ],
)
def test_unknown_record_is_not_found(reader_client, seed, url):
    assert reader_client.get(url).status_code == 404


@pytest.mark.parametrize(("name", "kwargs"), [p for p in PAGES if "detail" in p[0]])
def test_staff_who_may_edit_see_an_edit_in_admin_link(analyst_client, seed, name, kwargs):
    response = analyst_client.get(reverse(name, kwargs=kwargs))
    record = response.context["object"]
    opts = record._meta
    admin_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])
    assertContains(
        response, f'<a class="button button--quiet" href="{admin_url}">Edit in admin</a>'
    )


def test_viewers_see_a_view_in_admin_link(viewer_client, seed):
    response = viewer_client.get(reverse("sanctions:subject_detail", kwargs={"pk": 1}))
    assertContains(response, "View in admin")
    assertNotContains(response, "Edit in admin")


@pytest.mark.parametrize("fixture", ["reader", "outsider"])
def test_readers_without_admin_rights_see_no_admin_link(client, seed, request, fixture):
    client.force_login(request.getfixturevalue(fixture))
    response = client.get(reverse("sanctions:subject_detail", kwargs={"pk": 1}))
    assertNotContains(response, "in admin")


# --- Escaping ---------------------------------------------------------------------------

SCRIPT = "<script>alert('x')</script>"


@pytest.mark.parametrize(
    "url_name", ["sanctions:subject_list", "sanctions:designation_list", "sanctions:dashboard"]
)
def test_a_name_holding_a_script_is_shown_as_text_in_lists(
    reader_client, db, make_designation, url_name
):
    make_designation(subject=Subject.objects.create(kind="person", name=SCRIPT))
    response = reader_client.get(reverse(url_name))
    assertContains(response, "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;")
    assertNotContains(response, SCRIPT)


def test_a_script_in_a_record_is_shown_as_text_on_its_page(reader_client, db, make_designation):
    subject = Subject.objects.create(kind="person", name=SCRIPT, remarks=SCRIPT)
    Alias.objects.create(subject=subject, name=f"alias {SCRIPT}")
    make_designation(subject=subject, reason=SCRIPT)
    response = reader_client.get(subject.get_absolute_url())
    # Twice more in the History section: the name and the remarks as they were added.
    # Escaped wherever it shows: the title, the heading, the facts, the names and the History
    # (now with the subject's parts and designations); never as a tag.
    assertContains(response, "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;", count=15)
    assert "<script>alert" not in response.content.decode()
    assertNotContains(response, SCRIPT)


def test_a_javascript_url_is_never_a_link(reader_client, seed):
    Designation.objects.filter(pk=1).update(source_url="javascript:alert(1)")
    Agency.objects.filter(slug="us-ofac").update(website="javascript:alert(1)")
    for url in ("/designations/1/", "/agencies/us-ofac/", "/subjects/1/"):
        assertNotContains(reader_client.get(url), 'href="javascript:')


def test_favicon_ico_leads_to_the_sites_icon(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("sanctions/favicon.svg")


def test_designations_without_a_listing_date_count_by_the_day_first_seen_apart(
    reader_client, db, make_designation
):
    undated = _first_seen_on_the_sdn_list(make_designation, datetime.date(2019, 1, 15))
    make_designation(listed_on=datetime.date(2018, 12, 10))

    chart = designations_per_month(today=datetime.date(2019, 6, 1))
    seen = chart.series[-1]
    assert (seen.first_seen, seen.total, seen.label) == (
        True,
        1,
        "First seen, no listing date given",
    )
    january = next(m for m in chart.months if m.day == datetime.date(2019, 1, 1))
    assert january.cells[-1] == 1  # in the month first seen, in its own series
    assert chart.undated == 0

    response = reader_client.get(reverse("sanctions:dashboard"))
    [first_seen] = response.context["latest_first_seen"]
    assert first_seen.first_seen == datetime.date(2019, 1, 15)
    assertContains(response, "(the list gives no listing date)")
    assert [d.pk for d in response.context["latest_designations"]] != [undated.pk]


def test_a_timeline_shows_when_an_undated_listing_was_first_seen(
    reader_client, db, make_designation
):
    designation = _first_seen_on_the_sdn_list(make_designation, datetime.date(2019, 1, 15))
    for url in (designation.subject.get_absolute_url(), designation.get_absolute_url()):
        page = reader_client.get(url).text
        assert 'First seen <time datetime="2019-01-15">15 Jan 2019</time>' in page
        assert "(the list gives no listing date)" in page


def _first_seen_on_the_sdn_list(make_designation, day):
    """A designation with no listing date whose SDN entry an import of ``day`` first saw."""
    from sanctions.models import ImportRun, ListEntry

    run = ImportRun.objects.create(
        format="ofac-csv", list="us-ofac-sdn", list_date=day, started=timezone.now()
    )
    designation = make_designation(listed_on=None)
    entry = ListEntry.objects.create(
        list="us-ofac-sdn", entry_id="1", subject=designation.subject, first_run=run, last_run=run
    )
    Designation.objects.filter(pk=designation.pk).update(list_entry=entry)
    return designation
