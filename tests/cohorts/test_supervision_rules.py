"""The supervision rule's boundaries, without the database."""

import datetime

from cohorts.supervision_rules import (
    Session,
    active_days_between,
    compliance,
    date_after_active_days,
    week_of,
)

ASYE = [{"to_week": 6, "every": "week"}, {"to_week": 26, "every": "fortnight"}, {"every": "month"}]
START = datetime.date(2026, 1, 5)  # a Monday
D = datetime.timedelta


def check(sessions, today, pauses=()):
    return compliance(
        rule=ASYE,
        start=START,
        pauses=list(pauses),
        confirmed=[Session(day, 60) for day in sessions],
        today=today,
    )


def test_first_session_is_due_a_week_after_the_start():
    result = check([], START)
    assert result.every == "week"
    assert result.next_due == START + D(7)
    assert not result.overdue


def test_week_6_is_weekly_and_week_7_fortnightly():
    last_of_week_6 = START + D(41)
    first_of_week_7 = START + D(42)
    assert week_of(START, last_of_week_6, []) == 6
    assert week_of(START, first_of_week_7, []) == 7
    assert check([last_of_week_6], last_of_week_6).next_due == last_of_week_6 + D(7)
    assert check([first_of_week_7], first_of_week_7).next_due == first_of_week_7 + D(14)


def test_week_26_is_fortnightly_and_week_27_monthly():
    last_of_week_26 = START + D(26 * 7 - 1)
    first_of_week_27 = START + D(26 * 7)
    assert check([last_of_week_26], last_of_week_26).every == "fortnight"
    assert check([last_of_week_26], last_of_week_26).next_due == last_of_week_26 + D(14)
    result = check([first_of_week_27], first_of_week_27)
    assert result.every == "month"
    assert result.next_due == first_of_week_27 + D(28)


def test_overdue_by_days():
    result = check([START + D(1)], START + D(11))
    assert result.next_due == START + D(8)
    assert result.overdue
    assert result.overdue_days == 3


def test_a_pause_stops_the_clock():
    pause = (START + D(3), START + D(12))  # 10 days
    assert active_days_between(START, START + D(20), [pause]) == 10
    assert date_after_active_days(START, 7, [pause]) == START + D(17)
    result = check([], START + D(17), pauses=[pause])
    assert result.next_due == START + D(17)
    assert not result.overdue
    # the week boundary moves too: week 7 starts 10 days later
    assert week_of(START, START + D(51), [pause]) == 6
    assert week_of(START, START + D(52), [pause]) == 7


def test_overdue_days_skip_a_pause():
    pause = (START + D(10), START + D(14))
    result = check([], START + D(20), pauses=[pause])
    assert result.next_due == START + D(7)
    assert result.overdue_days == 8


def test_hours_last_4_weeks_this_month_and_per_month():
    today = datetime.date(2026, 3, 10)
    days = [datetime.date(2026, 2, 1), datetime.date(2026, 2, 20), datetime.date(2026, 3, 2)]
    result = check(days, today)
    assert result.hours_last_4_weeks == 2
    assert result.hours_this_month == 1
    assert result.monthly_hours == [(datetime.date(2026, 2, 1), 2), (datetime.date(2026, 3, 1), 1)]


def test_no_rule_no_due_date():
    result = compliance(rule=[], start=START, pauses=[], confirmed=[], today=START + D(100))
    assert result.next_due is None
    assert not result.overdue
