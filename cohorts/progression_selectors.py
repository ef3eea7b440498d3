"""Reads of the progression panels: the back office list and one person's own page."""

import datetime

from django.db.models import Max, OuterRef, Prefetch, QuerySet, Subquery

from cohorts import progression_rules as rules
from cohorts.models import (
    PROGRESSION_GRADES,
    DevelopmentConversation,
    ProgressionDecision,
    PsdpNomination,
    StaffMentorship,
)
from portal.models import StaffRecord, User


def progression_staff() -> QuerySet[StaffRecord]:
    """Every serving level 3 social worker and senior practitioner, with the date of
    their latest development conversation and current mentor (one query)."""
    mentor_name = StaffMentorship.objects.filter(
        mentee=OuterRef("person"), end_date__isnull=True
    ).order_by("-start_date")
    return (
        StaffRecord.objects.filter(grade__in=PROGRESSION_GRADES, end_date__isnull=True)
        .select_related("person")
        .annotate(
            latest_conversation=Max("development_conversations__held_on"),
            mentor_last_name=Subquery(mentor_name.values("mentor__person__last_name")[:1]),
            mentor_first_name=Subquery(mentor_name.values("mentor__person__first_name")[:1]),
        )
        .order_by("person__last_name", "person__first_name", "pk")
    )


def conversation_due_cutoff(today: datetime.date) -> datetime.date:
    """A conversation held on or after this date means none is due."""
    return today - datetime.timedelta(days=rules.CONVERSATION_EVERY_DAYS)


def my_development(user: User) -> dict | None:
    """What ``user`` sees on their own development page; None when there is nothing."""
    staff = (
        StaffRecord.objects.filter(person=user, end_date__isnull=True)
        .prefetch_related(
            Prefetch(
                "development_conversations",
                queryset=DevelopmentConversation.objects.select_related("held_by").prefetch_related(
                    "opportunities"
                ),
            ),
            Prefetch("progression_decisions", queryset=ProgressionDecision.objects.all()),
            Prefetch("psdp_nominations", queryset=PsdpNomination.objects.all()),
        )
        .first()
    )
    mentors = list(StaffMentorship.objects.filter(mentee=user).select_related("mentor__person"))
    mentees = list(StaffMentorship.objects.filter(mentor__person=user).select_related("mentee"))
    if staff is None and not mentors and not mentees:
        return None
    return {"staff": staff, "mentors": mentors, "mentees": mentees}
