"""Placements: capacity and overlap, days logged, sign-off and the status's transition table."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.db import IntegrityError, connection, transaction
from wagtail.models import ModelLogEntry

from cohorts.models import Placement, PlacementDayLog
from cohorts.services import placements
from cohorts.services.common import (
    NotAllowed,
    OutsideEnrolment,
    PeriodOverlap,
    PlacementClosed,
    SkillsDaysExceeded,
    TeamFull,
)
from portal import calendar, roles
from portal.errors import TransitionNotAllowed
from portal.states import check_transitions_complete
from tests.cohorts import factories as f

pytestmark = pytest.mark.django_db

D = datetime.date


def actions(instance) -> list[str]:
    return list(
        ModelLogEntry.objects.filter(
            object_id=str(instance.pk), content_type__model=instance._meta.model_name
        )
        .order_by("timestamp", "pk")
        .values_list("action", flat=True)
    )


def test_overlapping_placements_of_one_member_are_refused():
    enrolment = f.enrol()
    f.place(enrolment, start=D(2026, 9, 1), end=D(2026, 11, 30))
    with pytest.raises(PeriodOverlap):
        f.place(enrolment, start=D(2026, 11, 30), end=D(2027, 1, 31))
    f.place(enrolment, start=D(2026, 12, 1), end=D(2027, 1, 31))


def test_a_team_never_takes_more_learners_than_its_capacity():
    team = f.TeamFactory(learner_capacity=2)
    first, second, third = f.enrol(), f.enrol(), f.enrol()
    f.place(first, team=team, start=D(2026, 9, 1), end=D(2026, 10, 31))
    f.place(second, team=team, start=D(2026, 10, 1), end=D(2026, 12, 31))
    with pytest.raises(TeamFull):
        f.place(third, team=team, start=D(2026, 10, 15), end=D(2026, 10, 20))
    # November has only one learner in the team, so there is room then.
    f.place(third, team=team, start=D(2026, 11, 1), end=D(2026, 11, 30))


def test_cancelled_placements_free_the_team():
    team = f.TeamFactory(learner_capacity=1)
    placement = f.place(f.enrol(), team=team)
    placements.placement_set_status(
        placement=placement, status=Placement.Status.CANCELLED, by=f.hr()
    )
    f.place(f.enrol(), team=team)


def test_a_placement_outside_the_programme_is_refused():
    enrolment = f.enrol()
    with pytest.raises(OutsideEnrolment):
        f.place(enrolment, start=D(2027, 8, 1), end=D(2027, 10, 1))


def test_placing_a_member_mails_them_and_their_supervisor(django_capture_on_commit_callbacks):
    supervisor = f.user_with_role(roles.PRACTICE_SUPERVISOR)
    enrolment = f.enrol()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        f.place(enrolment, supervisor=supervisor)
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([enrolment.member.email, supervisor.email])


def test_planned_days_are_working_days_without_bank_holidays():
    # The portal's one calendar (portal.calendar) counts them.
    assert calendar.working_days_in(D(2026, 11, 23), D(2026, 11, 29)) == 5
    assert calendar.working_days_in(D(2026, 11, 23), D(2026, 12, 6)) == 10
    enrolment = f.enrol()
    assert f.place(enrolment, start=D(2026, 11, 23), end=D(2026, 11, 29)).planned_days == 5
    # Christmas week: Friday 25 December is a bank holiday.
    assert f.place(enrolment, start=D(2026, 12, 21), end=D(2026, 12, 27)).planned_days == 4


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


def test_skills_days_over_the_maximum_are_refused():
    cohort = f.CohortFactory(programme=f.grow_your_own(), start_date=D(2026, 9, 1))
    supervisor = f.user_with_role(roles.PRACTICE_SUPERVISOR)
    placement = f.place(
        f.enrol(cohort=cohort), start=D(2026, 9, 1), end=D(2027, 8, 31), supervisor=supervisor
    )
    for week in range(6):
        placements.placement_log_days(
            placement=placement,
            week_starting=D(2026, 9, 7) + datetime.timedelta(weeks=week),
            days=Decimal("5"),
            kind=PlacementDayLog.Kind.SKILLS,
            by=supervisor,
        )
    with pytest.raises(SkillsDaysExceeded):
        placements.placement_log_days(
            placement=placement,
            week_starting=D(2026, 11, 2),
            days=Decimal("0.5"),
            kind=PlacementDayLog.Kind.SKILLS,
            by=supervisor,
        )
    placements.placement_log_days(
        placement=placement, week_starting=D(2026, 11, 2), days=Decimal("4"), by=supervisor
    )
    placement.refresh_from_db()
    assert placement.status == Placement.Status.IN_PROGRESS


def test_correcting_days_counts_the_cap_without_the_rows_old_days():
    hr = f.hr()
    cohort = f.CohortFactory(programme=f.grow_your_own(), start_date=D(2026, 9, 1))
    placement = f.place(f.enrol(cohort=cohort), start=D(2026, 9, 1), end=D(2027, 8, 31))
    logs = [
        placements.placement_log_days(
            placement=placement,
            week_starting=D(2026, 9, 7) + datetime.timedelta(weeks=week),
            days=Decimal("5"),
            kind=PlacementDayLog.Kind.SKILLS,
            by=hr,
        )
        for week in range(6)
    ]
    # 30 logged: the last row may become 5 again, or less, but not 5.5.
    placements.day_log_change(
        log=logs[-1],
        week_starting=logs[-1].week_starting,
        days=Decimal("4"),
        kind=PlacementDayLog.Kind.SKILLS,
        by=hr,
    )
    with pytest.raises(SkillsDaysExceeded):
        placements.day_log_change(
            log=logs[-1],
            week_starting=logs[-1].week_starting,
            days=Decimal("5.5"),
            kind=PlacementDayLog.Kind.SKILLS,
            by=hr,
        )
    logs[-1].refresh_from_db()
    assert logs[-1].days == Decimal("4")
    placements.day_log_remove(log=logs[0], by=hr)
    assert actions(logs[-1]) == ["cohorts.day_log.create", "cohorts.day_log.change"]
    assert actions(logs[0]) == ["cohorts.day_log.create", "cohorts.day_log.remove"]
    assert not PlacementDayLog.objects.filter(pk=logs[0].pk).exists()


def test_only_the_supervisor_signs_off_and_then_no_more_days():
    supervisor = f.user_with_role(roles.PRACTICE_SUPERVISOR)
    placement = f.place(f.enrol(), supervisor=supervisor)
    with pytest.raises(NotAllowed):
        placements.placement_sign_off(
            placement=placement, by=f.user_with_role(roles.PRACTICE_SUPERVISOR)
        )
    placements.placement_sign_off(placement=placement, by=supervisor)
    placement.refresh_from_db()
    assert placement.status == Placement.Status.COMPLETED and placement.signed_off_at
    with pytest.raises(PlacementClosed):
        placements.placement_log_days(
            placement=placement, week_starting=placement.start_date, days=1, by=supervisor
        )
    with pytest.raises(PlacementClosed):
        placements.placement_sign_off(placement=placement, by=supervisor)


def test_the_placement_transition_table_covers_every_status():
    check_transitions_complete(Placement.TRANSITIONS, Placement.Status)


@pytest.mark.parametrize(
    ("start", "to"),
    [
        (Placement.Status.IN_PROGRESS, Placement.Status.PLANNED),
        (Placement.Status.COMPLETED, Placement.Status.IN_PROGRESS),
        (Placement.Status.COMPLETED, Placement.Status.CANCELLED),
        (Placement.Status.CANCELLED, Placement.Status.PLANNED),
    ],
)
def test_a_placements_status_moves_only_as_its_table_allows(start, to):
    placement = f.place(f.enrol())
    Placement.objects.filter(pk=placement.pk).update(status=start)
    with pytest.raises(TransitionNotAllowed) as refused:
        placements.placement_set_status(placement=placement, status=to, by=f.hr())
    placement.refresh_from_db()
    assert placement.status == start
    assert str(refused.value) == (
        f"A placement that is '{Placement.Status(start).label}' cannot become "
        f"'{Placement.Status(to).label}'."
    )


def test_a_moved_status_is_in_the_placements_history():
    hr = f.hr()
    placement = f.place(f.enrol(), by=hr)
    placements.placement_set_status(placement=placement, status=Placement.Status.IN_PROGRESS, by=hr)
    assert actions(placement) == ["cohorts.placement.create", "cohorts.placement.status"]
    entry = ModelLogEntry.objects.get(action="cohorts.placement.status")
    assert (entry.user, entry.data) == (hr, {"from": "Planned", "to": "In progress"})


def test_only_the_supervisor_may_move_a_placement_to_signed_off():
    placement = f.place(f.enrol(), supervisor=f.user_with_role(roles.PRACTICE_SUPERVISOR))
    with pytest.raises(NotAllowed):
        placements.placement_set_status(
            placement=placement, status=Placement.Status.COMPLETED, by=f.hr()
        )


def test_changing_a_placement_checks_the_teams_capacity_again():
    hr = f.hr()
    full = f.TeamFactory(learner_capacity=1)
    f.place(f.enrol(), team=full, start=D(2026, 9, 1), end=D(2026, 12, 31))
    placement = f.place(f.enrol(), start=D(2026, 10, 1), end=D(2026, 11, 30))
    with pytest.raises(TeamFull):
        placements.placement_change(
            placement=placement,
            team=full,
            supervisor=None,
            start_date=placement.start_date,
            end_date=placement.end_date,
            planned_days=placement.planned_days,
            by=hr,
        )
    placements.placement_change(
        placement=placement,
        team=placement.team,
        supervisor=None,
        start_date=placement.start_date,
        end_date=D(2026, 11, 27),
        planned_days=40,
        by=hr,
    )
    placement.refresh_from_db()
    assert (placement.end_date, placement.planned_days) == (D(2026, 11, 27), 40)
    entry = ModelLogEntry.objects.get(action="cohorts.placement.change")
    assert "end date from 30 November 2026 to 27 November 2026" in entry.data["changes"]
