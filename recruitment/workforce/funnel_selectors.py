"""The reads behind the workforce page's "Recruitment" section.

Counts are aggregated in the database, one query per breakdown, whatever the
number of applications. The times to interview and to start, and the fast-track
promise, need each application's own dates: those reads fetch two or three
dates an application, only of the applications that reached that step.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, F, Min, Q, QuerySet, Value
from django.db.models.functions import Coalesce, Lower, NullIf, TruncMonth
from django.utils import timezone

from portal.calendar import local_date, start_of_day
from recruitment.choices import InterviewStatus, OfferState, Status
from recruitment.models import Application, Interview, Offer
from recruitment.workforce import rules
from recruitment.workforce.sections import Scope

# The steps of the funnel, in order; each is counted among the applications
# submitted in the period.
STAGES = ("applications", "fast_tracked", "interviewed", "offered", "accepted", "started")


def applications_in(scope: Scope) -> QuerySet[Application]:
    """Applications submitted in the scope's months, for its campaign, areas and team."""
    applications = Application.objects.exclude(status=Status.DRAFT).filter(
        submitted_at__gte=start_of_day(scope.first_month),
        submitted_at__lt=start_of_day(rules.add_months(scope.last_month, 1)),
    )
    return _narrowed(applications, scope, prefix="")


def _narrowed(queryset: QuerySet, scope: Scope, *, prefix: str) -> QuerySet:
    if scope.area_ids is not None:
        queryset = queryset.filter(**{f"{prefix}vacancy__service_area_id__in": scope.area_ids})
    if scope.team_id:
        queryset = queryset.filter(**{f"{prefix}vacancy__team_id": scope.team_id})
    if scope.campaign_id:
        queryset = queryset.filter(**{f"{prefix}campaign_id": scope.campaign_id})
    return queryset


def _reached() -> dict[str, Q]:
    """Which applications reached each step, as membership of one set per step.

    ``pk IN (subquery)`` rather than a correlated EXISTS per row: PostgreSQL
    hashes each set once per query, which at 100,000 applications is the
    difference between seconds and a fraction of one.
    """
    started = Q(started_at__isnull=False) | Q(staff_record__isnull=False)
    offers = Offer.objects.values("application_id")
    return {
        "interviewed": Q(
            pk__in=Interview.objects.filter(status=InterviewStatus.HELD).values("application_id")
        ),
        "offered": Q(pk__in=offers.filter(sent_at__isnull=False)),
        "accepted": Q(
            pk__in=offers.filter(
                Q(state__in=[OfferState.ACCEPTED, OfferState.UNCONDITIONAL]) | started
            )
        ),
        "started": Q(pk__in=offers.filter(started)),
    }


def stage_counts() -> dict:
    reached = _reached()
    return {
        "applications": Count("pk"),
        "fast_tracked": Count("pk", filter=Q(is_fast_track=True)),
        **{step: Count("pk", filter=condition) for step, condition in reached.items()},
    }


# How each breakdown groups the applications: the key and, for campaigns, its title.
BREAKDOWNS = {
    "campaign": {"key": F("campaign_id"), "label": F("campaign__title")},
    "route": {"key": F("route")},
    "heard_about": {"key": F("heard_about")},
    # A tracking code where the advert's address had one, else the UTM source.
    "source": {
        "key": Lower(
            Coalesce(NullIf("tracking_code", Value("")), NullIf("utm_source", Value("")), Value(""))
        )
    },
}


def funnel_totals(scope: Scope) -> dict[str, int]:
    """Each step's count over every application in scope (one query)."""
    return applications_in(scope).aggregate(**stage_counts())


def funnel_by(scope: Scope, breakdown: str) -> list[dict]:
    """Each step's count per campaign, route, channel or source (one query).

    Each row has ``key`` (and ``label`` for campaigns) and the stage counts, the
    biggest first.
    """
    grouping = BREAKDOWNS[breakdown]
    rows = (
        applications_in(scope)
        .annotate(**grouping)
        .values(*grouping)
        .annotate(**stage_counts())
        .order_by("-applications", "key")
    )
    return list(rows)


def days_to_first_interview(scope: Scope) -> list[float]:
    """Days from submission to the first held interview's start, for each application
    in scope that had one (the measure of HR's interview report, recruitment.reports)."""
    moments = (
        applications_in(scope)
        .annotate(
            held_at=Min(
                "interviews__slot__start", filter=Q(interviews__status=InterviewStatus.HELD)
            )
        )
        .filter(held_at__isnull=False)
        .values_list("submitted_at", "held_at")
    )
    return [rules.days_between(submitted, held) for submitted, held in moments]


def days_to_start(scope: Scope) -> list[int]:
    """Days from submission to the first day on the staff record its offer made."""
    dates = (
        applications_in(scope)
        .filter(offers__staff_record__start_date__isnull=False)
        .values_list("submitted_at", "offers__staff_record__start_date")
    )
    return [(start - local_date(submitted)).days for submitted, start in dates]


@dataclass(frozen=True)
class PromiseMonth:
    month: datetime.date
    due: int
    kept: int

    @property
    def share(self) -> float | None:
        return rules.rate(self.kept, self.due)


def promises_by_month(scope: Scope, *, today: datetime.date | None = None) -> list[PromiseMonth]:
    """Fast-track promises due and kept, by the month the application was submitted,
    for every month of the scope (the rule of HR's interview report)."""
    today = today or timezone.localdate()
    counts: dict[datetime.date, list[int]] = defaultdict(lambda: [0, 0])
    rows = (
        applications_in(scope)
        .filter(is_fast_track=True)
        .values_list("submitted_at", "fast_track_due", "interview_offered_at")
    )
    for submitted, due, offered in rows:
        kept = rules.fast_track_promise(
            due=due, offered_on=local_date(offered) if offered else None, today=today
        )
        if kept is not None:
            month = counts[rules.month_start(local_date(submitted))]
            month[0] += 1
            month[1] += kept
    return [PromiseMonth(month, *counts.get(month, (0, 0))) for month in scope.months]


def bespoke_hires_by_month(scope: Scope) -> dict[datetime.date, int]:
    """Fast-tracked applicants who started, by the month of their first day (one query)."""
    offers = Offer.objects.filter(
        application__is_fast_track=True,
        staff_record__start_date__gte=scope.first_month,
        staff_record__start_date__lte=rules.month_end(scope.last_month),
    )
    rows = (
        _narrowed(offers, scope, prefix="application__")
        .annotate(month=TruncMonth("staff_record__start_date"))
        .values("month")
        .annotate(hires=Count("pk"))
        .order_by("month")
    )
    return {_as_date(row["month"]): row["hires"] for row in rows}


def _as_date(value) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value
