"""Account pages a staff member meets: MFA set-up and the code prompt, with axe."""

import pytest
from django.test import Client

from portal import roles
from tests import factories
from tests.e2e.browser import assert_accessible
from tests.factories import sign_in_with_mfa

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in_browser_as(page, live_server, user):
    """Give the browser a session made by Django's own test client."""
    client = Client()
    sign_in_with_mfa(client, user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


def test_staff_without_mfa_are_asked_to_set_it_up_on_an_accessible_page(browser_page, live_server):
    factories.home_page()
    hr = factories.user_with_role(roles.HR_OFFICER)
    page = browser_page
    page.goto("/admin/")
    page.get_by_label("Email").fill(hr.email)
    page.get_by_label("Password").fill(factories.TEST_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    # allauth asks for the password again before any change to MFA.
    page.wait_for_url("**/accounts/reauthenticate/**")
    assert_accessible(page, "confirm your password")
    page.get_by_label("Password").fill(factories.TEST_PASSWORD)
    page.get_by_role("button").filter(has_text="Confirm").click()
    page.wait_for_url("**/accounts/2fa/totp/activate/**")
    assert page.get_by_role("heading", level=1).is_visible()
    assert page.locator("img[alt]").first.is_visible()  # the QR code
    assert_accessible(page, "MFA activation")


def test_the_code_prompt_and_account_page_are_accessible(browser_page, live_server):
    factories.home_page()
    editor = factories.user_with_role(roles.CONTENT_EDITOR)
    factories.give_totp(editor)
    page = browser_page
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(editor.email)
    page.get_by_label("Password").fill(factories.TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/accounts/2fa/authenticate/")
    assert_accessible(page, "MFA code prompt")

    applicant = factories.user_with_role(roles.APPLICANT)
    page.context.clear_cookies()
    sign_in_browser_as(page, live_server, applicant)
    page.goto("/account/")
    assert page.get_by_role("heading", name="Your account").is_visible()
    assert_accessible(page, "your account")


def test_too_many_attempts_is_a_page_in_the_portals_style(browser_page, live_server):
    factories.home_page()
    user = factories.user_with_role(roles.APPLICANT)
    page = browser_page
    for _attempt in range(6):
        page.goto("/accounts/password/reset/")
        page.get_by_label("Email address").fill(user.email)
        with page.expect_navigation():
            page.get_by_role("button", name="Send the link").click()
    assert page.get_by_role("heading", level=1).inner_text() == "You have tried too many times"
    assert page.locator("html").get_attribute("lang") == "en-GB"
    assert "Wait 1 hour, then try again." in page.content()
    assert_accessible(page, "too many attempts")
