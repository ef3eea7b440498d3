"""Interviews: HR offer them, the applicant books, moves or cancels, HR record what happened.

Locks are taken application first, then slot, then interview (the same order
everywhere, so two writers queue and never deadlock). A slot holds one active
booking at a time, which a unique constraint enforces a second time.
"""

import datetime
from collections.abc import Iterable
from contextlib import contextmanager

from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.background import after_commit
from portal.db import is_contention
from portal.errors import TransitionNotAllowed
from portal.formats import date_and_time
from portal.models import User
from portal.states import check_move
from recruitment import conf, scheduling, selectors, tasks
from recruitment.choices import (
    ACTIVE_INTERVIEW,
    INTERVIEW_TRANSITIONS,
    InterviewStatus,
    Status,
    TimelineAction,
)
from recruitment.errors import InterviewError, SlotTaken, TooLate
from recruitment.models import Application, Interview, InterviewSlot
from recruitment.services.common import (
    locked_application,
    move,
    now,
    record,
    start_screening,
)


def set_status(interview: Interview, to: str, *, reason: str = "") -> None:
    """The only place an interview's status changes (the caller saves). Raises
    TransitionNotAllowed."""
    check_move(
        INTERVIEW_TRANSITIONS,
        current=interview.status,
        to=to,
        statuses=InterviewStatus,
        noun=_("An interview"),
    )
    interview.status = to
    interview.changed_at = now()
    if reason:
        interview.change_reason = reason


# Offering ---------------------------------------------------------------------


def application_record_interview_offered(*, application: Application, by: User) -> Application:
    """An interview is offered: the fast-track clock stops and the applicant is emailed.

    Raises TransitionNotAllowed unless the application is fast-tracked or shortlisted.
    """
    with transaction.atomic():
        application = start_screening(application)
        move(
            application,
            to=Status.INTERVIEWING,
            by=by,
            action=TimelineAction.INTERVIEW_OFFERED,
            applicant_text=_("We have offered you an interview"),
        )
        application.interview_offered_at = now()
        application.save()
        # The email points to /applications/<id>/interview/, where the times offered are.
        after_commit(tasks.send_application_mail, str(application.pk), "interview_offered")
    return application


def bespoke_interview_offer(
    *,
    application: Application,
    slots: Iterable[InterviewSlot],
    by: User,
    booking_deadline: datetime.datetime | None = None,
) -> Application:
    """HR offer a fast-tracked applicant one or more slots of their own.

    Stops the fast-track clock (``interview offered``) and emails the applicant.
    Raises InterviewError when a slot is past or for another vacancy, SlotTaken
    when one is no longer free, and TransitionNotAllowed when the application is
    not fast-tracked.
    """
    slots = list(slots)
    if not slots:
        raise InterviewError(_("Choose at least one interview slot"))
    with transaction.atomic():
        application = locked_application(application.pk)
        locked = list(
            InterviewSlot.objects.select_for_update()
            .filter(pk__in=[s.pk for s in slots])
            .order_by("pk")
        )
        if application.status != Status.FAST_TRACKED:
            raise TransitionNotAllowed(
                _("Only a fast-tracked application can be offered a bespoke interview.")
            )
        moment = now()
        for slot in locked:
            if slot.vacancy_id != application.vacancy_id:
                raise InterviewError(_("Choose slots for this application's vacancy"))
            if slot.start <= moment:
                raise InterviewError(_("Choose slots in the future"))
            if (
                slot.bespoke_for_id not in (None, application.pk)
                or Interview.objects.filter(slot=slot, status__in=ACTIVE_INTERVIEW).exists()
            ):
                raise SlotTaken(_("One of the slots you chose is no longer free"))
            slot.bespoke_for = application
            if booking_deadline:
                slot.booking_deadline = booking_deadline
            slot.save(update_fields=["bespoke_for", "booking_deadline"])
        application = application_record_interview_offered(application=application, by=by)
    return application


# Booking ------------------------------------------------------------------------


def _book_locked(*, application, slot_id, by, uid=None, sequence=0) -> Interview:
    """Book one offered slot, inside the caller's transaction. Raises SlotTaken."""
    slot = InterviewSlot.objects.select_for_update().filter(pk=slot_id).first()
    if slot is None or not selectors.slots_offered_to(application).filter(pk=slot.pk).exists():
        raise SlotTaken()
    try:
        with transaction.atomic():
            interview = Interview(application=application, slot=slot, booked_by=by)
            if uid:
                interview.uid = uid
                interview.sequence = sequence
            interview.save()
    except IntegrityError as error:
        # Another booking won the race in a way the row lock could not see.
        raise SlotTaken() from error
    return interview


@contextmanager
def _race_lost_is_slot_taken():
    """The loser of a race for a slot is told the time has gone, whichever way the
    database said so (a lock or serialization failure under load); an outage is not."""
    try:
        yield
    except DatabaseError as error:
        if is_contention(error):
            raise SlotTaken() from error
        raise


def interview_book(*, application: Application, slot: InterviewSlot, by: User) -> Interview:
    """The applicant books one of the slots offered to them.

    The slot's row is locked, and a unique constraint keeps one active booking
    per slot, so two people booking the last slot at once cannot both win.
    Raises SlotTaken (gone, past its deadline, or not offered to them, or lost
    to someone else at the same moment) and InterviewError when they already
    have an interview (move it instead).
    """
    with _race_lost_is_slot_taken(), transaction.atomic():
        application = locked_application(application.pk)
        if selectors.current_interview(application):
            raise InterviewError(_("You already have an interview booked. Move it instead."))
        interview = _book_locked(application=application, slot_id=slot.pk, by=by)
        record(
            application,
            by=by,
            action=TimelineAction.INTERVIEW_BOOKED,
            reason=date_and_time(interview.slot.start),
            applicant_text=_("You booked your interview for %(when)s")
            % {"when": date_and_time(interview.slot.start)},
        )
        _tell_everyone(interview, "REQUEST")
    return interview


def applicant_may_change(interview: Interview) -> bool:
    """The applicant may still move or cancel this interview themself."""
    cutoff = scheduling.change_cutoff(
        interview.slot.start, hours=conf.applicant_change_cutoff_hours()
    )
    return interview.status == InterviewStatus.BOOKED and now() <= cutoff


def _changed_by_hr(interview: Interview, by: User, reason: str) -> bool:
    """True when HR (not the applicant themself) make the change; they must give a reason."""
    hr = (
        bool(by and by.has_perm("recruitment.screen_application"))
        and by.pk != interview.application.applicant_id
    )
    if hr and not reason.strip():
        raise InterviewError(_("Give a reason the applicant will see"))
    return hr


def _locked_interview(interview: Interview) -> Interview:
    return Interview.objects.select_for_update().select_related("slot").get(pk=interview.pk)


def _lock_for_change(interview: Interview, *, hr: bool, refused: str):
    """Lock the application, then the interview (booking's order), inside the caller's
    transaction. Raises InterviewError (``refused``) unless it is still booked, and
    TooLate when the applicant is past the cut-off."""
    application = locked_application(interview.application_id)
    interview = _locked_interview(interview)
    if interview.status != InterviewStatus.BOOKED:
        raise InterviewError(refused)
    if not hr and not applicant_may_change(interview):
        raise TooLate(
            _(
                "Your interview is less than %(hours)s hours away, so you cannot change it here. "
                "Contact us instead."
            )
            % {"hours": conf.applicant_change_cutoff_hours()}
        )
    return application, interview


def interview_move(
    *, interview: Interview, slot: InterviewSlot, by: User, reason: str = ""
) -> Interview:
    """Move a booked interview to another offered slot; calendars update the same event.

    The applicant may move it up to the cut-off before it starts; HR any time,
    with a reason the applicant sees. Raises TooLate, SlotTaken, InterviewError.
    """
    hr = _changed_by_hr(interview, by, reason)
    with _race_lost_is_slot_taken(), transaction.atomic():
        application, interview = _lock_for_change(
            interview, hr=hr, refused=_("This interview can no longer be moved")
        )
        if slot.pk == interview.slot_id:
            raise InterviewError(_("Choose a different time"))
        set_status(interview, InterviewStatus.MOVED, reason=reason.strip())
        interview.save(update_fields=["status", "changed_at", "change_reason"])
        new = _book_locked(
            application=application,
            slot_id=slot.pk,
            by=by,
            uid=interview.uid,
            sequence=interview.sequence + 1,
        )
        new.change_reason = reason.strip()
        new.save(update_fields=["change_reason"])
        record(
            application,
            by=by,
            action=TimelineAction.INTERVIEW_MOVED,
            reason=reason.strip(),
            applicant_text=_("Your interview was moved to %(when)s")
            % {"when": date_and_time(new.slot.start)},
        )
        _tell_everyone(new, "REQUEST")
    return new


def interview_cancel(*, interview: Interview, by: User, reason: str = "") -> Interview:
    """Cancel a booked interview; its slot becomes free again.

    The applicant may cancel up to the cut-off; HR any time with a reason the
    applicant sees. Raises TooLate, InterviewError.
    """
    hr = _changed_by_hr(interview, by, reason)
    with transaction.atomic():
        application, interview = _lock_for_change(
            interview, hr=hr, refused=_("This interview can no longer be cancelled")
        )
        set_status(interview, InterviewStatus.CANCELLED, reason=reason.strip())
        interview.sequence += 1
        interview.save()
        text = (
            _("We cancelled your interview: %(reason)s") % {"reason": reason.strip()}
            if hr
            else _("You cancelled your interview")
        )
        record(
            application,
            by=by,
            action=TimelineAction.INTERVIEW_CANCELLED,
            reason=reason.strip(),
            applicant_text=text,
        )
        after_commit(tasks.send_interview_invites, str(interview.pk), "CANCEL")
    return interview


OUTCOMES = {
    InterviewStatus.HELD: TimelineAction.INTERVIEW_HELD,
    InterviewStatus.NO_SHOW: TimelineAction.INTERVIEW_NO_SHOW,
}


def interview_record_outcome(*, interview: Interview, by: User, status: str) -> Interview:
    """HR record that an interview was held or the applicant did not come (or correct it).

    Raises InterviewError for another status, TransitionNotAllowed for an
    interview that was moved or cancelled.
    """
    if status not in OUTCOMES:
        raise InterviewError(_("Choose held or did not attend"))
    with transaction.atomic():
        application = locked_application(interview.application_id)
        interview = _locked_interview(interview)
        set_status(interview, status)
        interview.save(update_fields=["status", "changed_at"])
        record(application, by=by, action=OUTCOMES[status])
    return interview


def interviews_cancel_for_closed_application(
    *, application: Application, by: User | None, reason: str
) -> int:
    """An application that closes (withdrawn, rejected) gives back its booked slot; the panel
    and the applicant get the calendar cancellation. Call inside the closing transaction."""
    cancelled = 0
    for interview in (
        Interview.objects.select_for_update()
        .filter(application=application, status=InterviewStatus.BOOKED)
        .select_related("slot")
    ):
        set_status(interview, InterviewStatus.CANCELLED, reason=reason)
        interview.sequence += 1
        interview.save()
        after_commit(tasks.send_interview_invites, str(interview.pk), "CANCEL")
        cancelled += 1
    return cancelled


def _tell_everyone(interview: Interview, method: str) -> None:
    """Calendar invites now, and a reminder before it starts (when the queue can wait)."""
    after_commit(tasks.send_interview_invites, str(interview.pk), method)
    when = scheduling.reminder_at(interview.slot.start, hours=conf.interview_reminder_hours())
    after_commit(tasks.interview_reminder, str(interview.pk), run_after=max(when, timezone.now()))
