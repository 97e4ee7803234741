"""Every page the project renders, checked by axe-core in a real browser.

axe-core comes from the pinned ``axe-playwright-python`` package, which ships ``axe.min.js``
(Deque's engine, MPL-2.0) beside its Python wrapper: nothing is fetched while the tests run.
A test fails on any violation axe rates serious or critical, naming the page, the rule, its
impact and the elements. The pattern of test_browser.py: records are created before the browser
starts, and the test bodies only drive the browser.
"""

import datetime

import pytest
from django.contrib.auth.models import Group

from sanctions.groups import ANALYSTS
from sanctions.merging import merge_subjects
from sanctions.models import (
    Agency,
    Designation,
    Identifier,
    Nationality,
    Relationship,
    SourceArticle,
    Subject,
)

from .conftest import PASSWORD, requires_chromium

axe_playwright = pytest.importorskip(
    "axe_playwright_python.base",
    reason="axe-core ships in axe-playwright-python: pip install -r requirements.txt",
)

pytestmark = [pytest.mark.browser, requires_chromium]

SERIOUS = {"serious", "critical"}
EVERY_IMPACT = {"minor", "moderate", *SERIOUS}
WIDTHS = [1280, 390]  # a desktop, and a phone held upright


@pytest.fixture
def site(live_server, seed, make_designation, django_user_model):
    """The seed, plus an organisation, a vessel, a delisted designation and a merge, and an
    analyst (who reads the site and edits in the admin), being served."""
    ofac = Agency.objects.get(slug="us-ofac")
    choe = Subject.objects.get(name="Choe Ryong Hae")
    company = Subject.objects.create(kind="organization", name="Blue Ocean Shipping")
    vessel = Subject.objects.create(kind="vessel", name="Sea Star")
    Identifier.objects.create(subject=vessel, kind="imo", number="9123456")
    Nationality.objects.create(subject=vessel, country="KP")
    Relationship.objects.create(subject=vessel, related=company, kind="owned_by")
    make_designation(subject=company, agency=ofac, listed_on=datetime.date(2019, 5, 1))
    make_designation(
        subject=vessel,
        agency=ofac,
        listed_on=datetime.date(2019, 5, 1),
        delisted_on=datetime.date(2021, 2, 1),
    )
    gone = Subject.objects.create(kind="organization", name="Blue Ocean Shipping Co")
    merge_subjects(company, gone)
    user = django_user_model.objects.create_user(
        username="analyst", password=PASSWORD, is_staff=True
    )
    user.groups.add(Group.objects.get(name=ANALYSTS))
    return {
        "live": live_server.url,
        "choe": choe.pk,
        "company": company.pk,
        "vessel": vessel.pk,
        "gone": gone.pk,
        "designation": Designation.objects.filter(subject=vessel).get().pk,
        "article": SourceArticle.objects.order_by("pk").first().pk,
    }


def public_pages(site):
    """Every reader's page, as a path: lists with and without filters, a list whose filter is
    wrong (the error summary), each kind of subject, the record as of a day, and the rest."""
    return [
        "/",
        "/subjects/",
        "/subjects/?agency=us-ofac&listed_after=2018-01-01&q=choe",
        "/subjects/?listed_after=yesterday&status=maybe",
        f"/subjects/{site['choe']}/",
        f"/subjects/{site['company']}/",
        f"/subjects/{site['vessel']}/",
        f"/subjects/{site['gone']}/",  # redirects to the subject it was merged into
        f"/subjects/{site['choe']}/?as_of=2019-01-01",
        f"/subjects/{site['choe']}/?as_of=yesterday",  # the 400 page
        "/designations/",
        "/designations/?status=delisted",
        "/designations/?listed_after=yesterday",
        f"/designations/?subject={site['choe']}&subject={site['vessel']}",  # a box per id
        f"/designations/{site['designation']}/",
        "/agencies/",
        "/agencies/us-ofac/",
        "/authorities/",
        "/authorities/eo-13687/",
        "/programs/",
        "/programs/?status=nope",
        "/programs/us-ofac-dprk2/",
        "/articles/",
        "/articles/?publisher=AFP&publisher=Reuters",
        f"/articles/{site['article']}/",
        "/changes/",
        "/screen/",
        "/screen/?name=Choe+Ryong+Hae",
        "/screen/?name=",  # the form's own error
        "/account/token/",
        "/no-such-page/",  # the 404 page
        "/api/docs/",
    ]


def violations(page, impacts=SERIOUS, allowed=()):
    """axe-core's violations of these impacts on the page, one readable line per element.

    ``allowed`` holds (rule id, CSS selector) pairs that are not the project's to fix, each
    excused for that rule on the elements the selector matches only.
    """
    page.evaluate(axe_playwright.AXE_SCRIPT)
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    found = []
    for rule in results["violations"]:
        if rule["impact"] not in impacts:
            continue
        for node in rule["nodes"]:
            target = " ".join(map(str, node["target"]))
            if not excused(page, rule["id"], target, allowed):
                found.append(f"{rule['id']} ({rule['impact']}) at {target}: {rule['help']}")
    return found


def excused(page, rule_id, target, allowed):
    for excused_rule, css in allowed:
        element = page.locator(target).first
        if excused_rule == rule_id and element.evaluate("(node, css) => node.matches(css)", css):
            return True
    return False


def report(found):
    return "axe-core found violations:\n" + "\n".join(found)


def new_page(browser, width):
    page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
    page.set_default_timeout(20_000)
    return page


def log_in(page, url, then):
    page.goto(url)
    page.fill("#id_username", "analyst")
    page.fill("#id_password", PASSWORD)
    page.locator("[type=submit]").click()
    page.wait_for_url(then)


@pytest.mark.parametrize("width", WIDTHS)
def test_public_pages_have_no_violations_at_all(site, browser, width):
    """The reader's pages are all the project's own markup: nothing is excused, whatever its
    impact (``landmark-unique`` and ``heading-order`` are moderate, for one)."""
    page = new_page(browser, width)
    log_in(page, f"{site['live']}/accounts/login/?next=/", f"{site['live']}/")
    found = []
    for path in public_pages(site):
        page.goto(f"{site['live']}{path}")
        found += [f"{path}: {line}" for line in violations(page, EVERY_IMPACT)]
    page.context.close()
    assert not found, report(found)


@pytest.mark.parametrize("width", WIDTHS)
def test_login_page_and_its_error_have_no_violations_at_all(site, browser, width):
    page = new_page(browser, width)
    page.goto(f"{site['live']}/subjects/")  # redirected to log in
    found = violations(page, EVERY_IMPACT)
    page.fill("#id_username", "analyst")
    page.fill("#id_password", "wrong")
    page.locator("[type=submit]").click()
    page.locator(".error-summary, .errornote, [role=alert]").first.wait_for()
    found += violations(page, EVERY_IMPACT)
    page.context.close()
    assert not found, report(found)


# Select2, which Django's admin ships for autocomplete fields, puts a multiple choice's "clear"
# button (a <span>) into the <ul> of the values chosen, and draws it again at each change: its
# markup, built by its script, not by a template the project can override.
SELECT2_LIST = ("list", ".select2-selection__rendered")


def test_admin_subject_forms_have_no_serious_violations(site, browser):
    """The subject's change and add forms with every inline, an added row in each too."""
    admin = f"{site['live']}/admin/sanctions/subject"
    page = new_page(browser, 1280)
    log_in(page, f"{admin}/add/", f"{admin}/add/")
    found = []
    for path in [f"{site['vessel']}/change/", f"{site['choe']}/change/", "add/"]:
        page.goto(f"{admin}/{path}")
        for link in page.locator(".add-row a:visible").all():
            link.click()
        found += [f"{path}: {line}" for line in violations(page, allowed=[SELECT2_LIST])]
    page.context.close()
    assert not found, report(found)
