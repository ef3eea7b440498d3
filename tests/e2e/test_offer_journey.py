"""The applicant opens their offer, tries to decline without a reason, then accepts it.
axe reports nothing on each page, the error state included."""

import re

import pytest
from django.test import Client
from playwright.sync_api import expect

from recruitment.choices import OfferState, Status
from recruitment.models import Offer
from tests.e2e.browser import assert_accessible, assert_first_tab_is_skip_link
from tests.factories import sign_in_with_mfa
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


def test_the_applicant_reads_tries_to_decline_then_accepts(browser_page, live_server, site):
    page = browser_page
    offer = factories.sent_offer(job_title="Social worker, fieldwork")
    application = offer.application

    sign_in(page, live_server, application.applicant)
    page.goto(f"/applications/{application.pk}/")
    follow(page, page.get_by_role("link", name=re.compile("Your job offer")))
    expect(page.get_by_role("heading", name="Your job offer", level=1)).to_be_visible()
    expect(page.get_by_text("Social worker, fieldwork")).to_be_visible()
    assert_first_tab_is_skip_link(page)
    assert_accessible(page, "offer")

    follow(page, page.get_by_role("link", name="Decline the offer"))
    assert_accessible(page, "decline")
    follow(page, page.get_by_role("button", name="Decline the offer"))
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Tell us why you are declining the offer"
    )
    assert page.title().startswith("Error:")
    assert_accessible(page, "decline (error)")
    assert Offer.objects.get(pk=offer.pk).state == OfferState.SENT

    follow(page, page.get_by_role("link", name="Back"))
    follow(page, page.get_by_role("link", name="Accept the offer"))
    assert_accessible(page, "accept")
    follow(page, page.get_by_role("button", name="Accept the offer"))
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page, "accept (error)")
    page.get_by_label("Yes, I accept this offer and its conditions").check()
    follow(page, page.get_by_role("button", name="Accept the offer"))
    expect(page.get_by_text("You have accepted the offer")).to_be_visible()
    assert_accessible(page, "offer accepted")

    offer.refresh_from_db()
    assert offer.state == OfferState.ACCEPTED
    application.refresh_from_db()
    assert application.status == Status.CONDITIONS_PENDING
