"""The demo's staff records: made through the services, once."""

import datetime
import io

import pytest

from portal import demo
from portal.models import StaffRecord
from portal.staff_selectors import current_staff

pytestmark = pytest.mark.django_db


def test_demo_staff_are_made_once_with_a_move_a_leaver_and_a_vetted_agency_worker(
    monkeypatch, site
):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-password-for-tests")
    demo.seed(io.StringIO())
    first = StaffRecord.objects.count()
    demo.seed(io.StringIO())
    assert StaffRecord.objects.count() == first == 5

    moved = StaffRecord.objects.get(person__email="omar.hussain@example.org")
    assert moved.team_periods.count() == 2
    assert moved.current_team.name == "Children in Care 1"
    leaver = StaffRecord.objects.get(person__email="tom.whitfield@example.org")
    assert leaver.end_date and leaver.team_periods.get().end_date == leaver.end_date
    agency = StaffRecord.objects.get(employment_type=StaffRecord.EmploymentType.AGENCY)
    assert agency.start_date == datetime.date(2025, 10, 6)
    assert agency.vetting.references_recorded_at is not None
    working = current_staff(on=datetime.date(2026, 1, 5))
    assert working.count() == 4 and leaver not in working
