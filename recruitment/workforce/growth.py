"""The workforce page's "Growth plan" section: the active plan against its target.

Recomputed from the rows on every view (nothing projected is stored): the
permanent headcount from the monthly snapshots (``WorkforceMonth``), the plan's
intakes (``PlannedIntake``), and the expected leavers from the current 12-month
turnover rate. Cohorts starting after the baseline and open campaigns that the
plan does not count yet are listed apart, as suggestions, and change nothing.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.models import CampaignPage
from cohorts.models import Cohort
from portal.models import StaffRecord
from recruitment.workforce import charts, rules
from recruitment.workforce.models import EMPLOYED_TYPES, GrowthPlan, PlannedIntake, WorkforceMonth
from recruitment.workforce.sections import DataTable, Headline, Linked, Scope, Section, percent

SLUG = "growth"
TITLE = _("Growth plan")
# How far past the target date the projection looks for the month the target is met.
HORIZON_AFTER_TARGET = 24

HELP = _(
    "The plan counts permanent staff only: the permanent headcount on the last day of "
    "each month, from the staff records' monthly snapshots.\n"
    "Expected leavers use the current 12-month turnover rate, as the national "
    "children's social work workforce census defines it: permanent, fixed-term and "
    "seconded staff who left in the 12 months, over the headcount at the end of them. "
    "Each month loses the headcount at its start times that rate over twelve.\n"
    "Planned intakes are the plan's own rows, counted in their month. Cohorts starting "
    "after the baseline and open campaigns are suggestions: they are not counted until "
    "HR or the workforce lead add them to the plan.\n"
    "The plan is for the whole council, so service area and team filters do not apply."
)


@dataclass(frozen=True)
class Suggestion:
    month: datetime.date | None
    label: str
    size: int | None
    href: str = ""


def active_plan() -> GrowthPlan | None:
    return GrowthPlan.objects.filter(is_active=True).first()


def _monthly(first: datetime.date, last: datetime.date) -> dict[datetime.date, dict]:
    """Permanent and employed headcount and employed leavers per month: one query."""
    rows = (
        WorkforceMonth.objects.filter(month__gte=first, month__lte=last)
        .values("month")
        .annotate(
            permanent=Sum(
                "headcount", filter=Q(employment_type=StaffRecord.EmploymentType.PERMANENT)
            ),
            employed=Sum("headcount", filter=Q(employment_type__in=EMPLOYED_TYPES)),
            employed_leavers=Sum("leavers", filter=Q(employment_type__in=EMPLOYED_TYPES)),
        )
        .order_by("month")
    )
    return {row["month"]: row for row in rows}


def current_turnover(
    monthly: dict[datetime.date, dict], month: datetime.date
) -> tuple[float | None, int, int]:
    """The 12-month turnover rate to ``month``: (rate, leavers, headcount at the end)."""
    year = rules.months_between(rules.add_months(month, -11), month)
    leavers = sum((monthly.get(m) or {}).get("employed_leavers") or 0 for m in year)
    headcount = (monthly.get(month) or {}).get("employed") or 0
    return (
        rules.turnover_rate(leavers_in_year=leavers, headcount_at_end=headcount),
        leavers,
        headcount,
    )


def _suggestions(plan: GrowthPlan, intakes: list[PlannedIntake], links: bool) -> list[Suggestion]:
    counted_cohorts = {intake.cohort_id for intake in intakes if intake.cohort_id}
    counted_campaigns = {intake.campaign_id for intake in intakes if intake.campaign_id}
    cohorts = (
        Cohort.objects.filter(
            start_date__gt=rules.month_end(plan.baseline_month),
            start_date__lte=rules.month_end(rules.month_start(plan.target_date)),
        )
        .exclude(pk__in=counted_cohorts)
        .annotate(enrolled=Count("enrolments"))
        .order_by("start_date")
        .only("pk", "name", "start_date", "capacity")
    )
    found = [
        Suggestion(
            month=rules.month_start(cohort.start_date),
            label=str(_("Cohort: %(name)s") % {"name": cohort.name}),
            # Who is enrolled; the places while nobody is yet.
            size=cohort.enrolled or cohort.capacity,
            href=reverse("cohorts_cohort:edit", args=[cohort.pk]) if links else "",
        )
        for cohort in cohorts
    ]
    campaigns = (
        CampaignPage.objects.live()
        .open_on(timezone.localdate())
        .exclude(pk__in=counted_campaigns)
        .order_by("title")
        .only("pk", "title", "closing_date")
    )
    found += [
        Suggestion(
            month=rules.month_start(campaign.closing_date) if campaign.closing_date else None,
            label=str(_("Open campaign: %(title)s") % {"title": campaign.title}),
            size=None,
            href=reverse("wagtailadmin_pages:edit", args=[campaign.pk]) if links else "",
        )
        for campaign in campaigns
    ]
    return found


def _no_plan() -> Section:
    return Section(
        slug=SLUG,
        title=str(TITLE),
        summary="",
        help=str(HELP),
        empty=str(
            _(
                "There is no growth plan yet. HR or the workforce lead set one in the back "
                "office: Workforce, then Growth plans, with its planned intakes."
            )
        ),
    )


def build(scope: Scope) -> Section:
    if scope.area_ids is not None or scope.team_id is not None:
        return Section(
            slug=SLUG,
            title=str(TITLE),
            summary="",
            help=str(HELP),
            empty=str(
                _(
                    "The growth plan is for the whole council: it is shown without a service "
                    "area or team filter, to those who see every service area."
                )
            ),
        )
    plan = active_plan()
    if plan is None:
        return _no_plan()
    intakes = list(plan.intakes.order_by("month", "pk"))
    baseline = rules.month_start(plan.baseline_month)
    target_month = rules.month_start(plan.target_date)
    now = scope.last_month
    monthly = _monthly(rules.add_months(min(baseline, now), -12), max(now, baseline))
    actual = {
        month: row["permanent"] or 0
        for month, row in monthly.items()
        if row["permanent"] is not None
    }
    known = sorted(month for month in actual if month <= baseline)
    if not known:
        section = _no_plan()
        section.empty = str(
            _(
                "There are no monthly snapshots for the plan's baseline, %(month)s, yet: "
                "the projection starts once one is taken."
            )
            % {"month": f"{baseline:%B %Y}"}
        )
        return section
    base_headcount = actual[known[-1]]
    since = sorted(month for month in actual if baseline <= month <= now)
    start_month = since[-1] if since else baseline
    start_headcount = actual.get(start_month, base_headcount)
    turnover, leavers_in_year, employed_now = current_turnover(monthly, start_month)
    horizon = len(rules.months_between(start_month, target_month)) + HORIZON_AFTER_TARGET
    projection = rules.project_headcount(
        start_month=start_month,
        start_headcount=start_headcount,
        target_increase=plan.increase,
        target_date=plan.target_date,
        intakes={intake.month: intake.size for intake in intakes},
        annual_turnover=turnover,
        horizon_months=horizon,
        baseline=(baseline, base_headcount),
    )
    shown_until = max(target_month, projection.reached_in or target_month)
    rows = [p for p in projection.months if p.month <= shown_until]
    history = [m for m in rules.months_between(baseline, start_month) if m < start_month]
    links = scope.links_to_records
    labels = [f"{m:%b %Y}" for m in history] + [f"{p.month:%b %Y}" for p in rows]
    span = max(1, len(rules.months_between(baseline, target_month)) - 1)

    def target_on(month):
        elapsed = len(rules.months_between(baseline, month)) - 1
        return round(base_headcount + plan.increase * min(elapsed, span) / span, 1)

    chart = charts.line(
        labels=labels,
        series={
            _("Permanent headcount"): [actual.get(m) for m in history]
            + [start_headcount]
            + [None] * (len(rows) - 1),
            _("Projected"): [None] * len(history) + [p.headcount for p in rows],
            _("Target"): [target_on(m) for m in history] + [p.target for p in rows],
        },
        summary=_outcome_sentence(plan, projection),
        table_id="table-growth-projection",
        y_title=str(_("Permanent staff")),
    )
    projection_table = DataTable(
        slug="projection",
        caption=str(_("Permanent headcount: actual, projected and the target line")),
        head=[
            str(_("Month")),
            str(_("Actual")),
            str(_("Projected")),
            str(_("Target")),
            str(_("Planned joiners")),
            str(_("Expected leavers")),
        ],
        rows=[[m, actual.get(m), None, target_on(m), None, None] for m in history]
        + [
            [
                p.month,
                actual.get(p.month) if p.month == start_month else None,
                p.headcount,
                p.target,
                p.joiners,
                p.leavers,
            ]
            for p in rows
        ],
    )

    def intake_link(intake, value):
        if not links:
            return value
        return Linked(value, reverse("workforce_planned_intake:edit", args=[intake.pk]))

    intakes_table = DataTable(
        slug="intakes",
        caption=str(_("Planned intakes")),
        head=[str(_("Month")), str(_("What it is")), str(_("People"))],
        rows=[[intake.month, intake_link(intake, intake.label), intake.size] for intake in intakes],
    )
    suggestions = _suggestions(plan, intakes, links)
    suggested_table = DataTable(
        slug="suggested",
        caption=str(_("Suggested intakes not in the plan (not counted)")),
        head=[str(_("Month")), str(_("What it is")), str(_("People"))],
        rows=[
            [s.month, Linked(s.label, s.href) if s.href else s.label, s.size] for s in suggestions
        ],
    )
    expected_leavers = None if turnover is None else round(start_headcount * turnover, 1)
    headlines = [
        Headline(
            str(_("Target")),
            str(
                _("%(increase)s more permanent staff by %(date)s: %(goal)s")
                % {
                    "increase": plan.increase,
                    "date": f"{plan.target_date:%-d %B %Y}",
                    "goal": f"{projection.target:,}",
                }
            ),
            hint=str(
                _("%(name)s, from %(count)s in %(month)s")
                % {"name": plan.name, "count": f"{base_headcount:,}", "month": f"{baseline:%B %Y}"}
            ),
        ),
        Headline(
            str(_("Permanent headcount")),
            start_headcount,
            hint=f"{start_month:%B %Y}",
        ),
        Headline(str(_("Planned joiners")), sum(intake.size for intake in intakes)),
        Headline(
            str(_("Turnover (12 months)")),
            percent(turnover),
            hint=str(
                _("%(leavers)s leavers over a headcount of %(headcount)s")
                % {"leavers": leavers_in_year, "headcount": employed_now}
            ),
        ),
        Headline(str(_("Expected leavers in a year")), expected_leavers),
        Headline(
            str(_("On the current plan")),
            _outcome_sentence(plan, projection),
        ),
    ]
    return Section(
        slug=SLUG,
        title=str(TITLE),
        summary=_outcome_sentence(plan, projection),
        help=str(HELP),
        headlines=headlines,
        charts=[chart],
        tables=[projection_table, intakes_table, suggested_table],
    )


def _outcome_sentence(plan: GrowthPlan, projection: rules.Projection) -> str:
    target_month = rules.month_start(plan.target_date)
    if projection.reached_in is not None and projection.reached_in <= target_month:
        return str(
            _("On the current plan the permanent workforce reaches %(goal)s in %(month)s.")
            % {"goal": f"{projection.target:,}", "month": f"{projection.reached_in:%B %Y}"}
        )
    text = _(
        "On the current plan the permanent workforce is %(short)s short of %(goal)s on %(date)s."
    ) % {
        "short": f"{projection.shortfall:,}",
        "goal": f"{projection.target:,}",
        "date": f"{plan.target_date:%-d %B %Y}",
    }
    if projection.reached_in is not None:
        text = f"{text} " + _("It reaches it in %(month)s.") % {
            "month": f"{projection.reached_in:%B %Y}"
        }
    return str(text)
