"""Reads for supervision: one enrolment's sessions and its compliance against the rule."""

import datetime

from django.db.models import Count, Prefetch, Q

from cohorts import supervision_rules
from cohorts.models import Enrolment, PracticeSupervisor, SupervisionAction, SupervisionSession


def sessions_for(enrolment: Enrolment) -> list[SupervisionSession]:
    return list(
        SupervisionSession.objects.filter(enrolment=enrolment)
        .select_related("supervisor", "logged_by", "confirmed_by", "enrolment__member")
        .prefetch_related(
            Prefetch("actions", queryset=SupervisionAction.objects.order_by("due_on"))
        )
    )


def pauses_of(enrolment: Enrolment) -> list[tuple[datetime.date, datetime.date]]:
    return [(p.start_date, p.end_date) for p in enrolment.pauses.all()]


def compliance_for(
    enrolment: Enrolment, sessions: list[SupervisionSession], today: datetime.date
) -> supervision_rules.Compliance:
    """Compliance from the sessions already read (only the confirmed ones count)."""
    return supervision_rules.compliance(
        rule=enrolment.cohort.programme.supervision_rule,
        start=enrolment.start_date,
        pauses=pauses_of(enrolment),
        confirmed=[
            supervision_rules.Session(s.date, s.minutes) for s in sessions if s.is_confirmed
        ],
        today=today,
    )


def restorative_trained_counts() -> tuple[int, int]:
    """Practice supervisors trained in restorative supervision, and of how many (people, one query)."""
    counts = PracticeSupervisor.objects.aggregate(
        trained=Count("user", filter=Q(restorative_trained=True), distinct=True),
        total=Count("user", distinct=True),
    )
    return counts["trained"], counts["total"]


def restorative_training_of(user) -> PracticeSupervisor | None:
    """The person's own practice supervisor record, where their training is kept."""
    if not user.is_authenticated:
        return None
    return PracticeSupervisor.objects.filter(user=user).first()
