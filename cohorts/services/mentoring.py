"""Mentoring: a head of service's meetings with the members of the cohort they mentor.

Notes are for the mentor and the member alone: the history entry says only
that a meeting took place, and the member's mail only that there are actions.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cohorts import tasks
from cohorts.models import Enrolment, MentoringMeeting
from cohorts.services.common import MEETING_RECORDED, NotAllowed, day_text
from portal.audit import record
from portal.background import after_commit
from portal.models import User


def meeting_record(
    *,
    enrolment: Enrolment,
    date: datetime.date,
    notes: str = "",
    agreed_actions: str = "",
    by: User,
) -> MentoringMeeting:
    """The cohort's mentor records a meeting; the member is told when there are actions.

    Raises NotAllowed unless ``by`` mentors the cohort, or for a date in the future.
    """
    if enrolment.cohort.mentor_id != by.pk:
        raise NotAllowed(_("Only the cohort's mentor can record its mentoring meetings."))
    if date > timezone.localdate():
        raise NotAllowed(_("The meeting date must be today or in the past."), field="date")
    with transaction.atomic():
        meeting = MentoringMeeting.objects.create(
            enrolment=enrolment,
            mentor=by,
            date=date,
            notes=notes,
            agreed_actions=agreed_actions,
        )
        record(meeting, MEETING_RECORDED, by=by, data={"date": day_text(date)})
    if agreed_actions.strip():
        after_commit(tasks.send_notice, tasks.MEETING_ACTIONS, meeting.pk)
    return meeting
