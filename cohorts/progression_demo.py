"""A little demo data for the progression panels (called from ``cohorts.demo.seed``)."""

import datetime

from cohorts.models import DevelopmentConversation, DevelopmentOpportunity, StaffMentorship
from cohorts.services import progression
from portal.models import StaffRecord, User


def seed(today: datetime.date, held_by: User) -> None:
    """A conversation with an opportunity past its date, and a senior practitioner
    mentoring a colleague. Adds nothing on a second run."""
    serving = StaffRecord.objects.filter(end_date__isnull=True).select_related("person")
    level_3 = serving.filter(grade=StaffRecord.Grade.SOCIAL_WORKER_3).order_by("pk").first()
    senior = serving.filter(grade=StaffRecord.Grade.SENIOR_PRACTITIONER).order_by("pk").first()
    if level_3 and not DevelopmentConversation.objects.filter(staff=level_3).exists():
        talk = progression.conversation_record(
            staff=level_3,
            held_on=today - datetime.timedelta(days=60),
            held_by=held_by,
            aspirations="Work towards senior practitioner; more court work.",
            by=None,
        )
        DevelopmentOpportunity.objects.create(
            conversation=talk,
            kind=DevelopmentOpportunity.Kind.LEGAL_PLANNING,
            planned_on=today - datetime.timedelta(days=14),
        )
        DevelopmentOpportunity.objects.create(
            conversation=talk,
            kind=DevelopmentOpportunity.Kind.SHADOW_TEAM_MANAGER,
            planned_on=today + datetime.timedelta(days=30),
        )
    if senior and level_3 and not StaffMentorship.objects.filter(mentee=level_3.person).exists():
        progression.mentorship_record(
            mentor=senior,
            mentee=level_3.person,
            start_date=today - datetime.timedelta(days=60),
            end_date=None,
            by=None,
        )
