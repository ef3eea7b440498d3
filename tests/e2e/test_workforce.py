"""The workforce picture in a real browser: every section, its filters, by keyboard, and axe."""

import datetime

import pytest
from django.utils import timezone

from portal import roles
from portal.models import StaffRecord
from recruitment.workforce import page as workforce_page
from recruitment.workforce import rules, snapshots
from tests.e2e.browser import assert_accessible, assert_first_tab_is_skip_link
from tests.e2e.test_cohorts_pages import sign_in
from tests.factories import (
    ServiceAreaFactory,
    TeamFactory,
    give_totp,
    home_page,
    staff_record,
    user_with_role,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def workforce_world():
    roles.sync_roles()
    home_page()
    north = ServiceAreaFactory(name="Children in care North", slug="cic-north")
    south = ServiceAreaFactory(name="Duty and assessment South", slug="duty-south")
    teams = [TeamFactory(service_area=north), TeamFactory(service_area=south)]
    today = timezone.localdate()
    start = rules.add_months(rules.month_start(today), -14)
    for n in range(12):
        staff_record(
            team=teams[n % 2],
            start_date=start + datetime.timedelta(days=n),
            employment_type=StaffRecord.EmploymentType.PERMANENT,
        )
    snapshots.backfill(first=start, last=rules.last_complete_month(today))
    lead = user_with_role(roles.WORKFORCE_LEAD)
    give_totp(lead)
    return {"lead": lead, "north": north}


def test_a_workforce_lead_reads_the_picture_and_filters_it(
    browser_page, live_server, workforce_world
):
    page = browser_page
    sign_in(page, live_server, workforce_world["lead"])
    page.goto("/workforce/")
    assert page.get_by_role("heading", name="Workforce", level=1).is_visible()
    assert_first_tab_is_skip_link(page)
    assert_accessible(page, "workforce home")

    # The filters by keyboard alone: choose a service area, then press Apply.
    page.get_by_label("Service area").focus()
    page.keyboard.press("ArrowDown")
    page.get_by_label("Service area").select_option("cic-north")
    page.get_by_role("button", name="Apply filters").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "area=cic-north" in page.url
    assert page.get_by_role("link", name="Clear filters").is_visible()
    assert_accessible(page, "workforce home, filtered")

    for slug, title in workforce_page.TITLES.items():
        page.goto(f"/workforce/{slug}/?period=24&area=cic-north")
        assert page.get_by_role("heading", name=str(title), level=1).is_visible()
        assert_accessible(page, f"workforce {slug}")
