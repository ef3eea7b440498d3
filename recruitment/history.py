"""Rules about an applicant's employment history: pure functions over plain values.

- Post-qualifying experience is the months in qualified social work roles since
  qualifying, with overlapping jobs counted once.
- Safer recruitment: a gap of more than ``conf.employment_gap_months()`` (3)
  between jobs, or since the last job ended, must be explained.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from portal.calendar import months_before, whole_months


@dataclass(frozen=True)
class Job:
    started_on: datetime.date
    ended_on: datetime.date | None = None
    is_social_work: bool = False


Gap = tuple[datetime.date, datetime.date]


def post_qualifying_months(
    jobs: Iterable, *, qualified_on: datetime.date | None, today: datetime.date
) -> int | None:
    """Whole months in social work roles after ``qualified_on``; None before qualifying."""
    if qualified_on is None:
        return None
    spans = []
    for job in jobs:
        if not job.is_social_work:
            continue
        start = max(job.started_on, qualified_on)
        end = min(job.ended_on or today, today)
        if end > start:
            spans.append((start, end))
    spans.sort()
    merged: list[list[datetime.date]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return sum(whole_months(start, end) for start, end in merged)


def employment_gaps(jobs: Iterable, *, gap_months: int, today: datetime.date) -> list[Gap]:
    """Gaps longer than ``gap_months`` between jobs, and since the last job ended."""
    ordered = sorted(jobs, key=lambda job: job.started_on)
    gaps = []
    covered_until = None
    for job in ordered:
        if covered_until is not None and months_before(job.started_on, gap_months) > covered_until:
            gaps.append((covered_until, job.started_on))
        end = job.ended_on or today
        covered_until = end if covered_until is None else max(covered_until, end)
    if covered_until is not None and months_before(today, gap_months) > covered_until:
        gaps.append((covered_until, today))
    return gaps


def gap_key(gap: Gap) -> str:
    """How an explanation is filed: by the gap's first and last day."""
    return f"{gap[0].isoformat()}_{gap[1].isoformat()}"
