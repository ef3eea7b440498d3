"""The growth plan: its section from the rows, its service (one active plan), its back office."""

import datetime

import pytest
from wagtail.models import ModelLogEntry

from portal import roles
from portal.models import StaffRecord
from recruitment.workforce import growth, planning
from recruitment.workforce.models import GrowthPlan, PlannedIntake, WorkforceMonth
from recruitment.workforce.sections import Scope
from tests import factories
from tests.cohorts import factories as cohort_factories

pytestmark = pytest.mark.django_db

D = datetime.date
PERMANENT = StaffRecord.EmploymentType.PERMANENT
AGENCY = StaffRecord.EmploymentType.AGENCY


def month_row(month, *, headcount, leavers=0, kind=PERMANENT, team=None):
    return WorkforceMonth.objects.create(
        month=month,
        team=team,
        service_area=team.service_area if team else None,
        employment_type=kind,
        grade="social_worker",
        headcount=headcount,
        leavers=leavers,
    )


def plan(**fields):
    values = {
        "name": "Grow by 40",
        "baseline_month": D(2026, 1, 1),
        "increase": 40,
        "target_date": D(2026, 12, 31),
        "is_active": True,
    }
    values.update(fields)
    return planning.growth_plan_save(**values)


def scope(last=None, **fields):
    return Scope(first_month=D(2025, 4, 1), last_month=last or D(2026, 3, 1), **fields)


# The section ---------------------------------------------------------------------------


def test_no_plan_says_where_to_set_one():
    section = growth.build(scope())
    assert not section.tables
    assert "back office" in section.empty


def test_the_projection_from_the_rows_by_hand():
    # Permanent headcount 100 in January 2026, 104 in March; 12 leavers over the year to
    # March over a headcount of 120 employed at its end (104 + 16 fixed term): 10%.
    month_row(D(2026, 1, 1), headcount=100)
    month_row(D(2026, 2, 1), headcount=102)
    month_row(D(2026, 3, 1), headcount=104, leavers=6)
    month_row(D(2025, 6, 1), headcount=90, leavers=6)
    month_row(D(2026, 3, 1), headcount=16, kind=StaffRecord.EmploymentType.FIXED_TERM)
    month_row(D(2026, 3, 1), headcount=30, kind=AGENCY, leavers=9)  # not counted
    the_plan = plan()
    planning.planned_intake_add(
        plan=the_plan, month=D(2026, 9, 1), size=30, label="ASYE September", by=None
    )
    section = growth.build(scope())
    projection = section.table("projection")
    rows = {row[0]: row for row in projection.rows}
    # The actual line to March, then the projection from March's 104.
    assert rows[D(2026, 1, 1)][1] == 100
    assert rows[D(2026, 3, 1)][1:3] == [104, 104.0]
    # 10% a year: April loses 104 × 0.1 / 12 = 0.87.
    assert rows[D(2026, 4, 1)][5] == 0.9
    assert rows[D(2026, 9, 1)][4] == 30
    assert rows[D(2026, 12, 1)][3] == 140.0  # the target line ends at the target
    by_label = {headline.label: headline for headline in section.headlines}
    assert by_label["Turnover (12 months)"].text == "10.0%"
    assert by_label["Permanent headcount"].text == "104"
    # 104 less about 0.87 a month for 9 months plus 30 is about 126: 14 or so short.
    headcount_at_date = rows[D(2026, 12, 1)][2]
    assert 125 < headcount_at_date < 127
    assert "short of 140 on 31 December 2026" in section.summary
    assert len(section.charts) == 1 and "short" in section.charts[0].summary
    intakes = section.table("intakes")
    assert intakes.rows == [[D(2026, 9, 1), "ASYE September", 30]]


def test_a_plan_met_by_its_intakes_says_the_month():
    month_row(D(2026, 1, 1), headcount=100)
    the_plan = plan(increase=10)
    planning.planned_intake_add(plan=the_plan, month=D(2026, 5, 1), size=12, label="Recruits")
    section = growth.build(scope(last=D(2026, 1, 1)))
    assert section.summary.endswith("reaches 110 in May 2026.")


def test_cohorts_and_open_campaigns_are_suggested_apart_and_not_counted():
    month_row(D(2026, 1, 1), headcount=100)
    the_plan = plan(increase=5)
    cohort_factories.CohortFactory(name="ASYE June 2026", start_date=D(2026, 6, 1), capacity=8)
    cohort_factories.CohortFactory(name="Before the baseline", start_date=D(2025, 6, 1))
    counted = cohort_factories.CohortFactory(name="Counted", start_date=D(2026, 4, 1))
    planning.planned_intake_add(
        plan=the_plan, month=D(2026, 4, 1), size=2, label="Counted", cohort=counted
    )
    factories.make_campaign(title="Join us 2026")
    section = growth.build(scope(last=D(2026, 1, 1)))
    suggested = section.table("suggested").rows
    labels = [str(row[1]) for row in suggested]
    assert "Cohort: ASYE June 2026" in labels
    assert "Open campaign: Join us 2026" in labels
    assert not any("Before the baseline" in label or "Counted" in label for label in labels)
    # Nobody enrolled yet: the cohort's places.
    assert [row[2] for row in suggested if "ASYE June" in str(row[1])] == [8]
    # Only the plan's own intake is projected.
    assert max(row[4] or 0 for row in section.table("projection").rows) == 2


def test_a_narrowed_scope_says_the_plan_is_council_wide():
    month_row(D(2026, 1, 1), headcount=100)
    plan()
    section = growth.build(scope(area_ids=frozenset({1})))
    assert not section.tables and "whole council" in section.empty


def test_no_snapshot_for_the_baseline_says_so():
    plan()
    section = growth.build(scope())
    assert "no monthly snapshots" in section.empty


@pytest.mark.parametrize("intakes", [3, 30])
def test_the_section_asks_a_fixed_number_of_queries(django_assert_max_num_queries, intakes):
    the_plan = plan(target_date=D(2029, 12, 31))
    for index in range(intakes):
        month_row(D(2026, 1, 1) if index == 0 else D(2025, 1 + index % 12, 1), headcount=5)
        planning.planned_intake_add(
            plan=the_plan, month=D(2026, 2 + index % 10, 1), size=1, label=f"Intake {index}"
        )
        cohort_factories.CohortFactory(start_date=D(2026, 2 + index % 10, 1))
    with django_assert_max_num_queries(6):
        growth.build(scope(last=D(2026, 1, 1), links_to_records=True))


# The service ---------------------------------------------------------------------------


def test_one_plan_is_active_activating_another_deactivates_it():
    first = plan(name="First")
    second = plan(name="Second")
    first.refresh_from_db()
    assert (first.is_active, second.is_active) == (False, True)
    plan(plan=first, name="First again")
    assert list(GrowthPlan.objects.filter(is_active=True)) == [first]
    assert ModelLogEntry.objects.filter(action=planning.PLAN_SAVED).count() == 3


def test_the_target_comes_after_the_baseline():
    with pytest.raises(planning.PlanRefused) as refused:
        plan(baseline_month=D(2026, 5, 1), target_date=D(2026, 5, 31))
    assert refused.value.field == "target_date"


def test_an_intake_month_is_within_the_plan():
    the_plan = plan()
    for month in (D(2026, 1, 1), D(2027, 1, 1)):
        with pytest.raises(planning.PlanRefused):
            planning.planned_intake_add(plan=the_plan, month=month, size=3, label="x")
    intake = planning.planned_intake_add(plan=the_plan, month=D(2026, 2, 14), size=3, label="x")
    assert intake.month == D(2026, 2, 1)
    planning.planned_intake_change(intake=intake, month=D(2026, 12, 1), size=4, label="y")
    with pytest.raises(planning.PlanRefused):
        plan(plan=the_plan, target_date=D(2026, 6, 30))
    planning.planned_intake_remove(intake=intake)
    assert not PlannedIntake.objects.exists()
    assert ModelLogEntry.objects.filter(action=planning.INTAKE_REMOVED).count() == 1


# The back office -----------------------------------------------------------------------


@pytest.mark.parametrize("role", [roles.HR_OFFICER, roles.WORKFORCE_LEAD])
def test_hr_and_the_workforce_lead_add_a_plan_and_an_intake(client, staff_with_mfa, role):
    user = staff_with_mfa(role, client)
    old = plan(name="Old")
    response = client.post(
        "/admin/workforce/growth-plans/new/",
        {
            "name": "Grow by 40",
            "baseline_month": "2026-01-01",
            "increase": "40",
            "target_date": "2027-03-31",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    new = GrowthPlan.objects.get(name="Grow by 40")
    old.refresh_from_db()
    assert new.is_active and not old.is_active
    assert ModelLogEntry.objects.filter(action=planning.PLAN_SAVED, user=user).exists()
    refused = client.post(
        "/admin/workforce/planned-intakes/new/",
        {"plan": new.pk, "month": "2028-01-01", "size": "5", "label": "Too late"},
    )
    assert refused.status_code == 200
    assert "within the plan" in refused.content.decode()
    response = client.post(
        "/admin/workforce/planned-intakes/new/",
        {"plan": new.pk, "month": "2026-09-01", "size": "5", "label": "ASYE"},
    )
    assert response.status_code == 302
    intake = PlannedIntake.objects.get()
    response = client.post(
        f"/admin/workforce/planned-intakes/edit/{intake.pk}/",
        {"plan": new.pk, "month": "2026-10-01", "size": "6", "label": "ASYE"},
    )
    assert response.status_code == 302
    intake.refresh_from_db()
    assert (intake.month, intake.size) == (D(2026, 10, 1), 6)
    assert client.post(f"/admin/workforce/planned-intakes/delete/{intake.pk}/").status_code == 302
    assert not PlannedIntake.objects.exists()


@pytest.mark.parametrize("role", [roles.MENTOR, roles.CONTENT_EDITOR])
def test_others_may_not_touch_the_plan(client, staff_with_mfa, role):
    staff_with_mfa(role, client)
    response = client.get("/admin/workforce/growth-plans/")
    assert response.status_code in (302, 403)
