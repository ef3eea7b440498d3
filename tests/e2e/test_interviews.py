"""HR offer a fast-tracked applicant a bespoke interview; the applicant books it; the panel
sees it and scores it. axe reports nothing on the applicant's and the panel's pages."""

import re

import pytest
from django.test import Client
from playwright.sync_api import expect

from portal import roles
from recruitment.models import Interview
from tests.e2e.browser import assert_accessible, assert_first_tab_is_skip_link
from tests.factories import give_totp, sign_in_with_mfa
from tests.recruitment import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, user):
    """A real session for ``user``, handed to the browser as its cookie."""
    page.context.clear_cookies()
    client = Client()
    sign_in_with_mfa(client, user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def follow(page, locator):
    with page.expect_navigation():
        locator.click()


def test_hr_offer_a_bespoke_interview_and_the_applicant_books_it(browser_page, live_server, site):
    page = browser_page
    hr = factories.UserFactory(roles=[roles.HR_OFFICER])
    give_totp(hr)
    panel = factories.UserFactory(roles=[roles.PANEL_MEMBER], first_name="Priya", last_name="Shah")
    give_totp(panel)
    application = factories.fast_tracked(
        needs_adjustments=True, adjustments="Extra time to read the scenario"
    )
    first = factories.slot(
        application.vacancy, panel=[panel], start=factories.at(factories.working_day_ahead(3), 10)
    )
    factories.slot(
        application.vacancy, panel=[panel], start=factories.at(factories.working_day_ahead(4), 14)
    )

    # HR: from the application, offer a bespoke interview in the first slot.
    sign_in(page, live_server, hr)
    page.goto(f"/admin/recruitment/applications/inspect/{application.pk}/")
    follow(page, page.get_by_role("link", name="Offer bespoke interview"))
    page.locator(f"input[name=slots][value='{first.pk}']").check()
    follow(page, page.get_by_role("button", name="Send the interview offer"))
    expect(page.get_by_text("Bespoke interview offered")).to_be_visible()

    # The applicant sees the time offered and books it.
    sign_in(page, live_server, application.applicant)
    page.goto(f"/applications/{application.pk}/")
    assert_accessible(page, "status with interview link")
    follow(page, page.get_by_role("link", name=re.compile("Your interview")))
    expect(page.get_by_role("heading", name="Your interview", level=1)).to_be_visible()
    assert_first_tab_is_skip_link(page)
    assert_accessible(page, "interview times")
    follow(page, page.get_by_role("button", name="Book this time"))
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert page.title().startswith("Error:")
    assert_accessible(page, "interview times (error)")
    page.locator(f"input[name=slot][value='{first.pk}']").check()
    follow(page, page.get_by_role("button", name="Book this time"))
    expect(page.get_by_text("Your interview is booked")).to_be_visible()
    expect(page.locator("#booked-interview")).to_be_visible()
    assert_accessible(page, "interview booked")
    follow(page, page.get_by_role("link", name="Cancel your interview"))
    assert_accessible(page, "cancel interview")
    booked = Interview.objects.get(application=application, slot=first, status="booked")

    # The panel member sees it, with adjustments needed (HR hold their detail), and
    # scores it once it has begun.
    factories.started(booked)
    sign_in(page, live_server, panel)
    page.goto("/interviews/")
    expect(page.get_by_role("heading", name="My interviews", level=1)).to_be_visible()
    expect(page.get_by_text("HR are arranging them").first).to_be_visible()
    expect(page.get_by_text("Extra time to read the scenario")).to_have_count(0)
    assert_accessible(page, "my interviews")
    follow(page, page.get_by_role("link", name=application.full_name, exact=True))
    assert_accessible(page, "panel interview")
    follow(page, page.get_by_role("link", name="Scorecard"))
    assert_accessible(page, "scorecard")
    follow(page, page.get_by_role("button", name="Submit scorecard"))
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page, "scorecard (errors)")
