"""The workforce page's cohort outcomes, every figure worked out by hand."""

import datetime

import pytest
from django.urls import reverse

from cohorts.models import Enrolment
from portal import roles
from portal.models import Organisation, StaffRecord
from recruitment.workforce import outcome_selectors, outcomes
from recruitment.workforce.sections import SMALL, Linked, Scope, shown
from tests import factories
from tests.cohorts import factories as cohort_factories

pytestmark = pytest.mark.django_db

SCOPE = Scope(
    first_month=datetime.date(2025, 11, 1),
    last_month=datetime.date(2026, 10, 1),
    links_to_records=True,
)
FINISHED = datetime.date(2024, 9, 2)


def learner(cohort, status, *, employer=None, finished=FINISHED, spells=()):
    enrolment = cohort_factories.enrol(cohort=cohort, employer=employer)
    Enrolment.objects.filter(pk=enrolment.pk).update(status=status, status_changed_on=finished)
    for start, end in spells:
        record = factories.staff_record(person=enrolment.member, start_date=start)
        if end:
            StaffRecord.objects.filter(pk=record.pk).update(
                end_date=end, leaving_reason=StaffRecord.LeavingReason.RESIGNED
            )
    return enrolment


@pytest.fixture
def known():
    council = cohort_factories.council()
    partner = factories.OrganisationFactory(kind=Organisation.Kind.PARTNER_COUNCIL)
    finished = cohort_factories.CohortFactory(
        name="ASYE September 2023", start_date=datetime.date(2023, 9, 4)
    )
    # Still here 12 and 24 months on.
    learner(finished, Enrolment.Status.COMPLETED, employer=council, spells=[(FINISHED, None)])
    # A leaver, gone before the first anniversary.
    learner(
        finished,
        Enrolment.Status.COMPLETED,
        employer=council,
        spells=[(FINISHED, datetime.date(2025, 3, 31))],
    )
    # A returner: left in January, back in June, here at both anniversaries.
    learner(
        finished,
        Enrolment.Status.COMPLETED,
        employer=council,
        spells=[(FINISHED, datetime.date(2025, 1, 31)), (datetime.date(2025, 6, 1), None)],
    )
    # A partner council's learner: counts for completion, not for retention.
    learner(finished, Enrolment.Status.COMPLETED, employer=partner)
    learner(finished, Enrolment.Status.WITHDRAWN, employer=council)
    learner(finished, Enrolment.Status.FAILED, employer=council)
    recent = cohort_factories.CohortFactory(
        name="ASYE September 2025", start_date=datetime.date(2025, 9, 1)
    )
    # Completed in June 2026: neither anniversary has come by October 2026.
    learner(
        recent,
        Enrolment.Status.COMPLETED,
        employer=council,
        finished=datetime.date(2026, 6, 1),
        spells=[(datetime.date(2026, 6, 1), None)],
    )
    learner(recent, Enrolment.Status.ACTIVE, employer=council)
    return {"finished": finished, "recent": recent}


def test_an_empty_period_shows_nothing():
    section = outcomes.build(SCOPE)
    assert section.tables == [] and section.headlines == []
    assert "No cohort" in section.empty


def test_outcomes_and_retention_with_a_leaver_and_a_returner(known):
    recent, finished = outcome_selectors.intakes(SCOPE)
    assert (recent.name, finished.name) == ("ASYE September 2025", "ASYE September 2023")
    assert (finished.enrolled, finished.completed, finished.failed, finished.withdrawn) == (
        6,
        4,
        1,
        1,
    )
    assert (finished.continuing, finished.finished) == (0, 6)
    # Three of the council's own completed; the leaver is gone at both anniversaries.
    assert finished.council_completed == 3
    assert finished.retention == {12: [3, 2], 24: [3, 2]}
    assert (recent.enrolled, recent.completed, recent.continuing) == (2, 1, 1)
    assert recent.retention == {12: [0, 0], 24: [0, 0]}


def test_the_24_month_anniversary_not_yet_come(known):
    # At the end of August 2026 the 2023 intake's second anniversary (2 September) is ahead.
    scope = Scope(first_month=datetime.date(2025, 9, 1), last_month=datetime.date(2026, 8, 1))
    finished = next(
        i for i in outcome_selectors.intakes(scope) if i.cohort_id == known["finished"].pk
    )
    assert finished.retention == {12: [3, 2], 24: [0, 0]}


def test_small_counts_are_suppressed_and_not_yet_due_is_a_dash(known):
    section = outcomes.build(SCOPE)
    table = {row[0]: row for row in section.table("outcomes").rows}
    old = table["ASYE September 2023"]
    assert old[1] == "Assessed and Supported Year in Employment"
    assert old[3] == Linked(
        6, reverse("cohorts_enrolment:index") + f"?cohort={known['finished'].pk}"
    )
    assert old[4] == 0  # nobody still on it: zero is not suppressed
    assert old[5].value is SMALL and old[5].href.endswith("&status=completed")
    assert old[6].value is SMALL and old[7].value is SMALL
    assert old[8:] == [None, None, None]  # rates from counts under 5
    retention = {row[0]: [shown(v) for v in row[2:]] for row in section.table("retention").rows}
    assert retention["ASYE September 2023"] == ["fewer than 5"] * 3 + ["–"] + [
        "fewer than 5",
        "fewer than 5",
        "–",
    ]
    assert retention["ASYE September 2025"] == ["fewer than 5", "–", "–", "–", "–", "–", "–"]
    headline = next(h for h in section.headlines if "12 months" in h.label)
    assert (headline.text, headline.hint) == ("66.7%", "fewer than 5 of fewer than 5 due")


def test_rates_by_hand_on_a_bigger_intake():
    council = cohort_factories.council()
    cohort = cohort_factories.CohortFactory(name="Big intake", start_date=datetime.date(2023, 9, 4))
    for _n in range(6):
        learner(cohort, Enrolment.Status.COMPLETED, employer=council, spells=[(FINISHED, None)])
    for _n in range(5):
        learner(cohort, Enrolment.Status.WITHDRAWN, employer=council)
    section = outcomes.build(SCOPE)
    row = section.table("outcomes").rows[0]
    # 6 completed and 5 withdrew of 11 who left; none failed, so every pass is a completion.
    assert [shown(v) for v in row[3:]] == [
        "11",
        "0",
        "6",
        "0",
        "5",
        "54.5%",
        "100.0%",
        "45.5%",
    ]
    assert [shown(v) for v in section.table("retention").rows[0][2:]] == [
        "6",
        "6",
        "6",
        "100.0%",
        "6",
        "6",
        "100.0%",
    ]
    assert len(section.charts) == 2
    assert section.charts[1].summary == (
        "6 of 6 completers due were with the council 12 months after finishing, "
        "and 6 of 6 after 24 months."
    )
    ids = {f"table-{table.slug}" for table in section.tables}
    assert all(chart.table_id in ids and chart.svg.startswith("<svg") for chart in section.charts)


def test_the_programme_narrows_it(known):
    other = cohort_factories.ProgrammeFactory()
    assert (
        outcome_selectors.intakes(
            Scope(first_month=SCOPE.first_month, last_month=SCOPE.last_month, programme_id=other.pk)
        )
        == []
    )
    assert not any(
        isinstance(v, Linked)
        for t in outcomes.build(
            Scope(first_month=SCOPE.first_month, last_month=SCOPE.last_month)
        ).tables
        for row in t.rows
        for v in row
    )


@pytest.mark.parametrize("size", [3, 30])
def test_queries_do_not_grow_with_the_learners(django_assert_max_num_queries, size):
    council = cohort_factories.council()
    cohorts = [
        cohort_factories.CohortFactory(start_date=datetime.date(2023, 9, 4)),
        cohort_factories.CohortFactory(start_date=datetime.date(2024, 9, 2)),
    ]
    statuses = list(Enrolment.Status)
    for n in range(size):
        learner(
            cohorts[n % 2],
            statuses[n % len(statuses)],
            employer=council,
            spells=[(FINISHED, None)] if n % 3 else [],
        )
    with django_assert_max_num_queries(3):
        section = outcomes.build(SCOPE)
    assert f"{size} learners" in section.summary


def test_the_csv_of_the_outcomes(client, staff_with_mfa, known):
    staff_with_mfa(roles.WORKFORCE_LEAD, client)
    response = client.get("/workforce/outcomes/retention.csv?period=60")
    assert response.status_code == 200
    lines = response.content.decode().splitlines()
    assert lines[0].startswith("Intake,Programme,Completed (the council's own),Due at 12 months")
    assert lines[1:] == [
        "ASYE September 2025,Assessed and Supported Year in Employment,fewer than 5,,,,,,",
        "ASYE September 2023,Assessed and Supported Year in Employment,"
        "fewer than 5,fewer than 5,fewer than 5,,fewer than 5,fewer than 5,",
    ]
    assert client.get("/workforce/outcomes/").status_code == 200
