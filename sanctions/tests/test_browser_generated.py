"""The reader pages on generate_test_data's synthetic list, in a real browser."""

import io

import pytest
from django.core.management import call_command

from sanctions.models import Subject

from .conftest import PASSWORD, requires_chromium
from .test_browser import log_in, new_page, table_names

pytestmark = [pytest.mark.browser, requires_chromium]


@pytest.fixture
def site(live_server, django_user_model):
    """80 generated subjects and a reader's login, being served."""
    call_command("generate_test_data", subjects=80, seed=3, stdout=io.StringIO())
    django_user_model.objects.create_user(username="reader", password=PASSWORD)
    return live_server.url


@pytest.fixture
def vessel(site):
    # Read before the browser starts: Django refuses queries while Playwright's loop runs.
    return Subject.objects.filter(kind="vessel").order_by("name", "id").first()


def test_browse_generated_subjects_and_open_one(vessel, browser, site):
    page = new_page(browser)
    log_in(page, site, then="/subjects/?kind=vessel")
    names = table_names(page)
    assert names[0] == vessel.name
    page.get_by_role("link", name=vessel.name, exact=True).first.click()
    page.wait_for_url(f"{site}/subjects/{vessel.pk}/")
    assert page.get_by_role("heading", level=1).inner_text() == vessel.name
    page.goto(f"{site}/")
    assert page.get_by_role("heading", level=1).count() == 1
    page.context.close()
