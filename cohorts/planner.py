"""The rotation planner: proposes placements for every member of a cohort.

``propose`` is a pure function of plain data (members, teams, the programme's
rotation rules and the placements other cohorts already hold), so it can be
unit-tested on small cases with known answers and timed on big ones.
``cohorts.selectors.plan_for_cohort`` feeds it from the database.

The rules, in order:

1. Capacity (hard): no team ever holds more learners at once than its
   ``learner_capacity``, counting placements that already exist.
2. Coverage (hard): every member spends a block in each service area their
   programme asks for that they have not covered yet.
3. Induction (hard, NQSW programmes): the first month(s) are split between the
   induction areas (Early Help, CAMHS, Family Intervention), one part each.
4. Fairness: members rotate through the areas in a Latin-square order, so each
   area takes an equal share of the cohort in each block and the first area
   (a duty team) is where the rotation starts. Within an area, the least
   loaded team with room is chosen.

When a plan cannot meet rules 1-3, ``PlanImpossible`` says which rule failed
and where (the service area and the dates).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from portal.calendar import add_months
from portal.errors import DomainError


@dataclass(frozen=True)
class TeamInfo:
    id: int
    area: str
    capacity: int
    name: str = ""
    area_name: str = ""


@dataclass(frozen=True)
class MemberInfo:
    id: int
    start: datetime.date
    end: datetime.date
    name: str = ""
    covered: frozenset = frozenset()
    needs_induction: bool = True


@dataclass(frozen=True)
class Rules:
    areas: tuple[str, ...]
    induction_areas: tuple[str, ...] = ()
    induction_months: int = 0
    first_area: str = ""


@dataclass(frozen=True)
class ProposedPlacement:
    member: int
    team: int
    area: str
    start: datetime.date
    end: datetime.date
    induction: bool = False


@dataclass
class Proposal:
    placements: list[ProposedPlacement] = field(default_factory=list)

    def for_member(self, member_id: int) -> list[ProposedPlacement]:
        return sorted((p for p in self.placements if p.member == member_id), key=lambda p: p.start)


class PlanImpossible(DomainError):
    """No plan meets every rule. ``rule`` is capacity, coverage or length."""

    def __init__(self, rule: str, where: str, message):
        super().__init__(message)
        self.rule = rule
        self.where = where


def _split(start: datetime.date, months: int, parts: int) -> list[tuple]:
    """``parts`` consecutive periods covering ``months`` months from ``start``."""
    end = add_months(start, months)
    if parts <= months:
        edges = [add_months(start, round(i * months / parts)) for i in range(parts + 1)]
    else:
        # Fewer months than parts (an induction month split three ways): split by days.
        days = (end - start).days
        edges = [start + datetime.timedelta(days=round(i * days / parts)) for i in range(parts)]
        edges.append(end)
    return [(edges[i], edges[i + 1] - datetime.timedelta(days=1)) for i in range(parts)]


def _months_between(start: datetime.date, end: datetime.date) -> int:
    """Whole months from start to the day after end."""
    months = (end.year - start.year) * 12 + end.month - start.month
    while add_months(start, months + 1) <= end + datetime.timedelta(days=1):
        months += 1
    while months > 0 and add_months(start, months) > end + datetime.timedelta(days=1):
        months -= 1
    return months


class _Load:
    """Learners per team over time; answers 'how many places are free' for a period."""

    def __init__(self, teams: dict[int, TeamInfo]):
        self.teams = teams
        self.periods: dict[int, list[tuple]] = defaultdict(list)

    def add(self, team_id: int, start: datetime.date, end: datetime.date) -> None:
        self.periods[team_id].append((start, end))

    def free(self, team_id: int, start: datetime.date, end: datetime.date) -> int:
        events = []
        for s, e in self.periods[team_id]:
            if s <= end and start <= e:
                events.append((max(s, start), 1))
                events.append((min(e, end) + datetime.timedelta(days=1), -1))
        events.sort()
        peak = current = 0
        for _day, change in events:
            current += change
            peak = max(peak, current)
        return self.teams[team_id].capacity - peak


def _assign_block(
    *,
    members: list[MemberInfo],
    wanted: dict[int, list[str]],
    start: datetime.date,
    end: datetime.date,
    teams_by_area: dict[str, list[int]],
    load: _Load,
    area_names: dict[str, str],
) -> dict[int, tuple[str, int]]:
    """One block: each member gets a team in one of their wanted areas (first choice first).

    Greedy in order of preference, then augmenting paths (Kuhn's algorithm) for
    whoever is left, so a member is only refused when no arrangement of this
    block has room for them.
    """
    slots: dict[int, int] = {}
    for team_ids in teams_by_area.values():
        for team_id in team_ids:
            slots[team_id] = max(load.free(team_id, start, end), 0)
    holders: dict[int, list[int]] = defaultdict(list)
    chosen: dict[int, tuple[str, int]] = {}

    def best_team(area: str) -> int | None:
        options = [t for t in teams_by_area.get(area, []) if len(holders[t]) < slots[t]]
        if not options:
            return None
        # Least loaded first, so learners spread across an area's teams.
        return min(options, key=lambda t: (len(holders[t]) - slots[t], t))

    def augment(member_id: int, seen: set) -> bool:
        for area in wanted[member_id]:
            for team_id in teams_by_area.get(area, []):
                if team_id in seen or slots[team_id] == 0:
                    continue
                seen.add(team_id)
                if len(holders[team_id]) < slots[team_id]:
                    holders[team_id].append(member_id)
                    chosen[member_id] = (area, team_id)
                    return True
                for other in list(holders[team_id]):
                    if augment(other, seen):
                        holders[team_id].remove(other)
                        holders[team_id].append(member_id)
                        chosen[member_id] = (area, team_id)
                        return True
        return False

    left = []
    for member in members:
        for area in wanted[member.id]:
            team_id = best_team(area)
            if team_id is not None:
                holders[team_id].append(member.id)
                chosen[member.id] = (area, team_id)
                break
        else:
            left.append(member)
    for member in left:
        if not augment(member.id, set()):
            areas = sorted({a for m in left for a in wanted[m.id]})
            places = sum(slots[t] for a in areas for t in teams_by_area.get(a, []))
            names = ", ".join(area_names.get(a, a) for a in areas)
            raise PlanImpossible(
                "capacity",
                f"{names}: {start:%d %b %Y} to {end:%d %b %Y}",
                ngettext_lazy(
                    "Not enough places in %(areas)s from %(start)s to %(end)s: "
                    "%(people)s member still needs a place there and there are %(places)s "
                    "places left.",
                    "Not enough places in %(areas)s from %(start)s to %(end)s: "
                    "%(people)s members still need a place there and there are %(places)s "
                    "places left.",
                    "people",
                )
                % {
                    "areas": names,
                    "start": f"{start:%-d %B %Y}",
                    "end": f"{end:%-d %B %Y}",
                    "people": len(left),
                    "places": places,
                },
            )
    return chosen


def propose(
    *,
    members: list[MemberInfo],
    teams: list[TeamInfo],
    rules: Rules,
    existing: list[tuple[int, datetime.date, datetime.date]] = (),
) -> Proposal:
    """Placements for every member, or PlanImpossible saying which rule failed and where."""
    team_map = {t.id: t for t in teams}
    area_names = {t.area: t.area_name or t.area for t in teams}
    teams_by_area: dict[str, list[int]] = defaultdict(list)
    for team in sorted(teams, key=lambda t: t.id):
        if team.capacity > 0:
            teams_by_area[team.area].append(team.id)
    for area in (*rules.areas, *rules.induction_areas):
        if not teams_by_area.get(area):
            raise PlanImpossible(
                "coverage",
                area_names.get(area, area),
                _("No team in %(area)s can take learners, but the programme asks for it.")
                % {"area": area_names.get(area, area)},
            )
    load = _Load(team_map)
    for team_id, start, end in existing:
        if team_id in team_map:
            load.add(team_id, start, end)

    # The rotation order starts with the first area (a duty team for NQSWs).
    order = list(rules.areas)
    if rules.first_area in order:
        order.remove(rules.first_area)
        order.insert(0, rules.first_area)

    groups: dict[tuple, list[MemberInfo]] = defaultdict(list)
    for member in sorted(members, key=lambda m: m.id):
        needs = tuple(a for a in order if a not in member.covered)
        induction = member.needs_induction and bool(rules.induction_areas)
        groups[(member.start, member.end, induction, needs)].append(member)

    proposal = Proposal()
    for (start, end, induction, needs), group in sorted(groups.items(), key=lambda kv: kv[0][:2]):
        cursor = start
        if induction:
            months = max(rules.induction_months, 1)
            parts = _split(start, months, len(rules.induction_areas))
            _rotate(
                group=group,
                areas=list(rules.induction_areas),
                blocks=parts,
                induction=True,
                teams_by_area=teams_by_area,
                load=load,
                area_names=area_names,
                proposal=proposal,
            )
            cursor = add_months(start, months)
        if not needs:
            continue
        months = _months_between(cursor, end)
        if months < len(needs):
            raise PlanImpossible(
                "length",
                f"{cursor:%d %b %Y} to {end:%d %b %Y}",
                _(
                    "%(months)s months are left after induction, too few for a placement in "
                    "each of %(count)s service areas."
                )
                % {"months": months, "count": len(needs)},
            )
        blocks = _split(cursor, months, len(needs))
        # The last block runs to the member's end date, whatever the month arithmetic.
        blocks[-1] = (blocks[-1][0], end)
        _rotate(
            group=group,
            areas=list(needs),
            blocks=blocks,
            induction=False,
            teams_by_area=teams_by_area,
            load=load,
            area_names=area_names,
            proposal=proposal,
        )
    return proposal


def _rotate(*, group, areas, blocks, induction, teams_by_area, load, area_names, proposal):
    """Members in ``group`` each take every area once, one block each, Latin-square order."""
    k = len(areas)
    remaining = {m.id: list(areas) for m in group}
    for index, (start, end) in enumerate(blocks):
        wanted = {}
        for position, member in enumerate(group):
            # Member in rotation r prefers areas[(r + index) % k] in this block.
            ideal = areas[(position + index) % k]
            rest = remaining[member.id]
            wanted[member.id] = sorted(
                rest, key=lambda a, ideal=ideal: (a != ideal, areas.index(a))
            )
        chosen = _assign_block(
            members=group,
            wanted=wanted,
            start=start,
            end=end,
            teams_by_area=teams_by_area,
            load=load,
            area_names=area_names,
        )
        for member in group:
            area, team_id = chosen[member.id]
            remaining[member.id].remove(area)
            load.add(team_id, start, end)
            proposal.placements.append(
                ProposedPlacement(
                    member=member.id,
                    team=team_id,
                    area=area,
                    start=start,
                    end=end,
                    induction=induction,
                )
            )
