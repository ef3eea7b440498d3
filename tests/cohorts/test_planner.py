"""The rotation planner's guarantees, on small known cases and a 40-member cohort."""

import datetime
from collections import Counter, defaultdict

import pytest

from cohorts import planner
from cohorts.management.commands.cohorts_bench import bench_members, bench_teams
from cohorts.planner import MemberInfo, PlanImpossible, Rules, TeamInfo
from portal.calendar import add_months

D = datetime.date
START = D(2026, 9, 1)
END = D(2027, 8, 31)
NQSW = Rules(
    areas=("duty", "fieldwork", "children-in-care"),
    induction_areas=("early-help", "camhs", "family-intervention"),
    induction_months=1,
    first_area="duty",
)


def teams(capacities: dict[str, list[int]]) -> list[TeamInfo]:
    made, n = [], 0
    for area, caps in capacities.items():
        for cap in caps:
            n += 1
            made.append(TeamInfo(id=n, area=area, capacity=cap, name=f"{area} {n}"))
    return made


def members(count: int, start=START, end=END) -> list[MemberInfo]:
    return [MemberInfo(id=i + 1, start=start, end=end) for i in range(count)]


def assert_capacity_never_exceeded(proposal, team_list, existing=()):
    capacity = {t.id: t.capacity for t in team_list}
    periods = defaultdict(list)
    for team_id, start, end in existing:
        periods[team_id].append((start, end))
    for p in proposal.placements:
        periods[p.team].append((p.start, p.end))
    for team_id, spans in periods.items():
        days = {s for s, _ in spans}
        for day in days:
            at_once = sum(1 for s, e in spans if s <= day <= e)
            assert at_once <= capacity[team_id], (team_id, day, at_once)


def area_of(team_list):
    return {t.id: t.area for t in team_list}


def test_one_member_gets_induction_then_duty_then_the_other_areas_back_to_back():
    team_list = teams({a: [1] for a in (*NQSW.areas, *NQSW.induction_areas)})
    proposal = planner.propose(members=members(1), teams=team_list, rules=NQSW)
    plan = proposal.for_member(1)
    assert [p.area for p in plan] == [
        "early-help",
        "camhs",
        "family-intervention",
        "duty",
        "fieldwork",
        "children-in-care",
    ]
    assert all(p.induction for p in plan[:3]) and not any(p.induction for p in plan[3:])
    assert plan[0].start == START and plan[2].end == D(2026, 9, 30)
    assert plan[3].start == D(2026, 10, 1)
    assert plan[-1].end == END
    for before, after in zip(plan, plan[1:], strict=False):
        assert after.start == before.end + datetime.timedelta(days=1)


def test_three_members_three_single_places_form_a_latin_square():
    team_list = teams({a: [1] for a in (*NQSW.areas, *NQSW.induction_areas)})
    proposal = planner.propose(members=members(3), teams=team_list, rules=NQSW)
    assert_capacity_never_exceeded(proposal, team_list)
    for member in (1, 2, 3):
        areas = [p.area for p in proposal.for_member(member) if not p.induction]
        assert sorted(areas) == sorted(NQSW.areas)
    # Exactly one member starts in duty: that is all a one-place duty team allows.
    first_blocks = Counter(proposal.for_member(m)[3].area for m in (1, 2, 3))
    assert first_blocks == {"duty": 1, "fieldwork": 1, "children-in-care": 1}


def test_too_many_members_for_the_places_says_which_rule_and_where():
    team_list = teams({a: [1] for a in (*NQSW.areas, *NQSW.induction_areas)})
    with pytest.raises(PlanImpossible) as raised:
        planner.propose(members=members(4), teams=team_list, rules=NQSW)
    assert raised.value.rule == "capacity"
    assert "2026" in raised.value.where
    # Three members fill the three one-place induction teams; the fourth is left.
    assert str(raised.value) == (
        "Not enough places in camhs, early-help, family-intervention from 1 September 2026 "
        "to 10 September 2026: 1 member still needs a place there and there are 3 places left."
    )


def test_a_missing_service_area_fails_the_coverage_rule():
    team_list = teams({"duty": [5], "fieldwork": [5], **{a: [5] for a in NQSW.induction_areas}})
    with pytest.raises(PlanImpossible) as raised:
        planner.propose(members=members(2), teams=team_list, rules=NQSW)
    assert raised.value.rule == "coverage"
    assert raised.value.where == "children-in-care"


def test_a_programme_too_short_for_its_areas_fails_the_length_rule():
    short = MemberInfo(id=1, start=START, end=D(2026, 11, 30))
    team_list = teams({a: [1] for a in (*NQSW.areas, *NQSW.induction_areas)})
    with pytest.raises(PlanImpossible) as raised:
        planner.propose(members=[short], teams=team_list, rules=NQSW)
    assert raised.value.rule == "length"


def test_places_taken_by_other_cohorts_count_against_capacity():
    team_list = teams({"early-help": [1], "fieldwork": [1]})
    rules = Rules(areas=("early-help", "fieldwork"))
    # Early help is full for the first six months.
    existing = [(1, START, add_months(START, 6) - datetime.timedelta(days=1))]
    proposal = planner.propose(members=members(1), teams=team_list, rules=rules, existing=existing)
    plan = proposal.for_member(1)
    assert plan[0].area == "fieldwork"
    assert plan[1].area == "early-help"
    assert_capacity_never_exceeded(proposal, team_list, existing)
    with pytest.raises(PlanImpossible):
        planner.propose(
            members=members(1),
            teams=team_list,
            rules=rules,
            existing=[(1, START, END), (2, START, END)],
        )


def test_areas_already_covered_are_not_planned_again():
    team_list = teams({"early-help": [2], "fieldwork": [2]})
    rules = Rules(areas=("early-help", "fieldwork"))
    member = MemberInfo(id=7, start=START, end=END, covered=frozenset({"early-help"}))
    plan = planner.propose(members=[member], teams=team_list, rules=rules).for_member(7)
    assert [p.area for p in plan] == ["fieldwork"]
    assert (plan[0].start, plan[0].end) == (START, END)


def test_learners_spread_over_an_areas_teams():
    team_list = teams({"early-help": [4, 4], "fieldwork": [4, 4]})
    rules = Rules(areas=("early-help", "fieldwork"))
    proposal = planner.propose(members=members(8), teams=team_list, rules=rules)
    per_team_block = Counter((p.team, p.start) for p in proposal.placements)
    assert set(per_team_block.values()) == {2}


def test_forty_members_over_twelve_months_meet_every_rule():
    # The benchmark's cohort (`manage.py cohorts_bench` times it; tests do not).
    team_list = bench_teams()
    cohort = bench_members()
    proposal = planner.propose(members=cohort, teams=team_list, rules=NQSW)

    assert_capacity_never_exceeded(proposal, team_list)
    for member in cohort:
        plan = proposal.for_member(member.id)
        # Induction first, in each induction area once, inside the first month.
        assert sorted(p.area for p in plan[:3]) == sorted(NQSW.induction_areas)
        assert all(p.end <= D(2026, 9, 30) for p in plan[:3])
        # Then every area the programme asks for, covering the year with no gap.
        assert sorted(p.area for p in plan[3:]) == sorted(NQSW.areas)
        assert plan[0].start == member.start and plan[-1].end == member.end
        for before, after in zip(plan, plan[1:], strict=False):
            assert after.start == before.end + datetime.timedelta(days=1)
    # Fair: in each block every area takes a near-equal share of the cohort.
    areas = area_of(team_list)
    by_block = defaultdict(Counter)
    for p in proposal.placements:
        if not p.induction:
            by_block[p.start][areas[p.team]] += 1
    for counts in by_block.values():
        assert max(counts.values()) - min(counts.values()) <= 1, counts


def test_the_benchmark_command_reports_against_the_target():
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("cohorts_bench", repeat=1, planner_only=True, stdout=out)
    assert "40 members x 12 months" in out.getvalue()
    assert "target 1000 ms" in out.getvalue()
