"""A member logs evidence in a real browser, by keyboard: the error state, then saved; axe on each."""

import datetime

import pytest

from portal import roles
from tests.cohorts import factories as f
from tests.e2e.browser import assert_accessible
from tests.e2e.test_cohorts_pages import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def member(db):
    roles.sync_roles()
    from tests.factories import home_page

    home_page()
    start = datetime.date.today() - datetime.timedelta(days=60)
    cohort = f.CohortFactory(name="ASYE intake", start_date=start)
    user = f.user_with_role(roles.COHORT_MEMBER, first_name="Niamh", last_name="Quinn")
    f.enrol(cohort=cohort, member=user)
    return user


def test_member_logs_evidence_with_an_error_state(browser_page, live_server, member):
    page = browser_page
    sign_in(page, live_server, member)
    page.goto("/training/evidence/")
    assert page.get_by_role("heading", name="Your evidence", level=1).is_visible()
    assert_accessible(page, "evidence list, empty")

    add = page.get_by_role("button", name="Add evidence")
    add.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_text(
        "Do not include anything that could identify a child or family"
    ).first.is_visible()
    assert_accessible(page, "add evidence")

    save = page.get_by_role("button", name="Save evidence")
    save.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_text("There is a problem").is_visible()
    assert_accessible(page, "add evidence with errors")

    day = datetime.date.today() - datetime.timedelta(days=3)
    page.get_by_label("Direct observation").focus()
    page.keyboard.press("Space")
    page.fill("[name=date_day]", str(day.day))
    page.fill("[name=date_month]", str(day.month))
    page.fill("[name=date_year]", str(day.year))
    page.get_by_label("Title").fill("Observed home visit")
    page.get_by_label("Your reflection").fill("I listened first and explained my role.")
    save = page.get_by_role("button", name="Save evidence")
    save.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_text("Observed home visit").first.is_visible()
    assert_accessible(page, "evidence after saving")

    page.goto("/training/evidence/")
    link = page.get_by_role("link", name="Observed home visit")
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("heading", name="Observed home visit").is_visible()
    assert_accessible(page, "evidence entry")
