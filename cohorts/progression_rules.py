"""Pure rules of the progression panels: who is in scope, when a conversation is due,
and the PSDP window. No database access here."""

import datetime
from dataclasses import dataclass

from cohorts.models import PROGRESSION_GRADES, PSDP_GRADES

CONVERSATION_EVERY_DAYS = 365


def in_progression_scope(grade: str) -> bool:
    """Level 3 social workers and senior practitioners have development conversations."""
    return grade in PROGRESSION_GRADES


def may_be_nominated_for_psdp(grade: str) -> bool:
    """Senior practitioners, practice supervisors and team managers supervise practice."""
    return grade in PSDP_GRADES


def conversation_due(latest: datetime.date | None, today: datetime.date) -> bool:
    """Due when there has been none in the last 12 months."""
    return latest is None or (today - latest).days > CONVERSATION_EVERY_DAYS


@dataclass(frozen=True)
class PsdpWindow:
    start: datetime.date
    end: datetime.date  # inclusive
    places: int
    used: int

    @property
    def left(self) -> int:
        return max(self.places - self.used, 0)


def psdp_window(
    *, today: datetime.date, first_year: int, years: int
) -> tuple[datetime.date, datetime.date]:
    """The window holding ``today``: windows of ``years`` years from 1 April ``first_year``."""
    year = today.year if today >= datetime.date(today.year, 4, 1) else today.year - 1
    start_year = first_year + ((year - first_year) // years) * years
    start = datetime.date(start_year, 4, 1)
    end = datetime.date(start_year + years, 3, 31)
    return start, end


def periods_overlap(
    a_start: datetime.date,
    a_end: datetime.date | None,
    b_start: datetime.date,
    b_end: datetime.date | None,
) -> bool:
    far = datetime.date.max
    return a_start <= (b_end or far) and b_start <= (a_end or far)
