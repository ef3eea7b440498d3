"""Supervision overdue reminders: once per occasion (the due date), to the member and a manager.

The occasion is the enrolment's next due date by ``cohorts.supervision_rules``;
a ``SupervisionReminder`` row for (enrolment, due date) marks it sent, so a
second run the same day, or the next, sends nothing until a new session moves
the due date on and that one is missed too. The mail names no notes: people
sign in to see the details.
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task

from cohorts import progress, selectors
from cohorts.models import Enrolment, SupervisionReminder
from portal.notify import send_mail_template


def _manager(enrolment: Enrolment):
    """The line manager, or else the current placement's supervisor."""
    if enrolment.line_manager_id:
        return enrolment.line_manager
    placement = enrolment.current_placement
    return placement.supervisor if placement else None


@task()
def send_supervision_overdue_reminders(today_iso: str | None = None) -> int:
    """Remind each member whose supervision is overdue, and their manager, once per due date.

    Returns how many enrolments were reminded.
    """
    today = datetime.date.fromisoformat(today_iso) if today_iso else timezone.localdate()
    enrolments = selectors.with_progress(
        Enrolment.objects.filter(status=Enrolment.Status.ACTIVE, start_date__lte=today)
        .select_related("member", "line_manager", "cohort__programme")
        .order_by("pk")
    )
    already = set(
        SupervisionReminder.objects.filter(enrolment__in=enrolments).values_list(
            "enrolment_id", "due_on"
        )
    )
    reminded = 0
    for enrolment in enrolments:
        progress.describe(enrolment, today)
        compliance = enrolment.supervision
        if not compliance.overdue or (enrolment.pk, compliance.next_due) in already:
            continue
        try:
            with transaction.atomic():
                SupervisionReminder.objects.create(enrolment=enrolment, due_on=compliance.next_due)
        except IntegrityError:  # another run got there first
            continue
        manager = _manager(enrolment)
        context = {"enrolment": enrolment, "due": compliance.next_due, "today": today}
        send_mail_template(
            "cohorts/email/supervision_overdue_member", context, [enrolment.member.email]
        )
        if manager:
            send_mail_template(
                "cohorts/email/supervision_overdue_manager", context, [manager.email]
            )
        reminded += 1
    return reminded
