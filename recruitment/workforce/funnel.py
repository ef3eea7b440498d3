"""The workforce page's "Recruitment" section: the funnel from application to first
day, by campaign, route and channel; the times to interview and to start; the
fast-track promise kept; and bespoke hires against the council's expectation."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from cms.choices import Route
from recruitment import conf
from recruitment.choices import HeardAbout
from recruitment.workforce import charts, funnel_selectors, rules
from recruitment.workforce.sections import (
    SMALL,
    DataTable,
    Headline,
    Linked,
    Scope,
    Section,
    count_or_small,
    percent,
)

SLUG = "funnel"
TITLE = _("Recruitment")

STAGE_LABELS = {
    "applications": _("Applications"),
    "fast_tracked": _("Fast-tracked to a bespoke interview"),
    "interviewed": _("Interviewed"),
    "offered": _("Offered a post"),
    "accepted": _("Accepted"),
    "started": _("Started"),
}
# Each step's conversion is from the step before it; fast-tracking is a side road.
STEPS = (
    ("interviewed", "applications"),
    ("offered", "interviewed"),
    ("accepted", "offered"),
    ("started", "accepted"),
)
STEP_HEADS = (
    _("Interviewed of applications"),
    _("Offered of interviewed"),
    _("Accepted of offered"),
    _("Started of accepted"),
)

HELP = _(
    "Applications are those submitted in the period (not drafts), for vacancies in the "
    "service areas (and team) chosen, and for the chosen campaign. Each later step "
    "counts those same applications: fast-tracked (routed to a bespoke interview); "
    "interviewed (an interview held); offered (an offer letter sent); accepted (an "
    "offer accepted or made unconditional); started (their first day came and a staff "
    "record was made). Each conversion is from the step before.\n"
    "Time to interview runs from submission to the start of the first interview held; "
    "time to start from submission to the first day on the staff record. Both give "
    "the median and the 90th percentile (nearest rank), in days.\n"
    "A fast-track promise is an interview offered within the working days the routing "
    "rule allows (5 by default), counted by the month of application once it falls due "
    "or the interview is offered, as in HR's interview report.\n"
    "Bespoke hires are fast-tracked applicants who started, by the month of their first "
    "day, against the {fewest} to {most} a month the council expects.\n"
    "Channels are the applicant's answer to where they heard about the job; sources are "
    "the tracking code of the advert they came from, or its UTM source. In the "
    "breakdowns a count under 5 shows as “fewer than 5”, and a conversion from such a "
    "count as “–”. No equality monitoring answer is used. The links open the "
    "applications in the back office, of every period."
)


def build(scope: Scope, *, breakdowns: bool = True) -> Section:
    """The section; without ``breakdowns`` (the home page, which shows the headlines
    only) it leaves out the tables by campaign, route, channel and source."""
    groups = funnel_selectors.funnel_groups(scope) if breakdowns else None
    totals = funnel_selectors.funnel_totals(scope, groups)
    fewest, most = conf.bespoke_hires_expected()
    section = Section(
        slug=SLUG,
        title=str(TITLE),
        summary="",
        help=str(HELP).format(fewest=fewest, most=most),
        empty=str(_("No applications were submitted in this period.")),
    )
    hires = funnel_selectors.bespoke_hires_by_month(scope)
    if not totals["applications"] and not hires:
        return section

    to_interview = funnel_selectors.interview_times(scope)
    to_start = funnel_selectors.start_times(scope)
    promises = funnel_selectors.promises_by_month(scope)
    due = sum(month.due for month in promises)
    kept = sum(month.kept for month in promises)
    hires_in_period = sum(hires.values())
    months_met = sum(fewest <= hires.get(month, 0) for month in scope.months)
    admin = _applications_admin(scope)

    section.summary = str(
        _("{applications} applications, of whom {started} started.").format(
            applications=f"{totals['applications']:,}", started=f"{totals['started']:,}"
        )
    )
    section.headlines = [
        Headline(str(_("Applications")), totals["applications"], href=admin({})),
        Headline(
            str(_("Started")),
            totals["started"],
            hint=str(_("{share} of applications")).format(
                share=percent(rules.rate(totals["started"], totals["applications"])) or "–"
            ),
        ),
        Headline(
            str(_("Median time to interview")),
            _days_text(to_interview.median),
        ),
        Headline(
            str(_("Fast-track promises kept")),
            percent(rules.rate(kept, due)),
            hint=str(_("{kept} of {due} due")).format(kept=kept, due=due),
        ),
        Headline(
            str(_("Bespoke hires")),
            hires_in_period,
            hint=str(
                _("{fewest} to {most} a month expected; met in {met} of {months} months")
            ).format(fewest=fewest, most=most, met=months_met, months=len(scope.months)),
        ),
    ]
    funnel_table = _funnel_table(totals, admin)
    times_table = _times_table(to_interview, to_start)
    promise_table = _promise_table(promises)
    hires_table = _hires_table(scope, hires, fewest, most)
    section.tables = [
        funnel_table,
        times_table,
        promise_table,
        hires_table,
    ]
    if breakdowns:
        section.tables += [
            _breakdown_table(scope, groups, breakdown, admin) for breakdown in BREAKDOWNS
        ]
    section.charts = [
        charts.bars(
            labels=[str(STAGE_LABELS[stage]) for stage in funnel_selectors.STAGES],
            series={str(_("People")): [totals[stage] for stage in funnel_selectors.STAGES]},
            summary=str(
                _(
                    "Of {applications} applications, {interviewed} were interviewed, "
                    "{offered} offered a post and {started} started."
                ).format(**{stage: f"{totals[stage]:,}" for stage in funnel_selectors.STAGES})
            ),
            table_id=f"table-{funnel_table.slug}",
            horizontal=True,
        ),
        charts.line(
            labels=[f"{month:%b %Y}" for month in scope.months],
            series={
                str(_("Bespoke hires")): [hires.get(month, 0) for month in scope.months],
                str(_("Expected, fewest")): [fewest] * len(scope.months),
                str(_("Expected, most")): [most] * len(scope.months),
            },
            summary=str(
                _(
                    "{hires} bespoke hires in {months} months; the {fewest} to {most} a month "
                    "expected were met in {met}."
                ).format(
                    hires=hires_in_period,
                    months=len(scope.months),
                    fewest=fewest,
                    most=most,
                    met=months_met,
                )
            ),
            table_id=f"table-{hires_table.slug}",
            y_title=str(_("Hires")),
        ),
        charts.line(
            labels=[f"{month.month:%b %Y}" for month in promises],
            series={str(_("Promises kept")): [month.share for month in promises]},
            summary=str(
                _("{kept} of {due} fast-track promises due in the period were kept.").format(
                    kept=kept, due=due
                )
            ),
            table_id=f"table-{promise_table.slug}",
            percent=True,
        ),
    ]
    return section


def _applications_admin(scope: Scope):
    """The back office's list of applications with these filters, or no link."""
    if not scope.links_to_records:
        return lambda filters: ""
    base = reverse("recruitment_application:index")

    def address(filters: dict) -> str:
        if scope.campaign_id and "campaign" not in filters:
            filters = {"campaign": scope.campaign_id, **filters}
        return f"{base}?{urlencode(filters)}" if filters else base

    return address


def _label(choices, value: str) -> str:
    if not value:
        return str(_("Not given"))
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def _days_text(days: float | None) -> str | None:
    return None if days is None else str(_("{days} days")).format(days=f"{days:g}")


def _conversion(part, whole):
    """A step's conversion, or nothing where either count is suppressed or zero."""
    if part is SMALL or whole is SMALL:
        return None
    return percent(rules.rate(part, whole))


def _funnel_table(totals: dict, admin) -> DataTable:
    before = dict(STEPS)
    rows = []
    for stage in funnel_selectors.STAGES:
        count = totals[stage]
        href = admin({}) if stage == "applications" else ""
        previous = before.get(stage)
        rows.append(
            [
                str(STAGE_LABELS[stage]),
                Linked(count, href) if href else count,
                percent(rules.rate(count, totals[previous])) if previous else None,
                percent(rules.rate(count, totals["applications"])),
            ]
        )
    return DataTable(
        slug="funnel",
        caption=str(_("The funnel, from application to first day")),
        head=[
            str(_("Step")),
            str(_("People")),
            str(_("Of the step before")),
            str(_("Of applications")),
        ],
        rows=rows,
    )


@dataclass(frozen=True)
class Breakdown:
    """One of the funnel's breakdown tables: the grouping, its words, how a row is
    named and which filters of HR's list show the records behind it (None: none do)."""

    key: str
    caption: object
    heading: object
    label: Callable[[dict], str]
    filters: Callable[[dict], dict | None]


BREAKDOWNS = (
    Breakdown(
        "campaign",
        _("By campaign"),
        _("Campaign"),
        lambda row: row["label"] or str(_("No campaign")),
        lambda row: {"campaign": row["key"]} if row["key"] else None,
    ),
    Breakdown(
        "route",
        _("By route"),
        _("Route"),
        lambda row: _label(Route, row["key"]),
        lambda row: {"route": row["key"]} if row["key"] else None,
    ),
    Breakdown(
        "heard_about",
        _("By channel (where they heard about the job)"),
        _("Channel"),
        lambda row: _label(HeardAbout, row["key"]),
        lambda row: None,
    ),
    Breakdown(
        "source",
        _("By source (tracking code or UTM source)"),
        _("Source"),
        lambda row: row["key"] or str(_("None recorded")),
        lambda row: {"channel": row["key"]} if row["key"] else None,
    ),
)


def _breakdown_table(scope, groups, breakdown: Breakdown, admin) -> DataTable:
    caption, heading = str(breakdown.caption), str(breakdown.heading)
    label, filters = breakdown.label, breakdown.filters
    rows = []
    for row in funnel_selectors.funnel_by(scope, breakdown.key, groups):
        counts = {stage: count_or_small(row[stage]) for stage in funnel_selectors.STAGES}
        wanted = filters(row)
        href = admin(wanted) if wanted is not None else ""
        applications = counts["applications"]
        rows.append(
            [
                label(row),
                Linked(applications, href) if href else applications,
                *(counts[stage] for stage in funnel_selectors.STAGES[1:]),
                *(_conversion(counts[part], counts[whole]) for part, whole in STEPS),
            ]
        )
    return DataTable(
        slug=f"by-{breakdown.key.replace('_', '-')}",
        caption=caption,
        head=[
            heading,
            *(str(STAGE_LABELS[stage]) for stage in funnel_selectors.STAGES),
            *(str(head) for head in STEP_HEADS),
        ],
        rows=rows,
    )


def _times_table(
    to_interview: funnel_selectors.Times, to_start: funnel_selectors.Times
) -> DataTable:
    rows = [
        [str(name), times.count, times.median, times.ninetieth]
        for name, times in (
            (_("From application to interview"), to_interview),
            (_("From application to first day"), to_start),
        )
    ]
    return DataTable(
        slug="times",
        caption=str(_("Time to interview and to start, in days")),
        head=[
            str(_("Measure")),
            str(_("Applications")),
            str(_("Median")),
            str(_("90th percentile")),
        ],
        rows=rows,
    )


def _promise_table(promises) -> DataTable:
    return DataTable(
        slug="promises",
        caption=str(_("Fast-track promises kept, by month of application")),
        head=[str(_("Month")), str(_("Due")), str(_("Kept")), str(_("Kept of due"))],
        rows=[[month.month, month.due, month.kept, percent(month.share)] for month in promises],
    )


def _hires_table(scope: Scope, hires: dict, fewest: int, most: int) -> DataTable:
    return DataTable(
        slug="bespoke-hires",
        caption=str(_("Bespoke hires by month of first day")),
        head=[
            str(_("Month")),
            str(_("Bespoke hires")),
            str(_("Expected, fewest")),
            str(_("Expected, most")),
        ],
        rows=[[month, hires.get(month, 0), fewest, most] for month in scope.months],
    )
