"""No new duplicates by hand: the admin's subject search and every subject autocomplete find
names in any spelling or script, and a new subject that probably duplicates one is only saved
once the analyst confirms it is a different party."""

import pytest
from django.urls import reverse

from sanctions import search
from sanctions.models import Alias, Identifier, Subject

from .test_admin import subject_form

ADD_URL = reverse("admin:sanctions_subject_add")
SPELLINGS = ["최룡해", "Choi Ryong-hae", "Choi Ryong"]


def changelist_names(client, query):
    response = client.get(reverse("admin:sanctions_subject_changelist"), {"q": query})
    return [subject.name for subject in response.context["cl"].result_list]


def autocomplete(client, model_name, field_name, term):
    """The names the admin's autocomplete offers for ``model_name.field_name``."""
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "sanctions",
            "model_name": model_name,
            "field_name": field_name,
            "term": term,
        },
    )
    assert response.status_code == 200, response.content
    return [result["text"] for result in response.json()["results"]]


# --- Search ------------------------------------------------------------------------------


@pytest.mark.parametrize("query", SPELLINGS)
def test_changelist_search_finds_any_spelling_or_script(analyst_client, seed, query):
    assert changelist_names(analyst_client, query)[0] == "Choe Ryong Hae"


def test_changelist_search_puts_the_best_match_first(analyst_client, seed, make_subject):
    make_subject(name="Aaron Ryong Hae")  # a poorer match, first by name
    names = changelist_names(analyst_client, "Choe Ryong Hae")
    assert names[:2] == ["Choe Ryong Hae", "Aaron Ryong Hae"]


def test_changelist_sorted_by_a_column_keeps_the_column_order(analyst_client, seed, make_subject):
    make_subject(name="Aaron Ryong Hae")
    response = analyst_client.get(
        reverse("admin:sanctions_subject_changelist"), {"q": "Choe Ryong Hae", "o": "1"}
    )
    names = [subject.name for subject in response.context["cl"].result_list]
    assert names[:2] == ["Aaron Ryong Hae", "Choe Ryong Hae"]
    assert names == sorted(names)


def test_changelist_search_still_finds_identifier_numbers(analyst_client, make_subject):
    holder = make_subject(name="Holder")
    Identifier.objects.create(subject=holder, kind="passport", number="PD123456")
    assert changelist_names(analyst_client, "D1234") == ["Holder"]


@pytest.mark.parametrize(
    ("model_name", "field_name"),
    [
        ("designation", "subject"),
        ("relationship", "subject"),
        ("relationship", "related"),
        ("citation", "subject"),
    ],
)
@pytest.mark.parametrize("term", SPELLINGS)
def test_every_subject_autocomplete_finds_any_spelling(
    analyst_client, seed, model_name, field_name, term
):
    assert autocomplete(analyst_client, model_name, field_name, term)[0] == "Choe Ryong Hae"


# --- The door ----------------------------------------------------------------------------


def test_similar_subjects_reach_the_match_threshold_and_keep_to_the_kind(make_subject):
    from sanctions.screening.weights import DEFAULT_THRESHOLD

    person = make_subject(name="Choe Ryong Hae")
    make_subject(name="Choe Ryong Hae", kind="vessel")
    make_subject(name="Kim Jong Un")
    found = search.similar_subjects("Choi Ryong-hae", "person")
    assert [pk for pk, _ in found] == [person.pk]
    assert all(score >= DEFAULT_THRESHOLD for _, score in found)


def test_similar_subjects_find_nothing_without_an_engine(make_subject, monkeypatch):
    make_subject(name="Choe Ryong Hae")
    monkeypatch.setattr(search, "_similar", None)
    assert search.similar_subjects("Choe Ryong Hae") == []


# --- The duplicate check -----------------------------------------------------------------


def test_a_likely_duplicate_is_shown_and_nothing_is_saved(analyst_client, seed):
    before = Subject.objects.count()
    response = analyst_client.post(ADD_URL, subject_form(name="Choe Ryong-hae"))
    assert response.status_code == 200
    assert Subject.objects.count() == before
    choe = Subject.objects.get(name="Choe Ryong Hae")
    [(subject, score)] = response.context["adminform"].form.possible_duplicates
    assert subject == choe
    page = response.content.decode()
    assert reverse("admin:sanctions_subject_change", args=[choe.pk]) in page
    assert f"<td>{score:.2f}</td>" in page
    assert "This is a different party" in page
    assert "Nothing was saved" in page


def test_an_alias_in_the_same_form_is_checked_too(analyst_client, seed):
    data = subject_form(
        name="Unheard Of",
        aliases=[
            {"name": "최룡해", "kind": "original_script", "quality": "strong"},
            {"name": "Kim Jong Un", "kind": "aka", "quality": "strong", "DELETE": "on"},
        ],
    )
    response = analyst_client.post(ADD_URL, data)
    assert response.status_code == 200
    found = [subject.name for subject, _ in response.context["adminform"].form.possible_duplicates]
    assert found == ["Choe Ryong Hae"]  # the deleted alias row is not checked
    assert not Subject.objects.filter(name="Unheard Of").exists()


def test_a_confirmed_different_party_is_saved(analyst_client, seed):
    data = subject_form(
        name="Choe Ryong-hae",
        aliases=[{"name": "최룡해", "kind": "original_script", "quality": "strong"}],
    )
    data["different_party"] = "on"
    response = analyst_client.post(ADD_URL, data)
    assert response.status_code == 302
    saved = Subject.objects.get(name="Choe Ryong-hae")
    assert Alias.objects.get(subject=saved).name == "최룡해"


def test_a_name_like_no_other_is_saved_without_asking(analyst_client, seed):
    response = analyst_client.post(ADD_URL, subject_form(name="Zebedee Quartermaine"))
    assert response.status_code == 302
    assert Subject.objects.filter(name="Zebedee Quartermaine").exists()


def test_another_kind_of_the_same_name_is_no_duplicate(analyst_client, seed):
    data = subject_form(name="Choe Ryong Hae")
    data.update(kind="vessel", gender="")
    assert analyst_client.post(ADD_URL, data).status_code == 302


def test_editing_an_existing_subject_is_not_checked(analyst_client, seed):
    from .test_admin import form_data

    choe = Subject.objects.get(name="Choe Ryong Hae")
    change_url = reverse("admin:sanctions_subject_change", args=[choe.pk])
    page = analyst_client.get(change_url)
    assert "This is a different party" not in page.content.decode()
    data = form_data(page)
    data["position"] = "Vice chairman"
    assert analyst_client.post(change_url, data).status_code == 302
