"""The headcount and agency use section, each figure worked out by hand on small data."""

import datetime
from decimal import Decimal

import pytest

from portal import roles
from portal.models import StaffRecord
from portal.staff import staff_move_team, staff_record_leave
from recruitment.workforce import headcount, rules, snapshots
from recruitment.workforce.models import AgencyDayRate, VacancyMonth, WorkforceMonth
from recruitment.workforce.sections import SMALL, Linked, Scope
from tests import factories

pytestmark = pytest.mark.django_db

Type = StaffRecord.EmploymentType
Grade = StaffRecord.Grade
JAN, FEB, MAR = datetime.date(2025, 1, 1), datetime.date(2025, 2, 1), datetime.date(2025, 3, 1)


def scope(first=JAN, last=MAR, **kwargs):
    return Scope(first_month=first, last_month=last, **kwargs)


def row(month, team, kind=Type.PERMANENT, grade=Grade.SOCIAL_WORKER_2, **figures):
    return WorkforceMonth.objects.create(
        month=month, team=team, service_area=team.service_area if team else None,
        employment_type=kind, grade=grade, **figures,
    )  # fmt: skip


def by_month(section):
    table = section.table("by-month")
    return {line[0]: dict(zip(table.head, line, strict=True)) for line in table.rows}


def test_an_empty_period_says_so_and_does_not_divide_by_zero():
    section = headcount.build(scope())
    assert section.headlines == [] and section.tables == []
    assert "snapshot" in section.empty


def test_headcount_is_split_into_the_four_groups_with_secondment_as_fixed_term():
    team = factories.TeamFactory()
    row(MAR, team, Type.PERMANENT, headcount=10)
    row(MAR, team, Type.FIXED_TERM, headcount=3)
    row(MAR, team, Type.SECONDMENT, headcount=2)
    row(MAR, team, Type.AGENCY, headcount=6)
    row(MAR, team, Type.LEARNER, headcount=5)
    section = headcount.build(scope())
    march = by_month(section)[MAR]
    assert [march["Permanent"], march["Fixed term or secondment"], march["Agency"]] == [10, 5, 6]
    assert (march["Learners"], march["Total"]) == (5, 26)
    # Agency share: 6 / (6 + 15): learners are not counted.
    assert march["Agency share"] == "28.6%"
    assert section.headlines[0].value == 26
    # A month with no snapshot rows reads as noughts, its rates as "–".
    assert by_month(section)[JAN]["Total"] == 0
    assert by_month(section)[JAN]["Agency share"] is None


def test_the_agency_share_falls_as_agency_workers_leave():
    team = factories.TeamFactory()
    row(JAN, team, Type.AGENCY, headcount=65)
    row(JAN, team, Type.PERMANENT, headcount=35)
    row(MAR, team, Type.AGENCY, headcount=23)
    row(MAR, team, Type.PERMANENT, headcount=77)
    section = headcount.build(scope())
    assert by_month(section)[JAN]["Agency share"] == "65.0%"
    assert by_month(section)[MAR]["Agency share"] == "23.0%"
    assert "fell from 65.0% to 23.0%" in section.summary
    assert section.charts and all(chart.summary for chart in section.charts)


def test_vacancies_and_the_vacancy_rate():
    team = factories.TeamFactory()
    row(MAR, team, Type.PERMANENT, headcount=15)
    row(MAR, team, Type.AGENCY, headcount=3)
    row(MAR, team, Type.LEARNER, headcount=4)
    VacancyMonth.objects.create(month=MAR, team=team, service_area=team.service_area, posts=2)
    section = headcount.build(scope())
    march = by_month(section)[MAR]
    # 2 / (2 + 18 filled posts): learners fill no post.
    assert (march["Vacancies (posts)"], march["Vacancy rate"]) == (2, "10.0%")


def test_turnover_and_stability_count_employed_staff_over_12_months():
    team = factories.TeamFactory()
    march_before = datetime.date(2024, 3, 1)
    row(march_before, team, Type.PERMANENT, headcount=20)
    row(march_before, team, Type.AGENCY, headcount=30)  # not counted for stability
    row(datetime.date(2024, 5, 1), team, Type.PERMANENT, headcount=19, leavers=2)
    row(datetime.date(2024, 9, 1), team, Type.FIXED_TERM, headcount=1, leavers=1)
    row(datetime.date(2024, 2, 1), team, Type.PERMANENT, headcount=20, leavers=7)  # too early
    row(JAN, team, Type.AGENCY, headcount=10, leavers=9)  # agency leavers are not turnover
    row(MAR, team, Type.PERMANENT, headcount=22, leavers=1, stable=16)
    row(MAR, team, Type.AGENCY, headcount=5, stable=5)
    march = by_month(headcount.build(scope()))[MAR]
    # Leavers April 2024 to March 2025: 2 + 1 + 1 = 4 of 22 at the end.
    assert march["Turnover (12 months)"] == "18.2%"
    # 16 with a year's service now, of 20 employed in March 2024.
    assert march["Stability"] == "80.0%"


def test_agency_spend_from_the_rate_card_and_working_days():
    AgencyDayRate.objects.all().delete()  # not the illustrative card the migration adds
    team = factories.TeamFactory()
    row(MAR, team, Type.AGENCY, Grade.SOCIAL_WORKER_3, headcount=2, fte=Decimal("1.50"))
    row(MAR, team, Type.AGENCY, Grade.TEAM_MANAGER, headcount=1, fte=Decimal("1"))
    row(MAR, team, Type.AGENCY, Grade.OTHER, headcount=1, fte=Decimal("1"))
    AgencyDayRate.objects.create(
        grade=Grade.SOCIAL_WORKER_3, day_rate=300, valid_from=datetime.date(2024, 1, 1)
    )
    AgencyDayRate.objects.create(
        grade=Grade.SOCIAL_WORKER_3, day_rate=330, valid_from=datetime.date(2025, 3, 1)
    )
    AgencyDayRate.objects.create(
        grade=Grade.TEAM_MANAGER, day_rate=420, valid_from=datetime.date(2024, 1, 1)
    )
    AgencyDayRate.objects.create(  # not yet in force
        grade=Grade.OTHER, day_rate=999, valid_from=datetime.date(2025, 4, 1)
    )
    section = headcount.build(scope())
    # March 2025: 21 weekdays, no bank holiday.
    assert rules.working_days(MAR) == 21
    # 1.5 × £330 × 21 + 1 × £420 × 21 = 10,395 + 8,820.
    assert by_month(section)[MAR]["Estimated agency spend"] == "£19,215"
    spend = section.headlines[-1]
    assert spend.value == "£19,215"
    assert "Other" in spend.hint
    grades = {line[0]: line for line in section.table("agency-spend").rows}
    assert grades["Other"][2] == "No rate on the card"


def test_bank_holidays_are_not_working_days():
    april = datetime.date(2025, 4, 1)
    total, unpriced, days = headcount.agency_spend(
        {Grade.SOCIAL_WORKER_2: Decimal("1")},
        {Grade.SOCIAL_WORKER_2: [(datetime.date(2024, 1, 1), Decimal("300"))]},
        april,
    )
    # April 2025: 22 weekdays less Good Friday and Easter Monday.
    assert (days, total, unpriced) == (20, Decimal("6000"), [])


def test_small_team_counts_are_suppressed_and_a_team_with_no_staff_shows_noughts():
    area = factories.ServiceAreaFactory()
    big = factories.TeamFactory(service_area=area, name="Big team")
    factories.TeamFactory(service_area=area, name="Empty team")
    row(MAR, big, Type.PERMANENT, headcount=12)
    row(MAR, big, Type.AGENCY, headcount=3)
    teams = {line[0]: line for line in headcount.build(scope()).table("by-team").rows}
    assert teams["Big team"][2:7] == [12, 0, SMALL, 0, 15]
    assert teams["Empty team"][2:7] == [0, 0, 0, 0, 0]
    assert teams["Empty team"][-1] is None  # no share of nobody
    csv = headcount.build(scope()).table("by-team").csv_rows()
    assert "fewer than 5" in csv[1]


def test_records_are_linked_for_hr_and_not_for_others():
    team = factories.TeamFactory()
    row(MAR, team, Type.PERMANENT, headcount=12)
    linked = headcount.build(scope(links_to_records=True))
    cell = linked.table("by-team").rows[0][2]
    assert isinstance(cell, Linked)
    assert (
        cell.href
        == f"/admin/staff/records/?team={team.pk}&employment_type=permanent&status=current"
    )
    assert linked.headlines[0].href == "/admin/staff/records/?status=current"
    plain = headcount.build(scope())
    assert not isinstance(plain.table("by-team").rows[0][2], Linked)
    assert plain.headlines[0].href == ""


def test_the_team_and_area_in_scope_narrow_every_figure():
    team_a, team_b = factories.TeamFactory(), factories.TeamFactory()
    row(MAR, team_a, headcount=7)
    row(MAR, team_b, headcount=9)
    assert headcount.build(scope(team_id=team_a.pk)).headlines[0].value == 7
    assert (
        headcount.build(scope(area_ids=frozenset({team_b.service_area_id}))).headlines[0].value == 9
    )
    assert headcount.build(scope(area_ids=frozenset())).headlines == []


def test_from_the_snapshots_a_mover_a_leaver_and_a_returner():
    team_a, team_b = factories.TeamFactory(name="A"), factories.TeamFactory(name="B")
    mover = factories.staff_record(team=team_a, start_date=datetime.date(2023, 5, 1))
    staff_move_team(staff=mover, team=team_b, on=datetime.date(2025, 2, 10), by=None)
    leaver = factories.staff_record(team=team_a, start_date=datetime.date(2023, 5, 1))
    staff_record_leave(staff=leaver, on=datetime.date(2025, 1, 20), reason="resigned", by=None)
    returner = factories.staff_record(team=team_b, start_date=datetime.date(2024, 6, 3))
    staff_record_leave(staff=returner, on=datetime.date(2024, 12, 31), reason="resigned", by=None)
    factories.staff_record(
        person=returner.person, team=team_b, start_date=datetime.date(2025, 3, 3)
    )
    snapshots.backfill(first=datetime.date(2024, 12, 1), last=MAR)
    section = headcount.build(scope(first=datetime.date(2024, 12, 1)))
    months = by_month(section)
    assert [months[m]["Total"] for m in (datetime.date(2024, 12, 1), JAN, FEB, MAR)] == [
        2,  # the returner's first record ends on 31 December: a leaver that month
        1,
        1,
        2,
    ]
    teams = {line[0]: line for line in section.table("by-team").rows}
    # In March the mover is in B, with the returner's second record.
    assert teams["A"][6] == 0
    assert teams["B"][6] == SMALL


def test_a_fixed_number_of_queries_at_two_sizes(django_assert_max_num_queries):
    # The migration's illustrative rate card prices SW2.
    for size in (3, 30):
        for _ in range(size):
            team = factories.TeamFactory()
            VacancyMonth.objects.create(
                month=MAR, team=team, service_area=team.service_area, posts=1
            )
            for month in (JAN, FEB, MAR):
                row(month, team, Type.AGENCY, headcount=2, fte=Decimal("2"))
                row(month, team, Type.PERMANENT, headcount=5, leavers=1, stable=4)
        with django_assert_max_num_queries(6):
            section = headcount.build(scope(links_to_records=True))
        assert len(section.table("by-team").rows) >= size


def test_a_head_of_service_sees_only_their_areas_teams(client, staff_with_mfa):
    mine = factories.TeamFactory(name="My team")
    theirs = factories.TeamFactory(name="Another area's team")
    head = staff_with_mfa(roles.MENTOR, client)
    factories.staff_record(
        person=head, team=mine, start_date=datetime.date(2022, 1, 3),
        grade=Grade.HEAD_OF_SERVICE,
    )  # fmt: skip
    last = rules.last_complete_month(datetime.date.today())
    row(last, mine, headcount=8)
    row(last, theirs, headcount=9)
    page = client.get("/workforce/headcount/").content.decode()
    assert "My team" in page
    assert "Another area" not in page
    assert "/admin/staff/records/" not in page
