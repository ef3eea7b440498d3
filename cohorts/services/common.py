"""What every step of the cohorts journey shares: its refusals, row locks and history.

The step modules (``enrolments``, ``placements``, ``sessions``, ``mentoring``)
import this one, never the other way round. Every write that means something
is recorded with ``portal.audit.record`` under one of ``AUDIT_ACTIONS``
(registered from ``cohorts.wagtail_hooks``), so an object's History in the
back office says who did what and when, whether it was done there or on the
front end.
"""

import datetime
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import TypeVar

from django.db import IntegrityError, transaction
from django.db.models import Model, QuerySet
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from portal.errors import DomainError


class CohortsError(DomainError):
    """A rule of the programme says no. ``message`` is fit to show people.

    ``field`` names the form field the refusal is about, when there is one, so
    a form can show it beside that field rather than at the top.
    """

    def __init__(self, message, *, field: str | None = None):
        super().__init__(message)
        self.field = field


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


# Locks ---------------------------------------------------------------------------

M = TypeVar("M", bound=Model)


def locked(queryset: QuerySet[M], pk: int) -> M:
    """Row ``pk`` of ``queryset``, locked until the transaction ends.

    Only the row's own table is locked (``FOR UPDATE OF``), so rows it is
    joined to for reading (a member, a programme) stay free for others.
    SQLite takes no row locks; there a write transaction is serialised anyway.
    """
    return queryset.select_for_update(of=("self",)).get(pk=pk)


@contextmanager
def overlap_refused(message) -> Iterator[None]:
    """A write in its own savepoint; the database refusing it is a PeriodOverlap.

    PostgreSQL's exclusion constraints (migration 0002) refuse overlapping
    periods a second time, should two requests pass the locked checks at once.
    """
    try:
        with transaction.atomic():
            yield
    except IntegrityError as error:
        raise PeriodOverlap(message) from error


# History ---------------------------------------------------------------------------

ENROLLED = "cohorts.enrolment.create"
ENROLMENT_CHANGED = "cohorts.enrolment.change"
START_MOVED = "cohorts.enrolment.start"
END_MOVED = "cohorts.enrolment.end"
STATUS_MOVED = "cohorts.enrolment.status"
PAUSED = "cohorts.pause.create"
PAUSE_CHANGED = "cohorts.pause.change"
PAUSE_REMOVED = "cohorts.pause.remove"
PLACED = "cohorts.placement.create"
PLACEMENT_CHANGED = "cohorts.placement.change"
PLACEMENT_MOVED = "cohorts.placement.status"
DAYS_LOGGED = "cohorts.day_log.create"
DAYS_CHANGED = "cohorts.day_log.change"
DAYS_REMOVED = "cohorts.day_log.remove"
HOURS_LOGGED = "cohorts.off_the_job.create"
HOURS_CHANGED = "cohorts.off_the_job.change"
HOURS_REMOVED = "cohorts.off_the_job.remove"
SESSIONS_SCHEDULED = "cohorts.cohort.sessions"
ROTATION_CONFIRMED = "cohorts.cohort.rotation"
REGISTER_TAKEN = "cohorts.session.register"
MEETING_RECORDED = "cohorts.meeting.create"
FEED_RESET = "cohorts.calendar_feed.reset"
# Reviews part
REVIEW_RECORDED = "cohorts.review.record"
PANEL_DECIDED = "cohorts.panel.decide"
EPA_RECORDED = "cohorts.enrolment.epa"
PANEL_CREATED = "cohorts.panel.create"
PANEL_CHANGED = "cohorts.panel.change"
PANEL_REMOVED = "cohorts.panel.remove"
RESTORATIVE_RECORDED = "cohorts.practice_supervisor.restorative"
CASELOAD_RECORDED = "cohorts.caseload.create"
CASELOAD_REPLACED = "cohorts.caseload.change"
CASELOAD_IMPORTED = "cohorts.caseload_import.save"
SUPERVISION_LOGGED = "cohorts.supervision.create"
SUPERVISION_CONFIRMED = "cohorts.supervision.confirm"
SUPERVISION_ACTION_DONE = "cohorts.supervision_action.done"

# (action, label in the History filter, message with {names} from the entry's data)
AUDIT_ACTIONS = (
    (ENROLLED, _("Enrolled"), _("Enrolled in {cohort} from {start}, expected to end {end}")),
    (ENROLMENT_CHANGED, _("Enrolment changed"), _("Changed {changes}")),
    (START_MOVED, _("Start date moved"), _("Start moved from {from} to {to}")),
    (END_MOVED, _("Expected end moved"), _("Expected end moved from {from} to {to}")),
    (STATUS_MOVED, _("Status changed"), _("Status moved from {from} to {to}. Reason: {reason}")),
    (PAUSED, _("Pause recorded"), _("Paused for {reason} from {first} to {last}")),
    (PAUSE_CHANGED, _("Pause changed"), _("Now paused for {reason} from {first} to {last}")),
    (PAUSE_REMOVED, _("Pause removed"), _("Pause from {first} to {last} removed")),
    (PLACED, _("Placement made"), _("Placed with {team} from {start} to {end}")),
    (PLACEMENT_CHANGED, _("Placement changed"), _("Changed {changes}")),
    (PLACEMENT_MOVED, _("Placement status changed"), _("Status moved from {from} to {to}")),
    (DAYS_LOGGED, _("Days logged"), _("{days} {kind} days logged for the week of {week}")),
    (DAYS_CHANGED, _("Days logged changed"), _("Now {days} {kind} days for the week of {week}")),
    (
        DAYS_REMOVED,
        _("Days logged removed"),
        _("{days} {kind} days for the week of {week} removed"),
    ),
    (HOURS_LOGGED, _("Off-the-job hours logged"), _("{hours} hours for the week of {week}")),
    (HOURS_CHANGED, _("Off-the-job hours changed"), _("Now {hours} hours for the week of {week}")),
    (
        HOURS_REMOVED,
        _("Off-the-job hours removed"),
        _("{hours} hours for the week of {week} removed"),
    ),
    (
        SESSIONS_SCHEDULED,
        _("Sessions scheduled"),
        _("{count} sessions from {first} to {last}: {topic}"),
    ),
    (ROTATION_CONFIRMED, _("Rotation confirmed"), _("{count} placements made from the plan")),
    (REGISTER_TAKEN, _("Register taken"), _("Attendance recorded: {summary}")),
    (MEETING_RECORDED, _("Mentoring meeting recorded"), _("Meeting on {date}")),
    (FEED_RESET, _("Calendar address reset"), _("The old calendar address no longer works")),
    (REVIEW_RECORDED, _("Review recorded"), _("{month}-month review held on {date}: {outcome}")),
    (PANEL_DECIDED, _("Panel decision"), _("{decision} at the panel on {date}: {outcome}")),
    (EPA_RECORDED, _("End-point assessment recorded"), _("Result {result} on {date}")),
    (PANEL_CREATED, _("Moderation panel created"), _("Panel on {date} with {count} members")),
    (PANEL_CHANGED, _("Moderation panel changed"), _("Now on {date} with {count} members")),
    (PANEL_REMOVED, _("Moderation panel deleted"), _("Panel on {date} deleted")),
    (
        RESTORATIVE_RECORDED,
        _("Restorative supervision training recorded"),
        _("Recorded by the supervisor: {trained} ({date})"),
    ),
    (CASELOAD_RECORDED, _("Caseload recorded"), _("{count} cases on {date}")),
    (CASELOAD_REPLACED, _("Caseload replaced"), _("Now {count} cases on {date}, was {was}")),
    (
        CASELOAD_IMPORTED,
        _("Caseload import saved"),
        _("{saved} counts saved, {unchanged} unchanged"),
    ),
    (SUPERVISION_LOGGED, _("Supervision logged"), _("Session on {date}, {minutes} minutes")),
    (SUPERVISION_CONFIRMED, _("Supervision confirmed"), _("Session on {date} confirmed")),
    (SUPERVISION_ACTION_DONE, _("Supervision action done"), _("Action done on {date}")),
)


def day_text(day: datetime.date | None) -> str:
    """A date as the history shows it: "3 March 2026"."""
    return formats.date_format(day, "j F Y") if day else ""


def number_text(value: Decimal | int) -> str:
    """A count of days or hours as people write it: "30", "2.5" (never "30.0" or "3E+1")."""
    return f"{Decimal(value).normalize():f}"


def changes_text(changes: Iterable[tuple[str, object, object]]) -> str:
    """ "team from Duty North to Duty South; end date from 1 May 2027 to 30 April 2027"."""
    return "; ".join(
        str(_("%(what)s from %(before)s to %(after)s") % {"what": what, "before": b, "after": a})
        for what, b, a in changes
    )
