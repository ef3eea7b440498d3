"""Monthly workforce history: one snapshot of every staff record per month.

``snapshot_month`` is the one way history is written, by the scheduled task for
the month just ended and by the backfill command for earlier months (from the
staff records' start and end dates and their team history). A month is taken
once: running it again, or two runs at once, changes nothing.
"""

import datetime
import logging
from collections import defaultdict
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from cms.models import VacancyPage
from cohorts import caseload_rules
from cohorts.caseload_selectors import COUNT_WITHIN_DAYS
from cohorts.models import CaseloadCount, Enrolment
from portal.models import StaffRecord, StaffTeamPeriod
from recruitment.workforce import rules
from recruitment.workforce.models import (
    SnapshotMonth,
    StaffSnapshot,
    VacancyMonth,
    WorkforceMonth,
)

logger = logging.getLogger(__name__)


def snapshot_month(month: datetime.date, *, backfilled: bool = False) -> bool:
    """Take the snapshot of ``month`` as it stood on its last day; False if already taken.

    Raises ValueError for a month that has not ended yet.
    """
    month = rules.month_start(month)
    last_day = rules.month_end(month)
    if last_day >= timezone.localdate():
        raise ValueError(f"{month:%B %Y} has not ended yet")
    try:
        with transaction.atomic():
            SnapshotMonth.objects.create(month=month, backfilled=backfilled)
            snapshots = _staff_snapshots(month, last_day)
            StaffSnapshot.objects.bulk_create(snapshots, batch_size=2000)
            WorkforceMonth.objects.bulk_create(_add_up(month, last_day, snapshots), batch_size=2000)
            VacancyMonth.objects.bulk_create(_vacancies(month, last_day), batch_size=2000)
    except IntegrityError:
        # Another run took this month first (the unique month on SnapshotMonth).
        return False
    logger.info("Workforce snapshot of %s: %d records", month, len(snapshots))
    return True


def taken_months() -> set[datetime.date]:
    return set(SnapshotMonth.objects.values_list("month", flat=True))


def backfill(*, first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """Snapshot every month from ``first`` to ``last`` not taken yet; the months taken."""
    taken = taken_months()
    made = []
    for month in rules.months_between(first, last):
        if month not in taken and snapshot_month(month, backfilled=True):
            made.append(month)
    return made


def earliest_start() -> datetime.date | None:
    record = StaffRecord.objects.filter(start_date__isnull=False).order_by("start_date").first()
    return record.start_date if record else None


def _staff_snapshots(month: datetime.date, last_day: datetime.date) -> list[StaffSnapshot]:
    records = list(
        StaffRecord.objects.filter(start_date__lte=last_day)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=month))
        .only(
            "pk",
            "person_id",
            "employment_type",
            "grade",
            "hours",
            "weekly_hours",
            "start_date",
            "end_date",
        )
    )
    periods = _team_periods(last_day, [record.pk for record in records])
    caseloads = _caseloads_on(last_day, [record.person_id for record in records])
    caps = _caps_on(last_day)
    snapshots = []
    for record in records:
        # A leaver's team is the one they left from, on their last day.
        on = min(last_day, record.end_date) if record.end_date else last_day
        team = _team_on(periods.get(record.pk, []), on)
        snapshots.append(
            StaffSnapshot(
                month=month,
                staff_id=record.pk,
                person_id=record.person_id,
                team_id=team[0] if team else None,
                service_area_id=team[1] if team else None,
                employment_type=record.employment_type,
                grade=record.grade,
                fte=record.fte,
                service_start=record.start_date,
                left_on=record.end_date
                if record.end_date and record.end_date <= last_day
                else None,
                started_this_month=record.start_date >= month,
                caseload=caseloads.get(record.person_id),
                caseload_cap=caps.get(record.person_id),
            )
        )
    return snapshots


def _team_periods(day: datetime.date, staff_ids: list[int]) -> dict[int, list[tuple]]:
    """Each record's team periods begun by ``day``: (start, end, team, area), in order."""
    found: dict[int, list[tuple]] = defaultdict(list)
    periods = (
        StaffTeamPeriod.objects.filter(staff_id__in=staff_ids, start_date__lte=day)
        .order_by("staff_id", "start_date")
        .values_list("staff_id", "start_date", "end_date", "team_id", "team__service_area_id")
    )
    for staff_id, *period in periods:
        found[staff_id].append(tuple(period))
    return found


def _team_on(periods: list[tuple], day: datetime.date) -> tuple | None:
    """(team, area) on ``day``: the period covering it, or else the latest begun by then."""
    begun = [period for period in periods if period[0] <= day]
    for _start, end, team, area in reversed(begun):
        if end is None or end >= day:
            return team, area
    return (begun[-1][2], begun[-1][3]) if begun else None


def _caseloads_on(day: datetime.date, person_ids: list[int]) -> dict[int, int]:
    """Each worker's latest count in the ``COUNT_WITHIN_DAYS`` up to ``day``."""
    since = day - datetime.timedelta(days=COUNT_WITHIN_DAYS - 1)
    latest = {}
    counts = (
        CaseloadCount.objects.filter(date__range=(since, day), person_id__in=person_ids)
        .order_by("person_id", "date")
        .values_list("person_id", "count")
    )
    for person_id, count in counts:
        latest[person_id] = count
    return latest


def _caps_on(day: datetime.date) -> dict[int, int]:
    """The caseload cap of each learner protected on ``day``, by person."""
    enrolments = (
        Enrolment.objects.filter(start_date__lte=day, expected_end_date__gte=day)
        .exclude(
            ~Q(status__in=Enrolment.CURRENT_STATUSES),
            status_changed_on__lte=day,
        )
        .select_related("cohort__programme")
        .prefetch_related("pauses")
    )
    caps = {}
    for enrolment in enrolments:
        cap = caseload_rules.cap_on(enrolment, day, enrolment.pauses.all())
        if cap is not None:
            caps[enrolment.member_id] = cap
    return caps


def _add_up(month, last_day, snapshots) -> list[WorkforceMonth]:
    rows: dict[tuple, WorkforceMonth] = {}
    for snap in snapshots:
        key = (snap.team_id, snap.service_area_id, snap.employment_type, snap.grade)
        row = rows.get(key)
        if row is None:
            row = rows[key] = WorkforceMonth(
                month=month,
                team_id=snap.team_id,
                service_area_id=snap.service_area_id,
                employment_type=snap.employment_type,
                grade=snap.grade,
                fte=Decimal("0"),
            )
        row.starters += snap.started_this_month
        if snap.left_on is not None:
            row.leavers += 1
            continue
        row.headcount += 1
        row.fte += snap.fte
        row.stable += rules.has_year_of_service(service_start=snap.service_start, on=last_day)
        if snap.caseload is not None:
            row.caseload_workers += 1
            row.caseload_total += snap.caseload
            if snap.caseload_cap is not None:
                row.protected_workers += 1
                row.protected_caseload_total += snap.caseload
                row.over_cap += caseload_rules.is_over(snap.caseload, snap.caseload_cap)
    return list(rows.values())


def _vacancies(month, last_day) -> list[VacancyMonth]:
    posts: dict[tuple, int] = defaultdict(int)
    vacancies = (
        VacancyPage.objects.live()
        .filter(Q(is_rolling=True) | Q(closing_date__gte=last_day))
        .filter(Q(first_published_at__isnull=True) | Q(first_published_at__date__lte=last_day))
        .values_list("team_id", "service_area_id", "number_of_posts")
    )
    for team_id, area_id, number in vacancies:
        posts[(team_id, area_id)] += number
    return [
        VacancyMonth(month=month, team_id=team, service_area_id=area, posts=number)
        for (team, area), number in posts.items()
    ]
