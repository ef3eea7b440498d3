"""A visitor finds a job; every public page passes axe and starts with the skip link."""

import datetime

import pytest
from django.utils import timezone

from tests import factories
from tests.e2e.browser import assert_accessible, assert_first_tab_is_skip_link

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def public_site(db):
    from portal import roles

    roles.sync_roles()
    factories.home_page()
    duty = factories.ServiceAreaFactory(name="Duty", slug="duty")
    care = factories.ServiceAreaFactory(name="Children in Care", slug="children-in-care")
    campaign = factories.make_campaign(
        title="Newly qualified social workers 2027",
        routes=["asye"],
        tracking_code="asye-2027",
    )
    factories.make_vacancy(title="Duty social worker", service_area=duty)
    nqsw = factories.make_vacancy(
        title="Newly qualified social worker, Children in Care",
        service_area=care,
        recruitment_route="asye",
        campaign=campaign,
    )
    factories.make_vacancy(
        title="Closed post", closing_date=timezone.localdate() - datetime.timedelta(days=1)
    )
    story = factories.make_story(title="My first year")
    for slug, title in [
        ("accessibility", "Accessibility statement"),
        ("privacy", "Privacy notice"),
        ("faqs", "Frequently asked questions"),
    ]:
        factories.make_standard_page(slug, title)
    return {"campaign": campaign, "vacancy": nqsw, "story": story}


def test_visitor_goes_from_home_to_a_campaign_filters_and_opens_a_vacancy(
    browser_page, public_site
):
    page = browser_page
    page.goto("/")
    assert_first_tab_is_skip_link(page)
    assert_accessible(page, "home")

    link = page.get_by_role("link", name="Newly qualified social workers 2027").first
    link.click()
    page.wait_for_url("**/campaigns/**")
    assert_accessible(page, "campaign")

    page.goto("/jobs/")
    page.get_by_label("Route").select_option("asye")
    page.get_by_label("Service area").select_option("children-in-care")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**/jobs/?**route=asye**")
    assert page.get_by_role("heading", name="1 vacancy").is_visible()
    assert_accessible(page, "filtered vacancy list")

    with page.expect_navigation():
        page.get_by_role("link", name="Newly qualified social worker, Children in Care").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Newly qualified")
    assert page.get_by_role("button", name="Apply").is_visible()
    assert_accessible(page, "vacancy")


def test_filters_work_with_the_keyboard_alone(browser_page, public_site):
    page = browser_page
    page.goto("/jobs/")
    page.get_by_label("Keyword").focus()
    page.keyboard.type("duty")
    page.keyboard.press("Enter")
    page.wait_for_url("**q=duty**")
    assert page.get_by_role("heading", name="1 vacancy").is_visible()


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/campaigns/",
        "/jobs/",
        "/jobs/?q=astronaut",
        "/stories/",
        "/accessibility/",
        "/privacy/",
        "/faqs/",
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
        "/no-such-page/",
    ],
)
def test_every_public_page_passes_axe_and_starts_with_the_skip_link(
    browser_page, public_site, path
):
    page = browser_page
    page.goto(path)
    assert_accessible(page, path)
    assert_first_tab_is_skip_link(page)


def test_detail_pages_pass_axe(browser_page, public_site):
    page = browser_page
    for key in ("campaign", "vacancy", "story"):
        page.goto(public_site[key].url)
        assert_accessible(page, key)
        assert_first_tab_is_skip_link(page)


def test_empty_result_explains_what_to_do(browser_page, public_site):
    page = browser_page
    page.goto("/jobs/?q=astronaut")
    assert page.get_by_text("No vacancies match your filters.").is_visible()
    assert_accessible(page, "empty vacancy list")


def test_sign_up_errors_pass_axe(browser_page, public_site):
    page = browser_page
    page.goto("/accounts/signup/")
    with page.expect_navigation():
        page.get_by_role("button", name="Create account").click()
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    assert_accessible(page, "sign-up with errors")
    # The error summary links take the keyboard to the field.
    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.id") == "id_email"


def test_login_errors_pass_axe(browser_page, public_site):
    page = browser_page
    page.goto("/accounts/login/")
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page, "login with errors")
