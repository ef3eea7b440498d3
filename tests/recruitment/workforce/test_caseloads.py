"""The caseloads section, each figure worked out by hand on small data."""

import datetime

import pytest

from portal.models import StaffRecord
from recruitment.workforce import caseloads
from recruitment.workforce.models import WorkforceMonth
from recruitment.workforce.sections import SMALL, Linked, Scope
from tests import factories

pytestmark = pytest.mark.django_db

Type = StaffRecord.EmploymentType
JAN, FEB, MAR = datetime.date(2025, 1, 1), datetime.date(2025, 2, 1), datetime.date(2025, 3, 1)


def scope(**kwargs):
    return Scope(first_month=JAN, last_month=MAR, **kwargs)


def row(month, team, kind=Type.PERMANENT, **figures):
    return WorkforceMonth.objects.create(
        month=month, team=team, service_area=team.service_area, employment_type=kind,
        grade=StaffRecord.Grade.SOCIAL_WORKER_2, **figures,
    )  # fmt: skip


def months(section):
    return {line[0]: line for line in section.table("caseloads-by-month").rows}


def test_an_empty_period_says_so():
    section = caseloads.build(scope())
    assert section.headlines == [] and "caseload counts" in section.empty


def test_averages_with_and_without_protected_learners():
    team = factories.TeamFactory()
    # 8 workers with 150 cases; 3 of them protected learners with 30 cases, 1 over cap.
    row(MAR, team, caseload_workers=5, caseload_total=120)
    row(MAR, team, Type.PERMANENT, caseload_workers=3, caseload_total=30,
        protected_workers=3, protected_caseload_total=30, over_cap=1)  # fmt: skip
    section = caseloads.build(scope())
    march = months(section)[MAR]
    # 150 / 8 = 18.75; without learners 120 / 5 = 24.
    assert march[1:] == [8, 18.8, 24.0, 3, 1]
    assert [headline.value for headline in section.headlines] == [18.8, 24.0, SMALL]
    # January has no counts: "–", never a division by nought.
    assert months(section)[JAN][2] is None


def test_the_trend_over_months_and_its_summary():
    team = factories.TeamFactory()
    row(JAN, team, caseload_workers=10, caseload_total=200)
    row(FEB, team, caseload_workers=10, caseload_total=185)
    row(MAR, team, caseload_workers=10, caseload_total=170)
    section = caseloads.build(scope())
    assert [months(section)[m][2] for m in (JAN, FEB, MAR)] == [20.0, 18.5, 17.0]
    assert "17.0" in section.summary and "from 20.0" in section.summary
    assert len(section.charts) == 2 and all(chart.summary for chart in section.charts)


def test_a_small_team_shows_no_average_and_an_empty_team_none():
    area = factories.ServiceAreaFactory()
    small = factories.TeamFactory(service_area=area, name="Small")
    factories.TeamFactory(service_area=area, name="Empty")
    row(MAR, small, caseload_workers=2, caseload_total=40)
    teams = {line[0]: line for line in caseloads.build(scope()).table("caseloads-by-team").rows}
    assert teams["Small"][2:5] == [SMALL, SMALL, SMALL]
    assert teams["Empty"][2:] == [0, None, None, 0, 0]


def test_over_cap_links_to_the_breaches_for_hr():
    team = factories.TeamFactory()
    row(MAR, team, caseload_workers=6, caseload_total=90, protected_workers=6,
        protected_caseload_total=90, over_cap=5)  # fmt: skip
    section = caseloads.build(scope(links_to_records=True))
    cell = section.table("caseloads-by-team").rows[0][-1]
    assert isinstance(cell, Linked) and cell.href == caseloads.BREACHES_URL
    assert section.headlines[0].href == caseloads.TEAMS_URL
    assert caseloads.build(scope()).headlines[0].href == ""


def test_only_the_areas_in_scope_count():
    team_a, team_b = factories.TeamFactory(), factories.TeamFactory()
    row(MAR, team_a, caseload_workers=5, caseload_total=50)
    row(MAR, team_b, caseload_workers=5, caseload_total=100)
    section = caseloads.build(scope(area_ids=frozenset({team_a.service_area_id})))
    assert section.headlines[0].value == 10.0
    assert len(section.table("caseloads-by-team").rows) == 1


def test_a_fixed_number_of_queries_at_two_sizes(django_assert_max_num_queries):
    for size in (3, 30):
        for _ in range(size):
            team = factories.TeamFactory()
            for month in (JAN, FEB, MAR):
                row(month, team, caseload_workers=6, caseload_total=100, over_cap=1)
        with django_assert_max_num_queries(3):
            section = caseloads.build(scope())
        assert len(section.table("caseloads-by-team").rows) >= size
