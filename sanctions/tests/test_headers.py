"""Security headers: a strict Content-Security-Policy that every page keeps to in a browser,
a Permissions-Policy that grants nothing."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from sanctions.groups import ANALYSTS
from sanctions.models import Subject

from .conftest import PASSWORD, requires_chromium

PAGES = ["sanctions:dashboard", "sanctions:subject_list", "api-docs", "admin:index"]


@pytest.mark.parametrize("name", PAGES)
def test_every_page_sends_a_same_origin_content_security_policy(admin_client, name):
    response = admin_client.get(reverse(name))
    policy = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    assert policy["default-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_only_the_api_docs_may_show_data_images(admin_client):
    docs = admin_client.get(reverse("api-docs"))["Content-Security-Policy"]
    assert "img-src 'self' data:" in docs
    assert "default-src 'self'" in docs
    assert (
        "data:" not in admin_client.get(reverse("sanctions:dashboard"))["Content-Security-Policy"]
    )
    script = admin_client.get(reverse("api-docs"), {"script": ""})
    assert script["Content-Type"].startswith("application/javascript")


def test_the_browsable_api_may_style_inline_but_never_script(admin_client):
    html = admin_client.get(reverse("api:subject-list"), HTTP_ACCEPT="text/html")
    assert "style-src 'self' 'unsafe-inline'" in html["Content-Security-Policy"]
    assert "script-src" not in html["Content-Security-Policy"]  # default-src 'self' governs
    json = admin_client.get(reverse("api:subject-list"))["Content-Security-Policy"]
    assert "unsafe-inline" not in json


def test_error_pages_and_the_api_send_the_headers_too(client, admin_client):
    assert "default-src 'self'" in client.get("/no-such-page/")["Content-Security-Policy"]
    assert "microphone=()" in client.get(reverse("api:subject-list"))["Permissions-Policy"]


# --- In a browser ---------------------------------------------------------------------------

REPORT_VIOLATIONS = """
window.violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const where = `${event.sourceFile}:${event.lineNumber}`;
  window.violations.push(`${event.violatedDirective} ${event.blockedURI} ${where}`);
});
"""


@pytest.fixture
def site(live_server, seed, django_user_model):
    """The seed and an analyst, being served; the pages to open, with what shows each is drawn."""
    user = django_user_model.objects.create_user(
        username="analyst", password=PASSWORD, is_staff=True
    )
    user.groups.add(Group.objects.get(name=ANALYSTS))
    subject = Subject.objects.get(name="Pak Kwang Ho")
    pages = {
        reverse("sanctions:dashboard"): "svg",
        reverse("sanctions:subject_list"): "table.records",
        subject.get_absolute_url(): "h1",
        reverse("screening:screen"): "form",
        reverse("admin:sanctions_subject_changelist"): "#result_list",
        reverse("admin:sanctions_subject_change", args=[subject.pk]): "#subject_form",
        reverse("admin:sanctions_subject_history", args=[subject.pk]): "#change-history",
        reverse("api-docs"): ".swagger-ui .info .title",
        reverse("api:subject-list"): ".response-info",
    }
    return live_server.url, pages


@pytest.mark.browser
@requires_chromium
def test_pages_render_in_a_browser_without_a_policy_violation(site, browser):
    url, pages = site
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(REPORT_VIOLATIONS)
    page = context.new_page()
    page.set_default_timeout(20_000)
    console = []
    page.on("console", lambda message: console.append(f"{page.url}: {message.text}"))
    page.goto(f"{url}/admin/login/?next=/admin/")
    page.fill("#id_username", "analyst")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{url}/admin/")
    violations = []
    for path, drawn in pages.items():
        page.goto(f"{url}{path}")
        page.wait_for_selector(drawn)
        page.wait_for_load_state("networkidle")
        violations += [f"{path}: {each}" for each in page.evaluate("window.violations")]
    context.close()
    assert violations == []
    assert [line for line in console if "Content Security Policy" in line] == []
