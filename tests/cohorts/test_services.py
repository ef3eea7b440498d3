import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.db import IntegrityError, connection, transaction

from cohorts import services
from cohorts.models import (
    Attendance,
    Enrolment,
    EnrolmentPause,
    Placement,
    PlacementDayLog,
    Programme,
)
from portal import roles
from portal.calendar import add_months
from tests.cohorts import factories as f

pytestmark = pytest.mark.django_db

D = datetime.date


def test_add_months_clamps_to_the_end_of_a_short_month():
    assert add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert add_months(D(2026, 9, 1), 12) == D(2027, 9, 1)
    assert add_months(D(2026, 11, 15), 3) == D(2027, 2, 15)


def test_seeded_programmes_are_data_including_the_24_month_ecdp():
    asye = Programme.objects.get(slug="asye")
    assert asye.length_months == 12
    assert asye.max_duration_months == 24
    assert asye.review_months(include_optional=False) == [3, 6, 12]
    assert asye.review_months() == [3, 6, 9, 12]
    assert asye.has_moderation_panel
    assert asye.caseload_cap == 15
    assert asye.protected_time_percent == 10
    assert asye.supervision_every(1) == "week"
    assert asye.supervision_every(6) == "week"
    assert asye.supervision_every(7) == "fortnight"
    assert asye.supervision_every(27) == "month"
    assert Programme.objects.get(slug="ecdp").length_months == 24
    degree = Programme.objects.get(slug="social-work-degree-apprenticeship")
    assert (degree.practice_learning_days, degree.max_skills_days) == (200, 30)
    assert degree.off_the_job_hours_per_week == Decimal("6.0")
    assert Programme.objects.count() >= 6


def test_expected_end_without_pauses_is_the_programme_length():
    enrolment = f.enrol(cohort=f.CohortFactory(start_date=D(2026, 9, 1)))
    assert enrolment.expected_end_date == D(2027, 8, 31)


def test_a_pause_moves_the_expected_end_by_its_days_and_mails_the_member(
    django_capture_on_commit_callbacks,
):
    enrolment = f.enrol(cohort=f.CohortFactory(start_date=D(2026, 9, 1)))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.enrolment_pause(
            enrolment=enrolment,
            reason=EnrolmentPause.Reason.ILLNESS,
            start_date=D(2026, 11, 1),
            end_date=D(2026, 11, 30),
        )
    enrolment.refresh_from_db()
    assert enrolment.expected_end_date == D(2027, 8, 31) + datetime.timedelta(days=30)
    assert len(mail.outbox) == 1
    assert "paused" in mail.outbox[0].subject


def test_review_dates_move_with_a_pause_before_them():
    enrolment = f.enrol(cohort=f.CohortFactory(start_date=D(2026, 9, 1)))
    pause = services.enrolment_pause(
        enrolment=enrolment,
        reason=EnrolmentPause.Reason.BEREAVEMENT,
        start_date=D(2027, 1, 4),
        end_date=D(2027, 1, 17),
    )
    reviews = {r["month"]: r["date"] for r in services.review_dates(enrolment, [pause])}
    assert reviews[3] == D(2026, 12, 1)
    assert reviews[6] == D(2027, 3, 1) + datetime.timedelta(days=14)


def test_a_pause_that_would_pass_the_two_year_limit_is_refused():
    enrolment = f.enrol(cohort=f.CohortFactory(start_date=D(2026, 9, 1)))
    services.enrolment_pause(
        enrolment=enrolment,
        reason=EnrolmentPause.Reason.PARENTAL_LEAVE,
        start_date=D(2027, 1, 1),
        end_date=D(2027, 9, 30),
    )
    with pytest.raises(services.BeyondMaximumDuration):
        services.enrolment_pause(
            enrolment=enrolment,
            reason=EnrolmentPause.Reason.ILLNESS,
            start_date=D(2027, 11, 1),
            end_date=D(2028, 3, 31),
        )
    assert enrolment.pauses.count() == 1


def test_a_pause_exactly_up_to_the_limit_is_allowed():
    enrolment = f.enrol(cohort=f.CohortFactory(start_date=D(2026, 9, 1)))
    # 12 months of pause from the first day: ends on the last day of month 24.
    days = (D(2028, 8, 31) - D(2027, 8, 31)).days
    services.enrolment_pause(
        enrolment=enrolment,
        reason=EnrolmentPause.Reason.PARENTAL_LEAVE,
        start_date=D(2026, 10, 1),
        end_date=D(2026, 10, 1) + datetime.timedelta(days=days - 1),
    )
    enrolment.refresh_from_db()
    assert enrolment.expected_end_date == D(2028, 8, 31)


def test_overlapping_pauses_are_refused():
    enrolment = f.enrol()
    services.enrolment_pause(
        enrolment=enrolment,
        reason=EnrolmentPause.Reason.ILLNESS,
        start_date=D(2026, 10, 1),
        end_date=D(2026, 10, 14),
    )
    with pytest.raises(services.PeriodOverlap):
        services.enrolment_pause(
            enrolment=enrolment,
            reason=EnrolmentPause.Reason.ILLNESS,
            start_date=D(2026, 10, 14),
            end_date=D(2026, 10, 20),
        )


def test_a_pause_before_the_programme_starts_is_refused():
    enrolment = f.enrol()
    with pytest.raises(services.OutsideEnrolment):
        services.enrolment_pause(
            enrolment=enrolment,
            reason=EnrolmentPause.Reason.ILLNESS,
            start_date=D(2026, 8, 1),
            end_date=D(2026, 8, 14),
        )


def test_one_member_cannot_be_in_two_cohorts_at_once():
    member = f.user_with_role(roles.COHORT_MEMBER)
    f.enrol(member=member, cohort=f.CohortFactory(start_date=D(2026, 9, 1)))
    with pytest.raises(services.PeriodOverlap):
        f.enrol(member=member, cohort=f.CohortFactory(start_date=D(2027, 3, 1)))
    # After the first ends, a new enrolment is fine.
    f.enrol(member=member, cohort=f.CohortFactory(start_date=D(2027, 9, 1)))
    assert Enrolment.objects.filter(member=member).count() == 2


def test_a_withdrawn_enrolment_frees_the_member():
    member = f.user_with_role(roles.COHORT_MEMBER)
    first = f.enrol(member=member, cohort=f.CohortFactory(start_date=D(2026, 9, 1)))
    with pytest.raises(services.NotAllowed):
        services.enrolment_set_status(enrolment=first, status=Enrolment.Status.WITHDRAWN)
    services.enrolment_set_status(
        enrolment=first, status=Enrolment.Status.WITHDRAWN, reason="Moved away"
    )
    first.refresh_from_db()
    assert first.status_reason == "Moved away" and first.status_changed_on
    f.enrol(member=member, cohort=f.CohortFactory(start_date=D(2027, 1, 1)))


def test_a_full_cohort_refuses_another_member():
    cohort = f.CohortFactory(capacity=1)
    f.enrol(cohort=cohort)
    with pytest.raises(services.CohortFull):
        f.enrol(cohort=cohort)


def test_overlapping_placements_of_one_member_are_refused():
    enrolment = f.enrol()
    f.place(enrolment, start=D(2026, 9, 1), end=D(2026, 11, 30))
    with pytest.raises(services.PeriodOverlap):
        f.place(enrolment, start=D(2026, 11, 30), end=D(2027, 1, 31))
    f.place(enrolment, start=D(2026, 12, 1), end=D(2027, 1, 31))


def test_a_team_never_takes_more_learners_than_its_capacity():
    team = f.TeamFactory(learner_capacity=2)
    first, second, third = f.enrol(), f.enrol(), f.enrol()
    f.place(first, team=team, start=D(2026, 9, 1), end=D(2026, 10, 31))
    f.place(second, team=team, start=D(2026, 10, 1), end=D(2026, 12, 31))
    with pytest.raises(services.TeamFull):
        f.place(third, team=team, start=D(2026, 10, 15), end=D(2026, 10, 20))
    # November has only one learner in the team, so there is room then.
    f.place(third, team=team, start=D(2026, 11, 1), end=D(2026, 11, 30))


def test_cancelled_placements_free_the_team():
    team = f.TeamFactory(learner_capacity=1)
    placement = f.place(f.enrol(), team=team)
    Placement.objects.filter(pk=placement.pk).update(status=Placement.Status.CANCELLED)
    f.place(f.enrol(), team=team)


def test_a_placement_outside_the_programme_is_refused():
    enrolment = f.enrol()
    with pytest.raises(services.OutsideEnrolment):
        f.place(enrolment, start=D(2027, 8, 1), end=D(2027, 10, 1))


def test_placing_a_member_mails_them_and_their_supervisor(django_capture_on_commit_callbacks):
    supervisor = f.user_with_role(roles.PRACTICE_SUPERVISOR)
    enrolment = f.enrol()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        f.place(enrolment, supervisor=supervisor)
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([enrolment.member.email, supervisor.email])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="exclusion constraints")
def test_postgres_itself_refuses_overlapping_placements():
    enrolment = f.enrol()
    placement = f.place(enrolment, start=D(2026, 9, 1), end=D(2026, 10, 31))
    with pytest.raises(IntegrityError), transaction.atomic():
        Placement.objects.create(
            enrolment=enrolment,
            team=placement.team,
            start_date=D(2026, 10, 1),
            end_date=D(2026, 11, 30),
        )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="exclusion constraints")
def test_postgres_itself_refuses_overlapping_pauses_and_enrolments():
    enrolment = f.enrol()
    EnrolmentPause.objects.create(
        enrolment=enrolment, reason="illness", start_date=D(2026, 10, 1), end_date=D(2026, 10, 9)
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        EnrolmentPause.objects.create(
            enrolment=enrolment,
            reason="illness",
            start_date=D(2026, 10, 5),
            end_date=D(2026, 10, 20),
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Enrolment.objects.create(
            member=enrolment.member,
            cohort=f.CohortFactory(),
            employer=enrolment.employer,
            start_date=D(2027, 1, 1),
            expected_end_date=D(2027, 12, 31),
        )


def test_skills_days_over_the_maximum_are_refused():
    cohort = f.CohortFactory(programme=f.grow_your_own(), start_date=D(2026, 9, 1))
    supervisor = f.user_with_role(roles.PRACTICE_SUPERVISOR)
    placement = f.place(
        f.enrol(cohort=cohort), start=D(2026, 9, 1), end=D(2027, 8, 31), supervisor=supervisor
    )
    for week in range(6):
        services.placement_log_days(
            placement=placement,
            week_starting=D(2026, 9, 7) + datetime.timedelta(weeks=week),
            days=Decimal("5"),
            kind=PlacementDayLog.Kind.SKILLS,
            by=supervisor,
        )
    with pytest.raises(services.SkillsDaysExceeded):
        services.placement_log_days(
            placement=placement,
            week_starting=D(2026, 11, 2),
            days=Decimal("0.5"),
            kind=PlacementDayLog.Kind.SKILLS,
            by=supervisor,
        )
    services.placement_log_days(
        placement=placement, week_starting=D(2026, 11, 2), days=Decimal("4"), by=supervisor
    )
    placement.refresh_from_db()
    assert placement.status == Placement.Status.IN_PROGRESS


def test_only_the_supervisor_signs_off_and_then_no_more_days():
    supervisor = f.user_with_role(roles.PRACTICE_SUPERVISOR)
    placement = f.place(f.enrol(), supervisor=supervisor)
    with pytest.raises(services.NotAllowed):
        services.placement_sign_off(
            placement=placement, by=f.user_with_role(roles.PRACTICE_SUPERVISOR)
        )
    services.placement_sign_off(placement=placement, by=supervisor)
    placement.refresh_from_db()
    assert placement.status == Placement.Status.COMPLETED and placement.signed_off_at
    with pytest.raises(services.PlacementClosed):
        services.placement_log_days(
            placement=placement, week_starting=placement.start_date, days=1, by=supervisor
        )


def test_cost_shares_and_totals_per_organisation():
    shire = f.OrganisationFactory(name="Shire County Council")
    cohort = f.CohortFactory(
        programme=f.grow_your_own(),
        fee_per_learner=Decimal("9000"),
        council_contribution_per_learner=Decimal("1500"),
    )
    f.CohortPartnerFactory(cohort=cohort, organisation=shire, contribution_per_learner=2500)
    for _ in range(3):
        f.enrol(cohort=cohort)
    for _ in range(2):
        f.enrol(cohort=cohort, employer=shire)
    withdrawn = f.enrol(cohort=cohort, employer=shire)
    services.enrolment_set_status(
        enrolment=withdrawn, status=Enrolment.Status.WITHDRAWN, reason="Left"
    )

    shares = services.cost_shares(cohort=cohort)
    rows = {row["organisation"].name: row for row in shares["rows"]}
    council = rows["Example City Council"]
    assert council["learners"] == 3
    assert council["organisation_total"] == Decimal("4500")
    assert council["loan_total"] == Decimal("22500")
    partner = rows["Shire County Council"]
    assert partner["learners"] == 2
    assert partner["organisation_total"] == Decimal("5000")
    assert partner["loan_per_learner"] == Decimal("6500")
    assert shares["totals"]["fee_total"] == Decimal("45000")
    assert shares["totals"]["organisation_total"] + shares["totals"]["loan_total"] == Decimal(
        "45000"
    )
    only_shire = services.cost_shares(cohort=cohort, organisation=shire)
    assert [r["organisation"].name for r in only_shire["rows"]] == ["Shire County Council"]


def test_cohort_size_warning_for_nqsw_intakes_only():
    cohort = f.CohortFactory()
    assert services.cohort_size_warning(cohort=cohort, size=6)
    assert services.cohort_size_warning(cohort=cohort, size=7) is None
    assert services.cohort_size_warning(cohort=cohort, size=10) is None
    assert "11" in services.cohort_size_warning(cohort=cohort, size=11)
    degree = f.CohortFactory(programme=f.grow_your_own())
    assert services.cohort_size_warning(cohort=degree, size=26) is None


def test_attendance_rate_counts_late_as_attended_and_ignores_excused():
    assert services.attendance_rate({}) is None
    assert services.attendance_rate({Attendance.Status.EXCUSED: 3}) is None
    rate = services.attendance_rate(
        {
            Attendance.Status.PRESENT: 2,
            Attendance.Status.LATE: 1,
            Attendance.Status.ABSENT: 1,
            Attendance.Status.EXCUSED: 5,
        }
    )
    assert rate == 0.75


def test_attendance_is_recorded_once_per_member_and_session():
    enrolment = f.enrol()
    session = f.TaughtSessionFactory(cohort=enrolment.cohort)
    services.attendance_record(session=session, enrolment=enrolment, status="absent")
    services.attendance_record(session=session, enrolment=enrolment, status="excused")
    assert Attendance.objects.get().status == "excused"
    with pytest.raises(services.NotAllowed):
        services.attendance_record(
            session=f.TaughtSessionFactory(), enrolment=enrolment, status="present"
        )


def test_only_the_cohorts_mentor_records_meetings_and_the_member_gets_the_actions(
    django_capture_on_commit_callbacks,
):
    enrolment = f.enrol()
    with pytest.raises(services.NotAllowed):
        services.meeting_record(
            enrolment=enrolment, mentor=f.user_with_role(roles.MENTOR), date=D(2026, 9, 2)
        )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_record(
            enrolment=enrolment,
            mentor=enrolment.cohort.mentor,
            date=D(2026, 9, 2),
            notes="Private",
            agreed_actions="Read the court work guide",
        )
    assert [m.to for m in mail.outbox] == [[enrolment.member.email]]
    assert "Private" not in mail.outbox[0].body


def test_working_days():
    assert services.working_days(D(2026, 11, 23), D(2026, 11, 29)) == 5
    assert services.working_days(D(2026, 11, 23), D(2026, 12, 6)) == 10
