"""Protected caseloads: the cap on a learner's cases, breaches, team averages and room.

Pure functions over plain values, like ``cohorts.planner``. The rule is the
council's: an ASYE worker holds no more than 15 cases (``Programme.caseload_cap``),
optionally phased by month of the programme (``Programme.caseload_cap_phases``,
for example ``[{"to_month": 3, "cap": 10}, {"to_month": 6, "cap": 12}, {"cap": 15}]``).
Months count from the enrolment's start, and days on pause do not count, so a
pause keeps the lower cap for longer. The service-wide norm (about 17 in the
seed documents) stands in for the cap of workers who are not protected learners
when the room left in a team is worked out.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from portal.calendar import add_months

# The service-wide average caseload the seed documents give: the norm for workers
# without a protected cap, when working out how much room a team has.
SERVICE_NORM = 17


def phases_problem(phases) -> str | None:
    """Why ``phases`` is not a valid cap phasing, or None (an empty list is valid)."""
    if not phases:
        return None
    if not isinstance(phases, list):
        return _("Give a list, like the example.")
    last_month = 0
    for index, phase in enumerate(phases):
        if not isinstance(phase, dict):
            return _('Each phase needs a whole number "cap".')
        cap = phase.get("cap")
        if not isinstance(cap, int) or isinstance(cap, bool) or not 0 <= cap <= 200:
            return _('Each phase needs a "cap" from 0 to 200.')
        to_month = phase.get("to_month")
        if to_month is None:
            if index != len(phases) - 1:
                return _('Only the last phase may leave out "to_month".')
            continue
        if not isinstance(to_month, int) or isinstance(to_month, bool) or to_month <= last_month:
            return _('Each "to_month" must be a whole number later than the one before.')
        last_month = to_month
    return None


def programme_month(*, start: datetime.date, today: datetime.date, paused_days: int = 0) -> int:
    """The month of the programme ``today`` falls in (1 = the first), pauses not counted.

    Calendar months from the start: starting 15 January, 14 February is month 1
    and 15 February month 2.
    """
    effective = today - datetime.timedelta(days=paused_days)
    # Whole calendar months reached: the month count between the dates, less one
    # when the day of the month has not come round yet (add_months clamps it).
    reached = (effective.year - start.year) * 12 + effective.month - start.month
    if reached > 0 and add_months(start, reached) > effective:
        reached -= 1
    return max(reached, 0) + 1


def days_paused_by(pauses: Iterable, today: datetime.date) -> int:
    """Days of ``pauses`` (with ``start_date``/``end_date``) up to and including ``today``."""
    return sum(
        (min(p.end_date, today) - p.start_date).days + 1 for p in pauses if p.start_date <= today
    )


def cap_for(*, cap: int | None, phases: Sequence[dict] | None, month: int) -> int | None:
    """The cap in ``month`` of the programme: the first phase whose ``to_month`` reaches it.

    Without phases (or after the last bounded phase, when the last has a
    ``to_month``) it is the programme's ``cap``; None means no cap.
    """
    for phase in phases or []:
        if phase.get("to_month") is None or month <= phase["to_month"]:
            return phase["cap"]
    return cap


def cap_on(enrolment, day: datetime.date, pauses: Iterable = ()) -> int | None:
    """The cap of ``enrolment`` (its programme's) on ``day``."""
    programme = enrolment.cohort.programme
    month = programme_month(
        start=enrolment.start_date, today=day, paused_days=days_paused_by(pauses, day)
    )
    return cap_for(cap=programme.caseload_cap, phases=programme.caseload_cap_phases, month=month)


def is_over(count: int | None, cap: int | None) -> bool:
    return count is not None and cap is not None and count > cap


@dataclass(frozen=True)
class BreachMove:
    """What a new count does to a learner's breach: start one, end the open one, or nothing."""

    start: bool = False
    end: bool = False


def breach_move(*, count: int, cap: int | None, has_open_breach: bool) -> BreachMove:
    """A breach starts when a count exceeds the cap and ends when a later count is within it."""
    over = is_over(count, cap)
    if over and not has_open_breach:
        return BreachMove(start=True)
    if not over and has_open_breach:
        return BreachMove(end=True)
    return BreachMove()


def average(counts: Iterable[int]) -> float | None:
    values = list(counts)
    return round(sum(values) / len(values), 1) if values else None


@dataclass(frozen=True)
class Worker:
    """One worker's latest count as the team view reads it."""

    team_id: int
    count: int
    cap: int | None  # their protected cap, when they are a learner with one


def room(workers: Iterable[Worker], norm: int = SERVICE_NORM) -> int:
    """Cases a team could take on: the sum of (cap, or the norm, minus count), never below 0 each."""
    return sum(max((w.cap if w.cap is not None else norm) - w.count, 0) for w in workers)


def team_figures(workers: Iterable[Worker], norm: int = SERVICE_NORM) -> dict[int, dict]:
    """Per team: its average, how many workers are over cap, and its room."""
    by_team: dict[int, list[Worker]] = {}
    for worker in workers:
        by_team.setdefault(worker.team_id, []).append(worker)
    return {
        team: {
            "average": average(w.count for w in members),
            "workers": len(members),
            "over_cap": sum(1 for w in members if is_over(w.count, w.cap)),
            "room": room(members, norm),
        }
        for team, members in by_team.items()
    }


def service_averages(workers: Iterable[Worker]) -> tuple[float | None, float | None]:
    """The service-wide average with everyone, and without the protected learners."""
    workers = list(workers)
    return (
        average(w.count for w in workers),
        average(w.count for w in workers if w.cap is None),
    )
