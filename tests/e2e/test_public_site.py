"""A visitor finds a job; every public page passes axe and starts with the skip link."""

import datetime

import pytest
from django.utils import timezone

from portal import roles
from tests import factories
from tests.e2e.browser import assert_accessible, assert_first_tab_is_skip_link
from tests.e2e.test_interviews import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def public_site(db):
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
    routes = page.get_by_role("group", name="Route")
    routes.get_by_label("Newly qualified social worker (ASYE)").check()
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


def test_see_vacancies_on_a_campaign_opens_the_vacancies_on_its_routes(browser_page, public_site):
    factories.make_vacancy(
        title="Social work degree apprentice", recruitment_route="apprenticeship"
    )
    campaign = factories.make_campaign(
        title="Start in social work", routes=["asye", "apprenticeship"], tracking_code="start"
    )
    page = browser_page
    page.goto(campaign.url)
    with page.expect_navigation():
        page.get_by_role("button", name="See vacancies in this campaign").click()
    assert "route=asye&route=apprenticeship" in page.url
    assert page.get_by_role("heading", name="2 vacancies").is_visible()
    routes = page.get_by_role("group", name="Route")
    assert routes.get_by_label("Newly qualified social worker (ASYE)").is_checked()
    assert routes.get_by_label("Social work apprenticeship").is_checked()
    assert not routes.get_by_label("Experienced social worker").is_checked()
    assert_accessible(page, "vacancies on a campaign's routes")


# The widest choice of each drop-down fits inside it (less its arrow: Chromium
# draws it in about 15px at the end), and no label spills out of the filter
# panel, nor the page sideways.
FILTER_FITS = """() => {
  const panel = document.querySelector('.portal-filter');
  const panelBox = panel.getBoundingClientRect();
  const canvas = document.createElement('canvas').getContext('2d');
  const problems = [];
  for (const select of panel.querySelectorAll('select')) {
    const style = getComputedStyle(select);
    canvas.font = style.font;
    const room = select.clientWidth - parseFloat(style.paddingLeft)
      - parseFloat(style.paddingRight) - 16;
    for (const option of select.options) {
      const needed = canvas.measureText(option.text).width;
      if (needed > room) problems.push(`${select.id}: "${option.text}" needs ${needed}px of ${room}px`);
    }
  }
  for (const element of panel.querySelectorAll('label, legend, input, select, button')) {
    const box = element.getBoundingClientRect();
    if (box.right > panelBox.right + 0.5 || box.left < panelBox.left - 0.5) {
      problems.push(`${element.tagName} ${element.textContent.trim()} leaves the panel`);
    }
  }
  if (document.documentElement.scrollWidth > window.innerWidth) problems.push('page scrolls sideways');
  return problems;
}"""


@pytest.mark.parametrize("width", [320, 768, 1000, 1280])
def test_every_filter_choice_fits_from_a_small_phone_to_a_desktop(browser_page, public_site, width):
    factories.ServiceAreaFactory(name="Whole Life Disabilities", slug="whole-life-disabilities")
    factories.ServiceAreaFactory(name="Multi-Systemic Therapy", slug="multi-systemic-therapy")
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/jobs/?route=asye&route=grow_your_own")
    assert page.evaluate(FILTER_FITS) == []
    assert_accessible(page, f"vacancy list at {width}px")


def test_the_admin_sign_in_is_the_portals_own(browser_page, public_site):
    page = browser_page
    page.goto("/admin/login/")
    assert page.url.endswith("/accounts/login/")
    assert page.locator(".icon-wagtail").count() == 0
    assert "Example City Council" in page.content()
    assert_accessible(page, "admin sign-in")


def test_the_admin_sidebar_carries_the_council_brand(browser_page, live_server, public_site):
    editor = factories.user_with_role(roles.CONTENT_EDITOR)
    factories.give_totp(editor)
    sign_in(browser_page, live_server, editor)
    page = browser_page
    page.goto("/admin/")
    brand = page.locator(".sidebar-custom-branding")
    assert brand.inner_text().strip() == "Example City Council"
    assert page.locator("#wagtail-sidebar .icon-wagtail").count() == 0
    assert_accessible(page, "admin dashboard")
    # Folded, the sidebar keeps the brand as initials.
    page.locator(".sidebar__collapse-toggle").click()
    assert brand.inner_text().strip() == "ECC"


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
