"""Claiming a reminder: whoever claims it first sends it, so it goes once however many ask.

The task worker calls these; they never enqueue work themselves.
"""

import datetime

from django.db import transaction

from recruitment import conf, fast_track, scheduling
from recruitment.choices import InterviewStatus, Status
from recruitment.models import Application, Interview


def fast_track_reminder_claim(application_id, *, now: datetime.datetime) -> Application | None:
    """Mark HR's reminder about a fast-track as sent, when it is due and not sent yet.

    Returns the application to remind about, or None (not due, already sent,
    interview already offered, or gone).
    """
    with transaction.atomic():
        application = (
            Application.objects.select_for_update(of=("self",))
            .select_related("vacancy")
            .filter(pk=application_id)
            .first()
        )
        if (
            application is None
            or application.status != Status.FAST_TRACKED
            or application.hr_reminder_sent_at is not None
            or application.fast_track_due is None
            or fast_track.reminder_at(application.fast_track_due, hour=conf.reminder_hour()) > now
        ):
            return None
        application.hr_reminder_sent_at = now
        application.save(update_fields=["hr_reminder_sent_at"])
    return application


def interview_reminder_claim(interview_id, *, now: datetime.datetime) -> Interview | None:
    """Mark an interview's reminder as sent, when it is due, still booked and not past.

    Returns the interview, or None.
    """
    with transaction.atomic():
        interview = (
            Interview.objects.select_for_update(of=("self",))
            .select_related("slot")
            .filter(pk=interview_id)
            .first()
        )
        if (
            interview is None
            or interview.status != InterviewStatus.BOOKED
            or interview.reminder_sent_at is not None
            or interview.slot.start <= now
            or scheduling.reminder_at(interview.slot.start, hours=conf.interview_reminder_hours())
            > now
        ):
            return None
        interview.reminder_sent_at = now
        interview.save(update_fields=["reminder_sent_at"])
    return interview
