"""Reminder of the progression panels: an opportunity's date has passed with no outcome.

Sent once per opportunity (``DevelopmentOpportunity.reminded_at``) to whoever held
the conversation; run daily from ``manage.py cohorts_reminders``.
"""

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from cohorts.models import DevelopmentOpportunity
from portal.notify import send_mail_template


@task()
def send_opportunity_outcome_reminders(today_iso: str | None = None) -> int:
    """Remind the holder of each conversation whose opportunity's date has passed with no
    outcome. Returns how many opportunities were reminded about."""
    today = datetime.date.fromisoformat(today_iso) if today_iso else timezone.localdate()
    due = (
        DevelopmentOpportunity.objects.filter(
            planned_on__lt=today, outcome="", reminded_at__isnull=True
        )
        .select_related("conversation__held_by", "conversation__staff__person")
        .order_by("pk")
    )
    count = 0
    for opportunity in due:
        with transaction.atomic():
            marked = DevelopmentOpportunity.objects.filter(
                pk=opportunity.pk, reminded_at__isnull=True
            ).update(reminded_at=timezone.now())
            if not marked:
                continue
            send_mail_template(
                "cohorts/email/progression_outcome",
                {
                    "opportunity": opportunity,
                    "path": reverse("cohorts_development_opportunity:edit", args=[opportunity.pk]),
                },
                [opportunity.conversation.held_by.email],
            )
            count += 1
    return count
