"""Merged subjects on the site: their pages redirect, history shows the merge, lists skip them."""

import pytest
from django.urls import reverse

from sanctions.merging import merge_subjects, split_merge
from sanctions.models import Subject


@pytest.fixture
def merged(seed, make_subject):
    """``absorbed`` merged into ``survivor``; ``merge`` is the merge."""
    survivor = make_subject(name="Xavier Quillfeather")
    absorbed = make_subject(name="Ksavier Kvilfeder")
    return survivor, absorbed, merge_subjects(survivor, absorbed)


def api_url(subject):
    return reverse("api:subject-detail", kwargs={"pk": subject.pk})


def test_web_page_of_an_absorbed_subject_redirects_permanently(merged, viewer_client):
    survivor, absorbed, _merge = merged
    response = viewer_client.get(absorbed.get_absolute_url())
    assert response.status_code == 301
    assert response["Location"] == survivor.get_absolute_url()


def test_web_redirect_keeps_the_query_string(merged, viewer_client):
    survivor, absorbed, _merge = merged
    response = viewer_client.get(absorbed.get_absolute_url() + "?as_of=2024-01-01")
    assert response["Location"] == survivor.get_absolute_url() + "?as_of=2024-01-01"


def test_web_page_of_an_absorbed_subject_needs_a_login_first(merged, client):
    _survivor, absorbed, _merge = merged
    response = client.get(absorbed.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_web_page_of_an_unknown_subject_is_still_not_found(seed, viewer_client):
    response = viewer_client.get(reverse("sanctions:subject_detail", kwargs={"pk": 987654}))
    assert response.status_code == 404


def test_api_of_an_absorbed_subject_redirects_and_names_the_survivor(merged, reader_client):
    survivor, absorbed, _merge = merged
    response = reader_client.get(api_url(absorbed))
    assert response.status_code == 301
    assert response["Location"] == f"http://testserver{api_url(survivor)}"
    assert response.json()["merged_into"] == {
        "id": survivor.pk,
        "url": f"http://testserver{api_url(survivor)}",
        "name": "Xavier Quillfeather",
    }


def test_api_redirect_is_followed_to_the_survivor(merged, reader_client):
    survivor, absorbed, _merge = merged
    location = reader_client.get(api_url(absorbed))["Location"]
    response = reader_client.get(location)
    assert response.status_code == 200
    assert response.json()["id"] == survivor.pk


def test_api_of_an_unknown_subject_is_still_not_found(seed, reader_client):
    response = reader_client.get(reverse("api:subject-detail", kwargs={"pk": 987654}))
    assert response.status_code == 404


def test_redirects_follow_a_chain_of_merges(merged, make_subject, viewer_client, reader_client):
    survivor, absorbed, _merge = merged
    final = make_subject(name="Choe R. H.")
    merge_subjects(final, survivor)
    assert viewer_client.get(absorbed.get_absolute_url())["Location"] == final.get_absolute_url()
    assert reader_client.get(api_url(absorbed)).json()["merged_into"]["id"] == final.pk


def test_no_redirect_after_a_split(merged, viewer_client, reader_client):
    _survivor, absorbed, merge = merged
    split_merge(merge)
    assert viewer_client.get(absorbed.get_absolute_url()).status_code == 200
    assert reader_client.get(api_url(absorbed)).json()["id"] == absorbed.pk


def test_admin_change_page_of_an_absorbed_subject_redirects(merged, analyst_client):
    survivor, absorbed, _merge = merged
    url = reverse("admin:sanctions_subject_change", args=[absorbed.pk])
    response = analyst_client.get(url, follow=True)
    assert response.redirect_chain[0][0] == reverse(
        "admin:sanctions_subject_change", args=[survivor.pk]
    )
    assert f"Subject {absorbed.pk} was merged into this subject" in response.content.decode()


def test_admin_form_posted_to_an_absorbed_subject_is_not_saved(merged, analyst_client):
    survivor, absorbed, _merge = merged
    url = reverse("admin:sanctions_subject_change", args=[absorbed.pk])
    response = analyst_client.post(url, {"name": "Overwritten", "kind": "person"}, follow=True)
    assert "your changes were not saved" in response.content.decode()
    absorbed.refresh_from_db()
    assert absorbed.name == "Ksavier Kvilfeder"


def test_admin_history_of_an_absorbed_subject_shows_the_merge(merged, analyst_client):
    survivor, absorbed, merge = merged
    url = reverse("admin:sanctions_subject_history", args=[absorbed.pk])
    response = analyst_client.get(url)
    assert response.status_code == 200
    assert (
        f"merge {merge.pk}: subject {absorbed.pk} into {survivor.pk}" in response.content.decode()
    )


def test_admin_history_of_the_survivor_shows_the_merge(merged, analyst_client):
    survivor, absorbed, merge = merged
    url = reverse("admin:sanctions_subject_history", args=[survivor.pk])
    content = analyst_client.get(url).content.decode()
    assert f"merge {merge.pk}: subject {absorbed.pk} into {survivor.pk}" in content


# --- History ----------------------------------------------------------------------------------


def test_survivors_page_history_shows_the_merge_and_the_split(merged, viewer_client):
    survivor, absorbed, merge = merged
    split_merge(merge)
    content = viewer_client.get(survivor.get_absolute_url()).content.decode()
    assert f"merge {merge.pk}: subject {absorbed.pk} into {survivor.pk}" in content
    assert f"split of merge {merge.pk}: subject {absorbed.pk} from {survivor.pk}" in content


def test_absorbed_subjects_page_history_shows_the_merge_after_a_split(merged, viewer_client):
    survivor, absorbed, merge = merged
    split_merge(merge)
    content = viewer_client.get(absorbed.get_absolute_url()).content.decode()
    assert f"merge {merge.pk}: subject {absorbed.pk} into {survivor.pk}" in content


# --- Lists, counts and search leave merged subjects out -----------------------------------------


@pytest.fixture
def namesake(merged, make_subject):
    """A second subject merged into the survivor, with a name the query finds."""
    merge_subjects(merged[0], make_subject(name="Quillfeather Junior"))


def test_web_list_and_export_leave_out_the_absorbed_subject(merged, namesake, viewer_client):
    survivor, _absorbed, _merge = merged
    page = viewer_client.get(reverse("sanctions:subject_list"), {"q": "quillfeather"})
    assert [s.pk for s in page.context["object_list"]] == [survivor.pk]
    export = viewer_client.get(reverse("sanctions:subject_export"), {"q": "quillfeather"})
    assert "Quillfeather Junior" not in b"".join(export.streaming_content).decode()


def test_api_list_and_csv_leave_out_the_absorbed_subject(merged, namesake, reader_client):
    survivor, _absorbed, _merge = merged
    body = reader_client.get(reverse("api:subject-list"), {"q": "quillfeather"}).json()
    assert [row["id"] for row in body["results"]] == [survivor.pk]
    csv = reader_client.get(reverse("api:subject-list"), {"q": "quillfeather", "format": "csv"})
    assert "Quillfeather Junior" not in b"".join(csv.streaming_content).decode()


def test_dashboard_counts_leave_out_the_absorbed_subject(merged, viewer_client):
    count = viewer_client.get(reverse("sanctions:dashboard")).context["subject_count"]
    assert count == Subject.everything.count() - 1


def test_the_absorbed_name_finds_the_survivor(merged, reader_client):
    survivor, _absorbed, _merge = merged
    query = {"queries": [{"name": "Ksavier Kvilfeder"}], "threshold": 0.7}
    body = reader_client.post(reverse("api:match"), query, format="json").json()
    found = [c["subject"]["id"] for c in body["results"][0]["candidates"]]
    assert found[0] == survivor.pk
    assert len(set(found)) == len(found)
