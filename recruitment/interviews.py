"""Interview services: slots, bespoke offers, booking, moving and cancelling (issue 4).

Every write here validates, writes inside ``transaction.atomic`` and queues its
mail with ``transaction.on_commit``. Errors are ``InterviewError`` subclasses
whose ``message`` is fit to show the person.
"""

import dataclasses
import datetime
import logging
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.calendar import is_working_day
from recruitment import conf, services
from recruitment.choices import Status
from recruitment.models import (
    ACTIVE_INTERVIEW,
    Application,
    Interview,
    InterviewFormat,
    InterviewSlot,
    InterviewStatus,
)

logger = logging.getLogger(__name__)

LONDON = ZoneInfo("Europe/London")


class InterviewError(services.ApplicationError):
    pass


class SlotProblem(InterviewError):
    """A slot breaks a scheduling rule. ``needs_confirmation`` when HR may override it."""

    def __init__(self, message, *, needs_confirmation=False):
        super().__init__(message)
        self.needs_confirmation = needs_confirmation


class SlotTaken(InterviewError):
    def __init__(self, message=None):
        super().__init__(
            message
            or _("Sorry, that interview time has just been booked by someone else. Choose another.")
        )


class TooLate(InterviewError):
    pass


def _now() -> datetime.datetime:
    return timezone.now()


def _on_commit(func) -> None:
    transaction.on_commit(func, robust=True)


# Slots --------------------------------------------------------------------------


@dataclasses.dataclass
class SlotDetails:
    vacancy: object
    start: datetime.datetime
    end: datetime.datetime
    format: str
    place: str = ""
    video_link: str = ""
    booking_deadline: datetime.datetime | None = None
    bespoke_for: Application | None = None


def slot_problems(
    *,
    start: datetime.datetime,
    end: datetime.datetime,
    format: str,
    place: str = "",
    video_link: str = "",
    panel: Iterable = (),
    confirm_bank_holiday: bool = False,
    exclude_pk=None,
) -> list[SlotProblem]:
    """Every rule a slot breaks, as messages HR can act on. Empty means it may be made."""
    problems: list[SlotProblem] = []
    if end <= start:
        problems.append(SlotProblem(_("The end time must be after the start time")))
        return problems
    local_start, local_end = timezone.localtime(start, LONDON), timezone.localtime(end, LONDON)
    first, last = conf.working_hours()
    if (
        local_start.date() != local_end.date()
        or local_start.time() < datetime.time(first)
        or local_end.time() > datetime.time(last)
    ):
        problems.append(
            SlotProblem(
                _("Interviews must be between %(first)s:00 and %(last)s:00 on one day")
                % {"first": first, "last": last}
            )
        )
    day = local_start.date()
    if day.weekday() >= 5:
        problems.append(SlotProblem(_("Interviews cannot be at a weekend")))
    elif not is_working_day(day) and not confirm_bank_holiday:
        problems.append(
            SlotProblem(
                _("%(date)s is a bank holiday. Confirm if you still want an interview that day")
                % {"date": services._long_date(day)},
                needs_confirmation=True,
            )
        )
    if format == InterviewFormat.IN_PERSON and not place.strip():
        problems.append(SlotProblem(_("Enter the place for an interview in person")))
    if format == InterviewFormat.VIDEO and not video_link.strip():
        problems.append(SlotProblem(_("Enter the video link for a video interview")))
    overlapping = InterviewSlot.objects.filter(start__lt=end, end__gt=start)
    if exclude_pk:
        overlapping = overlapping.exclude(pk=exclude_pk)
    panel_ids = [getattr(member, "pk", member) for member in panel]
    if panel_ids:
        busy = (
            overlapping.filter(panel__in=panel_ids)
            .values_list("panel__first_name", "panel__last_name", "panel__email")
            .distinct()
        )
        for first_name, last_name, email in busy:
            name = f"{first_name} {last_name}".strip() or email
            problems.append(
                SlotProblem(
                    _("%(name)s is already on a panel at that time") % {"name": name},
                )
            )
    room_taken = (
        format == InterviewFormat.IN_PERSON
        and place.strip()
        and overlapping.filter(
            format=InterviewFormat.IN_PERSON, place__iexact=place.strip()
        ).exists()
    )
    if room_taken:
        problems.append(
            SlotProblem(
                _("%(place)s is already booked for another interview at that time")
                % {"place": place.strip()}
            )
        )
    return problems


def slot_create(
    *, details: SlotDetails, panel: Iterable, by, confirm_bank_holiday: bool = False
) -> InterviewSlot:
    """Make one slot. Raises SlotProblem (the first rule it breaks)."""
    panel = list(panel)
    if not panel:
        raise SlotProblem(_("Choose at least one panel member"))
    with transaction.atomic():
        problems = slot_problems(
            start=details.start,
            end=details.end,
            format=details.format,
            place=details.place,
            video_link=details.video_link,
            panel=panel,
            confirm_bank_holiday=confirm_bank_holiday,
        )
        if problems:
            raise problems[0]
        slot = InterviewSlot.objects.create(**dataclasses.asdict(details))
        slot.panel.set(panel)
    logger.info("Interview slot %s made by %s", slot.pk, getattr(by, "pk", None))
    return slot


@dataclasses.dataclass
class BulkResult:
    created: list[InterviewSlot]
    skipped: list[tuple[datetime.datetime, str]]


def slots_bulk_create(
    *,
    vacancy,
    first_day: datetime.date,
    last_day: datetime.date,
    weekdays: Iterable[int],
    day_start: datetime.time,
    day_end: datetime.time,
    length_minutes: int,
    gap_minutes: int,
    format: str,
    panel: Iterable,
    by,
    place: str = "",
    video_link: str = "",
    booking_deadline: datetime.datetime | None = None,
) -> BulkResult:
    """Slots on the chosen weekdays between two dates, back to back with a gap.

    Bank holidays are skipped. Times are wall-clock times in Europe/London, so a
    10am slot is 10am either side of a daylight-saving change. A slot that clashes
    is skipped and reported; the rest are made.
    """
    if last_day < first_day:
        raise SlotProblem(_("The last day must be on or after the first day"))
    if length_minutes <= 0:
        raise SlotProblem(_("Enter a length of at least 1 minute"))
    if (last_day - first_day).days > 366:
        raise SlotProblem(_("Make slots for at most a year at a time"))
    weekdays = set(weekdays)
    panel = list(panel)
    result = BulkResult(created=[], skipped=[])
    length = datetime.timedelta(minutes=length_minutes)
    step = length + datetime.timedelta(minutes=gap_minutes)
    day = first_day
    with transaction.atomic():
        while day <= last_day:
            if day.weekday() in weekdays and is_working_day(day):
                local = datetime.datetime.combine(day, day_start)
                while local + length <= datetime.datetime.combine(day, day_end):
                    start = local.replace(tzinfo=LONDON)
                    end = (local + length).replace(tzinfo=LONDON)
                    details = SlotDetails(
                        vacancy=vacancy,
                        start=start,
                        end=end,
                        format=format,
                        place=place,
                        video_link=video_link,
                        booking_deadline=booking_deadline,
                    )
                    try:
                        result.created.append(slot_create(details=details, panel=panel, by=by))
                    except SlotProblem as problem:
                        result.skipped.append((start, str(problem.message)))
                    local += step
            day += datetime.timedelta(days=1)
    return result


def free_slots() -> "Q":
    """Slots without an active booking."""
    return ~Q(interviews__status__in=ACTIVE_INTERVIEW)


# Offering ---------------------------------------------------------------------


def bespoke_interview_offer(
    *,
    application: Application,
    slots: Iterable[InterviewSlot],
    by,
    booking_deadline: datetime.datetime | None = None,
) -> Application:
    """HR offer a fast-tracked applicant one or more slots of their own.

    Stops the fast-track clock through the state machine (``interview offered``)
    and emails the applicant. Raises InterviewError when a slot is taken, past,
    or for another vacancy, and TransitionNotAllowed when the application is not
    fast-tracked.
    """
    slots = list(slots)
    if not slots:
        raise InterviewError(_("Choose at least one interview slot"))
    with transaction.atomic():
        # Application first, then slots: the same order as booking, so no deadlock.
        application = services._locked(application.pk)
        locked = list(
            InterviewSlot.objects.select_for_update()
            .filter(pk__in=[s.pk for s in slots])
            .order_by("pk")
        )
        if application.status != Status.FAST_TRACKED:
            raise services.TransitionNotAllowed(
                _("Only a fast-tracked application can be offered a bespoke interview.")
            )
        now = _now()
        for slot in locked:
            if slot.vacancy_id != application.vacancy_id:
                raise InterviewError(_("Choose slots for this application's vacancy"))
            if slot.start <= now:
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
        # Moves to "interviewing", stops the clock and emails the applicant.
        application = services.application_record_interview_offered(application=application, by=by)
    return application


def slots_offered_to(application: Application):
    """Slots the applicant may book now: the bespoke slots HR made for them when there
    are any (a fast-track offer is theirs alone, not a place in the general queue),
    otherwise the vacancy's open slots; free, in the future, before their deadline."""
    now = _now()
    if application.status != Status.INTERVIEWING:
        return InterviewSlot.objects.none()
    if InterviewSlot.objects.filter(bespoke_for=application).exists():
        offered = Q(bespoke_for=application)
    else:
        offered = Q(vacancy_id=application.vacancy_id, bespoke_for__isnull=True)
    return (
        InterviewSlot.objects.filter(offered, start__gt=now)
        .filter(Q(booking_deadline__isnull=True) | Q(booking_deadline__gt=now))
        .exclude(interviews__status__in=ACTIVE_INTERVIEW)
        .order_by("start")
    )


def current_interview(application: Application) -> Interview | None:
    return (
        application.interviews.filter(status__in=ACTIVE_INTERVIEW)
        .select_related("slot")
        .order_by("-booked_at")
        .first()
    )


# Booking ------------------------------------------------------------------------


def _book_locked(*, application, slot_id, by, uid=None, sequence=0) -> Interview:
    slot = InterviewSlot.objects.select_for_update().filter(pk=slot_id).first()
    if slot is None or not slots_offered_to(application).filter(pk=slot.pk).exists():
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


def interview_book(*, application: Application, slot: InterviewSlot, by) -> Interview:
    """The applicant books one of the slots offered to them.

    The slot's row is locked, and a unique constraint keeps one active booking
    per slot, so two people booking the last slot at once cannot both win.
    Raises SlotTaken (gone, past its deadline, or not offered to them) and
    InterviewError when they already have an interview (move it instead).
    """
    with transaction.atomic():
        application = services._locked(application.pk)
        if current_interview(application):
            raise InterviewError(_("You already have an interview booked. Move it instead."))
        interview = _book_locked(application=application, slot_id=slot.pk, by=by)
        services._record(
            application,
            by=by,
            action="interview booked",
            reason=str(slot.pk),
            applicant_text=_("You booked your interview for %(when)s") % {"when": when(slot)},
        )
    _send_invites(interview.pk, "REQUEST")
    _schedule_reminder(interview.pk)
    return interview


def when(slot: InterviewSlot) -> str:
    from portal.templatetags.govuk import govuk_date, govuk_time

    return f"{govuk_date(slot.start)}, {govuk_time(slot.start)}"


def _change_cutoff(interview: Interview) -> datetime.datetime:
    """After this moment the applicant can no longer move or cancel; HR still can."""
    return interview.slot.start - datetime.timedelta(hours=conf.applicant_change_cutoff_hours())


def applicant_may_change(interview: Interview) -> bool:
    return interview.status == InterviewStatus.BOOKED and _now() <= _change_cutoff(interview)


def _changed_by_hr(interview: Interview, by, reason: str) -> bool:
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
    application = services._locked(interview.application_id)
    interview = _locked_interview(interview)
    if interview.status != InterviewStatus.BOOKED:
        raise InterviewError(refused)
    if not hr and _now() > _change_cutoff(interview):
        raise TooLate(
            _(
                "Your interview is less than %(hours)s hours away, so you cannot change it here. "
                "Contact us instead."
            )
            % {"hours": conf.applicant_change_cutoff_hours()}
        )
    return application, interview


def interview_move(*, interview: Interview, slot: InterviewSlot, by, reason: str = "") -> Interview:
    """Move a booked interview to another offered slot; calendars update the same event.

    The applicant may move it up to the cut-off before it starts; HR any time,
    with a reason the applicant sees. Raises TooLate, SlotTaken, InterviewError.
    """
    hr = _changed_by_hr(interview, by, reason)
    with transaction.atomic():
        application, interview = _lock_for_change(
            interview, hr=hr, refused=_("This interview can no longer be moved")
        )
        if slot.pk == interview.slot_id:
            raise InterviewError(_("Choose a different time"))
        interview.status = InterviewStatus.MOVED
        interview.changed_at = _now()
        interview.change_reason = reason.strip()
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
        services._record(
            application,
            by=by,
            action="interview moved",
            reason=reason.strip(),
            applicant_text=_("Your interview was moved to %(when)s") % {"when": when(new.slot)},
        )
    _send_invites(new.pk, "REQUEST")
    _schedule_reminder(new.pk)
    return new


def interview_cancel(*, interview: Interview, by, reason: str = "") -> Interview:
    """Cancel a booked interview; its slot becomes free again.

    The applicant may cancel up to the cut-off; HR any time with a reason the
    applicant sees. Raises TooLate, InterviewError.
    """
    hr = _changed_by_hr(interview, by, reason)
    with transaction.atomic():
        application, interview = _lock_for_change(
            interview, hr=hr, refused=_("This interview can no longer be cancelled")
        )
        interview.status = InterviewStatus.CANCELLED
        interview.sequence += 1
        interview.changed_at = _now()
        interview.change_reason = reason.strip()
        interview.save()
        text = (
            _("We cancelled your interview: %(reason)s") % {"reason": reason.strip()}
            if hr
            else _("You cancelled your interview")
        )
        services._record(
            application,
            by=by,
            action="interview cancelled",
            reason=reason.strip(),
            applicant_text=text,
        )
    _send_invites(interview.pk, "CANCEL")
    return interview


def interview_record_outcome(*, interview: Interview, by, status: str) -> Interview:
    """HR record that an interview was held or the applicant did not come."""
    if status not in (InterviewStatus.HELD, InterviewStatus.NO_SHOW):
        raise InterviewError(_("Choose held or did not attend"))
    with transaction.atomic():
        application = services._locked(interview.application_id)
        interview = _locked_interview(interview)
        if interview.status not in (InterviewStatus.BOOKED, InterviewStatus.HELD):
            raise InterviewError(_("This interview was moved or cancelled"))
        interview.status = status
        interview.changed_at = _now()
        interview.save(update_fields=["status", "changed_at"])
        services._record(
            application,
            by=by,
            action="interview held" if status == InterviewStatus.HELD else "interview no-show",
        )
    return interview


# Side effects ----------------------------------------------------------------------


def _send_invites(interview_id, method: str) -> None:
    from recruitment import tasks

    _on_commit(lambda: tasks.send_interview_invites.enqueue(str(interview_id), method))


def _schedule_reminder(interview_id) -> None:
    from recruitment import tasks

    _on_commit(lambda: tasks.schedule_interview_reminder(interview_id))


# Scorecards ------------------------------------------------------------------------


def scorecard_submit(
    *, interview: Interview, by, scores: list[dict], recommendation: str, notes: str = ""
):
    """A panel member submits their scorecard once; it cannot be changed afterwards.

    Raises InterviewError when they are not on the panel, already submitted, or a
    score is outside 1–4.
    """
    from recruitment.models import Scorecard

    if not interview.slot.panel.filter(pk=by.pk).exists():
        raise InterviewError(_("You are not on this interview's panel"))
    if any(int(row.get("score") or 0) not in (1, 2, 3, 4) for row in scores):
        raise InterviewError(_("Score every criterion from 1 to 4"))
    with transaction.atomic():
        card, _created = Scorecard.objects.select_for_update().get_or_create(
            interview=interview, panel_member=by
        )
        if card.submitted_at is not None:
            raise InterviewError(_("You have already submitted your scorecard"))
        card.scores = scores
        card.recommendation = recommendation
        card.notes = notes.strip()
        card.submitted_at = _now()
        card.save()
    return card


def interviews_cancel_for_closed_application(*, application: Application, by, reason: str) -> int:
    """An application that closes (withdrawn, rejected) gives back its booked slot; the panel
    and the applicant get the calendar cancellation. Call inside the closing transaction."""
    cancelled = 0
    for interview in (
        Interview.objects.select_for_update()
        .filter(application=application, status=InterviewStatus.BOOKED)
        .select_related("slot")
    ):
        interview.status = InterviewStatus.CANCELLED
        interview.sequence += 1
        interview.changed_at = _now()
        interview.change_reason = reason
        interview.save()
        _send_invites(interview.pk, "CANCEL")
        cancelled += 1
    return cancelled


def slot_delete(*, slot: InterviewSlot, by) -> None:
    """Remove a slot made in error. Raises InterviewError once anyone has booked it."""
    with transaction.atomic():
        slot = InterviewSlot.objects.select_for_update().get(pk=slot.pk)
        if slot.interviews.exists():
            raise InterviewError(
                _(
                    "This slot has been booked, so it cannot be removed. Cancel the interview instead."
                )
            )
        slot.delete()
    logger.info("Interview slot %s removed by %s", slot.pk, getattr(by, "pk", None))
