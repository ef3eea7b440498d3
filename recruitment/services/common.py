"""What every step of the application journey shares: locking, the timeline, status moves.

The steps import this module; it imports none of them.
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import audit
from portal.states import check_move
from recruitment.choices import BEFORE_SCREENING, TRANSITIONS, Status, TimelineAction
from recruitment.models import Application, TimelineEntry


def now() -> datetime.datetime:
    return timezone.now()


def locked_application(pk) -> Application:
    """The application's row, locked until the transaction ends.

    Every write to an application takes this lock first (then any slot's), so
    two writers queue instead of overwriting each other, and never deadlock.
    """
    return Application.objects.select_for_update().get(pk=pk)


def start_screening(application: Application) -> Application:
    """Lock the application for an HR action; the first such action starts screening
    (from then on the applicant can no longer change their answers)."""
    application = locked_application(application.pk)
    if application.screening_started_at is None and application.status in BEFORE_SCREENING:
        application.screening_started_at = now()
    return application


def record(
    application: Application,
    *,
    by,
    action: TimelineAction,
    from_status: str = "",
    to_status: str = "",
    reason: str = "",
    applicant_text: str = "",
) -> TimelineEntry:
    """Add to the application's timeline (HR's, and the applicant's where ``applicant_text``)
    and to the admin's History of it."""
    entry = TimelineEntry.objects.create(
        application=application,
        by=by,
        action=action,
        from_status=from_status,
        to_status=to_status,
        reason=reason,
        applicant_text=str(applicant_text),
    )
    audit.record(
        application,
        audit_action(action),
        by=by,
        data={
            "from": Status(from_status).label if from_status else "",
            "to": Status(to_status).label if to_status else "",
        },
    )
    return entry


def audit_action(action: TimelineAction) -> str:
    """The name of a timeline action in Wagtail's audit log."""
    return "recruitment." + TimelineAction(action).name.lower()


def move(
    application: Application,
    *,
    to: str,
    by,
    action: TimelineAction,
    reason: str = "",
    applicant_text: str = "",
) -> TimelineEntry:
    """The only place an application's status changes. Raises TransitionNotAllowed."""
    current = application.status
    check_move(TRANSITIONS, current=current, to=to, statuses=Status, noun=_("An application"))
    application.status = to
    return record(
        application,
        by=by,
        action=action,
        from_status=current,
        to_status=to,
        reason=reason,
        applicant_text=applicant_text,
    )
