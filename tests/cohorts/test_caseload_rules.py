import datetime

import pytest

from cohorts import caseload_rules as rules

D = datetime.date
PHASES = [{"to_month": 3, "cap": 10}, {"to_month": 6, "cap": 12}, {"cap": 15}]


def test_months_count_from_the_start_and_pauses_move_them():
    start = D(2026, 1, 15)
    assert rules.programme_month(start=start, today=D(2026, 2, 14)) == 1
    assert rules.programme_month(start=start, today=D(2026, 2, 15)) == 2
    assert rules.programme_month(start=start, today=D(2026, 4, 15)) == 4
    assert rules.programme_month(start=start, today=D(2026, 4, 15), paused_days=10) == 3


@pytest.mark.parametrize(("month", "cap"), [(1, 10), (3, 10), (4, 12), (6, 12), (7, 15), (13, 15)])
def test_phased_cap_by_month(month, cap):
    assert rules.cap_for(cap=15, phases=PHASES, month=month) == cap


def test_without_phases_the_programme_cap_holds_and_none_means_no_cap():
    assert rules.cap_for(cap=15, phases=[], month=2) == 15
    assert rules.cap_for(cap=None, phases=[], month=2) is None
    # A last phase with an end: after it the programme's cap applies.
    assert rules.cap_for(cap=15, phases=[{"to_month": 2, "cap": 8}], month=3) == 15


@pytest.mark.parametrize(
    "phases",
    [
        "ten",
        [{"cap": "ten"}],
        [{"cap": 201}],
        [{"cap": 10}, {"cap": 12}],
        [{"to_month": 3, "cap": 10}, {"to_month": 3, "cap": 12}],
        [{"to_month": 0, "cap": 10}],
        [7],
    ],
)
def test_bad_phases_are_refused(phases):
    assert rules.phases_problem(phases) is not None


def test_good_phases_pass():
    assert rules.phases_problem(PHASES) is None
    assert rules.phases_problem([]) is None


def test_breach_starts_over_the_cap_and_ends_within_it():
    assert rules.breach_move(count=16, cap=15, has_open_breach=False).start
    assert not rules.breach_move(count=15, cap=15, has_open_breach=False).start
    assert rules.breach_move(count=15, cap=15, has_open_breach=True).end
    move = rules.breach_move(count=17, cap=15, has_open_breach=True)
    assert not move.start and not move.end
    assert not rules.breach_move(count=90, cap=None, has_open_breach=False).start


def test_team_figures_room_and_service_averages():
    workers = [
        rules.Worker(team_id=1, count=16, cap=15),  # learner over cap: no room
        rules.Worker(team_id=1, count=20, cap=None),  # over the norm: no room, not negative
        rules.Worker(team_id=2, count=10, cap=15),  # room 5
        rules.Worker(team_id=2, count=14, cap=None),  # room 3
    ]
    figures = rules.team_figures(workers, norm=17)
    assert figures[1] == {"average": 18.0, "workers": 2, "over_cap": 1, "room": 0}
    assert figures[2] == {"average": 12.0, "workers": 2, "over_cap": 0, "room": 8}
    assert rules.service_averages(workers) == (15.0, 17.0)
