"""/account/token/: every login, viewers included, manages its own read-only API token."""

from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

URL = "/account/token/"


def test_url_is_named():
    assert reverse("sanctions:api_token") == URL


def test_a_viewer_creates_a_token_that_reads_the_api(viewer_client, viewer):
    assert "You have no token." in viewer_client.get(URL).text
    response = viewer_client.post(URL, {"action": "create"})
    assert response.status_code == 302
    token = Token.objects.get(user=viewer)
    assert token.key in viewer_client.get(URL).text
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get("/api/v1/subjects/").status_code == 200
    assert api.post("/api/v1/subjects/", {"name": "x"}).status_code == 405


def test_replacing_gives_a_new_key_and_the_old_one_stops_working(viewer_client, viewer):
    viewer_client.post(URL, {"action": "create"})
    old = Token.objects.get(user=viewer).key
    viewer_client.post(URL, {"action": "replace"})
    new = Token.objects.get(user=viewer).key
    assert new != old
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {old}")
    assert api.get("/api/v1/subjects/").status_code == 401


def test_deleting_leaves_no_token(viewer_client, viewer):
    viewer_client.post(URL, {"action": "create"})
    viewer_client.post(URL, {"action": "delete"})
    assert not Token.objects.filter(user=viewer).exists()


def test_a_page_shows_only_its_own_users_token(viewer_client, analyst):
    other = Token.objects.create(user=analyst)
    assert other.key not in viewer_client.get(URL).text


def test_an_unknown_action_is_refused_and_writes_nothing(viewer_client, viewer):
    response = viewer_client.post(URL, {"action": "steal"})
    assert response.status_code == 400
    assert "Choose to create, replace or delete it." in response.text
    assert not Token.objects.exists()


def test_the_page_needs_a_login_and_a_csrf_token(client, viewer):
    assert client.get(URL).status_code == 302
    strict = type(client)(enforce_csrf_checks=True)
    strict.force_login(viewer)
    assert strict.post(URL, {"action": "create"}).status_code == 403
    assert not Token.objects.exists()


def test_the_menu_links_the_token_page(viewer_client, db):
    assert f'<a href="{URL}">API token</a>' in viewer_client.get("/").text


def test_designations_can_be_searched_by_program_code_in_the_admin(
    analyst_client, make_designation, make_program
):
    dprk2 = make_designation(program=make_program(code="DPRK2"))
    other = make_designation()
    response = analyst_client.get(reverse("admin:sanctions_designation_changelist"), {"q": "DPRK2"})
    shown = list(response.context["cl"].result_list)
    assert dprk2 in shown
    assert other not in shown


def test_the_login_page_does_not_say_log_in_to_see_slash(client, db):
    page = client.get(reverse("login"), {"next": "/"}).text
    assert "Log in to see" not in page
    assert "<code>/</code>" not in page
