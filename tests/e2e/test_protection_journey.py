"""Issue 10 in a real browser: a member logs supervision (error state first) on their one
screen, and their mentor and line manager see the caseload breach; axe on every page."""

import datetime

import pytest

from portal import roles
from tests.cohorts import factories as f
from tests.e2e.browser import assert_accessible
from tests.e2e.test_cohorts_pages import sign_in
from tests.factories import give_totp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(db):
    from cohorts.services import caseloads
    from tests.factories import home_page

    roles.sync_roles()
    home_page()
    start = datetime.date.today() - datetime.timedelta(days=60)
    cohort = f.CohortFactory(name="ASYE intake", start_date=start)
    member = f.user_with_role(roles.COHORT_MEMBER, first_name="Niamh", last_name="Quinn")
    manager = f.user_with_role(roles.PRACTICE_SUPERVISOR, first_name="Lena", last_name="Moss")
    enrolment = f.enrol(cohort=cohort, member=member)
    enrolment.line_manager = manager
    enrolment.save()
    # 18 cases against the ASYE's cap of 15: a breach.
    caseloads.caseload_record(person=member, day=datetime.date.today(), count=18, by=manager)
    return {"member": member, "manager": manager, "mentor": cohort.mentor}


def press(page, button_name):
    button = page.get_by_role("button", name=button_name)
    button.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_member_logs_supervision_and_mentor_and_manager_see_the_breach(
    browser_page, live_server, world
):
    page = browser_page
    sign_in(page, live_server, world["member"])
    page.goto("/training/")
    assert_accessible(page, "my training with caseload, supervision, evidence and reviews")

    page.goto("/training/supervision/")
    assert page.get_by_role("heading", name="Supervision", level=1).is_visible()
    assert_accessible(page, "supervision sessions")
    press(page, "Log session")
    assert page.get_by_text("There is a problem").is_visible()
    assert_accessible(page, "supervision with errors")

    day = datetime.date.today() - datetime.timedelta(days=2)
    page.fill("[name=date_day]", str(day.day))
    page.fill("[name=date_month]", str(day.month))
    page.fill("[name=date_year]", str(day.year))
    page.get_by_label("Length in minutes").fill("90")
    page.get_by_label("Individual").check()
    page.get_by_label("Who supervised you").select_option(index=1)
    press(page, "Log session")
    assert page.get_by_text("Waiting for Lena Moss to confirm").first.is_visible()
    assert_accessible(page, "supervision after logging")

    page.context.clear_cookies()
    mentor = world["mentor"]
    give_totp(mentor)
    sign_in(page, live_server, mentor)
    page.goto("/mentor/")
    assert page.get_by_text("Caseload over cap").first.is_visible()
    assert page.locator(".govuk-tag--red", has_text="Over cap").first.is_visible()
    assert_accessible(page, "mentor home with a breach")
    # The figure is one click from the counts behind it.
    page.get_by_role("link", name="18 of 15 cases against the cap").click()
    page.wait_for_url("**/mentor/members/**#caseload")
    assert page.get_by_text("18").first.is_visible()
    assert_accessible(page, "mentor's member page with a breach")

    page.context.clear_cookies()
    manager = world["manager"]
    give_totp(manager)
    sign_in(page, live_server, manager)
    page.goto("/supervision/")
    assert page.get_by_text("Caseload over cap").first.is_visible()
    assert_accessible(page, "manager's dashboard")
    page.get_by_role("link", name="Niamh Quinn").first.click()
    page.wait_for_url("**/supervision/learners/**")
    assert_accessible(page, "manager's learner page")
    for url, name in [
        ("/supervision/teams/", "team view"),
        ("/supervision/caseloads/", "caseload entry"),
    ]:
        response = page.goto(url)
        assert response.status == 200, (name, response.status)
        assert_accessible(page, name)
