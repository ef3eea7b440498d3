"""The growth plan's arithmetic, worked by hand: no database."""

import datetime

from recruitment.workforce import rules

D = datetime.date


def test_no_turnover_and_no_intakes_stays_put_and_falls_short_by_the_whole_increase():
    projection = rules.project_headcount(
        start_month=D(2026, 1, 1),
        start_headcount=100,
        target_increase=40,
        target_date=D(2026, 5, 31),
        intakes={},
        annual_turnover=None,
    )
    assert [p.month for p in projection.months] == [D(2026, m, 1) for m in range(1, 6)]
    assert [p.headcount for p in projection.months] == [100.0] * 5
    # The target line rises evenly: 40 over 4 months is 10 a month.
    assert [p.target for p in projection.months] == [100.0, 110.0, 120.0, 130.0, 140.0]
    assert projection.target == 140
    assert projection.reached_in is None
    assert projection.shortfall == 40


def test_intakes_and_leavers_month_by_month():
    # 12% a year is 1% a month of the headcount at the start of each month.
    projection = rules.project_headcount(
        start_month=D(2026, 1, 1),
        start_headcount=100,
        target_increase=20,
        target_date=D(2026, 3, 15),
        intakes={D(2026, 2, 1): 15, D(2026, 3, 1): 10},
        annual_turnover=0.12,
    )
    jan, feb, mar = projection.months
    assert (jan.headcount, jan.joiners, jan.leavers) == (100.0, 0, 0.0)
    # February: 100 + 15 - 1 = 114.
    assert (feb.headcount, feb.joiners, feb.leavers) == (114.0, 15, 1.0)
    # March: 114 + 10 - 1.14 = 122.86.
    assert (mar.headcount, mar.joiners, mar.leavers) == (122.9, 10, 1.1)
    assert projection.reached_in == D(2026, 3, 1)
    assert projection.shortfall == 0


def test_an_intake_dated_mid_month_counts_in_its_month():
    """The lead's first draft looked intakes up by the first of the month only, so an
    intake dated the 15th was silently dropped."""
    projection = rules.project_headcount(
        start_month=D(2026, 1, 1),
        start_headcount=10,
        target_increase=5,
        target_date=D(2026, 2, 1),
        intakes={D(2026, 2, 15): 3, D(2026, 2, 1): 2},
        annual_turnover=0.0,
    )
    assert projection.months[-1].joiners == 5
    assert projection.reached_in == D(2026, 2, 1)


def test_an_intake_in_the_start_month_is_already_in_the_headcount():
    projection = rules.project_headcount(
        start_month=D(2026, 1, 1),
        start_headcount=10,
        target_increase=5,
        target_date=D(2026, 2, 1),
        intakes={D(2026, 1, 1): 5},
        annual_turnover=0.0,
    )
    assert [p.headcount for p in projection.months] == [10.0, 10.0]
    assert projection.shortfall == 5


def test_reached_after_the_target_date_within_the_horizon_with_the_shortfall_at_the_date():
    projection = rules.project_headcount(
        start_month=D(2026, 1, 1),
        start_headcount=50,
        target_increase=10,
        target_date=D(2026, 2, 28),
        intakes={D(2026, 2, 1): 4, D(2026, 4, 1): 6},
        annual_turnover=0.0,
        horizon_months=6,
    )
    assert projection.shortfall == 6  # 54 of 60 at the end of February
    assert projection.reached_in == D(2026, 4, 1)
    assert projection.months[-1].month == D(2026, 7, 1)
    # The target line stays at the target after the date.
    assert projection.months[-1].target == 60.0


def test_a_projection_from_a_later_month_keeps_the_plans_baseline_and_target():
    # Planned from 100 in January; by March the actual headcount is 110.
    projection = rules.project_headcount(
        start_month=D(2026, 3, 1),
        start_headcount=110,
        target_increase=40,
        target_date=D(2026, 5, 1),
        intakes={D(2026, 2, 1): 99, D(2026, 4, 1): 20},
        annual_turnover=0.0,
        baseline=(D(2026, 1, 1), 100),
    )
    assert projection.target == 140
    assert [p.month for p in projection.months] == [D(2026, 3, 1), D(2026, 4, 1), D(2026, 5, 1)]
    # The target line is the plan's: 100 in January rising by 10 a month.
    assert [p.target for p in projection.months] == [120.0, 130.0, 140.0]
    # February's intake is in the past (already in the 110); April's 20 makes 130.
    assert [p.headcount for p in projection.months] == [110.0, 130.0, 130.0]
    assert projection.shortfall == 10


def test_turnover_rate_is_leavers_over_the_headcount_at_the_end():
    assert rules.turnover_rate(leavers_in_year=15, headcount_at_end=100) == 0.15
    assert rules.turnover_rate(leavers_in_year=3, headcount_at_end=0) is None
