"""The staff member's own development page in a real browser: axe finds nothing."""

import datetime

import pytest

from cohorts.models import DevelopmentOpportunity
from cohorts.services import progression
from portal import roles
from portal.models import StaffRecord
from tests.cohorts import factories as f
from tests.e2e.browser import assert_accessible, assert_first_tab_is_skip_link
from tests.e2e.test_cohorts_pages import sign_in
from tests.factories import UserFactory, home_page, staff_record

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_level_3_social_worker_reads_their_development(browser_page, live_server):
    roles.sync_roles()
    home_page()
    today = datetime.date.today()
    person = UserFactory(first_name="Aisha", last_name="Khan")
    staff = staff_record(person=person, grade=StaffRecord.Grade.SOCIAL_WORKER_3)
    mentor = staff_record(grade=StaffRecord.Grade.SENIOR_PRACTITIONER)
    hr = f.hr()
    talk = progression.conversation_record(
        staff=staff,
        held_on=today - datetime.timedelta(days=40),
        held_by=hr,
        aspirations="Become a senior practitioner",
        by=hr,
    )
    DevelopmentOpportunity.objects.create(
        conversation=talk, kind="legal_planning", planned_on=today - datetime.timedelta(days=5)
    )
    DevelopmentOpportunity.objects.create(
        conversation=talk,
        kind="shadow_team_manager",
        planned_on=today - datetime.timedelta(days=20),
        outcome="Shadowed the duty team manager for a week",
    )
    progression.mentorship_record(
        mentor=mentor, mentee=person, start_date=today, end_date=None, by=hr
    )
    page = browser_page
    sign_in(page, live_server, person)
    page.goto("/my-development/")
    assert page.get_by_role("heading", name="My development", level=1).is_visible()
    assert page.get_by_text("Become a senior practitioner").is_visible()
    assert page.get_by_text("Outcome not recorded").is_visible()
    assert page.get_by_text(f"{mentor.person.display_name} mentors you").is_visible()
    assert_first_tab_is_skip_link(page)
    assert_accessible(page, "my development")
