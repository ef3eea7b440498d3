"""The workforce page's "Headcount and agency use" section.

Read from the monthly totals (``WorkforceMonth``, ``VacancyMonth``) with a fixed
handful of aggregate queries, whatever the size of the workforce: headcount by
employment type, vacancies, the agency share, 12-month turnover and stability
(the census definitions in ``rules``) and the estimated agency spend from the
rate card.
"""

import datetime
from collections import defaultdict
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from portal.calendar import bank_holidays
from portal.models import StaffRecord, Team
from recruitment.workforce import charts, rules
from recruitment.workforce.models import AgencyDayRate, VacancyMonth, WorkforceMonth
from recruitment.workforce.sections import (
    DataTable,
    Headline,
    Linked,
    Scope,
    Section,
    count_or_small,
    percent,
)

SLUG = "headcount"
TITLE = _("Headcount and agency use")

Type = StaffRecord.EmploymentType
# The four groups a leader reads; secondment is counted with fixed term.
GROUPS = {
    "permanent": (_("Permanent"), (Type.PERMANENT,)),
    "fixed_term": (_("Fixed term or secondment"), (Type.FIXED_TERM, Type.SECONDMENT)),
    "agency": (_("Agency"), (Type.AGENCY,)),
    "learner": (_("Learners"), (Type.LEARNER,)),
}
GROUP_OF = {kind: group for group, (_label, kinds) in GROUPS.items() for kind in kinds}
EMPLOYED = ("permanent", "fixed_term")
STAFF_RECORDS_URL = "/admin/staff/records/"
NO_TEAM = _("No team recorded")

HELP = _(
    "Headcount is everyone with a staff record on the last day of each month, from the "
    "monthly snapshot of the staff records (so later edits do not rewrite history); "
    "secondments are counted with fixed term.\n"
    "Agency share: agency workers as a share of agency, permanent and fixed-term "
    "workers (learners are not counted), as in the Department for Education's "
    "children's social work workforce census.\n"
    "Vacancies are the posts on vacancies open on the month's last day; the vacancy "
    "rate is vacancies as a share of vacancies and filled posts (permanent, fixed-term "
    "and agency headcount).\n"
    "Turnover (census definition): employed staff (permanent, fixed term and "
    "secondment; not agency workers or learners) who left in the 12 months to the "
    "month, as a share of employed headcount at its end. Stability: employed staff "
    "with 12 months' continuous service at the month's end, as a share of employed "
    "headcount 12 months earlier. Both need a year of history before the month.\n"
    "Estimated agency spend: each grade's agency full-time equivalent on the month's "
    "last day times the rate card's day rate in force on the month's first day times "
    "the month's working days (Monday to Friday, less bank holidays in England). "
    "Grades with no rate on the card are left out and named.\n"
    "Any count under 5 in a team is shown as “fewer than 5”."
)


def scoped(queryset, scope: Scope):
    """Rows of ``WorkforceMonth`` or ``VacancyMonth`` in the viewer's areas and team."""
    if scope.area_ids is not None:
        queryset = queryset.filter(service_area_id__in=scope.area_ids)
    if scope.team_id is not None:
        queryset = queryset.filter(team_id=scope.team_id)
    return queryset


def month_label(month: datetime.date) -> str:
    return f"{month:%b %Y}"


def staff_records_url(**filters) -> str:
    """The back office's list of staff records, filtered (``portal.staff_admin``)."""
    query = {name: value for name, value in filters.items() if value not in (None, "")}
    return STAFF_RECORDS_URL + ("?" + urlencode(query) if query else "")


def _month_totals(scope: Scope, first: datetime.date) -> dict:
    """(month, group) → headcount, leavers, stable, from ``first`` to the last month."""
    totals: dict = defaultdict(lambda: {"headcount": 0, "leavers": 0, "stable": 0})
    rows = (
        scoped(WorkforceMonth.objects.filter(month__range=(first, scope.last_month)), scope)
        .values("month", "employment_type")
        .annotate(
            headcount_sum=Sum("headcount"), leavers_sum=Sum("leavers"), stable_sum=Sum("stable")
        )
        .order_by()
    )
    for row in rows:
        cell = totals[(row["month"], GROUP_OF.get(row["employment_type"], "permanent"))]
        cell["headcount"] += row["headcount_sum"] or 0
        cell["leavers"] += row["leavers_sum"] or 0
        cell["stable"] += row["stable_sum"] or 0
    return totals


def _vacancies(scope: Scope) -> tuple[dict, dict]:
    """Posts by month, and by team in the last month."""
    by_month, by_team = defaultdict(int), defaultdict(int)
    rows = (
        scoped(
            VacancyMonth.objects.filter(month__range=(scope.first_month, scope.last_month)), scope
        )
        .values("month", "team_id")
        .annotate(posts_sum=Sum("posts"))
        .order_by()
    )
    for row in rows:
        by_month[row["month"]] += row["posts_sum"] or 0
        if row["month"] == scope.last_month:
            by_team[row["team_id"]] += row["posts_sum"] or 0
    return by_month, by_team


def _team_headcount(scope: Scope) -> dict:
    """team id → group → headcount in the last month."""
    found: dict = defaultdict(lambda: defaultdict(int))
    rows = (
        scoped(WorkforceMonth.objects.filter(month=scope.last_month), scope)
        .values("team_id", "employment_type")
        .annotate(headcount_sum=Sum("headcount"))
        .order_by()
    )
    for row in rows:
        group = GROUP_OF.get(row["employment_type"], "permanent")
        found[row["team_id"]][group] += row["headcount_sum"] or 0
    return found


def _teams(scope: Scope) -> list[tuple]:
    """(id, name, service area) of every team in scope, with or without staff."""
    teams = Team.objects.order_by("service_area__sort_order", "service_area__name", "name")
    if scope.area_ids is not None:
        teams = teams.filter(service_area_id__in=scope.area_ids)
    if scope.team_id is not None:
        teams = teams.filter(pk=scope.team_id)
    return list(teams.values_list("pk", "name", "service_area__name"))


def _agency_fte(scope: Scope) -> dict:
    """month → grade → agency FTE on the month's last day."""
    found: dict = defaultdict(dict)
    rows = (
        scoped(
            WorkforceMonth.objects.filter(
                month__range=(scope.first_month, scope.last_month), employment_type=Type.AGENCY
            ),
            scope,
        )
        .values("month", "grade")
        .annotate(fte_sum=Sum("fte"))
        .order_by()
    )
    for row in rows:
        if row["fte_sum"]:
            found[row["month"]][row["grade"]] = row["fte_sum"]
    return found


def _rate_card() -> dict[str, list[tuple[datetime.date, Decimal]]]:
    card = defaultdict(list)
    for grade, valid_from, day_rate in AgencyDayRate.objects.values_list(
        "grade", "valid_from", "day_rate"
    ):
        card[grade].append((valid_from, day_rate))
    return card


def agency_spend(
    fte_by_grade: dict[str, Decimal], card: dict, month: datetime.date
) -> tuple[Decimal | None, list[str], int]:
    """(estimated spend, grades with agency staff but no rate, working days) for a month."""
    days = rules.working_days(month, bank_holidays(month.year))
    total, unpriced = None, []
    for grade, fte in sorted(fte_by_grade.items()):
        cost = rules.agency_month_cost(
            fte=Decimal(fte), day_rate=rules.rate_on(card.get(grade, []), month), days=days
        )
        if cost is None:
            unpriced.append(grade)
            continue
        total = (total or Decimal("0")) + cost
    if total is None and not unpriced:
        total = Decimal("0")
    return total, unpriced, days


def _pounds(value: Decimal | None) -> str | None:
    return None if value is None else f"£{value:,.0f}"


def build(scope: Scope) -> Section:
    months = scope.months
    history_from = rules.add_months(scope.first_month, -12)
    totals = _month_totals(scope, history_from)
    vacancies_by_month, vacancies_by_team = _vacancies(scope)
    fte = _agency_fte(scope)
    card = _rate_card()
    grade_names = dict(StaffRecord.Grade.choices)

    def head(month, group):
        return totals[(month, group)]["headcount"] if (month, group) in totals else 0

    def employed(month, field="headcount"):
        return sum(totals[(month, group)][field] for group in EMPLOYED if (month, group) in totals)

    def turnover(month):
        if rules.add_months(month, -11) < history_from or not employed(month):
            return None
        leavers = sum(employed(rules.add_months(month, -back), "leavers") for back in range(12))
        return rules.turnover_rate(leavers_in_year=leavers, headcount_at_end=employed(month))

    def stability(month):
        return rules.stability_rate(
            stable_now=employed(month, "stable"),
            headcount_year_before=employed(rules.add_months(month, -12)),
        )

    month_rows, per_month = [], []
    for month in months:
        counts = {group: head(month, group) for group in GROUPS}
        total = sum(counts.values())
        filled = counts["permanent"] + counts["fixed_term"] + counts["agency"]
        posts = vacancies_by_month.get(month, 0)
        spend, unpriced, _days = agency_spend(fte.get(month, {}), card, month)
        figures = {
            "counts": counts,
            "total": total,
            "agency_share": rules.agency_rate(
                agency=counts["agency"], employed=counts["permanent"] + counts["fixed_term"]
            ),
            "vacancies": posts,
            "vacancy_rate": rules.vacancy_rate(vacancies=posts, filled=filled),
            "turnover": turnover(month),
            "stability": stability(month),
            "spend": spend,
            "unpriced": unpriced,
        }
        per_month.append(figures)
        month_rows.append(
            [
                month,
                *counts.values(),
                total,
                posts,
                percent(figures["vacancy_rate"]),
                percent(figures["agency_share"]),
                percent(figures["turnover"]),
                percent(figures["stability"]),
                _pounds(spend),
            ]
        )

    last = per_month[-1] if per_month else None
    if last is None or not any(figures["total"] for figures in per_month):
        return Section(
            slug=SLUG,
            title=str(TITLE),
            summary="",
            help=str(HELP),
            empty=str(
                _(
                    "No monthly snapshot of the staff records in this period yet. The "
                    "snapshot is taken each month; past months come from "
                    "“manage.py workforce_backfill”."
                )
            ),
        )

    # By team, in the last month ---------------------------------------------------
    by_team = _team_headcount(scope)
    team_rows = []
    known = set()
    for team_id, name, area in _teams(scope):
        known.add(team_id)
        team_rows.append(_team_row(scope, team_id, name, area, by_team, vacancies_by_team))
    for team_id in sorted(set(by_team) - known, key=lambda value: (value is not None, value)):
        if team_id is None:
            team_rows.append(_team_row(scope, None, str(NO_TEAM), "", by_team, vacancies_by_team))

    # Headlines ----------------------------------------------------------------------
    first = per_month[0]
    links = scope.links_to_records
    agency_hint = ""
    if first["agency_share"] is not None and len(per_month) > 1:
        agency_hint = str(
            _("%(share)s in %(month)s (%(agency)s agency workers then, %(now)s now)")
            % {
                "share": percent(first["agency_share"]),
                "month": f"{months[0]:%B %Y}",
                "agency": first["counts"]["agency"],
                "now": last["counts"]["agency"],
            }
        )
    spend_hint = ""
    if last["unpriced"]:
        spend_hint = str(
            _("No day rate on the rate card for %(grades)s: not counted.")
            % {"grades": ", ".join(str(grade_names.get(g, g)) for g in last["unpriced"])}
        )
    headlines = [
        Headline(
            str(_("Headcount at the end of %(month)s") % {"month": f"{scope.last_month:%B %Y}"}),
            last["total"],
            hint=", ".join(
                f"{label}: {last['counts'][group]}" for group, (label, _k) in GROUPS.items()
            ),
            href=staff_records_url(status="current") if links else "",
        ),
        Headline(str(_("Agency share")), percent(last["agency_share"]), hint=agency_hint),
        Headline(
            str(_("Vacancies (posts)")),
            last["vacancies"],
            hint=str(_("Vacancy rate %(rate)s") % {"rate": percent(last["vacancy_rate"]) or "–"}),
        ),
        Headline(str(_("Turnover in the last 12 months")), percent(last["turnover"])),
        Headline(str(_("Stability (12 months' service)")), percent(last["stability"])),
        Headline(
            str(_("Estimated agency spend in %(month)s") % {"month": f"{scope.last_month:%B %Y}"}),
            _pounds(last["spend"]),
            hint=spend_hint,
        ),
    ]

    # Charts -------------------------------------------------------------------------
    labels = [month_label(month) for month in months]
    summary = _summary(months, per_month)
    chart_list = [
        charts.bars(
            labels=labels,
            series={
                str(label): [figures["counts"][group] for figures in per_month]
                for group, (label, _k) in GROUPS.items()
            },
            stacked=True,
            y_title=str(_("People")),
            summary=str(
                _("Headcount by month: %(first)s at the start of the period, %(last)s at its end.")
                % {"first": first["total"], "last": last["total"]}
            ),
            table_id="table-by-month",
        ),
        charts.line(
            labels=labels,
            series={
                str(_("Agency share")): [figures["agency_share"] for figures in per_month],
                str(_("Turnover (12 months)")): [figures["turnover"] for figures in per_month],
                str(_("Stability")): [figures["stability"] for figures in per_month],
            },
            percent=True,
            summary=summary,
            table_id="table-by-month",
        ),
    ]

    # The last month's agency spend by grade -----------------------------------------
    spend_rows = []
    days = rules.working_days(scope.last_month, bank_holidays(scope.last_month.year))
    for grade, grade_fte in sorted(fte.get(scope.last_month, {}).items()):
        day_rate = rules.rate_on(card.get(grade, []), scope.last_month)
        cost = rules.agency_month_cost(fte=Decimal(grade_fte), day_rate=day_rate, days=days)
        spend_rows.append(
            [
                str(grade_names.get(grade, grade)),
                f"{grade_fte:.2f}",
                _pounds(day_rate) if day_rate is not None else str(_("No rate on the card")),
                days,
                _pounds(cost),
            ]
        )

    group_heads = [str(label) for label, _k in GROUPS.values()]
    tables = [
        DataTable(
            slug="by-team",
            caption=str(
                _("Headcount by team at the end of %(month)s")
                % {"month": f"{scope.last_month:%B %Y}"}
            ),
            head=[
                str(_("Team")),
                str(_("Service area")),
                *group_heads,
                str(_("Total")),
                str(_("Vacancies (posts)")),
                str(_("Agency share")),
            ],
            rows=team_rows,
            numeric_from=2,
        ),
        DataTable(
            slug="by-month",
            caption=str(_("Headcount, vacancies, agency share, turnover and stability by month")),
            head=[
                str(_("Month")),
                *group_heads,
                str(_("Total")),
                str(_("Vacancies (posts)")),
                str(_("Vacancy rate")),
                str(_("Agency share")),
                str(_("Turnover (12 months)")),
                str(_("Stability")),
                str(_("Estimated agency spend")),
            ],
            rows=month_rows,
        ),
        DataTable(
            slug="agency-spend",
            caption=str(
                _("Estimated agency spend by grade in %(month)s")
                % {"month": f"{scope.last_month:%B %Y}"}
            ),
            head=[
                str(_("Grade")),
                str(_("Agency FTE")),
                str(_("Day rate")),
                str(_("Working days")),
                str(_("Estimated spend")),
            ],
            rows=spend_rows,
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


def _team_row(scope, team_id, name, area, by_team, vacancies_by_team) -> list:
    counts = by_team.get(team_id, {})
    total = sum(counts.values())
    cells = []
    for group, (_label, kinds) in GROUPS.items():
        value = count_or_small(counts.get(group, 0))
        if scope.links_to_records and team_id is not None and counts.get(group):
            value = Linked(
                value,
                staff_records_url(
                    team=team_id,
                    employment_type=kinds[0] if len(kinds) == 1 else "",
                    status="current",
                ),
            )
        cells.append(value)
    share = rules.agency_rate(
        agency=counts.get("agency", 0),
        employed=counts.get("permanent", 0) + counts.get("fixed_term", 0),
    )
    return [
        name,
        area or "",
        *cells,
        count_or_small(total),
        vacancies_by_team.get(team_id, 0),
        # A share of a handful of people would give them away.
        None if rules.is_small(total) else percent(share),
    ]


def _summary(months, per_month) -> str:
    first, last = per_month[0], per_month[-1]
    if first["agency_share"] is None or last["agency_share"] is None or len(months) < 2:
        return str(
            _("%(total)s people at the end of %(month)s; agency share %(share)s.")
            % {
                "total": last["total"],
                "month": f"{months[-1]:%B %Y}",
                "share": percent(last["agency_share"]) or "–",
            }
        )
    direction = (
        _("fell")
        if last["agency_share"] < first["agency_share"]
        else _("rose")
        if last["agency_share"] > first["agency_share"]
        else _("held")
    )
    return str(
        _(
            "Agency share %(direction)s from %(first)s to %(last)s (%(agency_first)s to "
            "%(agency_last)s agency workers) between %(from)s and %(to)s."
        )
        % {
            "direction": direction,
            "first": percent(first["agency_share"]),
            "last": percent(last["agency_share"]),
            "agency_first": first["counts"]["agency"],
            "agency_last": last["counts"]["agency"],
            "from": f"{months[0]:%B %Y}",
            "to": f"{months[-1]:%B %Y}",
        }
    )
