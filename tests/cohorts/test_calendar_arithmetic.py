"""The dashboards' date arithmetic against the plain day-by-day and month-by-month
definitions it replaced, over many random enrolments and pauses."""

import datetime
import random

from dateutil.relativedelta import relativedelta

from cohorts.caseload_rules import programme_month
from cohorts.supervision_rules import active_days_between
from portal.calendar import add_months


def day_by_day(start, day, pauses):
    count, current = 0, start
    while current < day:
        if not any(first <= current <= last for first, last in pauses):
            count += 1
        current += datetime.timedelta(days=1)
    return count


def month_by_month(start, today, paused_days):
    effective = today - datetime.timedelta(days=paused_days)
    month = 1
    while add_months(start, month) <= effective:
        month += 1
    return month


def random_day(rng, base):
    return base + datetime.timedelta(days=rng.randint(-60, 800))


def test_active_days_match_counting_each_day():
    rng = random.Random(10)
    base = datetime.date(2024, 1, 31)
    for _ in range(2000):
        start, day = random_day(rng, base), random_day(rng, base)
        pauses = []
        for _ in range(rng.randint(0, 4)):  # overlapping, nested and outside pauses too
            first = random_day(rng, base)
            pauses.append((first, first + datetime.timedelta(days=rng.randint(0, 120))))
        assert active_days_between(start, day, pauses) == day_by_day(start, day, pauses), (
            start,
            day,
            pauses,
        )


def test_programme_month_matches_counting_each_month():
    rng = random.Random(11)
    starts = [datetime.date(2024, 1, 31), datetime.date(2023, 2, 28), datetime.date(2024, 2, 29)]
    for _ in range(3000):
        start = rng.choice(starts) + datetime.timedelta(
            days=rng.choice([0, 0, rng.randint(0, 400)])
        )
        today = start + datetime.timedelta(days=rng.randint(-40, 900))
        paused = rng.choice([0, 0, rng.randint(0, 200)])
        assert programme_month(start=start, today=today, paused_days=paused) == month_by_month(
            start, today, paused
        ), (start, today, paused)


def test_add_months_matches_relativedelta():
    """Month ends clamp (31 January + 1 month is 28 or 29 February), both directions."""
    rng = random.Random(11)
    base = datetime.date(2023, 1, 1)
    for _ in range(5000):
        start = base + datetime.timedelta(days=rng.randint(0, 2000))
        months = rng.randint(-40, 40)
        assert add_months(start, months) == start + relativedelta(months=months), (start, months)
    assert add_months(datetime.date(2024, 1, 31), 1) == datetime.date(2024, 2, 29)
    assert add_months(datetime.date(2024, 3, 31), -13) == datetime.date(2023, 2, 28)
