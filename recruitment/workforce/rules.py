"""The workforce measures, as pure functions over plain numbers and dates.

Definitions follow the national children's social work workforce statistics
(Department for Education, "Children's social work workforce", the census of
30 September each year), as ``../shared/DOMAIN.md`` restates them:

- turnover rate = leavers in the 12 months / headcount at the end of them;
- stability = workers with 12 months' continuous service / headcount a year earlier;
- agency rate = agency workers / (agency + permanent and fixed-term) headcount;
- vacancy rate = vacancies / (vacancies + filled posts).

Turnover and stability count employed staff (permanent, fixed term and
secondment), as the census does, not agency workers or learners.
"""

import datetime
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

# No count under this is shown in a breakdown that could identify a person.
SMALL_COUNT = 5


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def add_months(month: datetime.date, months: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def month_end(month: datetime.date) -> datetime.date:
    return add_months(month, 1) - datetime.timedelta(days=1)


def months_between(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """Every month from ``first``'s to ``last``'s, both included (first days)."""
    months, month = [], month_start(first)
    while month <= last:
        months.append(month)
        month = add_months(month, 1)
    return months


def last_complete_month(today: datetime.date) -> datetime.date:
    return add_months(month_start(today), -1)


def rate(part: float | int | None, whole: float | int | None) -> float | None:
    """A share as a fraction, or None when there is nothing to divide by."""
    if part is None or not whole:
        return None
    return part / whole


def turnover_rate(*, leavers_in_year: int, headcount_at_end: int) -> float | None:
    return rate(leavers_in_year, headcount_at_end)


def stability_rate(*, stable_now: int, headcount_year_before: int) -> float | None:
    return rate(stable_now, headcount_year_before)


def agency_rate(*, agency: int, employed: int) -> float | None:
    """``employed`` is permanent and fixed-term (and seconded) headcount."""
    return rate(agency, agency + employed)


def vacancy_rate(*, vacancies: int, filled: int) -> float | None:
    return rate(vacancies, vacancies + filled)


def year_before(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def has_year_of_service(*, service_start: datetime.date, on: datetime.date) -> bool:
    """Continuous service of at least 12 months on ``on``."""
    return service_start <= year_before(on)


def working_days(month: datetime.date, holidays: Iterable[datetime.date] = ()) -> int:
    """Monday to Friday in the month, less bank holidays."""
    closed = set(holidays)
    day, last, count = month, month_end(month), 0
    while day <= last:
        if day.weekday() < 5 and day not in closed:
            count += 1
        day += datetime.timedelta(days=1)
    return count


def agency_month_cost(*, fte: Decimal, day_rate: Decimal | None, days: int) -> Decimal | None:
    """Estimated spend on agency workers of one grade in a month, to the pound."""
    if day_rate is None:
        return None
    return (fte * day_rate * days).quantize(Decimal("1"), rounding=ROUND_HALF_UP)


def rate_on(rates: Sequence[tuple[datetime.date, Decimal]], day: datetime.date) -> Decimal | None:
    """The day rate in force on ``day`` from (valid from, rate) pairs in any order."""
    in_force = [(start, value) for start, value in rates if start <= day]
    return max(in_force)[1] if in_force else None


def percentile(values: Sequence[float], fraction: float) -> float | None:
    """Nearest-rank percentile (the median is 0.5); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(len(ordered) * fraction))
    return ordered[rank - 1]


def days_between(start: datetime.datetime, end: datetime.datetime) -> float:
    """Days from one moment to another, to a tenth of a day."""
    return days_in(end - start)


def days_in(elapsed: datetime.timedelta) -> float:
    """A length of time in days, to a tenth of a day."""
    return round(elapsed.total_seconds() / 86400, 1)


def fast_track_promise(
    *, due: datetime.date | None, offered_on: datetime.date | None, today: datetime.date
) -> bool | None:
    """Was a fast-tracked applicant's interview offered by its due date?

    The promise (DOMAIN.md: an interview offered within 5 working days) counts once
    its due date has passed or the offer was made: True when the offer came on or
    before the due date, False when it came later or not at all; None while it is
    not yet due (or there is no due date).
    """
    if due is None or (offered_on is None and due >= today):
        return None
    return offered_on is not None and offered_on <= due


def is_small(count: int | None) -> bool:
    return count is not None and 0 < count < SMALL_COUNT


def suppressed(count: int | None) -> int | None:
    """The count, or None where it is under 5 and could identify a person."""
    return None if is_small(count) else count


@dataclass(frozen=True)
class ProjectedMonth:
    month: datetime.date
    headcount: float
    joiners: int
    leavers: float
    target: float


@dataclass(frozen=True)
class Projection:
    months: list[ProjectedMonth]
    target: int
    reached_in: datetime.date | None
    shortfall: int  # people short at the target date on the current plan (0 when reached)


def project_headcount(
    *,
    start_month: datetime.date,
    start_headcount: int,
    target_increase: int,
    target_date: datetime.date,
    intakes: dict[datetime.date, int],
    annual_turnover: float | None,
    horizon_months: int = 0,
    baseline: tuple[datetime.date, int] | None = None,
) -> Projection:
    """The permanent headcount month by month from ``start_month``.

    Each month adds the intakes planned for it and loses the expected leavers:
    the headcount at the start of the month times the annual turnover rate over
    twelve. Intakes are counted in their month whatever day they are dated;
    those in or before ``start_month`` are already in ``start_headcount``.

    The target is ``target_increase`` on the plan's ``baseline`` (its month and
    headcount; ``start_month`` and ``start_headcount`` when the projection starts
    from the baseline itself). The target line rises evenly from the baseline to
    the target at ``target_date``. The target is reached in the first month the
    projection meets it (on or before the target date or after it, within the
    horizon); the shortfall is measured at the target date.
    """
    start_month = month_start(start_month)
    base_month, base_headcount = baseline or (start_month, start_headcount)
    base_month = month_start(base_month)
    target_month = month_start(target_date)
    by_month: dict[datetime.date, int] = {}
    for day, size in intakes.items():
        by_month[month_start(day)] = by_month.get(month_start(day), 0) + size
    monthly_loss = (annual_turnover or 0.0) / 12
    goal = base_headcount + target_increase
    last = max(target_month, add_months(start_month, horizon_months))
    span = max(1, len(months_between(base_month, target_month)) - 1)
    months, headcount, reached_in = [], float(start_headcount), None
    at_target_date = None
    for step, month in enumerate(months_between(start_month, last)):
        joiners = by_month.get(month, 0) if step else 0
        leavers = headcount * monthly_loss if step else 0.0
        headcount = headcount + joiners - leavers
        elapsed = len(months_between(base_month, month)) - 1
        target = base_headcount + target_increase * min(max(elapsed, 0), span) / span
        months.append(
            ProjectedMonth(month, round(headcount, 1), joiners, round(leavers, 1), round(target, 1))
        )
        if reached_in is None and headcount >= goal - 0.05:
            reached_in = month
        if month == target_month:
            at_target_date = headcount
    if at_target_date is None:  # the target date is before the projection starts
        at_target_date = float(start_headcount)
    shortfall = max(0, math.ceil(goal - at_target_date - 0.05))
    return Projection(months=months, target=goal, reached_in=reached_in, shortfall=shortfall)
