"""The member's and the mentor's pages in a real browser: axe finds nothing, no JavaScript needed."""

import datetime

import pytest
from django.test import Client

from cohorts.models import Attendance
from cohorts.services import sessions
from portal import roles
from tests.cohorts import factories as f
from tests.e2e.browser import assert_accessible, assert_first_tab_is_skip_link
from tests.factories import give_totp, sign_in_with_mfa

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def cohort_world(db):
    roles.sync_roles()
    from tests.factories import home_page

    home_page()
    today = datetime.date.today()
    start = today - datetime.timedelta(days=45)
    cohort = f.CohortFactory(name="ASYE intake September 2026", start_date=start)
    give_totp(cohort.mentor)
    member = f.user_with_role(roles.COHORT_MEMBER, first_name="Niamh", last_name="Quinn")
    enrolment = f.enrol(cohort=cohort, member=member)
    others = [f.enrol(cohort=cohort) for _ in range(2)]
    supervisor = f.user_with_role(roles.PRACTICE_SUPERVISOR)
    f.place(
        enrolment,
        team=f.TeamFactory(name="Duty and Assessment North"),
        start=start,
        end=start + datetime.timedelta(days=90),
        supervisor=supervisor,
    )
    f.place(
        enrolment,
        team=f.TeamFactory(name="Fieldwork East"),
        start=start + datetime.timedelta(days=91),
        end=start + datetime.timedelta(days=200),
        supervisor=supervisor,
    )
    past = f.TaughtSessionFactory(cohort=cohort, date=today - datetime.timedelta(days=7))
    f.TaughtSessionFactory(
        cohort=cohort,
        topic="Working with courts",
        date=today + datetime.timedelta(days=7),
        video_link="https://video.example.org/court",
    )
    sessions.attendance_record(
        session=past, enrolment=enrolment, status=Attendance.Status.PRESENT, by=cohort.mentor
    )
    sessions.attendance_record(
        session=past, enrolment=others[0], status=Attendance.Status.ABSENT, by=cohort.mentor
    )
    return {
        "cohort": cohort,
        "member": member,
        "mentor": cohort.mentor,
        "enrolment": enrolment,
        "past_session": past,
    }


def sign_in(page, live_server, user):
    """A real session for ``user``, handed to the browser as its cookie."""
    client = Client()
    sign_in_with_mfa(client, user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def test_member_sees_my_training(browser_page, live_server, cohort_world):
    page = browser_page
    sign_in(page, live_server, cohort_world["member"])
    page.goto("/training/")
    assert page.get_by_role("heading", name="My training", level=1).is_visible()
    assert page.get_by_text("Duty and Assessment North").is_visible()
    assert page.get_by_role("cell", name="Working with courts").first.is_visible()
    assert_first_tab_is_skip_link(page)
    assert_accessible(page, "my training")

    # Resetting the calendar address: a button, then the page again with a banner.
    old = page.get_by_role("link", name="Your training calendar (iCalendar)").get_attribute("href")
    with page.expect_navigation():
        page.get_by_role("button", name="Reset my calendar address").click()
    assert page.get_by_text("Your calendar address has changed").is_visible()
    new = page.get_by_role("link", name="Your training calendar (iCalendar)").get_attribute("href")
    assert new != old
    assert_accessible(page, "my training after a reset")


def test_mentor_sees_cohorts_member_and_records_a_meeting(browser_page, live_server, cohort_world):
    page = browser_page
    sign_in(page, live_server, cohort_world["mentor"])
    page.goto("/mentor/")
    assert page.get_by_role("heading", name="My cohorts", level=1).is_visible()
    assert_accessible(page, "mentor home")

    page.get_by_role("link", name="ASYE intake September 2026").click()
    page.wait_for_url("**/mentor/cohorts/**")
    assert_accessible(page, "mentor cohort")

    page.get_by_role("link", name="Niamh Quinn").first.click()
    page.wait_for_url("**/mentor/members/**")
    assert_accessible(page, "mentor member")

    # An empty date: the error summary, itself accessible.
    page.fill("[name=date_day]", "")
    page.fill("[name=date_month]", "")
    page.fill("[name=date_year]", "")
    with page.expect_navigation():
        page.get_by_role("button", name="Save meeting").click()
    assert page.get_by_text("There is a problem").is_visible()
    assert_accessible(page, "meeting form with errors")

    today = datetime.date.today()
    page.fill("[name=date_day]", str(today.day))
    page.fill("[name=date_month]", str(today.month))
    page.fill("[name=date_year]", str(today.year))
    page.fill("#id_notes", "Wants more court work")
    page.fill("#id_agreed_actions", "Observe a Legal Planning Meeting")
    with page.expect_navigation():
        page.get_by_role("button", name="Save meeting").click()
    assert page.get_by_text("Meeting recorded").is_visible()
    assert page.get_by_text("Wants more court work").is_visible()
    assert_accessible(page, "mentor member after saving")


def test_mentor_takes_a_register_from_the_cohort_page(browser_page, live_server, cohort_world):
    page = browser_page
    sign_in(page, live_server, cohort_world["mentor"])
    page.goto(f"/mentor/cohorts/{cohort_world['cohort'].public_id}/")
    topic = cohort_world["past_session"].topic
    page.get_by_role("link", name=f"{topic} (register)").click()
    page.wait_for_url("**/mentor/sessions/**/register/")
    assert page.get_by_role("heading", name=f"Register: {topic}", level=1).is_visible()
    assert_accessible(page, "register")
    # Niamh was marked present: the page says so, and the mentor makes it late.
    group = page.get_by_role("group", name="Niamh Quinn")
    assert group.get_by_label("Present").is_checked()
    group.get_by_label("Late").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Save the register").click()
    assert page.get_by_text("Register saved").is_visible()
    assert page.get_by_role("group", name="Niamh Quinn").get_by_label("Late").is_checked()
    assert_accessible(page, "register after saving")


def test_hr_register_page_in_the_back_office_passes_axe(browser_page, live_server, cohort_world):
    page = browser_page
    hr = f.user_with_role(roles.HR_OFFICER)
    give_totp(hr)
    sign_in(page, live_server, hr)
    session = cohort_world["past_session"]
    for name, url in [
        ("sessions", "/admin/cohorts/sessions/"),
        ("session", f"/admin/cohorts/sessions/inspect/{session.pk}/"),
        ("register", f"/admin/cohorts/sessions/{session.pk}/register/"),
    ]:
        response = page.goto(url)
        assert response.status == 200, (name, response.status)
        assert page.url.endswith(url), (name, page.url)
        assert_accessible(page, f"admin {name}")


def test_supervisor_and_partner_pages_pass_axe(browser_page, live_server, cohort_world):
    from cohorts.models import Placement

    page = browser_page
    placement = Placement.objects.filter(enrolment=cohort_world["enrolment"]).first()
    supervisor = placement.supervisor
    give_totp(supervisor)
    sign_in(page, live_server, supervisor)
    page.goto("/supervision/")
    assert page.get_by_role("heading", name="Learners placed with you").is_visible()
    assert_accessible(page, "supervision")
    # The learners table comes first: the learner's own page, then back to the placement.
    page.get_by_role("link", name="Niamh Quinn").first.click()
    page.wait_for_url("**/supervision/learners/**")
    assert_accessible(page, "supervision learner")
    page.go_back()
    page.locator("a[href*='/supervision/placements/']").first.click()
    page.wait_for_url("**/supervision/placements/**")
    assert_accessible(page, "supervision placement")
    with page.expect_navigation():
        page.get_by_role("button", name="Log days").click()
    assert page.get_by_text("There is a problem").is_visible()
    assert_accessible(page, "log days with errors")

    page.context.clear_cookies()
    shire = f.OrganisationFactory(name="Shire County Council")
    f.CohortPartnerFactory(cohort=cohort_world["cohort"], organisation=shire)
    f.enrol(cohort=cohort_world["cohort"], employer=shire)
    coordinator = f.PartnerCoordinatorFactory(organisation=shire).user
    give_totp(coordinator)
    sign_in(page, live_server, coordinator)
    page.goto("/partner/")
    assert page.get_by_text("Shire County Council").first.is_visible()
    assert_accessible(page, "partner")


def test_mentor_records_a_meeting_without_javascript(chromium_browser, live_server, cohort_world):
    context = chromium_browser.new_context(
        base_url=live_server.url, locale="en-GB", java_script_enabled=False
    )
    try:
        page = context.new_page()
        page.set_default_timeout(10_000)
        sign_in(page, live_server, cohort_world["mentor"])
        page.goto(f"/mentor/members/{cohort_world['enrolment'].public_id}/")
        today = datetime.date.today()
        page.fill("[name=date_day]", str(today.day))
        page.fill("[name=date_month]", str(today.month))
        page.fill("[name=date_year]", str(today.year))
        page.fill("#id_agreed_actions", "Read the court skills guide")
        with page.expect_navigation():
            page.get_by_role("button", name="Save meeting").click()
        assert page.get_by_text("Meeting recorded").is_visible()
        assert page.get_by_text("Read the court skills guide").is_visible()
    finally:
        context.close()
