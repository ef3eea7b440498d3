"""Every write that means something in cohorts.

Services are keyword-only, validate first, write inside one transaction and
raise a ``CohortsError`` subclass (with a message for people) when a rule says
no. Mail and other side effects are enqueued once the transaction commits.

Overlapping periods are refused here under a row lock on every database; on
PostgreSQL exclusion constraints (migration 0002) refuse them a second time.
"""

import datetime
import logging
from collections.abc import Iterable
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cohorts import conf
from cohorts.models import (
    Attendance,
    Cohort,
    Enrolment,
    EnrolmentPause,
    MentoringMeeting,
    OffTheJobLog,
    Placement,
    PlacementDayLog,
    Programme,
    TaughtSession,
)
from portal.calendar import add_months
from portal.models import Organisation, Team, User

logger = logging.getLogger(__name__)


class CohortsError(Exception):
    """A rule of the programme says no. ``str(error)`` is fit to show people."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


class PeriodOverlap(CohortsError):
    pass


class BeyondMaximumDuration(CohortsError):
    pass


class CohortFull(CohortsError):
    pass


class TeamFull(CohortsError):
    pass


class OutsideEnrolment(CohortsError):
    pass


class SkillsDaysExceeded(CohortsError):
    pass


class PlacementClosed(CohortsError):
    pass


class NotAllowed(CohortsError):
    pass


# Programme rules -----------------------------------------------------------


def expected_end_date(
    *, programme: Programme, start_date: datetime.date, pauses: Iterable = ()
) -> datetime.date:
    """The last day of the programme: its length, moved on by each day of pause."""
    paused_days = sum((p.end_date - p.start_date).days + 1 for p in pauses)
    return (
        add_months(start_date, programme.length_months)
        - datetime.timedelta(days=1)
        + datetime.timedelta(days=paused_days)
    )


def latest_end_date(*, programme: Programme, start_date: datetime.date) -> datetime.date | None:
    """The programme must be finished by this day, pauses included (ASYE: 2 years)."""
    if not programme.max_duration_months:
        return None
    return add_months(start_date, programme.max_duration_months) - datetime.timedelta(days=1)


def review_dates(enrolment: Enrolment, pauses: Iterable = ()) -> list[dict]:
    """Each review point's date, moved on by pauses that began before it."""
    programme = enrolment.cohort.programme
    pauses = list(pauses)
    points = []
    for point in sorted(programme.review_points or [], key=lambda p: p["month"]):
        due = add_months(enrolment.start_date, point["month"])
        for pause in pauses:
            if pause.start_date < due:
                due += datetime.timedelta(days=(pause.end_date - pause.start_date).days + 1)
        points.append(
            {"month": point["month"], "optional": bool(point.get("optional")), "date": due}
        )
    return points


def cohort_size_warning(*, cohort: Cohort, size: int | None = None) -> str | None:
    """NQSW intakes work best at 7-10 people: outside that, a warning (never a refusal)."""
    if not cohort.programme.is_nqsw_programme:
        return None
    if size is None:
        size = cohort.enrolments.filter(status__in=Enrolment.CURRENT_STATUSES).count()
    low, high = conf.nqsw_cohort_size_min(), conf.nqsw_cohort_size_max()
    if size < low or size > high:
        return str(
            _("This NQSW intake has %(size)s members. Intakes of %(low)s to %(high)s work best.")
            % {"size": size, "low": low, "high": high}
        )
    return None


def attendance_rate(counts: dict) -> float | None:
    """Present or late over all sessions counted; excused absences do not count."""
    attended = counts.get(Attendance.Status.PRESENT, 0) + counts.get(Attendance.Status.LATE, 0)
    counted = attended + counts.get(Attendance.Status.ABSENT, 0)
    if not counted:
        return None
    return attended / counted


# Cost shares ------------------------------------------------------------------


def cost_shares(*, cohort: Cohort, organisation: Organisation | None = None) -> dict:
    """Who pays what for a cohort, by employing organisation.

    Each learner's fee is split between their employer (this council's
    contribution, or the partner's agreed contribution) and the learner's own
    loan-funded part. Returns ``{"rows": [...], "totals": {...}}``; with
    ``organisation`` only that organisation's row (a partner sees only its own).
    """
    fee = cohort.fee_per_learner
    contributions = {p.organisation_id: p.contribution_per_learner for p in cohort.partners.all()}
    counts: dict[int, int] = {}
    employers: dict[int, Organisation] = {}
    for enrolment in cohort.enrolments.all():
        if enrolment.status == Enrolment.Status.WITHDRAWN:
            continue
        counts[enrolment.employer_id] = counts.get(enrolment.employer_id, 0) + 1
        employers[enrolment.employer_id] = enrolment.employer
    rows = []
    for org_id, learners in sorted(counts.items(), key=lambda item: employers[item[0]].name):
        if organisation is not None and org_id != organisation.pk:
            continue
        employer = employers[org_id]
        if employer.kind == Organisation.Kind.COUNCIL:
            per_learner = cohort.council_contribution_per_learner
        else:
            per_learner = contributions.get(org_id, Decimal("0"))
        per_learner = min(per_learner, fee)
        rows.append(
            {
                "organisation": employer,
                "learners": learners,
                "contribution_per_learner": per_learner,
                "loan_per_learner": fee - per_learner,
                "organisation_total": per_learner * learners,
                "loan_total": (fee - per_learner) * learners,
                "fee_total": fee * learners,
            }
        )
    totals = {
        key: sum((row[key] for row in rows), Decimal("0"))
        for key in ("organisation_total", "loan_total", "fee_total")
    }
    totals["learners"] = sum(row["learners"] for row in rows)
    return {"rows": rows, "totals": totals, "fee_per_learner": fee}


# Enrolments -------------------------------------------------------------------


def _check_member_free(
    *, member: User, start: datetime.date, end: datetime.date, exclude_pk=None, lock=True
) -> None:
    # Locks the member's current enrolments so two requests cannot both pass.
    others = Enrolment.objects.select_for_update() if lock else Enrolment.objects.all()
    others = others.filter(member=member, status__in=Enrolment.CURRENT_STATUSES).filter(
        start_date__lte=end, expected_end_date__gte=start
    )
    if exclude_pk:
        others = others.exclude(pk=exclude_pk)
    clash = others.select_related("cohort").first()
    if clash:
        raise PeriodOverlap(
            _("%(member)s is already in %(cohort)s over those dates.")
            % {"member": member, "cohort": clash.cohort}
        )


def validate_enrolment(
    *, member: User, cohort: Cohort, start_date: datetime.date | None = None
) -> None:
    """The checks a new enrolment must pass, without locks (for forms).

    Raises CohortFull or PeriodOverlap.
    """
    start_date = start_date or cohort.start_date
    taken = cohort.enrolments.filter(status__in=Enrolment.CURRENT_STATUSES).count()
    if taken >= cohort.capacity:
        raise CohortFull(
            _("%(cohort)s is full (%(places)s places).")
            % {"cohort": cohort, "places": cohort.capacity}
        )
    end = expected_end_date(programme=cohort.programme, start_date=start_date)
    _check_member_free(member=member, start=start_date, end=end, lock=False)


def enrolment_create(
    *,
    member: User,
    cohort: Cohort,
    employer: Organisation,
    service: str = Enrolment.Service.CHILDRENS,
    start_date: datetime.date | None = None,
    by: User | None = None,
) -> Enrolment:
    """Enrol a member. Raises CohortFull or PeriodOverlap."""
    start_date = start_date or cohort.start_date
    end = expected_end_date(programme=cohort.programme, start_date=start_date)
    with transaction.atomic():
        cohort = Cohort.objects.select_for_update().select_related("programme").get(pk=cohort.pk)
        taken = cohort.enrolments.filter(status__in=Enrolment.CURRENT_STATUSES).count()
        if taken >= cohort.capacity:
            raise CohortFull(
                _("%(cohort)s is full (%(places)s places).")
                % {"cohort": cohort, "places": cohort.capacity}
            )
        _check_member_free(member=member, start=start_date, end=end)
        try:
            with transaction.atomic():
                enrolment = Enrolment.objects.create(
                    member=member,
                    cohort=cohort,
                    employer=employer,
                    service=service,
                    start_date=start_date,
                    expected_end_date=end,
                )
        except IntegrityError as error:
            raise PeriodOverlap(_("This person is already enrolled over those dates.")) from error
    logger.info("Enrolled %s in cohort %s (by %s)", member.pk, cohort.pk, getattr(by, "pk", None))
    return enrolment


def enrolment_pause(
    *,
    enrolment: Enrolment,
    reason: str,
    start_date: datetime.date,
    end_date: datetime.date,
    note: str = "",
    by: User | None = None,
) -> EnrolmentPause:
    """Pause a programme; the expected end moves on by the days paused.

    Raises OutsideEnrolment, PeriodOverlap (with another pause or another
    enrolment) or BeyondMaximumDuration (the programme would end after its limit).
    """
    if end_date < start_date:
        raise OutsideEnrolment(_("The pause must end on or after the day it starts."))
    with transaction.atomic():
        enrolment = (
            Enrolment.objects.select_for_update()
            .select_related("cohort__programme", "member")
            .get(pk=enrolment.pk)
        )
        validate_pause(enrolment=enrolment, start_date=start_date, end_date=end_date, lock=True)
        pauses = list(enrolment.pauses.all())
        new_end = expected_end_date(
            programme=enrolment.cohort.programme,
            start_date=enrolment.start_date,
            pauses=[*pauses, EnrolmentPause(start_date=start_date, end_date=end_date)],
        )
        try:
            with transaction.atomic():
                pause = EnrolmentPause.objects.create(
                    enrolment=enrolment,
                    reason=reason,
                    start_date=start_date,
                    end_date=end_date,
                    note=note,
                )
                enrolment.expected_end_date = new_end
                enrolment.save(update_fields=["expected_end_date"])
        except IntegrityError as error:
            raise PeriodOverlap(_("This pause overlaps another period.")) from error
    logger.info("Paused enrolment %s (by %s)", enrolment.pk, getattr(by, "pk", None))
    from cohorts.tasks import send_pause_confirmation

    transaction.on_commit(lambda: send_pause_confirmation.enqueue(pause.pk))
    return pause


def validate_pause(
    *,
    enrolment: Enrolment,
    start_date: datetime.date,
    end_date: datetime.date,
    exclude_pk=None,
    lock: bool = False,
) -> None:
    """The checks a pause must pass; shared by the service and the back-office form."""
    if end_date < start_date:
        raise OutsideEnrolment(_("The pause must end on or after the day it starts."))
    if start_date < enrolment.start_date or start_date > enrolment.expected_end_date:
        raise OutsideEnrolment(_("A pause must start while the programme is running."))
    pauses = [p for p in enrolment.pauses.all() if p.pk != exclude_pk]
    for other in pauses:
        if other.start_date <= end_date and start_date <= other.end_date:
            raise PeriodOverlap(
                _("This pause overlaps the pause from %(start)s to %(end)s.")
                % {"start": other.start_date, "end": other.end_date}
            )
    programme = enrolment.cohort.programme
    new_end = expected_end_date(
        programme=programme,
        start_date=enrolment.start_date,
        pauses=[*pauses, EnrolmentPause(start_date=start_date, end_date=end_date)],
    )
    limit = latest_end_date(programme=programme, start_date=enrolment.start_date)
    if limit and new_end > limit:
        raise BeyondMaximumDuration(
            _(
                "With this pause the programme would end on %(end)s, after its limit of "
                "%(months)s months (%(limit)s)."
            )
            % {"end": new_end, "months": programme.max_duration_months, "limit": limit}
        )
    _check_member_free(
        member=enrolment.member,
        start=enrolment.start_date,
        end=new_end,
        exclude_pk=enrolment.pk,
        lock=lock,
    )


def pause_change(
    *,
    pause: EnrolmentPause,
    reason: str,
    start_date: datetime.date,
    end_date: datetime.date,
    note: str = "",
    by: User | None = None,
) -> EnrolmentPause:
    """Correct a pause's dates; the expected end follows. Raises as ``enrolment_pause``."""
    with transaction.atomic():
        enrolment = (
            Enrolment.objects.select_for_update()
            .select_related("cohort__programme", "member")
            .get(pk=pause.enrolment_id)
        )
        validate_pause(
            enrolment=enrolment,
            start_date=start_date,
            end_date=end_date,
            exclude_pk=pause.pk,
            lock=True,
        )
        EnrolmentPause.objects.filter(pk=pause.pk).update(
            reason=reason, start_date=start_date, end_date=end_date, note=note
        )
        enrolment.expected_end_date = expected_end_date(
            programme=enrolment.cohort.programme,
            start_date=enrolment.start_date,
            pauses=list(enrolment.pauses.all()),
        )
        enrolment.save(update_fields=["expected_end_date"])
    logger.info("Pause %s changed (by %s)", pause.pk, getattr(by, "pk", None))
    pause.refresh_from_db()
    return pause


def pause_remove(*, pause: EnrolmentPause, by: User | None = None) -> Enrolment:
    """Remove a pause recorded in error; the expected end moves back."""
    with transaction.atomic():
        enrolment = (
            Enrolment.objects.select_for_update()
            .select_related("cohort__programme")
            .get(pk=pause.enrolment_id)
        )
        EnrolmentPause.objects.filter(pk=pause.pk).delete()
        enrolment.expected_end_date = expected_end_date(
            programme=enrolment.cohort.programme,
            start_date=enrolment.start_date,
            pauses=list(enrolment.pauses.all()),
        )
        enrolment.save(update_fields=["expected_end_date"])
    logger.info("Pause %s removed (by %s)", pause.pk, getattr(by, "pk", None))
    return enrolment


def enrolment_refresh_end(*, enrolment: Enrolment, by: User | None = None) -> Enrolment:
    """Work the expected end out again (after a change of start date). Raises PeriodOverlap."""
    with transaction.atomic():
        enrolment = (
            Enrolment.objects.select_for_update()
            .select_related("cohort__programme", "member")
            .get(pk=enrolment.pk)
        )
        new_end = expected_end_date(
            programme=enrolment.cohort.programme,
            start_date=enrolment.start_date,
            pauses=list(enrolment.pauses.all()),
        )
        if new_end != enrolment.expected_end_date:
            if enrolment.is_current:
                _check_member_free(
                    member=enrolment.member,
                    start=enrolment.start_date,
                    end=new_end,
                    exclude_pk=enrolment.pk,
                )
            enrolment.expected_end_date = new_end
            enrolment.save(update_fields=["expected_end_date"])
    return enrolment


def enrolment_set_status(
    *,
    enrolment: Enrolment,
    status: str,
    reason: str = "",
    on: datetime.date | None = None,
    by: User | None = None,
) -> Enrolment:
    """Record a change of status with its reason and date."""
    if status not in Enrolment.Status.values:
        raise NotAllowed(_("Unknown status."))
    if status in (Enrolment.Status.WITHDRAWN, Enrolment.Status.FAILED) and not reason.strip():
        raise NotAllowed(_("Give a reason for this status."))
    with transaction.atomic():
        enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        enrolment.status = status
        enrolment.status_reason = reason
        enrolment.status_changed_on = on or timezone.localdate()
        enrolment.save(update_fields=["status", "status_reason", "status_changed_on"])
    logger.info("Enrolment %s is now %s (by %s)", enrolment.pk, status, getattr(by, "pk", None))
    return enrolment


# Placements -------------------------------------------------------------------


def working_days(start: datetime.date, end: datetime.date) -> int:
    """Monday to Friday days from start to end inclusive."""
    days = (end - start).days + 1
    weeks, extra = divmod(days, 7)
    count = weeks * 5
    for offset in range(extra):
        if (start.weekday() + offset) % 7 < 5:
            count += 1
    return count


def team_peak_load(*, team: Team, start: datetime.date, end: datetime.date, exclude_pk=None) -> int:
    """The most learners placed with a team at the same time between start and end."""
    placements = Placement.objects.filter(
        team=team, start_date__lte=end, end_date__gte=start
    ).exclude(status=Placement.Status.CANCELLED)
    if exclude_pk:
        placements = placements.exclude(pk=exclude_pk)
    return peak_overlap(list(placements.values_list("start_date", "end_date")), start, end)


def peak_overlap(periods, start: datetime.date, end: datetime.date) -> int:
    events = []
    for period_start, period_end in periods:
        events.append((max(period_start, start), 1))
        events.append((min(period_end, end) + datetime.timedelta(days=1), -1))
    events.sort(key=lambda event: (event[0], event[1]))
    peak = current = 0
    for _day, change in events:
        current += change
        peak = max(peak, current)
    return peak


def validate_placement(
    *,
    enrolment: Enrolment,
    team: Team,
    start_date: datetime.date,
    end_date: datetime.date,
    exclude_pk=None,
) -> None:
    """Raises OutsideEnrolment, PeriodOverlap or TeamFull."""
    if end_date < start_date:
        raise OutsideEnrolment(_("The placement must end on or after the day it starts."))
    if start_date < enrolment.start_date or end_date > enrolment.expected_end_date:
        raise OutsideEnrolment(
            _("The placement must fall between %(start)s and %(end)s.")
            % {"start": enrolment.start_date, "end": enrolment.expected_end_date}
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
            % {"member": enrolment.member, "team": clash.team.name}
        )
    if (
        team_peak_load(team=team, start=start_date, end=end_date, exclude_pk=exclude_pk)
        >= team.learner_capacity
    ):
        raise TeamFull(
            _("%(team)s already has %(capacity)s learners at some point over those dates.")
            % {"team": team.name, "capacity": team.learner_capacity}
        )


def placement_assign(
    *,
    enrolment: Enrolment,
    team: Team,
    start_date: datetime.date,
    end_date: datetime.date,
    supervisor: User | None = None,
    planned_days: int | None = None,
    by: User | None = None,
    notify: bool = True,
) -> Placement:
    """Place a member with a team. Raises OutsideEnrolment, PeriodOverlap or TeamFull."""
    with transaction.atomic():
        # The team row is the lock: two placements into one team queue here.
        team = Team.objects.select_for_update().get(pk=team.pk)
        enrolment = (
            Enrolment.objects.select_for_update().select_related("member").get(pk=enrolment.pk)
        )
        validate_placement(enrolment=enrolment, team=team, start_date=start_date, end_date=end_date)
        try:
            with transaction.atomic():
                placement = Placement.objects.create(
                    enrolment=enrolment,
                    team=team,
                    supervisor=supervisor,
                    start_date=start_date,
                    end_date=end_date,
                    planned_days=(
                        planned_days
                        if planned_days is not None
                        else working_days(start_date, end_date)
                    ),
                )
        except IntegrityError as error:
            raise PeriodOverlap(_("This placement overlaps another one.")) from error
    logger.info("Placement %s assigned (by %s)", placement.pk, getattr(by, "pk", None))
    if notify:
        from cohorts.tasks import send_placement_notice

        transaction.on_commit(lambda: send_placement_notice.enqueue(placement.pk))
    return placement


def placement_log_days(
    *,
    placement: Placement,
    week_starting: datetime.date,
    days: Decimal,
    kind: str = PlacementDayLog.Kind.PRACTICE,
    by: User,
) -> PlacementDayLog:
    """Log practice-learning or skills days. Raises PlacementClosed or SkillsDaysExceeded."""
    days = Decimal(days)
    if days <= 0 or days > 7:
        raise NotAllowed(_("Log between half a day and 7 days at a time."))
    with transaction.atomic():
        placement = (
            Placement.objects.select_for_update()
            .select_related("enrolment__cohort__programme")
            .get(pk=placement.pk)
        )
        if placement.status in (Placement.Status.COMPLETED, Placement.Status.CANCELLED):
            raise PlacementClosed(_("This placement is closed; days can no longer be logged."))
        if not (
            placement.start_date - datetime.timedelta(days=6) <= week_starting <= placement.end_date
        ):
            raise NotAllowed(_("That week is outside the placement."))
        programme = placement.enrolment.cohort.programme
        if kind == PlacementDayLog.Kind.SKILLS and programme.max_skills_days is not None:
            logged = PlacementDayLog.objects.filter(
                placement__enrolment=placement.enrolment, kind=PlacementDayLog.Kind.SKILLS
            ).aggregate(total=Sum("days"))["total"] or Decimal("0")
            if logged + days > programme.max_skills_days:
                raise SkillsDaysExceeded(
                    _("At most %(max)s skills days count; %(logged)s are already logged.")
                    % {"max": programme.max_skills_days, "logged": logged}
                )
        log = PlacementDayLog.objects.create(
            placement=placement, week_starting=week_starting, days=days, kind=kind, logged_by=by
        )
        if placement.status == Placement.Status.PLANNED:
            placement.status = Placement.Status.IN_PROGRESS
            placement.save(update_fields=["status"])
    return log


def placement_sign_off(*, placement: Placement, by: User) -> Placement:
    """The placement's supervisor confirms it is complete. Raises NotAllowed or PlacementClosed."""
    with transaction.atomic():
        placement = Placement.objects.select_for_update().get(pk=placement.pk)
        if placement.supervisor_id != by.pk:
            raise NotAllowed(_("Only the placement's practice supervisor can sign it off."))
        if placement.status in (Placement.Status.COMPLETED, Placement.Status.CANCELLED):
            raise PlacementClosed(_("This placement is already closed."))
        placement.status = Placement.Status.COMPLETED
        placement.signed_off_by = by
        placement.signed_off_at = timezone.now()
        placement.save(update_fields=["status", "signed_off_by", "signed_off_at"])
    logger.info("Placement %s signed off by %s", placement.pk, by.pk)
    return placement


def off_the_job_log(
    *,
    enrolment: Enrolment,
    by: User,
    week_starting: datetime.date,
    hours: Decimal,
    activity: str,
) -> OffTheJobLog:
    """An apprentice logs their own off-the-job training. Raises NotAllowed or OutsideEnrolment."""
    if enrolment.member_id != by.pk:
        raise NotAllowed(_("Only the apprentice logs their own off-the-job training."))
    if not enrolment.cohort.programme.off_the_job_hours_per_week:
        raise NotAllowed(_("Your programme does not ask for off-the-job training hours."))
    if not enrolment.is_current:
        raise NotAllowed(_("Your programme is not running, so hours cannot be logged."))
    if not (
        enrolment.start_date - datetime.timedelta(days=6)
        <= week_starting
        <= min(enrolment.expected_end_date, timezone.localdate())
    ):
        raise OutsideEnrolment(_("The week must be during your programme and not in the future."))
    with transaction.atomic():
        log = OffTheJobLog.objects.create(
            enrolment=enrolment, week_starting=week_starting, hours=hours, activity=activity
        )
    return log


# Sessions and mentoring -------------------------------------------------------


def next_working_day(day: datetime.date) -> datetime.date:
    """The day itself, or the next weekday that is not an England bank holiday."""
    import holidays

    bank_holidays = holidays.country_holidays("GB", subdiv="ENG", years=[day.year, day.year + 1])
    while day.weekday() >= 5 or day in bank_holidays:
        day += datetime.timedelta(days=1)
    return day


def sessions_schedule(
    *,
    cohort: Cohort,
    first_date: datetime.date,
    every_weeks: int,
    count: int,
    start_time: datetime.time,
    end_time: datetime.time,
    topic: str,
    kind: str = TaughtSession.Kind.TAUGHT,
    place: str = "",
    video_link: str = "",
    facilitator: str = "",
    by: User | None = None,
) -> list[TaughtSession]:
    """A series of sessions (two a month: every 2 weeks; practice improvement days: 4-6).

    A date on a weekend or bank holiday moves to the next working day.
    Raises NotAllowed for a series that makes no sense.
    """
    if not 1 <= every_weeks <= 12 or not 1 <= count <= 60:
        raise NotAllowed(_("Choose every 1 to 12 weeks, and 1 to 60 sessions."))
    if end_time <= start_time:
        raise NotAllowed(_("The session must end after it starts."))
    if not place and not video_link:
        raise NotAllowed(_("Give a place or a video call link."))
    dates = [
        next_working_day(first_date + datetime.timedelta(weeks=every_weeks * n))
        for n in range(count)
    ]
    with transaction.atomic():
        sessions = TaughtSession.objects.bulk_create(
            TaughtSession(
                cohort=cohort,
                kind=kind,
                topic=topic,
                date=day,
                start_time=start_time,
                end_time=end_time,
                place=place,
                video_link=video_link,
                facilitator=facilitator,
            )
            for day in dates
        )
    logger.info(
        "Scheduled %s sessions for cohort %s (by %s)",
        len(sessions),
        cohort.pk,
        getattr(by, "pk", None),
    )
    return sessions


def attendance_record(
    *, session: TaughtSession, enrolment: Enrolment, status: str, by: User | None = None
) -> Attendance:
    if enrolment.cohort_id != session.cohort_id:
        raise NotAllowed(_("This person is not in the session's cohort."))
    if status not in Attendance.Status.values:
        raise NotAllowed(_("Unknown attendance."))
    with transaction.atomic():
        attendance, _created = Attendance.objects.update_or_create(
            session=session, enrolment=enrolment, defaults={"status": status}
        )
    return attendance


def meeting_record(
    *,
    enrolment: Enrolment,
    mentor: User,
    date: datetime.date,
    notes: str = "",
    agreed_actions: str = "",
) -> MentoringMeeting:
    """Record a mentoring meeting. Raises NotAllowed unless ``mentor`` mentors the cohort."""
    if enrolment.cohort.mentor_id != mentor.pk:
        raise NotAllowed(_("Only the cohort's mentor can record its mentoring meetings."))
    if date > timezone.localdate():
        raise NotAllowed(_("The meeting date must be today or in the past."))
    with transaction.atomic():
        meeting = MentoringMeeting.objects.create(
            enrolment=enrolment,
            mentor=mentor,
            date=date,
            notes=notes,
            agreed_actions=agreed_actions,
        )
    from cohorts.tasks import send_meeting_actions

    if agreed_actions.strip():
        transaction.on_commit(lambda: send_meeting_actions.enqueue(meeting.pk))
    return meeting


# Rotation ---------------------------------------------------------------------


def rotation_confirm(*, cohort: Cohort, by: User, overrides: dict | None = None) -> list[Placement]:
    """Turn the planner's proposal for a cohort into placements, all or nothing.

    ``overrides`` maps ``(enrolment pk, start date)`` to the team HR chose
    instead of the proposed one; it must be in the same service area, and the
    team's capacity is checked again as each placement is made.

    Raises ``cohorts.planner.PlanImpossible`` when no plan meets every rule,
    NotAllowed for a team in another service area, and TeamFull / PeriodOverlap
    if a change (or someone else's placements meanwhile) breaks a rule.
    """
    from cohorts import planner

    overrides = overrides or {}
    with transaction.atomic():
        cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
        proposal = planner.plan_for_cohort(cohort)
        enrolments = {e.pk: e for e in cohort.enrolments.select_related("member")}
        teams = {t.pk: t for t in Team.objects.select_related("service_area")}
        supervisors = planner.supervisors_by_team()
        chosen = []
        for item in proposal.placements:
            team_id = overrides.get((item.member, item.start), item.team)
            team = teams.get(team_id)
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
    logger.info("Rotation for cohort %s confirmed by %s", cohort.pk, by.pk)
    from cohorts.tasks import send_rotation_plan

    for enrolment_pk in sorted({p.enrolment_id for p in made}):
        transaction.on_commit(lambda pk=enrolment_pk: send_rotation_plan.enqueue(pk))
    return made
