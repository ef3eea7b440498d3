"""HR's interview reports: time to interview and fast-track promises kept, per month; and
the guaranteed interview scheme's applications rejected before interview."""

import dataclasses
import datetime
import statistics

from django.db.models import Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.calendar import local_date, local_zone
from recruitment.choices import InterviewStatus, Status, TimelineAction
from recruitment.models import Application, TimelineEntry
from recruitment.workforce.rules import days_between, fast_track_promise, percentile

__all__ = ["guaranteed_interview_overrides", "percentile", "time_to_interview"]


@dataclasses.dataclass
class MonthRow:
    month: str
    route: str
    applications: int
    offered_median: float | None
    offered_p90: float | None
    held_median: float | None
    held_p90: float | None
    promises_due: int | None
    promises_kept: int | None

    @property
    def route_label(self) -> str:
        return _("Fast-tracked") if self.route == "fast" else _("Standard")

    @property
    def kept_share(self) -> str:
        if not self.promises_due:
            return ""
        return f"{round(100 * self.promises_kept / self.promises_due)}%"


def time_to_interview(*, today: datetime.date | None = None) -> list[MonthRow]:
    """One row per month of submission and route (fast-tracked or standard), newest first.

    A fast-track promise is kept when the interview was offered on or before its due
    date; it counts once the due date has passed or the offer was made.
    """
    today = today or timezone.localdate()
    rows = (
        Application.objects.exclude(status=Status.DRAFT)
        .filter(submitted_at__isnull=False)
        .annotate(
            held_at=Min(
                "interviews__slot__start", filter=Q(interviews__status=InterviewStatus.HELD)
            )
        )
        .values_list(
            "submitted_at", "is_fast_track", "fast_track_due", "interview_offered_at", "held_at"
        )
    )
    groups: dict[tuple[str, str], dict] = {}
    for submitted, fast, due, offered, held in rows:
        month = timezone.localtime(submitted, local_zone()).strftime("%Y-%m")
        group = groups.setdefault(
            (month, "fast" if fast else "standard"),
            {"n": 0, "offered": [], "held": [], "due": 0, "kept": 0},
        )
        group["n"] += 1
        if offered:
            group["offered"].append(days_between(submitted, offered))
        if held:
            group["held"].append(days_between(submitted, held))
        if fast:
            kept = fast_track_promise(
                due=due, offered_on=local_date(offered) if offered else None, today=today
            )
            if kept is not None:
                group["due"] += 1
                group["kept"] += kept
    result = []
    for (month, route), group in sorted(groups.items(), reverse=True):
        fast = route == "fast"
        result.append(
            MonthRow(
                month=month,
                route=route,
                applications=group["n"],
                offered_median=statistics.median(group["offered"]) if group["offered"] else None,
                offered_p90=percentile(group["offered"], 0.9),
                held_median=statistics.median(group["held"]) if group["held"] else None,
                held_p90=percentile(group["held"], 0.9),
                promises_due=group["due"] if fast else None,
                promises_kept=group["kept"] if fast else None,
            )
        )
    return result


@dataclasses.dataclass
class OverrideRow:
    at: datetime.datetime
    reference: str
    vacancy: str
    route: str
    by: str
    reason: str


def guaranteed_interview_overrides() -> list[OverrideRow]:
    """Every application under the guaranteed interview scheme that met the essential
    criteria and was rejected before interview, with HR's reason; newest first.

    One query, whatever the number of rows. After the retention period the reason is
    gone with the rest of the applicant's data; the row itself stays, for the count.
    """
    entries = (
        TimelineEntry.objects.filter(action=TimelineAction.GUARANTEED_INTERVIEW_OVERRIDDEN)
        .select_related("application__vacancy", "by")
        .order_by("-at", "-pk")
    )
    return [
        OverrideRow(
            at=entry.at,
            reference=entry.application.reference,
            vacancy=entry.application.vacancy.title,
            route=entry.application.get_route_display(),
            by=(entry.by.get_full_name() or entry.by.email) if entry.by else "",
            reason=entry.reason,
        )
        for entry in entries
    ]
