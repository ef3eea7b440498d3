"""Placements: placing a member with a team, the days logged there, sign-off, rotations.

Also the apprentice's off-the-job training hours, the other weekly log a
learner keeps. A team never holds more learners at once than its capacity
(the team's row is the lock), a member is never in two placements at once
(PostgreSQL refuses it a second time, migration 0002), and a placement's
status moves only as ``Placement.TRANSITIONS`` allows.
"""

import datetime
import logging
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cohorts import progress, selectors, tasks
from cohorts.models import Cohort, Enrolment, OffTheJobLog, Placement, PlacementDayLog
from cohorts.services.common import (
    DAYS_CHANGED,
    DAYS_LOGGED,
    DAYS_REMOVED,
    HOURS_CHANGED,
    HOURS_LOGGED,
    HOURS_REMOVED,
    PLACED,
    PLACEMENT_CHANGED,
    PLACEMENT_MOVED,
    ROTATION_CONFIRMED,
    NotAllowed,
    OutsideEnrolment,
    PeriodOverlap,
    PlacementClosed,
    SkillsDaysExceeded,
    TeamFull,
    changes_text,
    day_text,
    locked,
    number_text,
    overlap_refused,
)
from portal.audit import record
from portal.background import after_commit
from portal.calendar import working_days_in
from portal.models import Team, User
from portal.states import check_move

logger = logging.getLogger(__name__)


def _team_peak_load(
    *, team: Team, start: datetime.date, end: datetime.date, exclude_pk: int | None
) -> int:
    """The most learners placed with a team at the same time between start and end."""
    placements = (
        Placement.objects.filter(team=team, start_date__lte=end, end_date__gte=start)
        .exclude(status=Placement.Status.CANCELLED)
        .exclude(pk=exclude_pk)
    )
    return progress.peak_overlap(placements.values_list("start_date", "end_date"), start, end)


def _check_placement(
    *,
    enrolment: Enrolment,
    team: Team,
    start_date: datetime.date,
    end_date: datetime.date,
    exclude_pk: int | None = None,
) -> None:
    """Raises OutsideEnrolment, PeriodOverlap or TeamFull (``team`` is locked)."""
    if end_date < start_date:
        raise OutsideEnrolment(
            _("The placement must end on or after the day it starts."), field="end_date"
        )
    if start_date < enrolment.start_date or end_date > enrolment.expected_end_date:
        raise OutsideEnrolment(
            _("The placement must fall between %(start)s and %(end)s.")
            % {"start": enrolment.start_date, "end": enrolment.expected_end_date},
            field="start_date",
        )
    clash = (
        Placement.objects.filter(
            enrolment=enrolment, start_date__lte=end_date, end_date__gte=start_date
        )
        .exclude(status=Placement.Status.CANCELLED)
        .exclude(pk=exclude_pk)
        .select_related("team")
        .first()
    )
    if clash:
        raise PeriodOverlap(
            _("%(member)s is already placed with %(team)s over those dates.")
            % {"member": enrolment.member, "team": clash.team.name},
            field="start_date",
        )
    load = _team_peak_load(team=team, start=start_date, end=end_date, exclude_pk=exclude_pk)
    if load >= team.learner_capacity:
        raise TeamFull(
            _("%(team)s already has %(capacity)s learners at some point over those dates.")
            % {"team": team.name, "capacity": team.learner_capacity},
            field="team",
        )


def placement_assign(
    *,
    enrolment: Enrolment,
    team: Team,
    start_date: datetime.date,
    end_date: datetime.date,
    supervisor: User | None = None,
    planned_days: int | None = None,
    by: User | None,
    notify: bool = True,
) -> Placement:
    """Place a member with a team; the member and the supervisor are told (unless ``notify``).

    Planned days default to the working days in the placement (England and
    Wales bank holidays left out). ``by`` None: the system, as for demo data.
    Raises OutsideEnrolment, PeriodOverlap or TeamFull.
    """
    with transaction.atomic():
        # The team row is the lock: two placements into one team queue here.
        team = locked(Team.objects.all(), team.pk)
        enrolment = locked(Enrolment.objects.select_related("member"), enrolment.pk)
        _check_placement(enrolment=enrolment, team=team, start_date=start_date, end_date=end_date)
        if planned_days is None:
            planned_days = working_days_in(start_date, end_date)
        with overlap_refused(_("This placement overlaps another one.")):
            placement = Placement.objects.create(
                enrolment=enrolment,
                team=team,
                supervisor=supervisor,
                start_date=start_date,
                end_date=end_date,
                planned_days=planned_days,
            )
        record(
            placement,
            PLACED,
            by=by,
            data={"team": team.name, "start": day_text(start_date), "end": day_text(end_date)},
        )
    logger.info("Placement %s assigned (by %s)", placement.pk, getattr(by, "pk", None))
    if notify:
        after_commit(tasks.send_notice, tasks.PLACEMENT_NOTICE, placement.pk)
    return placement


def placement_change(
    *,
    placement: Placement,
    team: Team,
    supervisor: User | None,
    start_date: datetime.date,
    end_date: datetime.date,
    planned_days: int,
    by: User,
) -> Placement:
    """Correct an open placement's team, supervisor, dates or planned days.

    Raises PlacementClosed once it is signed off or cancelled, and
    OutsideEnrolment, PeriodOverlap or TeamFull as ``placement_assign``.
    """
    with transaction.atomic():
        team = locked(Team.objects.all(), team.pk)
        placement = locked(
            Placement.objects.select_related("enrolment__member", "team", "supervisor"),
            placement.pk,
        )
        if not placement.is_open:
            raise PlacementClosed(_("This placement is closed; it can no longer be changed."))
        if (team.pk, start_date, end_date) != (
            placement.team_id,
            placement.start_date,
            placement.end_date,
        ):
            _check_placement(
                enrolment=placement.enrolment,
                team=team,
                start_date=start_date,
                end_date=end_date,
                exclude_pk=placement.pk,
            )
        changes = [
            (what, before, after)
            for what, before, after in (
                (_("team"), placement.team.name, team.name),
                (
                    _("practice supervisor"),
                    placement.supervisor or _("nobody"),
                    supervisor or _("nobody"),
                ),
                (_("start date"), day_text(placement.start_date), day_text(start_date)),
                (_("end date"), day_text(placement.end_date), day_text(end_date)),
                (_("planned days"), placement.planned_days, planned_days),
            )
            if before != after
        ]
        if not changes:
            return placement
        placement.team, placement.supervisor = team, supervisor
        placement.start_date, placement.end_date = start_date, end_date
        placement.planned_days = planned_days
        with overlap_refused(_("This placement overlaps another one.")):
            placement.save(
                update_fields=["team", "supervisor", "start_date", "end_date", "planned_days"]
            )
        record(placement, PLACEMENT_CHANGED, by=by, data={"changes": changes_text(changes)})
    return placement


def _move(placement: Placement, to: str, *, by: User) -> None:
    """The one place a placement's status changes; ``placement`` is locked."""
    check_move(
        Placement.TRANSITIONS,
        current=placement.status,
        to=to,
        statuses=Placement.Status,
        noun=_("A placement"),
    )
    if to == Placement.Status.COMPLETED and placement.supervisor_id != by.pk:
        raise NotAllowed(
            _("Only the placement's practice supervisor can sign it off."), field="status"
        )
    was = placement.status
    placement.status = to
    fields = ["status"]
    if to == Placement.Status.COMPLETED:
        placement.signed_off_by = by
        placement.signed_off_at = timezone.now()
        fields += ["signed_off_by", "signed_off_at"]
    placement.save(update_fields=fields)
    record(
        placement,
        PLACEMENT_MOVED,
        by=by,
        data={"from": Placement.Status(was).label, "to": placement.get_status_display()},
    )


def placement_set_status(*, placement: Placement, status: str, by: User) -> Placement:
    """Move a placement's status as ``Placement.TRANSITIONS`` allows.

    Signing off is the practice supervisor's alone. Raises
    TransitionNotAllowed for a move the table refuses, NotAllowed for a
    sign-off by anyone else.
    """
    with transaction.atomic():
        placement = locked(Placement.objects.all(), placement.pk)
        _move(placement, status, by=by)
    logger.info("Placement %s is now %s (by %s)", placement.pk, status, by.pk)
    return placement


def placement_sign_off(*, placement: Placement, by: User) -> Placement:
    """The placement's supervisor confirms it is complete. Raises NotAllowed or PlacementClosed."""
    with transaction.atomic():
        placement = locked(Placement.objects.all(), placement.pk)
        if not placement.is_open:
            raise PlacementClosed(_("This placement is already closed."))
        _move(placement, Placement.Status.COMPLETED, by=by)
    logger.info("Placement %s signed off by %s", placement.pk, by.pk)
    return placement


# Days logged ---------------------------------------------------------------------


def _check_days(
    *,
    placement: Placement,
    week_starting: datetime.date,
    days: Decimal,
    kind: str,
    exclude_pk: int | None = None,
) -> None:
    """The rules for days on a placement; the enrolment and placement are locked.

    Raises NotAllowed, PlacementClosed or SkillsDaysExceeded.
    """
    if not Decimal("0") < days <= Decimal("7"):
        raise NotAllowed(_("Log between half a day and 7 days at a time."), field="days")
    if not placement.is_open:
        raise PlacementClosed(_("This placement is closed; days can no longer be logged."))
    if not (
        placement.start_date - datetime.timedelta(days=6) <= week_starting <= placement.end_date
    ):
        raise NotAllowed(_("That week is outside the placement."), field="week_starting")
    programme = placement.enrolment.cohort.programme
    if kind == PlacementDayLog.Kind.SKILLS and programme.max_skills_days is not None:
        logged = PlacementDayLog.objects.filter(
            placement__enrolment=placement.enrolment, kind=PlacementDayLog.Kind.SKILLS
        ).exclude(pk=exclude_pk).aggregate(total=Sum("days"))["total"] or Decimal("0")
        if logged + days > programme.max_skills_days:
            raise SkillsDaysExceeded(
                _("At most %(max)s skills days count; %(logged)s are already logged.")
                % {"max": programme.max_skills_days, "logged": number_text(logged)},
                field="days",
            )


def _lock_for_days(placement_pk: int) -> Placement:
    """Lock the member's enrolment, so the skills-day cap counts every placement, then the row."""
    enrolment_pk = Placement.objects.values_list("enrolment_id", flat=True).get(pk=placement_pk)
    locked(Enrolment.objects.all(), enrolment_pk)
    return locked(Placement.objects.select_related("enrolment__cohort__programme"), placement_pk)


def _day_log_data(log: PlacementDayLog) -> dict:
    return {
        "days": number_text(log.days),
        "kind": str(log.get_kind_display()).lower(),
        "week": day_text(log.week_starting),
    }


def placement_log_days(
    *,
    placement: Placement,
    week_starting: datetime.date,
    days: Decimal,
    kind: str = PlacementDayLog.Kind.PRACTICE,
    by: User,
) -> PlacementDayLog:
    """Log practice-learning or skills days; the first days start a planned placement.

    Raises NotAllowed, PlacementClosed or SkillsDaysExceeded (at most the
    programme's skills days count, 30 on a degree).
    """
    days = Decimal(days)
    with transaction.atomic():
        placement = _lock_for_days(placement.pk)
        _check_days(placement=placement, week_starting=week_starting, days=days, kind=kind)
        log = PlacementDayLog.objects.create(
            placement=placement, week_starting=week_starting, days=days, kind=kind, logged_by=by
        )
        record(log, DAYS_LOGGED, by=by, data=_day_log_data(log))
        if placement.status == Placement.Status.PLANNED:
            _move(placement, Placement.Status.IN_PROGRESS, by=by)
    return log


def day_log_change(
    *,
    log: PlacementDayLog,
    week_starting: datetime.date,
    days: Decimal,
    kind: str,
    by: User,
) -> PlacementDayLog:
    """Correct days logged (the back office); the cap is counted without the row's old days.

    Raises as ``placement_log_days``.
    """
    days = Decimal(days)
    with transaction.atomic():
        placement = _lock_for_days(log.placement_id)
        log = locked(PlacementDayLog.objects.all(), log.pk)
        _check_days(
            placement=placement,
            week_starting=week_starting,
            days=days,
            kind=kind,
            exclude_pk=log.pk,
        )
        log.week_starting, log.days, log.kind = week_starting, days, kind
        log.save(update_fields=["week_starting", "days", "kind"])
        record(log, DAYS_CHANGED, by=by, data=_day_log_data(log))
        if placement.status == Placement.Status.PLANNED:
            _move(placement, Placement.Status.IN_PROGRESS, by=by)
    return log


def day_log_remove(*, log: PlacementDayLog, by: User) -> None:
    """Remove days logged in error, while the placement is open. Raises PlacementClosed."""
    with transaction.atomic():
        placement = _lock_for_days(log.placement_id)
        if not placement.is_open:
            raise PlacementClosed(_("This placement is closed; its days can no longer change."))
        log = locked(PlacementDayLog.objects.all(), log.pk)
        record(log, DAYS_REMOVED, by=by, data=_day_log_data(log), deleted=True)
        log.delete()


# Off-the-job training --------------------------------------------------------------


def _check_hours_by(enrolment: Enrolment, by: User, permission: str) -> None:
    """The apprentice logs their own hours; the workforce team may on their behalf."""
    if enrolment.member_id != by.pk and not by.has_perm(permission):
        raise NotAllowed(
            _("Only the apprentice, or the workforce team for them, logs off-the-job training.")
        )


def _check_hours(*, enrolment: Enrolment, week_starting: datetime.date, hours: Decimal) -> None:
    """Raises NotAllowed or OutsideEnrolment."""
    if not enrolment.cohort.programme.off_the_job_hours_per_week:
        raise NotAllowed(_("This programme does not ask for off-the-job training hours."))
    if not Decimal("0") < hours <= Decimal("60"):
        raise NotAllowed(_("Log between half an hour and 60 hours for a week."), field="hours")
    if not (
        enrolment.start_date - datetime.timedelta(days=6)
        <= week_starting
        <= min(enrolment.expected_end_date, timezone.localdate())
    ):
        raise OutsideEnrolment(
            _("The week must be during the programme and not in the future."),
            field="week_starting",
        )


def _hours_data(log: OffTheJobLog) -> dict:
    return {"hours": number_text(log.hours), "week": day_text(log.week_starting)}


def off_the_job_log(
    *,
    enrolment: Enrolment,
    by: User,
    week_starting: datetime.date,
    hours: Decimal,
    activity: str,
) -> OffTheJobLog:
    """Log a week's off-the-job training (the apprentice, or the workforce team for them).

    Raises NotAllowed (someone else, a programme without hours, a programme
    not running) or OutsideEnrolment (a week outside it, or in the future).
    """
    hours = Decimal(hours)
    _check_hours_by(enrolment, by, "cohorts.add_offthejoblog")
    with transaction.atomic():
        enrolment = locked(Enrolment.objects.select_related("cohort__programme"), enrolment.pk)
        if not enrolment.is_current:
            raise NotAllowed(_("The programme is not running, so hours cannot be logged."))
        _check_hours(enrolment=enrolment, week_starting=week_starting, hours=hours)
        log = OffTheJobLog.objects.create(
            enrolment=enrolment, week_starting=week_starting, hours=hours, activity=activity
        )
        record(log, HOURS_LOGGED, by=by, data=_hours_data(log))
    return log


def off_the_job_change(
    *,
    log: OffTheJobLog,
    by: User,
    week_starting: datetime.date,
    hours: Decimal,
    activity: str,
) -> OffTheJobLog:
    """Correct a week's hours. Raises as ``off_the_job_log``."""
    hours = Decimal(hours)
    with transaction.atomic():
        log = locked(OffTheJobLog.objects.select_related("enrolment__cohort__programme"), log.pk)
        _check_hours_by(log.enrolment, by, "cohorts.change_offthejoblog")
        _check_hours(enrolment=log.enrolment, week_starting=week_starting, hours=hours)
        log.week_starting, log.hours, log.activity = week_starting, hours, activity
        log.save(update_fields=["week_starting", "hours", "activity"])
        record(log, HOURS_CHANGED, by=by, data=_hours_data(log))
    return log


def off_the_job_remove(*, log: OffTheJobLog, by: User) -> None:
    """Remove hours logged in error. Raises NotAllowed for anyone but the apprentice or HR."""
    with transaction.atomic():
        log = locked(OffTheJobLog.objects.select_related("enrolment"), log.pk)
        _check_hours_by(log.enrolment, by, "cohorts.delete_offthejoblog")
        record(log, HOURS_REMOVED, by=by, data=_hours_data(log), deleted=True)
        log.delete()


# Rotations -------------------------------------------------------------------------


def rotation_confirm(*, cohort: Cohort, by: User, overrides: dict | None = None) -> list[Placement]:
    """Turn the planner's proposal for a cohort into placements, all or nothing.

    ``overrides`` maps ``(enrolment pk, start date)`` to the team HR chose
    instead of the proposed one; it must be in the same service area, and the
    team's capacity is checked again as each placement is made. Each member
    gets one mail with all their placements.

    Raises ``cohorts.planner.PlanImpossible`` when no plan meets every rule,
    NotAllowed for a team in another service area, and TeamFull / PeriodOverlap
    if a change (or someone else's placements meanwhile) breaks a rule.
    """
    overrides = overrides or {}
    with transaction.atomic():
        cohort = locked(Cohort.objects.select_related("programme"), cohort.pk)
        proposal = selectors.plan_for_cohort(cohort)
        enrolments = {e.pk: e for e in cohort.enrolments.select_related("member")}
        teams = {t.pk: t for t in Team.objects.select_related("service_area")}
        supervisors = selectors.supervisors_by_team()
        chosen = []
        for item in proposal.placements:
            team = teams.get(overrides.get((item.member, item.start), item.team))
            if team is None or team.service_area.slug != item.area:
                raise NotAllowed(
                    _("A placement can only move to another team in the same service area.")
                )
            chosen.append((item, team))
        made = [
            placement_assign(
                enrolment=enrolments[item.member],
                team=team,
                start_date=item.start,
                end_date=item.end,
                supervisor=supervisors.get(team.pk),
                by=by,
                notify=False,
            )
            for item, team in chosen
        ]
        record(cohort, ROTATION_CONFIRMED, by=by, data={"count": len(made)})
    logger.info("Rotation for cohort %s confirmed by %s", cohort.pk, by.pk)
    for enrolment_pk in sorted({p.enrolment_id for p in made}):
        after_commit(tasks.send_notice, tasks.ROTATION_PLAN, enrolment_pk)
    return made
