"""The one calendar: working days in England and Wales, months, local time."""

import datetime

from portal import calendar

D = datetime.date


def test_bank_holidays_in_england_and_wales_are_not_working_days():
    assert not calendar.is_working_day(D(2026, 12, 25))  # Christmas Day
    assert not calendar.is_working_day(D(2026, 12, 28))  # Boxing Day, moved to Monday
    assert not calendar.is_working_day(D(2026, 8, 31))  # summer bank holiday (not Scotland's)
    assert calendar.is_working_day(D(2026, 8, 3))  # Scotland's summer holiday is a working day
    assert not calendar.is_working_day(D(2026, 11, 28))  # a Saturday


def test_add_working_days_skips_weekends_and_bank_holidays():
    # Wednesday 23 December 2026 + 5 working days: 24, 29, 30, 31 Dec, 4 Jan.
    assert calendar.add_working_days(D(2026, 12, 23), 5) == D(2027, 1, 4)


def test_next_and_previous_working_day():
    assert calendar.next_working_day(D(2026, 12, 25)) == D(2026, 12, 29)
    assert calendar.next_working_day(D(2026, 12, 29)) == D(2026, 12, 29)
    assert calendar.previous_working_day(D(2026, 12, 29)) == D(2026, 12, 24)


def test_working_days_in_counts_both_ends_and_leaves_out_bank_holidays():
    assert calendar.working_days_in(D(2026, 11, 23), D(2026, 11, 29)) == 5
    assert calendar.working_days_in(D(2026, 11, 23), D(2026, 12, 6)) == 10
    # Christmas week 2026: Mon 21 to Sun 27 has Friday 25 off.
    assert calendar.working_days_in(D(2026, 12, 21), D(2026, 12, 27)) == 4
    assert calendar.working_days_in(D(2026, 12, 2), D(2026, 12, 1)) == 0


def test_working_days_in_agrees_with_counting_day_by_day_across_years():
    first = D(2025, 12, 1)
    for length in (0, 1, 6, 7, 30, 45, 400):
        last = first + datetime.timedelta(days=length)
        by_hand = sum(
            calendar.is_working_day(first + datetime.timedelta(days=n)) for n in range(length + 1)
        )
        assert calendar.working_days_in(first, last) == by_hand


def test_working_days_between_counts_both_ways():
    assert calendar.working_days_between(D(2026, 11, 23), D(2026, 11, 30)) == 5
    assert calendar.working_days_between(D(2026, 11, 30), D(2026, 11, 23)) == -5
    assert calendar.working_days_between(D(2026, 11, 30), D(2026, 11, 30)) == 0


def test_add_months_clamps_to_the_end_of_a_short_month():
    assert calendar.add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert calendar.add_months(D(2028, 1, 31), 1) == D(2028, 2, 29)
    assert calendar.add_months(D(2026, 9, 1), 12) == D(2027, 9, 1)
    assert calendar.add_months(D(2026, 3, 31), -1) == D(2026, 2, 28)


def test_whole_months_and_months_before():
    assert calendar.whole_months(D(2024, 1, 15), D(2026, 1, 14)) == 23
    assert calendar.whole_months(D(2024, 1, 15), D(2026, 1, 15)) == 24
    assert calendar.whole_months(D(2026, 1, 15), D(2024, 1, 15)) == 0
    assert calendar.months_before(D(2026, 3, 31), 1) == D(2026, 2, 28)


def test_local_times_are_wall_clock_times_in_london_either_side_of_a_clock_change():
    before = calendar.local_datetime(D(2026, 10, 23), datetime.time(10))
    after = calendar.local_datetime(D(2026, 10, 26), datetime.time(10))
    assert before.utcoffset() == datetime.timedelta(hours=1)
    assert after.utcoffset() == datetime.timedelta(0)
    assert str(calendar.local_zone()) == "Europe/London"
    late_evening_utc = datetime.datetime(2026, 6, 30, 23, 30, tzinfo=datetime.UTC)
    assert calendar.local_date(late_evening_utc) == D(2026, 7, 1)


def test_bank_holidays_are_loaded_once_a_year():
    calendar.bank_holidays.cache_clear()
    for _ in range(3):
        calendar.is_working_day(D(2026, 5, 4))
    assert calendar.bank_holidays.cache_info().misses == 1
