"""The reads behind the workforce page's "Cohort outcomes" section.

Three queries whatever the number of cohorts and learners: the outcome counts
per intake, aggregated in the database; the finish dates of the council's own
learners who completed; and the staff record spells of those people, to see
who was still working for the council 12 and 24 months after finishing.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Q
from django.db.models.functions import Coalesce

from cohorts.models import Cohort, Enrolment
from portal.models import Organisation, StaffRecord
from recruitment.workforce import rules
from recruitment.workforce.sections import Scope

# Intakes shown: those that started in the period or in the years before it that a
# programme can last (a degree apprenticeship, 36 months), so finished ones show.
LOOK_BACK_MONTHS = 36
RETENTION_MONTHS = (12, 24)

Status = Enrolment.Status


@dataclass
class Intake:
    cohort_id: int
    name: str
    programme: str
    start_date: datetime.date
    enrolled: int = 0
    completed: int = 0
    failed: int = 0
    withdrawn: int = 0
    # months after finishing -> [completers due, of them still with the council]
    retention: dict[int, list[int]] = field(
        default_factory=lambda: {months: [0, 0] for months in RETENTION_MONTHS}
    )
    council_completed: int = 0

    @property
    def continuing(self) -> int:
        return self.enrolled - self.completed - self.failed - self.withdrawn

    @property
    def finished(self) -> int:
        return self.completed + self.failed + self.withdrawn


def cohorts_in(scope: Scope):
    cohorts = Cohort.objects.filter(
        start_date__gte=rules.add_months(scope.first_month, -LOOK_BACK_MONTHS),
        start_date__lte=rules.month_end(scope.last_month),
    )
    if scope.programme_id:
        cohorts = cohorts.filter(programme_id=scope.programme_id)
    return cohorts


def intakes(scope: Scope, *, as_of: datetime.date | None = None) -> list[Intake]:
    """Every intake in scope with its outcomes, the newest first.

    Retention at 12 (24) months counts the council's own learners who completed and
    whose finish date (the day their status changed, else the expected end) is at
    least 12 (24) months before ``as_of`` (the period's last day); of those, the ones
    with a staff record other than an agency one open on that anniversary.
    """
    as_of = as_of or rules.month_end(scope.last_month)
    counts = (
        Enrolment.objects.filter(cohort__in=cohorts_in(scope))
        .values("cohort_id", "cohort__name", "cohort__programme__name", "cohort__start_date")
        .annotate(
            enrolled=Count("pk"),
            completed=Count("pk", filter=Q(status=Status.COMPLETED)),
            failed=Count("pk", filter=Q(status=Status.FAILED)),
            withdrawn=Count("pk", filter=Q(status=Status.WITHDRAWN)),
        )
        .order_by("-cohort__start_date", "cohort__name")
    )
    found = {
        row["cohort_id"]: Intake(
            cohort_id=row["cohort_id"],
            name=row["cohort__name"],
            programme=row["cohort__programme__name"],
            start_date=row["cohort__start_date"],
            enrolled=row["enrolled"],
            completed=row["completed"],
            failed=row["failed"],
            withdrawn=row["withdrawn"],
        )
        for row in counts
    }
    if not found:
        return []
    completers = Enrolment.objects.filter(
        cohort_id__in=list(found),
        status=Status.COMPLETED,
        employer__kind=Organisation.Kind.COUNCIL,
    )
    # No order: the default ones join the people and cohorts only to sort by name.
    finishes = list(
        completers.annotate(finish=Coalesce("status_changed_on", "expected_end_date"))
        .values_list("cohort_id", "member_id", "finish")
        .order_by()
    )
    spells = defaultdict(list)
    for person_id, start, end in (
        StaffRecord.objects.filter(
            person_id__in=completers.values("member_id"), start_date__isnull=False
        )
        .exclude(employment_type=StaffRecord.EmploymentType.AGENCY)
        .values_list("person_id", "start_date", "end_date")
        .order_by()
    ):
        spells[person_id].append((start, end))
    after = {months: relativedelta(months=months) for months in RETENTION_MONTHS}
    for cohort_id, member_id, finish in finishes:
        intake = found[cohort_id]
        intake.council_completed += 1
        for months in RETENTION_MONTHS:
            anniversary = finish + after[months]
            if anniversary > as_of:
                continue
            intake.retention[months][0] += 1
            intake.retention[months][1] += working_on(spells[member_id], anniversary)
    return list(found.values())


def working_on(
    spells: list[tuple[datetime.date, datetime.date | None]], day: datetime.date
) -> bool:
    """Does one of a person's staff record spells cover ``day``? (A leaver who came
    back has two spells; the gap between them covers nothing.)"""
    return any(start <= day and (end is None or end >= day) for start, end in spells)
