"""Reads of the staff record: who may see which records, and who works here on a day.

Every view, export and report of staff records starts from ``staff_visible_to``;
lists are shaped here so that their query count stays flat as they grow.
"""

import datetime

from django.db.models import Prefetch, Q, QuerySet

from portal import roles
from portal.models import StaffRecord, StaffTeamPeriod


def staff_records() -> QuerySet[StaffRecord]:
    """Every record, with the person, agency and team history fetched in two queries."""
    return StaffRecord.objects.select_related("person", "agency").prefetch_related(
        Prefetch(
            "team_periods",
            queryset=StaffTeamPeriod.objects.select_related("team__service_area").order_by(
                "start_date"
            ),
        )
    )


def staff_visible_to(user) -> QuerySet[StaffRecord]:
    """HR officers and the workforce lead see every record; everybody else none."""
    if getattr(user, "is_superuser", False) or roles.has_role(
        user, roles.HR_OFFICER, roles.WORKFORCE_LEAD
    ):
        return staff_records()
    return StaffRecord.objects.none()


def current_staff(*, on: datetime.date) -> QuerySet[StaffRecord]:
    """Who works for the council on ``on``: started on or before it, not yet left.

    An agency worker whose vetting is incomplete has no start date, so is not counted.
    """
    return staff_records().filter(
        Q(start_date__lte=on) & (Q(end_date__isnull=True) | Q(end_date__gte=on))
    )


def team_on(staff: StaffRecord, on: datetime.date) -> StaffTeamPeriod | None:
    """The period ``staff`` was in on ``on``, from the prefetched periods."""
    for period in staff.team_periods.all():
        if period.start_date <= on and (period.end_date is None or on <= period.end_date):
            return period
    return None


def current_period(staff: StaffRecord) -> StaffTeamPeriod | None:
    """The open period (the current team), from the prefetched periods."""
    for period in staff.team_periods.all():
        if period.end_date is None:
            return period
    return None
