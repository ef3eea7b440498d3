"""Two years of workforce history for the demo, telling the seed reports' story small.

Agency workers leave (the agency share falls from about 65% to about 23%),
permanent starters and two September ASYE intakes arrive, and caseloads ease
from about 22 to about 16. Then every month is snapshotted. Run by
``seed_demo`` after the other apps' demos; made once (skipped when the first
demo worker exists), and the backfill skips months already taken.

The records are written directly, not through ``portal.staff``: they are history
with past dates (agency workers who started years ago without vetting on the
portal), which the services rightly refuse for live work.
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from cohorts.models import CaseloadCount
from portal.models import Organisation, StaffRecord, StaffTeamPeriod, Team
from recruitment.workforce import rules, snapshots

MONTHS = 24
EMAIL = "workforce.demo.{:02d}@example.org"
AGENCY_NAME = "Northern Social Care Recruitment Ltd"
Type, Grade, Reason = (
    StaffRecord.EmploymentType,
    StaffRecord.Grade,
    StaffRecord.LeavingReason,
)
PERMANENT_GRADES = (Grade.SOCIAL_WORKER_2, Grade.SOCIAL_WORKER_3, Grade.SENIOR_PRACTITIONER)
AGENCY_GRADES = (Grade.SOCIAL_WORKER_3, Grade.SOCIAL_WORKER_2, Grade.SENIOR_PRACTITIONER)


def _plan(first: datetime.date) -> list[dict]:
    """Who worked when: (kind, grade, start, end) for each demo worker."""
    people = []
    for n in range(14):  # the permanent staff there at the start; two of them leave
        people.append(
            {
                "kind": Type.PERMANENT,
                "grade": PERMANENT_GRADES[n % 3],
                "start": datetime.date(2018 + n % 5, 1 + n % 12, 1 + n % 20),
                "end": rules.month_end(rules.add_months(first, 7 + 8 * n)) if n in (0, 1) else None,
            }
        )
    for n in range(26):  # agency workers: 17 of them leave over the two years
        people.append(
            {
                "kind": Type.AGENCY,
                "grade": AGENCY_GRADES[n % 3],
                "start": rules.add_months(first, -(3 + n % 9)) + datetime.timedelta(days=n % 20),
                "end": rules.add_months(first, 1 + (n * 4) // 3) + datetime.timedelta(days=14)
                if n < 17
                else None,
            }
        )
    for n in range(10):  # permanent starters, one every two months or so
        people.append(
            {
                "kind": Type.PERMANENT,
                "grade": PERMANENT_GRADES[(n + 1) % 3],
                "start": rules.add_months(first, 1 + 2 * n) + datetime.timedelta(days=6),
                "end": None,
            }
        )
    septembers = [month for month in rules.months_between(first, _last()) if month.month == 9]
    for september in septembers[:2]:  # ASYE intakes of newly qualified social workers
        for _n in range(4):
            people.append(
                {
                    "kind": Type.PERMANENT,
                    "grade": Grade.SOCIAL_WORKER_1,
                    "start": september + datetime.timedelta(days=2),
                    "end": None,
                }
            )
    for n in range(3):  # social work apprentices
        people.append(
            {
                "kind": Type.LEARNER,
                "grade": Grade.OTHER,
                "start": rules.add_months(first, 4 + n) + datetime.timedelta(days=3),
                "end": None,
            }
        )
    return people


def _last() -> datetime.date:
    return rules.last_complete_month(timezone.localdate())


def _make_history(first: datetime.date, last: datetime.date) -> int:
    teams = list(Team.objects.order_by("pk"))
    if not teams:
        return 0
    agency, _created = Organisation.objects.get_or_create(
        name=AGENCY_NAME, defaults={"kind": Organisation.Kind.AGENCY}
    )
    User = get_user_model()
    plan = _plan(first)
    people = []
    for n, _person in enumerate(plan):
        user = User(
            email=EMAIL.format(n + 1),
            first_name="Demo",
            last_name=f"Worker {n + 1}",
        )
        user.set_unusable_password()
        people.append(user)
    User.objects.bulk_create(people)
    people = list(User.objects.filter(email__in=[user.email for user in people]).order_by("pk"))
    records = []
    for user, spec in zip(people, plan, strict=True):
        ended = spec["end"] is not None and spec["end"] <= rules.month_end(last)
        records.append(
            StaffRecord(
                person=user,
                job_title="Social work apprentice"
                if spec["kind"] == Type.LEARNER
                else "Social worker",
                grade=spec["grade"],
                employment_type=spec["kind"],
                agency=agency if spec["kind"] == Type.AGENCY else None,
                start_date=spec["start"],
                end_date=spec["end"] if ended else None,
                leaving_reason=(
                    Reason.ASSIGNMENT_ENDED if spec["kind"] == Type.AGENCY else Reason.RESIGNED
                )
                if ended
                else "",
            )
        )
    StaffRecord.objects.bulk_create(records)
    records = list(StaffRecord.objects.filter(person__in=people).order_by("person_id"))
    StaffTeamPeriod.objects.bulk_create(
        StaffTeamPeriod(
            staff=record,
            team=teams[n % len(teams)],
            start_date=record.start_date,
            end_date=record.end_date,
        )
        for n, record in enumerate(records)
    )
    counts = []
    months = rules.months_between(first, last)
    for n, record in enumerate(records):
        for step, month in enumerate(months):
            for day in (10, 24):
                on = month.replace(day=day)
                if on < record.start_date or (record.end_date and on > record.end_date):
                    continue
                if record.employment_type == Type.LEARNER:
                    continue
                if record.grade == Grade.SOCIAL_WORKER_1:
                    count = 10 + n % 3
                else:
                    # Easing from about 22 to about 16 over the two years.
                    count = round(22 - 6 * step / max(1, len(months) - 1)) + (n % 5) - 2
                counts.append(CaseloadCount(person_id=record.person_id, date=on, count=count))
    CaseloadCount.objects.bulk_create(counts, ignore_conflicts=True)
    return len(records)


def seed(out) -> dict:
    last = _last()
    first = rules.add_months(last, -(MONTHS - 1))
    made = 0
    if not get_user_model().objects.filter(email=EMAIL.format(1)).exists():
        made = _make_history(first, last)
    taken = snapshots.backfill(first=first, last=last)
    out.write(
        f"Workforce history: {made} demo staff records, {len(taken)} monthly snapshots taken."
    )
    return {}
