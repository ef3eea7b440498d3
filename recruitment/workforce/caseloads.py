"""The workforce page's "Caseloads" section.

From the monthly totals (``WorkforceMonth``): each worker's latest caseload count
on the month's last day, added up by team, with protected learners (those under a
programme's caseload cap that day) counted apart, and those above their cap.
"""

from collections import defaultdict

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from portal.models import Team
from recruitment.workforce import charts, rules
from recruitment.workforce.headcount import NO_TEAM, month_label, scoped
from recruitment.workforce.models import WorkforceMonth
from recruitment.workforce.sections import (
    SMALL,
    DataTable,
    Headline,
    Linked,
    Scope,
    Section,
    count_or_small,
)

SLUG = "caseloads"
TITLE = _("Caseloads")
TEAMS_URL = "/supervision/teams/"
BREACHES_URL = "/admin/cohorts/caseload-breaches/"
FIELDS = (
    "caseload_workers",
    "caseload_total",
    "protected_workers",
    "protected_caseload_total",
    "over_cap",
)

HELP = _(
    "A worker's caseload is their latest count in the four weeks up to the month's "
    "last day (the weekly caseload counts); workers with no recent count are left out.\n"
    "The average caseload is the children's cases counted divided by the workers "
    "counted. “Without protected learners” leaves out learners whose programme caps "
    "their caseload that day (ASYE and other protected years), so it reads as the "
    "caseload of the established workforce.\n"
    "Above their cap: protected learners whose count was over their programme's cap "
    "on the month's last day.\n"
    "A team's average is not shown where fewer than 5 workers were counted, and any "
    "count under 5 in a team is shown as “fewer than 5”."
)


def averages(figures: dict) -> tuple[float | None, float | None]:
    """(average caseload, average without protected learners), None with no workers."""
    everyone = rules.rate(figures["caseload_total"], figures["caseload_workers"])
    others = rules.rate(
        figures["caseload_total"] - figures["protected_caseload_total"],
        figures["caseload_workers"] - figures["protected_workers"],
    )
    return everyone, others


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def build(scope: Scope) -> Section:
    months = scope.months
    annotations = {f"{name}_sum": Sum(name) for name in FIELDS}
    by_month: dict = defaultdict(lambda: dict.fromkeys(FIELDS, 0))
    rows = (
        scoped(
            WorkforceMonth.objects.filter(month__range=(scope.first_month, scope.last_month)),
            scope,
        )
        .values("month")
        .annotate(**annotations)
        .order_by()
    )
    for row in rows:
        for name in FIELDS:
            by_month[row["month"]][name] += row[f"{name}_sum"] or 0

    if not any(by_month[month]["caseload_workers"] for month in months if month in by_month):
        return Section(
            slug=SLUG,
            title=str(TITLE),
            summary="",
            help=str(HELP),
            empty=str(
                _(
                    "No caseload counts in the monthly snapshots of this period yet: they "
                    "come from the weekly caseload counts."
                )
            ),
        )

    per_month = []
    month_rows = []
    for month in months:
        figures = by_month[month] if month in by_month else dict.fromkeys(FIELDS, 0)
        everyone, others = averages(figures)
        per_month.append((everyone, others, figures["over_cap"]))
        month_rows.append(
            [
                month,
                figures["caseload_workers"],
                _round(everyone),
                _round(others),
                figures["protected_workers"],
                figures["over_cap"],
            ]
        )

    # By team in the last month -----------------------------------------------------
    team_sums: dict = defaultdict(lambda: dict.fromkeys(FIELDS, 0))
    for row in (
        scoped(WorkforceMonth.objects.filter(month=scope.last_month), scope)
        .values("team_id")
        .annotate(**annotations)
        .order_by()
    ):
        for name in FIELDS:
            team_sums[row["team_id"]][name] += row[f"{name}_sum"] or 0
    teams = Team.objects.order_by("service_area__sort_order", "service_area__name", "name")
    if scope.area_ids is not None:
        teams = teams.filter(service_area_id__in=scope.area_ids)
    if scope.team_id is not None:
        teams = teams.filter(pk=scope.team_id)
    team_list = list(teams.values_list("pk", "name", "service_area__name"))
    if None in team_sums:
        team_list.append((None, str(NO_TEAM), ""))
    team_rows = [
        _team_row(scope, name, area, team_sums.get(team_id)) for team_id, name, area in team_list
    ]

    last = by_month.get(scope.last_month) or dict.fromkeys(FIELDS, 0)
    everyone, others = averages(last)
    first_known = next((values for values in per_month if values[0] is not None), None)
    month_text = f"{scope.last_month:%B %Y}"
    summary = str(
        _("The average caseload was %(now)s at the end of %(month)s")
        % {
            "now": _shown(everyone),
            "month": month_text,
        }
    )
    if first_known is not None and len(months) > 1 and first_known[0] != everyone:
        summary += str(
            _(", from %(then)s at the start of the period") % {"then": _shown(first_known[0])}
        )
    summary += str(
        _("; %(over)s protected learners were above their cap.")
        % {"over": _shown(count_or_small(last["over_cap"]))}
    )

    links = scope.links_to_records
    headlines = [
        Headline(
            str(_("Average caseload at the end of %(month)s") % {"month": month_text}),
            _round(everyone),
            hint=str(_("%(workers)s workers counted") % {"workers": last["caseload_workers"]}),
            href=TEAMS_URL if links else "",
        ),
        Headline(str(_("Average without protected learners")), _round(others)),
        Headline(
            str(_("Protected learners above their cap")),
            count_or_small(last["over_cap"]),
            hint=str(
                _("of %(learners)s protected learners counted")
                % {"learners": last["protected_workers"]}
            ),
            href=BREACHES_URL if links else "",
        ),
    ]
    labels = [month_label(month) for month in months]
    chart_list = [
        charts.line(
            labels=labels,
            series={
                str(_("Average caseload")): [_round(values[0]) for values in per_month],
                str(_("Without protected learners")): [_round(values[1]) for values in per_month],
            },
            y_title=str(_("Cases per worker")),
            summary=summary,
            table_id="table-caseloads-by-month",
        ),
        charts.bars(
            labels=labels,
            series={str(_("Above their cap")): [values[2] for values in per_month]},
            y_title=str(_("Protected learners")),
            summary=str(
                _("Protected learners above their caseload cap by month: %(over)s in %(month)s.")
                % {"over": last["over_cap"], "month": month_text}
            ),
            table_id="table-caseloads-by-month",
        ),
    ]
    tables = [
        DataTable(
            slug="caseloads-by-team",
            caption=str(_("Caseloads by team at the end of %(month)s") % {"month": month_text}),
            head=[
                str(_("Team")),
                str(_("Service area")),
                str(_("Workers counted")),
                str(_("Average caseload")),
                str(_("Without protected learners")),
                str(_("Protected learners")),
                str(_("Above their cap")),
            ],
            rows=team_rows,
            numeric_from=2,
        ),
        DataTable(
            slug="caseloads-by-month",
            caption=str(_("Caseloads by month")),
            head=[
                str(_("Month")),
                str(_("Workers counted")),
                str(_("Average caseload")),
                str(_("Without protected learners")),
                str(_("Protected learners")),
                str(_("Above their cap")),
            ],
            rows=month_rows,
        ),
    ]
    return Section(
        slug=SLUG,
        title=str(TITLE),
        summary=summary,
        help=str(HELP),
        headlines=headlines,
        charts=chart_list,
        tables=tables,
    )


def _shown(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def _team_row(scope, name, area, figures) -> list:
    figures = figures or dict.fromkeys(FIELDS, 0)
    everyone, others = averages(figures)
    workers = figures["caseload_workers"]
    few = rules.is_small(workers)
    over = count_or_small(figures["over_cap"])
    if scope.links_to_records and figures["over_cap"]:
        over = Linked(over, BREACHES_URL)
    return [
        name,
        area or "",
        count_or_small(workers),
        SMALL if few else _round(everyone),
        SMALL if few else _round(others),
        count_or_small(figures["protected_workers"]),
        over,
    ]
