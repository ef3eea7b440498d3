"""Supervision against the programme's rule: pure functions, no database.

The rule is the programme's ``supervision_rule``, kept as data. The ASYE
default (migration 0003) is weekly for weeks 1-6, fortnightly to week 26
(6 months) and monthly after::

    [{"to_week": 6, "every": "week"}, {"to_week": 26, "every": "fortnight"}, {"every": "month"}]

Decisions, stated once:

- Only confirmed sessions count (a session logged by one party counts once the
  other confirms it).
- The clock runs in *active* days: days of a pause do not count, so a pause
  moves the next due date on by its length (pauses stop the clock).
- The interval is chosen by the week of the enrolment the last confirmed
  session (or the start, before the first one) falls in: a session in week 6
  is followed by one due a week later; one in week 7 a fortnight later; one in
  week 27 a month later. A "month" is 4 weeks (28 active days), so the figure
  is the same whatever the calendar month.
- Overdue days are counted in active days too.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

INTERVAL_DAYS = {"week": 7, "fortnight": 14, "month": 28}

Period = tuple[datetime.date, datetime.date]  # first and last day of a pause, inclusive


def _paused(day: datetime.date, pauses: Sequence[Period]) -> bool:
    return any(first <= day <= last for first, last in pauses)


def active_days_between(start: datetime.date, day: datetime.date, pauses: Sequence[Period]) -> int:
    """Days in [start, day) that are not in a pause (0 when ``day`` is not after ``start``).

    Counted by arithmetic over the pauses' merged spans, not day by day: a mentor's
    dashboard asks this of every member."""
    if day <= start:
        return 0
    last_day = day - datetime.timedelta(days=1)
    paused = 0
    covered_to = start - datetime.timedelta(days=1)  # the last day already counted
    for first, last in sorted(pauses):
        first, last = (
            max(first, start, covered_to + datetime.timedelta(days=1)),
            min(last, last_day),
        )
        if first <= last:
            paused += (last - first).days + 1
            covered_to = last
    return (day - start).days - paused


def date_after_active_days(
    anchor: datetime.date, days: int, pauses: Sequence[Period]
) -> datetime.date:
    """The date ``days`` active days after ``anchor`` (paused days skipped)."""
    current = anchor
    left = days
    while left > 0:
        current += datetime.timedelta(days=1)
        if not _paused(current, pauses):
            left -= 1
    return current


def week_of(start: datetime.date, day: datetime.date, pauses: Sequence[Period]) -> int:
    """The week of the enrolment ``day`` falls in: 1 for the first 7 active days."""
    return active_days_between(start, day, pauses) // 7 + 1


def every_in_week(rule: Sequence[dict], week: int) -> str | None:
    """How often supervision is due in ``week``, by the rule's first step that covers it."""
    for step in rule or []:
        if step.get("to_week") is None or week <= step["to_week"]:
            return step.get("every")
    return None


@dataclass(frozen=True)
class Session:
    date: datetime.date
    minutes: int


@dataclass(frozen=True)
class Compliance:
    next_due: datetime.date | None
    every: str | None
    overdue_days: int
    hours_last_4_weeks: float
    hours_this_month: float
    monthly_hours: list[tuple[datetime.date, float]] = field(default_factory=list)

    @property
    def overdue(self) -> bool:
        return self.overdue_days > 0


def _hours(minutes: int) -> float:
    return round(minutes / 60, 2)


def monthly_hours(sessions: Iterable[Session]) -> list[tuple[datetime.date, float]]:
    """Hours of confirmed supervision per calendar month, oldest first: [(1st of month, hours)]."""
    totals: dict[datetime.date, int] = {}
    for session in sessions:
        month = session.date.replace(day=1)
        totals[month] = totals.get(month, 0) + session.minutes
    return [(month, _hours(minutes)) for month, minutes in sorted(totals.items())]


def compliance(
    *,
    rule: Sequence[dict],
    start: datetime.date,
    pauses: Sequence[Period],
    confirmed: Iterable[Session],
    today: datetime.date,
) -> Compliance:
    """Next due date, overdue days and hours from the confirmed sessions of one enrolment."""
    sessions = sorted((s for s in confirmed if s.date >= start), key=lambda s: s.date)
    anchor = max([start, *(s.date for s in sessions if s.date <= today)])
    every = every_in_week(rule, week_of(start, anchor, pauses))
    next_due = None
    overdue_days = 0
    if every in INTERVAL_DAYS:
        next_due = date_after_active_days(anchor, INTERVAL_DAYS[every], pauses)
        if today > next_due:
            overdue_days = active_days_between(next_due, today, pauses)
    four_weeks_ago = today - datetime.timedelta(days=28)
    last_4 = sum(s.minutes for s in sessions if four_weeks_ago < s.date <= today)
    this_month = sum(
        s.minutes
        for s in sessions
        if s.date.replace(day=1) == today.replace(day=1) and s.date <= today
    )
    return Compliance(
        next_due=next_due,
        every=every,
        overdue_days=overdue_days,
        hours_last_4_weeks=_hours(last_4),
        hours_this_month=_hours(this_month),
        monthly_hours=monthly_hours(sessions),
    )
