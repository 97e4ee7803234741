"""The admin: every page loads for analysts, nothing for outsiders, edits keep history."""

import datetime

import pytest
from django.contrib import admin
from django.forms.models import _get_foreign_key
from django.test import Client
from django.urls import reverse

from sanctions.groups import DECIDED_MODELS, READ_ONLY_MODELS
from sanctions.models import Alias, BirthDate, Designation, Nationality, Subject


def inline_prefixes(model):
    """The form prefixes of a model admin's inlines (the reverse accessor of each FK)."""
    prefixes = []
    for inline in admin.site._registry[model].inlines:
        fk = _get_foreign_key(model, inline.model, fk_name=inline.fk_name)
        prefixes.append(fk.remote_field.get_accessor_name(model=inline.model))
    return prefixes


REGISTERED = [model for model in admin.site._registry if model._meta.app_label == "sanctions"]
# Written only by imports, or (pairs and merges) by xref and decisions: analysts may look, not
# add (see test_import_admin.py and test_admin_resolution.py).
NOT_ADDED = READ_ONLY_MODELS | DECIDED_MODELS
READ_ONLY = [model for model in REGISTERED if model._meta.model_name in NOT_ADDED]
EDITABLE = [model for model in REGISTERED if model not in READ_ONLY]


def admin_url(model, action, *args):
    return reverse(f"admin:sanctions_{model._meta.model_name}_{action}", args=args)


def subject_form(name="Ri Yong Ho", **rows):
    """POST data for the subject add form, with the given inline rows filled in."""
    data = {"kind": "person", "name": name, "gender": "male", "position": "", "description": ""}
    data["remarks"] = ""
    for prefix in inline_prefixes(Subject):
        forms = rows.get(prefix, [])
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": str(len(forms)),
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
        for index, form in enumerate(forms):
            data.update({f"{prefix}-{index}-{field}": value for field, value in form.items()})
    return data


@pytest.mark.parametrize("model", EDITABLE, ids=lambda model: model.__name__)
def test_every_changelist_and_add_form_loads_for_an_analyst(analyst_client, seed, model):
    assert analyst_client.get(admin_url(model, "changelist")).status_code == 200
    assert analyst_client.get(admin_url(model, "add")).status_code == 200


@pytest.mark.parametrize("model", READ_ONLY, ids=lambda model: model.__name__)
def test_records_the_system_writes_are_not_added_by_analysts(analyst_client, seed, model):
    assert analyst_client.get(admin_url(model, "changelist")).status_code == 200
    assert analyst_client.get(admin_url(model, "add")).status_code == 403


@pytest.mark.parametrize("model", EDITABLE, ids=lambda model: model.__name__)
def test_every_change_form_and_history_loads_for_an_analyst(analyst_client, seed, model):
    obj = model.objects.first()
    assert analyst_client.get(admin_url(model, "change", obj.pk)).status_code == 200
    assert analyst_client.get(admin_url(model, "history", obj.pk)).status_code == 200


@pytest.mark.parametrize("model", EDITABLE, ids=lambda model: model.__name__)
def test_a_staff_user_outside_the_groups_sees_nothing(client, outsider, seed, model):
    client.force_login(outsider)
    assert client.get(admin_url(model, "changelist")).status_code == 403
    assert client.get(admin_url(model, "change", model.objects.first().pk)).status_code == 403
    index = client.get(reverse("admin:index"))
    assert "have permission to view or edit anything" in index.text


def test_anonymous_is_sent_to_the_admin_login(client, seed):
    response = client.get(admin_url(Subject, "changelist"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_viewer_may_view_but_not_change(viewer_client, seed):
    subject = Subject.objects.get(name="Choe Ryong Hae")
    assert viewer_client.get(admin_url(Subject, "changelist")).status_code == 200
    page = viewer_client.get(admin_url(Subject, "change", subject.pk))
    assert page.status_code == 200
    assert 'name="_save"' not in page.text
    assert viewer_client.get(admin_url(Subject, "add")).status_code == 403
    response = viewer_client.post(admin_url(Subject, "change", subject.pk), subject_form())
    assert response.status_code == 403


def test_analyst_may_not_delete_reference_data_or_designations(analyst_client, seed):
    from sanctions.models import Agency

    ofac = Agency.objects.get(slug="us-ofac")
    assert analyst_client.get(admin_url(Agency, "delete", ofac.pk)).status_code == 403
    designation = Designation.objects.first()
    assert analyst_client.get(admin_url(Designation, "delete", designation.pk)).status_code == 403


def test_saving_a_subject_with_inlines(analyst_client, db):
    data = subject_form(
        aliases=[{"name": "RI, Yong Ho", "kind": "aka", "quality": "strong"}],
        birth_dates=[{"value": "circa 1956"}],
        nationalities=[{"country": "KP", "kind": "nationality"}],
        addresses=[{"full": "Pyongyang", "city": "Pyongyang", "country": "KP"}],
    )
    response = analyst_client.post(admin_url(Subject, "add"), data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    subject = Subject.objects.get(name="Ri Yong Ho")
    assert [alias.name for alias in subject.aliases.all()] == ["RI, Yong Ho"]
    assert subject.birth_dates.get().value == "1956~"
    assert subject.nationalities.get().country == "KP"
    assert subject.addresses.get().city == "Pyongyang"
    assert subject.history.get().history_user.username == "analyst"


def test_admin_refuses_an_invalid_date_of_birth(analyst_client, db):
    data = subject_form(birth_dates=[{"value": "1950-02-30"}])
    response = analyst_client.post(admin_url(Subject, "add"), data)
    assert response.status_code == 200
    assert "not a real calendar date" in response.text
    assert not Subject.objects.exists()


def test_admin_refuses_an_unknown_country(analyst_client, db):
    data = subject_form(nationalities=[{"country": "QQ", "kind": "nationality"}])
    response = analyst_client.post(admin_url(Subject, "add"), data)
    assert response.status_code == 200
    assert "QQ is not one of the available choices" in response.text
    assert not Nationality.objects.exists()


def test_admin_refuses_two_identical_aliases_in_one_form(analyst_client, db):
    data = subject_form(
        aliases=[
            {"name": "KIM, Jong Un", "kind": "aka", "quality": "strong"},
            {"name": "kim,  jong un", "kind": "fka", "quality": "strong"},
        ]
    )
    response = analyst_client.post(admin_url(Subject, "add"), data)
    assert response.status_code == 200
    assert "This alias is entered twice." in response.text
    assert not Alias.objects.exists()


def test_admin_refuses_delisting_before_listing(analyst_client, seed):
    designation = Designation.objects.filter(listed_on="2018-12-10").first()
    data = {
        "subject": designation.subject_id,
        "agency": designation.agency_id,
        "program": designation.program_id,
        "authorities": [a.pk for a in designation.authorities.all()],
        "measures": [m.pk for m in designation.measures.all()],
        "listed_on": "2018-12-10",
        "delisted_on": "2018-12-01",
        "reason": designation.reason,
        "reference": designation.reference,
        "source_url": designation.source_url,
    }
    response = analyst_client.post(admin_url(Designation, "change", designation.pk), data)
    assert response.status_code == 200
    assert "The delisting date is before the listing date." in response.text
    designation.refresh_from_db()
    assert designation.delisted_on is None


def test_designation_changelist_filters_active_today(analyst_client, make_designation):
    active = make_designation(listed_on=datetime.date(2018, 12, 10))
    ended = make_designation(
        listed_on=datetime.date(2018, 12, 10), delisted_on=datetime.date(2019, 1, 1)
    )
    response = analyst_client.get(admin_url(Designation, "changelist"), {"status": "active"})
    shown = list(response.context["cl"].result_list)
    assert active in shown
    assert ended not in shown


def test_subject_changelist_searches_aliases(analyst_client, seed):
    response = analyst_client.get(admin_url(Subject, "changelist"), {"q": "Kyo'ng-t'aek"})
    assert [s.name for s in response.context["cl"].result_list] == ["Jong Kyong Thaek"]


def test_subject_changelist_filters_by_nationality_and_agency(analyst_client, seed):
    response = analyst_client.get(
        admin_url(Subject, "changelist"),
        {"nationality": "KP", "designations__agency__id__exact": "2"},
    )
    assert response.status_code == 200


def _initial(form):
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            continue
        if isinstance(value, list | tuple):
            value = [getattr(item, "pk", item) for item in value]
        data[form.add_prefix(name)] = getattr(value, "pk", value)
    return data


def form_data(page):
    """The data an admin change page would post back unchanged, inlines included."""
    data = _initial(page.context["adminform"].form)
    for inline in page.context.get("inline_admin_formsets", []):
        formset = inline.formset
        data.update(_initial(formset.management_form))
        for form in formset.forms:
            data.update(_initial(form))
    return data


def test_an_edit_shows_in_the_history_and_can_be_reverted(analyst_client, seed):
    subject = Subject.objects.get(name="Pak Kwang Ho")
    change_url = admin_url(Subject, "change", subject.pk)
    data = form_data(analyst_client.get(change_url))
    data["name"] = "Pak Kwang-ho"
    assert analyst_client.post(change_url, data).status_code == 302
    subject.refresh_from_db()
    assert subject.name == "Pak Kwang-ho"

    history = analyst_client.get(admin_url(Subject, "history", subject.pk))
    assert "Pak Kwang-ho" in history.text
    assert "analyst" in history.text
    edit = subject.history.latest()
    assert (edit.history_user.username, edit.history_type) == ("analyst", "~")
    changes = edit.diff_against(edit.prev_record, excluded_fields=["version"]).changes
    assert [c.field for c in changes] == ["name"]

    original = subject.history.earliest()
    revert_url = reverse(
        "admin:sanctions_subject_simple_history", args=[subject.pk, original.history_id]
    )
    revert_page = analyst_client.get(revert_url)
    assert "Revert" in revert_page.text
    assert analyst_client.post(revert_url, form_data(revert_page)).status_code == 302
    subject.refresh_from_db()
    assert subject.name == "Pak Kwang Ho"
    assert subject.history.count() == 3


def test_changelist_query_count_does_not_grow_with_rows(
    analyst_client, make_subject, make_designation, django_assert_max_num_queries
):
    def load():
        with django_assert_max_num_queries(12) as captured:
            analyst_client.get(admin_url(Subject, "changelist"))
        return len(captured)

    for _ in range(3):
        subject = make_subject()
        Nationality.objects.create(subject=subject, country="KP")
        make_designation(subject=subject)
    few = load()
    for _ in range(20):
        subject = make_subject()
        Nationality.objects.create(subject=subject, country="KP")
        make_designation(subject=subject)
    assert load() == few


@pytest.mark.parametrize("model", [Designation, BirthDate.subject.field.related_model])
def test_designation_and_subject_changelists_are_constant_in_queries(
    analyst_client, make_designation, model
):
    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert analyst_client.get(admin_url(model, "changelist")).status_code == 200
        return len(captured)

    make_designation()
    few = count()
    for _ in range(15):
        make_designation()
    assert count() == few


# --- Optimistic locking -------------------------------------------------------------------


@pytest.fixture
def two_analysts(client, analyst, django_user_model):
    """Two clients, logged in as the analyst and as another analyst ("other-analyst")."""
    other = django_user_model.objects.create_user(
        username="other-analyst", password="x", is_staff=True
    )
    other.groups.set(analyst.groups.all())
    client.force_login(analyst)
    second = Client()
    second.force_login(other)
    return client, second


def test_the_second_of_two_concurrent_saves_is_refused_with_the_other_change(
    two_analysts, analyst, seed
):
    first, second = two_analysts
    subject = Subject.objects.get(name="Pak Kwang Ho")
    change_url = admin_url(Subject, "change", subject.pk)
    mine, theirs = form_data(first.get(change_url)), form_data(second.get(change_url))

    theirs["position"] = "Minister of Nothing"
    assert second.post(change_url, theirs).status_code == 302
    mine["name"] = "Pak Kwang-ho"
    response = first.post(change_url, mine)

    assert response.status_code == 200
    text = response.text
    assert "other-analyst saved this subject" in text
    assert "position: their value “Minister of Nothing”" in text
    subject.refresh_from_db()
    assert (subject.name, subject.position) == ("Pak Kwang Ho", "Minister of Nothing")
    assert subject.history.filter(history_user=analyst).count() == 0


def test_a_save_from_the_latest_version_goes_through(analyst_client, seed):
    subject = Subject.objects.get(name="Pak Kwang Ho")
    change_url = admin_url(Subject, "change", subject.pk)
    data = form_data(analyst_client.get(change_url))
    data["position"] = "Director"
    assert analyst_client.post(change_url, data).status_code == 302
    data = form_data(analyst_client.get(change_url))
    data["position"] = "Former director"
    assert analyst_client.post(change_url, data).status_code == 302
    subject.refresh_from_db()
    assert (subject.position, subject.version) == ("Former director", 3)


def test_a_stale_inline_row_is_refused(analyst_client, seed):
    subject = Subject.objects.filter(aliases__isnull=False).first()
    change_url = admin_url(Subject, "change", subject.pk)
    data = form_data(analyst_client.get(change_url))
    alias = subject.aliases.get(pk=data["aliases-0-id"])
    alias.language = "ko"
    alias.save()  # someone else edits the alias: its version moves on
    data["aliases-0-name"] = "Renamed by me"
    response = analyst_client.post(change_url, data)
    assert response.status_code == 200
    alias.refresh_from_db()
    assert alias.name != "Renamed by me"


def test_two_analysts_changing_one_alias_inline_get_the_conflict_message(two_analysts, seed):
    first, second = two_analysts
    subject = Subject.objects.filter(aliases__isnull=False).first()
    change_url = admin_url(Subject, "change", subject.pk)
    mine, theirs = form_data(first.get(change_url)), form_data(second.get(change_url))
    alias = subject.aliases.get(pk=mine["aliases-0-id"])
    history_rows = (Subject.history.count(), Alias.history.count())

    theirs["aliases-0-name"] = "Their spelling"
    assert second.post(change_url, theirs).status_code == 302
    mine["aliases-0-name"] = "My spelling"
    response = first.post(change_url, mine)

    assert response.status_code == 200
    assert "other-analyst saved this alias" in response.text
    assert "Nothing was saved" in response.text
    assert "name: their value “Their spelling”, your value “My spelling”" in response.text
    alias.refresh_from_db()
    assert alias.name == "Their spelling"
    assert (Subject.history.count(), Alias.history.count()) == (
        history_rows[0] + 1,
        history_rows[1] + 1,
    )


def test_inline_inputs_are_named_for_their_column_and_row(analyst_client, seed):
    """Django's inline tables head the columns but label no input: screen readers need names
    (test_accessibility.py checks the whole form with axe-core)."""
    subject = Subject.objects.get(name="Choe Ryong Hae")
    html = analyst_client.get(reverse("admin:sanctions_subject_change", args=[subject.pk]))
    html = html.content.decode()
    assert 'aria-label="Country, row 1" id="id_nationalities-0-country"' in html
    assert 'aria-label="Name, row 2" id="id_aliases-1-name"' in html
    assert 'aria-label="Delete, row 1" id="id_aliases-0-DELETE"' in html
    # The row "Add another" copies has no number yet.
    assert 'aria-label="Country" id="id_nationalities-__prefix__-country"' in html
