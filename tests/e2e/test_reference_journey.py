"""A referee opens their link, forgets an answer, fixes it and sees the confirmation; the
same link then says it was used. axe reports nothing on any page, the error state included."""

import pytest
from playwright.sync_api import expect

from portal import roles
from recruitment import reference_links
from recruitment.choices import ReferenceState, Status
from recruitment.services import references
from tests.e2e.browser import assert_accessible, assert_first_tab_is_skip_link
from tests.factories import user_with_role
from tests.recruitment import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def follow(page, locator):
    with page.expect_navigation():
        locator.click()


def test_a_referee_gives_a_reference(browser_page, live_server, site):
    page = browser_page
    application = factories.in_status(
        Status.INTERVIEWING, first_name="Zebedee", last_name="Quartermaine"
    )
    hr = user_with_role(roles.HR_OFFICER)
    request = references.references_request_all(application=application, by=hr)[0]
    link = f"/references/{reference_links.token_for(request)}/"

    page.goto(link)
    expect(
        page.get_by_role("heading", name="Give a reference for Zebedee Quartermaine", level=1)
    ).to_be_visible()
    assert_first_tab_is_skip_link(page)
    assert_accessible(page, "reference form")

    # Everything but the applicant's role.
    page.get_by_label("How do you know the applicant?").fill("I was their team manager")
    dates = page.get_by_role("group", name="When did you start to know them in this role?")
    dates.get_by_label("Day").fill("6")
    dates.get_by_label("Month").fill("1")
    dates.get_by_label("Year").fill("2020")
    page.get_by_role("group", name="Are they suitable to work with children?").get_by_label(
        "Yes"
    ).check()
    page.get_by_role(
        "group", name="Do you know of any safeguarding concerns about them?"
    ).get_by_label("No").check()
    page.get_by_role("group", name="Have they been subject to disciplinary action").get_by_label(
        "No"
    ).check()
    follow(page, page.get_by_role("button", name="Send reference"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("link", name="Enter the applicant's role")).to_be_visible()
    assert page.title().startswith("Error:")
    # What they typed is still there.
    expect(page.get_by_label("How do you know the applicant?")).to_have_value(
        "I was their team manager"
    )
    assert_accessible(page, "reference form (error)")

    page.get_by_label("What was their role?").fill("Social worker")
    follow(page, page.get_by_role("button", name="Send reference"))
    expect(page.get_by_role("heading", name="Reference sent", level=1)).to_be_visible()
    assert_accessible(page, "reference sent")
    request.refresh_from_db()
    assert request.state == ReferenceState.RECEIVED

    # The same link again: used, and nothing about the applicant.
    response = page.goto(link)
    assert response.status == 410
    expect(
        page.get_by_role("heading", name="This link has already been used", level=1)
    ).to_be_visible()
    expect(page.get_by_text("Quartermaine")).to_have_count(0)
    assert_accessible(page, "used link")


def test_a_referee_declines_and_a_bad_link_has_a_clear_page(browser_page, live_server, site):
    page = browser_page
    application = factories.in_status(Status.INTERVIEWING)
    hr = user_with_role(roles.HR_OFFICER)
    request = references.references_request_all(application=application, by=hr)[0]
    link = f"/references/{reference_links.token_for(request)}/"

    page.goto(link)
    follow(page, page.get_by_role("link", name="Tell us you cannot give a reference"))
    assert_accessible(page, "decline")
    follow(page, page.get_by_role("button", name="I cannot give a reference"))
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page, "decline (error)")
    page.get_by_label("Why can you not give a reference?").fill("I barely knew them")
    follow(page, page.get_by_role("button", name="I cannot give a reference"))
    expect(page.get_by_role("heading", name="We have your answer", level=1)).to_be_visible()
    assert_accessible(page, "declined")

    response = page.goto("/references/not-a-real-link/")
    assert response.status == 404
    expect(page.get_by_role("heading", name="This link does not work", level=1)).to_be_visible()
    assert_accessible(page, "bad link")
