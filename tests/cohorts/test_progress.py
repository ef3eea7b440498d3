"""The progress rules, on plain values: no database."""

import datetime
from decimal import Decimal

import pytest

from cohorts import progress
from cohorts.models import (
    Attendance,
    Cohort,
    CohortPartner,
    Enrolment,
    EnrolmentPause,
    Placement,
    Programme,
)
from portal.models import Organisation

D = datetime.date
START = D(2026, 9, 1)


def asye() -> Programme:
    return Programme(
        name="ASYE",
        slug="asye",
        kind=Programme.Kind.ASYE,
        length_months=12,
        max_duration_months=24,
        review_points=[{"month": 3}, {"month": 6}, {"month": 9, "optional": True}, {"month": 12}],
    )


def degree() -> Programme:
    return Programme(
        name="Degree",
        slug="degree",
        kind=Programme.Kind.GROW_YOUR_OWN,
        length_months=24,
        practice_learning_days=200,
        max_skills_days=30,
    )


def described(today: datetime.date, programme=None, **fields) -> Enrolment:
    """An enrolment as ``selectors.with_progress`` hands it over, described for ``today``."""
    programme = programme or asye()
    enrolment = Enrolment(
        cohort=Cohort(programme=programme, name="Intake", start_date=START),
        start_date=START,
        expected_end_date=progress.expected_end_date(programme=programme, start_date=START),
        status=fields.pop("status", Enrolment.Status.ACTIVE),
    )
    annotations = {
        "attended_present": 0,
        "attended_late": 0,
        "attended_absent": 0,
        "attended_excused": 0,
        "practice_days": Decimal("0"),
        "skills_days": Decimal("0"),
        "off_the_job_hours": Decimal("0"),
        "last_meeting": today,
        "placement_list": [],
        "pause_list": [],
    }
    for name, value in {**annotations, **fields}.items():
        setattr(enrolment, name, value)
    return progress.describe(enrolment, today)


def test_expected_and_latest_end_dates():
    assert progress.expected_end_date(programme=asye(), start_date=START) == D(2027, 8, 31)
    pauses = [EnrolmentPause(start_date=D(2026, 11, 1), end_date=D(2026, 11, 30))]
    assert progress.expected_end_date(programme=asye(), start_date=START, pauses=pauses) == D(
        2027, 9, 30
    )
    assert progress.latest_end_date(programme=asye(), start_date=START) == D(2028, 8, 31)
    assert progress.latest_end_date(programme=degree(), start_date=START) is None


def test_review_dates_move_with_pauses_before_them():
    enrolment = Enrolment(cohort=Cohort(programme=asye()), start_date=START)
    pause = EnrolmentPause(start_date=D(2027, 1, 4), end_date=D(2027, 1, 17))
    reviews = {r["month"]: r for r in progress.review_dates(enrolment, [pause])}
    assert reviews[3]["date"] == D(2026, 12, 1)
    assert reviews[6]["date"] == D(2027, 3, 15)
    assert reviews[9]["optional"] and not reviews[12]["optional"]


def test_cohort_size_warning_for_nqsw_intakes_only():
    cohort = Cohort(programme=asye())
    assert progress.cohort_size_warning(cohort=cohort, size=6)
    assert progress.cohort_size_warning(cohort=cohort, size=7) is None
    assert progress.cohort_size_warning(cohort=cohort, size=10) is None
    assert "11" in progress.cohort_size_warning(cohort=cohort, size=11)
    assert progress.cohort_size_warning(cohort=Cohort(programme=degree()), size=26) is None


def test_the_cohort_size_guidance_is_a_setting(settings):
    settings.COHORTS_NQSW_COHORT_SIZE_MIN = 5
    assert progress.cohort_size_warning(cohort=Cohort(programme=asye()), size=6) is None
    assert progress.cohort_size_warning(cohort=Cohort(programme=asye()), size=4) == (
        "This NQSW intake has 4 members. Intakes of 5 to 10 work best."
    )


def test_attendance_rate_counts_late_as_attended_and_ignores_excused():
    assert progress.attendance_rate({}) is None
    assert progress.attendance_rate({Attendance.Status.EXCUSED: 3}) is None
    rate = progress.attendance_rate(
        {
            Attendance.Status.PRESENT: 2,
            Attendance.Status.LATE: 1,
            Attendance.Status.ABSENT: 1,
            Attendance.Status.EXCUSED: 5,
        }
    )
    assert rate == 0.75


def test_peak_overlap_counts_the_busiest_day_inside_the_window():
    periods = [
        (D(2026, 9, 1), D(2026, 10, 31)),
        (D(2026, 10, 1), D(2026, 12, 31)),
        (D(2026, 10, 15), D(2026, 10, 20)),
        (D(2027, 3, 1), D(2027, 3, 31)),  # outside the window: never counted
    ]
    assert progress.peak_overlap(periods, D(2026, 9, 1), D(2026, 12, 31)) == 3
    assert progress.peak_overlap(periods, D(2026, 11, 1), D(2026, 12, 31)) == 1
    # Back to back is not at the same time.
    assert progress.peak_overlap(periods[:1], D(2026, 11, 1), D(2026, 11, 30)) == 0


def test_cost_shares_split_each_fee_between_employer_and_loan():
    council = Organisation(pk=1, name="Example City Council", kind=Organisation.Kind.COUNCIL)
    shire = Organisation(pk=2, name="Shire", kind=Organisation.Kind.PARTNER_COUNCIL)
    cohort = Cohort(
        fee_per_learner=Decimal("9000"), council_contribution_per_learner=Decimal("1500")
    )
    enrolments = [
        Enrolment(employer=council),
        Enrolment(employer=shire),
        Enrolment(employer=shire, status=Enrolment.Status.WITHDRAWN),
    ]
    partners = [CohortPartner(organisation=shire, contribution_per_learner=Decimal("2500"))]
    shares = progress.cost_shares(cohort=cohort, enrolments=enrolments, partners=partners)
    assert [(r["organisation"].name, r["learners"]) for r in shares["rows"]] == [
        ("Example City Council", 1),
        ("Shire", 1),
    ]
    assert shares["rows"][1]["loan_per_learner"] == Decimal("6500")
    assert shares["totals"] == {
        "organisation_total": Decimal("4000"),
        "loan_total": Decimal("14000"),
        "fee_total": Decimal("18000"),
        "learners": 2,
    }
    only_shire = progress.cost_shares(
        cohort=cohort, enrolments=enrolments, partners=partners, organisation=shire
    )
    assert [r["organisation"] for r in only_shire["rows"]] == [shire]


def test_a_member_on_track_needs_no_attention():
    today = START + datetime.timedelta(days=20)
    placement = Placement(start_date=START, end_date=START + datetime.timedelta(days=90))
    on_track = described(today, placement_list=[placement])
    assert on_track.current_placement == placement
    assert on_track.attention == []
    assert described(today).attention == ["No placements planned"]


def test_what_makes_a_member_need_attention_and_the_words_for_it():
    today = D(2026, 11, 20)
    enrolment = described(
        today,
        status=Enrolment.Status.PAUSED,
        attended_present=1,
        attended_absent=2,
        last_meeting=D(2026, 9, 1),
    )
    assert enrolment.attention == [
        "Programme paused",
        "No placements planned",
        "Attendance 33%",
        "No mentoring meeting for over 6 weeks",
        "Review due 1 December 2026",
    ]


@pytest.mark.parametrize(
    ("days", "words"),
    [
        (42, "No mentoring meeting for over 6 weeks"),
        (7, "No mentoring meeting for over 1 week"),
        (45, "No mentoring meeting for over 45 days"),
        (1, "No mentoring meeting for over 1 day"),
    ],
)
def test_the_meeting_reason_says_the_settings_threshold(settings, days, words):
    settings.COHORTS_MEETING_ATTENTION_AFTER_DAYS = days
    today = START + datetime.timedelta(days=60)
    quiet = described(today, last_meeting=today - datetime.timedelta(days=days + 1))
    assert words in quiet.attention
    settled = described(today, last_meeting=today - datetime.timedelta(days=days))
    assert not any(reason.startswith("No mentoring meeting") for reason in settled.attention)


def test_practice_learning_days_behind_once_ten_are_due():
    programme = degree()
    # 292 days into 730: 80 days due, 50 counted (under three quarters).
    today = START + datetime.timedelta(days=292)
    behind = described(today, programme=programme, practice_days=Decimal("50"))
    assert "Practice-learning days behind" in behind.attention
    on_track = described(today, programme=programme, practice_days=Decimal("61"))
    assert "Practice-learning days behind" not in on_track.attention
    # Skills days count up to the cap only.
    capped = described(today, programme=programme, skills_days=Decimal("35"))
    assert capped.days_counted == Decimal("30")
