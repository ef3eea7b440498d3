"""Enrolments: joining a cohort, pausing, moving the start, and the one move of a status.

A member's enrolments must not overlap while they are current (active or
paused): refused here under a row lock on every database, and a second time
by PostgreSQL's exclusion constraints (migration 0002). The expected end date
is kept here, from the programme's length and the pauses
(``cohorts.progress.expected_end_date``).
"""

import datetime
import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cohorts import progress, tasks
from cohorts.models import Cohort, Enrolment, EnrolmentPause
from cohorts.services import review_points
from cohorts.services.common import (
    END_MOVED,
    ENROLLED,
    ENROLMENT_CHANGED,
    PAUSE_CHANGED,
    PAUSE_REMOVED,
    PAUSED,
    START_MOVED,
    STATUS_MOVED,
    BeyondMaximumDuration,
    CohortFull,
    NotAllowed,
    OutsideEnrolment,
    PeriodOverlap,
    changes_text,
    day_text,
    locked,
    overlap_refused,
)
from portal.audit import record
from portal.background import after_commit
from portal.models import Organisation, User
from portal.states import check_move

logger = logging.getLogger(__name__)

OUTCOME_ONLY_MESSAGE = _(
    "A programme is completed or failed only by its outcome: the moderation panel's "
    "decision, or for programmes without a panel, Complete the programme once its days "
    "or end-point assessment are recorded."
)


def _lock(enrolment: Enrolment) -> Enrolment:
    return locked(Enrolment.objects.select_related("cohort__programme", "member"), enrolment.pk)


def _check_member_free(
    *,
    member: User,
    start: datetime.date,
    end: datetime.date,
    exclude_pk: int | None = None,
) -> None:
    # Locks the member's current enrolments so two requests cannot both pass.
    others = (
        Enrolment.objects.select_for_update(of=("self",))
        .filter(member=member, status__in=Enrolment.CURRENT_STATUSES)
        .filter(start_date__lte=end, expected_end_date__gte=start)
    )
    if exclude_pk:
        others = others.exclude(pk=exclude_pk)
    clash = others.select_related("cohort").first()
    if clash:
        raise PeriodOverlap(
            _("%(member)s is already in %(cohort)s over those dates.")
            % {"member": member, "cohort": clash.cohort}
        )


def _schedule_reviews(enrolment: Enrolment) -> None:
    """Make or move the review points (``cohorts.services.reviews``) to the dates now."""
    review_points.reviews_schedule(enrolment)


def _move_end(enrolment: Enrolment, new_end: datetime.date, *, by: User | None) -> None:
    """Keep the expected end, and say in the enrolment's history when it moves."""
    if new_end == enrolment.expected_end_date:
        return
    was = enrolment.expected_end_date
    enrolment.expected_end_date = new_end
    enrolment.save(update_fields=["expected_end_date"])
    record(enrolment, END_MOVED, by=by, data={"from": day_text(was), "to": day_text(new_end)})


def enrolment_create(
    *,
    member: User,
    cohort: Cohort,
    employer: Organisation,
    service: str = Enrolment.Service.CHILDRENS,
    start_date: datetime.date | None = None,
    line_manager: User | None = None,
    assessor: User | None = None,
    by: User | None,
) -> Enrolment:
    """Enrol a member (``by`` None: the system, as for demo data).

    Raises CohortFull, or PeriodOverlap when the member is in another cohort
    over the same dates.
    """
    start_date = start_date or cohort.start_date
    with transaction.atomic():
        # The cohort row is the lock: two enrolments into one cohort queue here.
        cohort = locked(Cohort.objects.select_related("programme"), cohort.pk)
        taken = cohort.enrolments.filter(status__in=Enrolment.CURRENT_STATUSES).count()
        if taken >= cohort.capacity:
            raise CohortFull(
                _("%(cohort)s is full (%(places)s places).")
                % {"cohort": cohort, "places": cohort.capacity},
                field="cohort",
            )
        end = progress.expected_end_date(programme=cohort.programme, start_date=start_date)
        _check_member_free(member=member, start=start_date, end=end)
        with overlap_refused(_("This person is already enrolled over those dates.")):
            enrolment = Enrolment.objects.create(
                member=member,
                cohort=cohort,
                employer=employer,
                service=service,
                start_date=start_date,
                expected_end_date=end,
                line_manager=line_manager,
                assessor=assessor,
            )
        _schedule_reviews(enrolment)
        record(
            enrolment,
            ENROLLED,
            by=by,
            data={"cohort": cohort.name, "start": day_text(start_date), "end": day_text(end)},
        )
    logger.info("Enrolled %s in cohort %s (by %s)", member.pk, cohort.pk, getattr(by, "pk", None))
    return enrolment


_UNCHANGED = object()


def enrolment_change(
    *,
    enrolment: Enrolment,
    employer: Organisation,
    service: str,
    line_manager: "User | None | object" = _UNCHANGED,
    assessor: "User | None | object" = _UNCHANGED,
    by: User,
) -> Enrolment:
    """Correct who employs the member, for which service, and who manages and assesses
    them (none of these carries a rule). A person left out is kept as they are."""
    with transaction.atomic():
        enrolment = _lock(enrolment)
        changes = []
        if employer.pk != enrolment.employer_id:
            changes.append((_("employer"), enrolment.employer, employer))
            enrolment.employer = employer
        if service != enrolment.service:
            before = enrolment.get_service_display()
            enrolment.service = service
            changes.append((_("service"), before, enrolment.get_service_display()))
        for name, label, person in (
            ("line_manager", _("line manager"), line_manager),
            ("assessor", _("assessor"), assessor),
        ):
            if person is _UNCHANGED or getattr(person, "pk", None) == getattr(
                enrolment, f"{name}_id"
            ):
                continue
            changes.append((label, getattr(enrolment, name) or _("nobody"), person or _("nobody")))
            setattr(enrolment, name, person)
        if changes:
            enrolment.save(update_fields=["employer", "service", "line_manager", "assessor"])
            record(enrolment, ENROLMENT_CHANGED, by=by, data={"changes": changes_text(changes)})
    return enrolment


def enrolment_change_start(
    *, enrolment: Enrolment, start_date: datetime.date, by: User
) -> Enrolment:
    """Move the start date; the expected end moves with it.

    Raises PeriodOverlap when the new dates run into another enrolment.
    """
    with transaction.atomic():
        enrolment = _lock(enrolment)
        if start_date == enrolment.start_date:
            return enrolment
        new_end = progress.expected_end_date(
            programme=enrolment.cohort.programme,
            start_date=start_date,
            pauses=list(enrolment.pauses.all()),
        )
        if enrolment.is_current:
            _check_member_free(
                member=enrolment.member, start=start_date, end=new_end, exclude_pk=enrolment.pk
            )
        was_start, was_end = enrolment.start_date, enrolment.expected_end_date
        # Both at once: the database keeps the end after the start.
        enrolment.start_date, enrolment.expected_end_date = start_date, new_end
        enrolment.save(update_fields=["start_date", "expected_end_date"])
        _schedule_reviews(enrolment)
        record(
            enrolment,
            START_MOVED,
            by=by,
            data={"from": day_text(was_start), "to": day_text(start_date)},
        )
        if new_end != was_end:
            record(
                enrolment,
                END_MOVED,
                by=by,
                data={"from": day_text(was_end), "to": day_text(new_end)},
            )
    return enrolment


def enrolment_set_status(
    *,
    enrolment: Enrolment,
    status: str,
    reason: str = "",
    on: datetime.date | None = None,
    by: User,
    decided_by_outcome: bool = False,
) -> Enrolment:
    """The one function that moves an enrolment's status (``Enrolment.TRANSITIONS``).

    Completed and failed come only from an outcome: a moderation panel's
    decision or ``enrolment_complete`` (``cohorts.services.reviews``, the only
    caller passing ``decided_by_outcome``); any other caller is refused.

    Withdrawing or failing needs a reason. ``on`` is the day it happened
    (today when not given). With the same status, corrects its reason or date.
    Raises TransitionNotAllowed for a move the table refuses, NotAllowed for
    an unknown status or a missing reason.
    """
    if status not in Enrolment.Status.values:
        raise NotAllowed(_("Unknown status."), field="status")
    if status in Enrolment.OUTCOME_STATUSES and not decided_by_outcome:
        raise NotAllowed(OUTCOME_ONLY_MESSAGE, field="status")
    if status in Enrolment.REASON_NEEDED and not reason.strip():
        raise NotAllowed(_("Give a reason for this status."), field="status_reason")
    with transaction.atomic():
        enrolment = _lock(enrolment)
        was = enrolment.status
        if status != was:
            check_move(
                Enrolment.TRANSITIONS,
                current=was,
                to=status,
                statuses=Enrolment.Status,
                noun=_("An enrolment"),
            )
        on = on or (timezone.localdate() if status != was else enrolment.status_changed_on)
        if (status, reason, on) == (was, enrolment.status_reason, enrolment.status_changed_on):
            return enrolment
        enrolment.status = status
        enrolment.status_reason = reason
        enrolment.status_changed_on = on
        enrolment.save(update_fields=["status", "status_reason", "status_changed_on"])
        record(
            enrolment,
            STATUS_MOVED,
            by=by,
            data={
                "from": Enrolment.Status(was).label,
                "to": enrolment.get_status_display(),
                "reason": reason or _("none given"),
            },
        )
    logger.info("Enrolment %s is now %s (by %s)", enrolment.pk, status, by.pk)
    return enrolment


# Pauses --------------------------------------------------------------------------


def _check_pause(
    *,
    enrolment: Enrolment,
    others: list[EnrolmentPause],
    start_date: datetime.date,
    end_date: datetime.date,
) -> datetime.date:
    """The checks a pause must pass; returns the programme's new expected end.

    ``enrolment`` is locked, ``others`` are its other pauses.
    """
    if end_date < start_date:
        raise OutsideEnrolment(
            _("The pause must end on or after the day it starts."), field="end_date"
        )
    if start_date < enrolment.start_date or start_date > enrolment.expected_end_date:
        raise OutsideEnrolment(
            _("A pause must start while the programme is running."), field="start_date"
        )
    for other in others:
        if other.start_date <= end_date and start_date <= other.end_date:
            raise PeriodOverlap(
                _("This pause overlaps the pause from %(start)s to %(end)s.")
                % {"start": other.start_date, "end": other.end_date},
                field="start_date",
            )
    programme = enrolment.cohort.programme
    new_end = progress.expected_end_date(
        programme=programme,
        start_date=enrolment.start_date,
        pauses=[*others, EnrolmentPause(start_date=start_date, end_date=end_date)],
    )
    limit = progress.latest_end_date(programme=programme, start_date=enrolment.start_date)
    if limit and new_end > limit:
        raise BeyondMaximumDuration(
            _(
                "With this pause the programme would end on %(end)s, after its limit of "
                "%(months)s months (%(limit)s)."
            )
            % {"end": new_end, "months": programme.max_duration_months, "limit": limit},
            field="end_date",
        )
    _check_member_free(
        member=enrolment.member, start=enrolment.start_date, end=new_end, exclude_pk=enrolment.pk
    )
    return new_end


def _pause_data(pause: EnrolmentPause) -> dict:
    return {
        "reason": pause.get_reason_display(),
        "first": day_text(pause.start_date),
        "last": day_text(pause.end_date),
    }


def enrolment_pause(
    *,
    enrolment: Enrolment,
    reason: str,
    start_date: datetime.date,
    end_date: datetime.date,
    note: str = "",
    by: User | None,
) -> EnrolmentPause:
    """Pause a programme; the expected end moves on by the days paused. The member is told.

    Raises OutsideEnrolment, PeriodOverlap (with another pause or another
    enrolment) or BeyondMaximumDuration (the programme would end after its limit).
    """
    with transaction.atomic():
        enrolment = _lock(enrolment)
        new_end = _check_pause(
            enrolment=enrolment,
            others=list(enrolment.pauses.all()),
            start_date=start_date,
            end_date=end_date,
        )
        with overlap_refused(_("This pause overlaps another period.")):
            pause = EnrolmentPause.objects.create(
                enrolment=enrolment,
                reason=reason,
                start_date=start_date,
                end_date=end_date,
                note=note,
            )
        record(pause, PAUSED, by=by, data=_pause_data(pause))
        _move_end(enrolment, new_end, by=by)
        _schedule_reviews(enrolment)
    logger.info("Paused enrolment %s (by %s)", enrolment.pk, getattr(by, "pk", None))
    after_commit(tasks.send_notice, tasks.PAUSE_CONFIRMATION, pause.pk)
    return pause


def pause_change(
    *,
    pause: EnrolmentPause,
    reason: str,
    start_date: datetime.date,
    end_date: datetime.date,
    note: str = "",
    by: User,
) -> EnrolmentPause:
    """Correct a pause; the expected end follows. Raises as ``enrolment_pause``."""
    with transaction.atomic():
        enrolment = locked(
            Enrolment.objects.select_related("cohort__programme", "member"), pause.enrolment_id
        )
        pauses = list(enrolment.pauses.all())
        pause = next(p for p in pauses if p.pk == pause.pk)
        others = [p for p in pauses if p.pk != pause.pk]
        new_end = _check_pause(
            enrolment=enrolment, others=others, start_date=start_date, end_date=end_date
        )
        pause.reason, pause.note = reason, note
        pause.start_date, pause.end_date = start_date, end_date
        with overlap_refused(_("This pause overlaps another period.")):
            pause.save(update_fields=["reason", "start_date", "end_date", "note"])
        record(pause, PAUSE_CHANGED, by=by, data=_pause_data(pause))
        _move_end(enrolment, new_end, by=by)
        _schedule_reviews(enrolment)
    logger.info("Pause %s changed (by %s)", pause.pk, by.pk)
    return pause


def pause_remove(*, pause: EnrolmentPause, by: User) -> Enrolment:
    """Remove a pause recorded in error; the expected end moves back."""
    with transaction.atomic():
        enrolment = locked(
            Enrolment.objects.select_related("cohort__programme"), pause.enrolment_id
        )
        pause = EnrolmentPause.objects.get(pk=pause.pk, enrolment=enrolment)
        record(pause, PAUSE_REMOVED, by=by, data=_pause_data(pause), deleted=True)
        pause.delete()
        new_end = progress.expected_end_date(
            programme=enrolment.cohort.programme,
            start_date=enrolment.start_date,
            pauses=list(enrolment.pauses.all()),
        )
        _move_end(enrolment, new_end, by=by)
        _schedule_reviews(enrolment)
    logger.info("Pause removed from enrolment %s (by %s)", enrolment.pk, by.pk)
    return enrolment
