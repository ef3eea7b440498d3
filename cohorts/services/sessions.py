"""Taught sessions: scheduling a series, taking the register, and the learner's calendar feed."""

import datetime
import logging
from collections import Counter
from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cohorts import feeds
from cohorts.models import (
    Attendance,
    CalendarFeed,
    Cohort,
    Enrolment,
    TaughtSession,
)
from cohorts.services.common import (
    FEED_RESET,
    REGISTER_TAKEN,
    SESSIONS_SCHEDULED,
    NotAllowed,
    day_text,
    locked,
)
from portal.audit import record
from portal.calendar import next_working_day
from portal.models import User

logger = logging.getLogger(__name__)


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
    by: User,
) -> list[TaughtSession]:
    """A series of sessions (two a month: every 2 weeks; practice improvement days: 4-6).

    A date on a weekend or bank holiday moves to the next working day.
    Raises NotAllowed for a series that makes no sense.
    """
    if not 1 <= every_weeks <= 12 or not 1 <= count <= 60:
        raise NotAllowed(_("Choose every 1 to 12 weeks, and 1 to 60 sessions."))
    if end_time <= start_time:
        raise NotAllowed(_("The session must end after it starts."), field="end_time")
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
        record(
            cohort,
            SESSIONS_SCHEDULED,
            by=by,
            data={
                "count": len(sessions),
                "first": day_text(dates[0]),
                "last": day_text(dates[-1]),
                "topic": topic,
            },
        )
    logger.info("Scheduled %s sessions for cohort %s (by %s)", len(sessions), cohort.pk, by.pk)
    return sessions


# The register ------------------------------------------------------------------------


def attendance_register(
    *, session: TaughtSession, marks: Mapping[Enrolment, str], by: User
) -> list[Attendance]:
    """Record attendance for some or all of a session's learners, in one go.

    The cohort's mentor takes the register, or the workforce team (who may add
    attendance). Marking someone again changes their mark. Raises NotAllowed
    for anyone else, for a learner from another cohort, or an unknown mark;
    then nothing is recorded.
    """
    with transaction.atomic():
        session = locked(TaughtSession.objects.select_related("cohort"), session.pk)
        if session.cohort.mentor_id != by.pk and not by.has_perm("cohorts.add_attendance"):
            raise NotAllowed(_("Only the cohort's mentor or the workforce team take its register."))
        for enrolment, status in marks.items():
            if enrolment.cohort_id != session.cohort_id:
                raise NotAllowed(_("This person is not in the session's cohort."))
            if status not in Attendance.Status.values:
                raise NotAllowed(_("Unknown attendance."))
        existing = {
            a.enrolment_id: a
            for a in Attendance.objects.filter(session=session, enrolment__in=[e.pk for e in marks])
        }
        new, changed = [], []
        for enrolment, status in marks.items():
            attendance = existing.get(enrolment.pk)
            if attendance is None:
                new.append(Attendance(session=session, enrolment=enrolment, status=status))
            elif attendance.status != status:
                attendance.status = status
                changed.append(attendance)
        Attendance.objects.bulk_create(new)
        Attendance.objects.bulk_update(changed, ["status"])
        if new or changed:
            totals = Counter(a.status for a in (*new, *changed))
            summary = ", ".join(
                f"{totals[status]} {label.lower()}"
                for status, label in Attendance.Status.choices
                if totals[status]
            )
            record(session, REGISTER_TAKEN, by=by, data={"summary": summary})
    by_enrolment = {**existing, **{a.enrolment_id: a for a in new}}
    return [by_enrolment[enrolment.pk] for enrolment in marks]


def attendance_record(
    *, session: TaughtSession, enrolment: Enrolment, status: str, by: User
) -> Attendance:
    """Mark one learner; raises as ``attendance_register``."""
    return attendance_register(session=session, marks={enrolment: status}, by=by)[0]


# The calendar feed -------------------------------------------------------------------


def calendar_feed_reset(*, by: User) -> str:
    """Give ``by`` a new calendar address; from now on every older one answers 404.

    Returns the new address's token.
    """
    with transaction.atomic():
        feed, _created = CalendarFeed.objects.select_for_update().get_or_create(user=by)
        feed.generation += 1
        feed.reset_at = timezone.now()
        feed.save(update_fields=["generation", "reset_at"])
        record(feed, FEED_RESET, by=by)
    return feeds.calendar_token(by.public_id, feed.generation)
