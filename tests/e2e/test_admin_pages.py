"""HR's and the workforce team's back office (Wagtail admin): the pages we add or shape
pass axe, and the first Tab reaches the admin's skip link."""

import pytest

from portal import roles
from tests.e2e.browser import assert_accessible
from tests.e2e.test_cohorts_pages import cohort_world  # noqa: F401 (a fixture)
from tests.e2e.test_interviews import sign_in
from tests.factories import give_totp, staff_record, vetted_agency_worker
from tests.recruitment import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _visit(page, name, url):
    """Open ``url`` and make sure it is the page itself, not a redirect to the dashboard
    with "Sorry, you do not have permission"."""
    response = page.goto(url)
    assert response.status == 200, (name, response.status)
    assert page.url.endswith(url), (name, page.url)
    assert_accessible(page, name)


def test_hr_back_office_pages_pass_axe(browser_page, live_server, site):
    page = browser_page
    hr = factories.UserFactory(roles=[roles.HR_OFFICER])
    give_totp(hr)
    panel = factories.UserFactory(roles=[roles.PANEL_MEMBER])
    fast = factories.fast_tracked()
    scored = factories.invited(adjustments="A quiet room", needs_adjustments=True)
    factories.scored_interview(scored, panel)
    sign_in(page, live_server, hr)
    for name, url in [
        ("admin dashboard", "/admin/"),
        ("applications", "/admin/recruitment/applications/"),
        ("applications filtered", "/admin/recruitment/applications/?fast_track=due"),
        ("application", f"/admin/recruitment/applications/inspect/{fast.pk}/"),
        ("scorecards side by side", f"/admin/recruitment/applications/inspect/{scored.pk}/"),
        ("reject", f"/admin/recruitment/applications/{fast.pk}/reject/"),
        ("interview calendar", "/admin/recruitment/interviews/"),
        ("new slot", "/admin/recruitment/interviews/slots/new/"),
        ("slots in bulk", "/admin/recruitment/interviews/slots/bulk/"),
        ("bespoke offer", f"/admin/recruitment/interviews/offer/{fast.pk}/"),
        ("report", "/admin/recruitment/interviews/report/"),
        ("routing rules", "/admin/recruitment/routing-rules/"),
    ]:
        _visit(page, name, url)
    # Errors on a form: the admin's own error messages are accessible too.
    page.goto("/admin/recruitment/interviews/slots/new/")
    with page.expect_navigation():
        page.locator("main form [type=submit]").first.click()
    assert_accessible(page, "new slot with errors")


def test_admin_first_tab_reaches_the_skip_link(browser_page, live_server, site):
    page = browser_page
    hr = factories.UserFactory(roles=[roles.HR_OFFICER])
    give_totp(hr)
    sign_in(page, live_server, hr)
    page.goto("/admin/recruitment/applications/")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.getAttribute('href')")
    assert focused == "#main", focused


def test_cohorts_back_office_pages_pass_axe(browser_page, live_server, cohort_world):  # noqa: F811
    # HR manage cohorts and plan rotations (portal.roles.COHORTS_MANAGE).
    page = browser_page
    hr = factories.UserFactory(roles=[roles.HR_OFFICER])
    give_totp(hr)
    cohort = cohort_world["cohort"]
    sign_in(page, live_server, hr)
    for name, url in [
        ("programmes", "/admin/cohorts/programmes/"),
        ("cohorts", "/admin/cohorts/cohorts/"),
        ("cohort", f"/admin/cohorts/cohorts/edit/{cohort.pk}/"),
        ("rotation plan", f"/admin/cohorts/cohorts/{cohort.pk}/plan/"),
        ("enrolments", "/admin/cohorts/enrolments/"),
        ("placements", "/admin/cohorts/placements/"),
        ("sessions", "/admin/cohorts/sessions/"),
        ("days logged", "/admin/cohorts/days-logged/"),
    ]:
        _visit(page, name, url)


def test_staff_back_office_pages_pass_axe(browser_page, live_server, site):
    # HR keep the staff record: list, inspect with team history, edit, agency vetting.
    page = browser_page
    hr = factories.UserFactory(roles=[roles.HR_OFFICER])
    give_totp(hr)
    record = staff_record()
    agency_worker = vetted_agency_worker()
    sign_in(page, live_server, hr)
    for name, url in [
        ("staff records", "/admin/staff/records/"),
        ("staff records filtered", "/admin/staff/records/?status=current"),
        ("new staff record", "/admin/staff/records/new/"),
        ("staff record", f"/admin/staff/records/inspect/{record.pk}/"),
        ("edit staff record", f"/admin/staff/records/edit/{record.pk}/"),
        ("agency worker", f"/admin/staff/records/inspect/{agency_worker.pk}/"),
        ("agency vetting", "/admin/staff/agency-vetting/"),
        ("edit agency vetting", f"/admin/staff/agency-vetting/edit/{agency_worker.vetting.pk}/"),
    ]:
        _visit(page, name, url)
