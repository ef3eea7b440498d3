"""The portal's one calendar: working days in England and Wales, months, local time.

Every rule that counts days (the fast-track promise, placement days, sessions
moved off a bank holiday, review points) reads it from here. Pure functions
over dates; the bank holidays are loaded once per year and cached.
"""

import calendar
import datetime
from functools import cache

import holidays
from dateutil.relativedelta import relativedelta
from django.utils import timezone


@cache
def bank_holidays(year: int) -> frozenset[datetime.date]:
    """England and Wales share their bank holidays; ``holidays`` calls that calendar "ENG"."""
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_bank_holiday(day: datetime.date) -> bool:
    return day in bank_holidays(day.year)


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and not is_bank_holiday(day)


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The date ``days`` working days after ``start`` (``start`` itself never counts)."""
    day = start
    remaining = days
    while remaining > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def subtract_working_days(start: datetime.date, days: int) -> datetime.date:
    """The date ``days`` working days before ``start`` (``start`` itself never counts)."""
    day = start
    for _ in range(days):
        day = previous_working_day(day)
    return day


def previous_working_day(day: datetime.date) -> datetime.date:
    """The last working day before ``day``."""
    day -= datetime.timedelta(days=1)
    while not is_working_day(day):
        day -= datetime.timedelta(days=1)
    return day


def next_working_day(day: datetime.date) -> datetime.date:
    """``day`` itself when it is a working day, otherwise the next one."""
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after ``start`` up to and including ``end``; negative when ``end`` is past."""
    if end == start:
        return 0
    if end < start:
        return -working_days_between(end, start)
    return working_days_in(start + datetime.timedelta(days=1), end)


def working_days_in(first: datetime.date, last: datetime.date) -> int:
    """Working days from ``first`` to ``last``, both included (0 when ``last`` is earlier)."""
    if last < first:
        return 0
    days = (last - first).days + 1
    weeks, extra = divmod(days, 7)
    weekdays = weeks * 5 + sum(1 for offset in range(extra) if (first.weekday() + offset) % 7 < 5)
    holidays_on_weekdays = sum(
        1
        for year in range(first.year, last.year + 1)
        for holiday in bank_holidays(year)
        if first <= holiday <= last and holiday.weekday() < 5
    )
    return weekdays - holidays_on_weekdays


def add_months(start: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later (or earlier), clamped to the end of a shorter month.

    As ``relativedelta(months=...)`` does, in plain arithmetic: the dashboards call
    this a dozen times a member, and relativedelta's general machinery cost them."""
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return start.replace(
        year=year, month=month, day=min(start.day, calendar.monthrange(year, month)[1])
    )


def months_before(day: datetime.date, months: int) -> datetime.date:
    return add_months(day, -months)


def whole_months(start: datetime.date, end: datetime.date) -> int:
    """Complete months from ``start`` to ``end``; 0 when ``end`` is earlier."""
    if end < start:
        return 0
    delta = relativedelta(end, start)
    return delta.years * 12 + delta.months


def local_zone() -> datetime.tzinfo:
    """The council's time zone: ``settings.TIME_ZONE`` (Europe/London)."""
    return timezone.get_default_timezone()


def local_datetime(day: datetime.date, time: datetime.time) -> datetime.datetime:
    """A wall-clock time on a day in the council's time zone (10am stays 10am across DST)."""
    return datetime.datetime.combine(day, time, tzinfo=local_zone())


def local_date(moment: datetime.datetime) -> datetime.date:
    """The day a moment falls on in the council's time zone."""
    return timezone.localtime(moment, local_zone()).date()


def start_of_day(day: datetime.date) -> datetime.datetime:
    return local_datetime(day, datetime.time())
