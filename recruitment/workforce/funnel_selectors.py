"""The reads behind the workforce page's "Recruitment" section.

Counts are aggregated in the database whatever the number of applications: one
query counts every step for each combination of campaign, route, channel and
source, and the totals and breakdowns are added up from its few rows. On
PostgreSQL the times to interview and to start are percentiles worked out in the
database (elsewhere from each application's dates), and the fast-track promise
is counted there by month.
"""

import datetime
from dataclasses import dataclass

from django.db import connection
from django.db.models import (
    Aggregate,
    Count,
    DurationField,
    F,
    Func,
    IntegerField,
    Min,
    Q,
    QuerySet,
)
from django.db.models.functions import TruncDate, TruncMonth
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone

from portal.calendar import local_date, local_zone, start_of_day
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
    "campaign": {"key": "campaign_id", "label": "campaign__title"},
    "route": {"key": "route"},
    "heard_about": {"key": "heard_about"},
    "source": {"key": "source"},
}


def source(tracking_code: str, utm_source: str) -> str:
    """A tracking code where the advert's address had one, else the UTM source."""
    return (tracking_code or utm_source or "").lower()


def funnel_groups(scope: Scope) -> list[dict]:
    """Each step's count for every campaign, route, channel and source together (one
    query, and one pass over the applications whatever the number of breakdowns).

    The rows are as many as the combinations that occur, not the applications:
    ``funnel_totals`` and ``funnel_by`` add them up. The source is worked out here
    from the two codes: in the database, per application, it was a third of the
    query's time.
    """
    rows = list(
        applications_in(scope)
        .values(
            "campaign_id", "campaign__title", "route", "heard_about", "tracking_code", "utm_source"
        )
        .annotate(**stage_counts())
        .order_by()
    )
    for row in rows:
        row["source"] = source(row.pop("tracking_code"), row.pop("utm_source"))
    return rows


def funnel_totals(scope: Scope, groups: list[dict] | None = None) -> dict[str, int]:
    """Each step's count over every application in scope (one query, or none given the
    ``funnel_groups`` already read)."""
    if groups is None:
        return applications_in(scope).aggregate(**stage_counts())
    return {stage: sum(row[stage] for row in groups) for stage in STAGES}


def funnel_by(scope: Scope, breakdown: str, groups: list[dict] | None = None) -> list[dict]:
    """Each step's count per campaign, route, channel or source (one query, or none given
    the ``funnel_groups`` already read).

    Each row has ``key`` (and ``label`` for campaigns) and the stage counts, the
    biggest first, then by key (as the database orders it: no key last on
    PostgreSQL, first on SQLite).
    """
    groups = funnel_groups(scope) if groups is None else groups
    fields = BREAKDOWNS[breakdown]
    found: dict = {}
    for group in groups:
        key = group[fields["key"]]
        row = found.get(key)
        if row is None:
            row = found[key] = {name: group[field] for name, field in fields.items()}
            row.update(dict.fromkeys(STAGES, 0))
        for stage in STAGES:
            row[stage] += group[stage]
    nulls_last = connection.features.nulls_order_largest
    return sorted(
        found.values(),
        key=lambda row: (
            -row["applications"],
            (row["key"] is None) == nulls_last,
            "" if row["key"] is None else row["key"],
        ),
    )


class PercentileDisc(Aggregate):
    """PostgreSQL's nearest-rank percentile: the first value whose position in the
    ordering reaches the fraction, ``rules.percentile`` in the database."""

    function = "PERCENTILE_DISC"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"

    def __init__(self, expression, fraction: float, **extra):
        super().__init__(expression, fraction=repr(float(fraction)), **extra)


@dataclass(frozen=True)
class Times:
    """How many applications a measure covers, and its median and 90th percentile."""

    count: int
    median: float | None
    ninetieth: float | None

    @classmethod
    def of(cls, values: list) -> "Times":
        return cls(len(values), rules.percentile(values, 0.5), rules.percentile(values, 0.9))


def _in_database() -> bool:
    return connection.vendor == "postgresql"


def _held_interviews(scope: Scope) -> QuerySet:
    """One row per application in scope with a held interview, from the interviews'
    side (far fewer than the applications): its submission and first held start."""
    return (
        Interview.objects.filter(
            status=InterviewStatus.HELD, application__in=applications_in(scope)
        )
        .values("application_id", "application__submitted_at")
        .annotate(held_at=Min("slot__start"))
        .order_by()
    )


def days_to_first_interview(scope: Scope) -> list[float]:
    """Days from submission to the first held interview's start, for each application
    in scope that had one (the measure of HR's interview report, recruitment.reports)."""
    return [
        rules.days_between(row["application__submitted_at"], row["held_at"])
        for row in _held_interviews(scope)
    ]


def interview_times(scope: Scope) -> Times:
    """``days_to_first_interview``'s count, median and 90th percentile (one query; the
    percentiles worked out by PostgreSQL, elsewhere from the values)."""
    if not _in_database():
        return Times.of(days_to_first_interview(scope))
    elapsed = _held_interviews(scope).annotate(
        elapsed=F("held_at") - F("application__submitted_at")
    )
    found = elapsed.aggregate(
        count=Count("*"),
        median=PercentileDisc("elapsed", 0.5, output_field=DurationField()),
        ninetieth=PercentileDisc("elapsed", 0.9, output_field=DurationField()),
    )
    # Rounding to a tenth of a day keeps the order, so the percentile of the rounded
    # days is the rounded percentile.
    return Times(
        found["count"],
        *(
            None if found[name] is None else rules.days_in(found[name])
            for name in ("median", "ninetieth")
        ),
    )


def _starts(scope: Scope) -> QuerySet:
    return applications_in(scope).filter(offers__staff_record__start_date__isnull=False)


def days_to_start(scope: Scope) -> list[int]:
    """Days from submission to the first day on the staff record its offer made."""
    dates = _starts(scope).values_list("submitted_at", "offers__staff_record__start_date")
    return [(start - local_date(submitted)).days for submitted, start in dates]


def start_times(scope: Scope) -> Times:
    """``days_to_start``'s count, median and 90th percentile (one query)."""
    if not _in_database():
        return Times.of(days_to_start(scope))
    days = _starts(scope).annotate(
        days=Func(
            F("offers__staff_record__start_date"),
            TruncDate("submitted_at", tzinfo=local_zone()),
            template="(%(expressions)s)",
            arg_joiner=" - ",
            output_field=IntegerField(),
        )
    )
    found = days.aggregate(
        count=Count("*"),
        median=PercentileDisc("days", 0.5, output_field=IntegerField()),
        ninetieth=PercentileDisc("days", 0.9, output_field=IntegerField()),
    )
    return Times(found["count"], found["median"], found["ninetieth"])


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
    for every month of the scope (the rule of HR's interview report,
    ``rules.fast_track_promise``, counted in the database: one query)."""
    today = today or timezone.localdate()
    zone = local_zone()
    offered = Q(interview_offered_at__isnull=False)
    rows = (
        applications_in(scope)
        .filter(is_fast_track=True, fast_track_due__isnull=False)
        # Due once the offer was made or the due date has passed.
        .filter(offered | Q(fast_track_due__lt=today))
        .annotate(month=TruncMonth("submitted_at", tzinfo=zone))
        .values("month")
        .annotate(
            due=Count("pk"),
            kept=Count(
                "pk",
                filter=offered
                & LessThanOrEqual(
                    TruncDate("interview_offered_at", tzinfo=zone), F("fast_track_due")
                ),
            ),
        )
        .order_by()
    )
    counts = {_as_date(row["month"]): (row["due"], row["kept"]) for row in rows}
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
