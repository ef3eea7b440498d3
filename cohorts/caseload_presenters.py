"""What the caseload panel and the team view show: figures, a small SVG chart and tables."""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from cohorts import caseload_rules
from cohorts.models import CaseloadCount
from cohorts.presenters import Column, log_table
from portal.templatetags.govuk import govuk_date

WEEKS_SHOWN = 12
CHART_WIDTH, CHART_HEIGHT, CHART_PAD = 480, 160, 24


@dataclass(frozen=True)
class Bar:
    x: int
    y: int
    width: int
    height: int
    over: bool
    label: str


def recent_counts(enrolment, today: datetime.date, weeks: int = WEEKS_SHOWN) -> list:
    """The member's counts in the last ``weeks`` weeks, oldest first: one query."""
    since = today - datetime.timedelta(weeks=weeks)
    return list(
        CaseloadCount.objects.filter(person_id=enrolment.member_id, date__gt=since, date__lte=today)
        .only("date", "count")
        .order_by("date")
    )


def chart(counts, cap: int | None) -> dict:
    """Bars for each count and a line at the cap, in an SVG's own coordinates."""
    top = max([c.count for c in counts] + [cap or 0, 1])
    inner = CHART_HEIGHT - 2 * CHART_PAD
    slot = (CHART_WIDTH - 2 * CHART_PAD) // max(len(counts), 1)
    bars = []
    for index, row in enumerate(counts):
        height = round(inner * row.count / top)
        bars.append(
            Bar(
                x=CHART_PAD + index * slot + slot // 6,
                y=CHART_PAD + inner - height,
                width=max(slot * 2 // 3, 2),
                height=height,
                over=caseload_rules.is_over(row.count, cap),
                label=f"{govuk_date(row.date)}: {row.count}",
            )
        )
    cap_y = CHART_PAD + inner - round(inner * cap / top) if cap is not None else None
    return {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "bars": bars,
        "cap_y": cap_y,
        "left": CHART_PAD,
        "right": CHART_WIDTH - CHART_PAD,
        "baseline": CHART_HEIGHT - CHART_PAD,
    }


def panel(enrolment, today: datetime.date) -> dict:
    """The caseload panel of a one-screen page, from a described enrolment plus one query."""
    cap = getattr(enrolment, "caseload_cap", None)
    counts = recent_counts(enrolment, today)
    latest = counts[-1] if counts else None
    if latest is None and getattr(enrolment, "latest_caseload", None) is not None:
        latest_count, latest_on = enrolment.latest_caseload, enrolment.latest_caseload_on
    else:
        latest_count, latest_on = (latest.count, latest.date) if latest else (None, None)
    if latest_count is None:
        text = _("No caseload count recorded yet.")
    elif cap is None:
        text = _("%(count)s cases on %(date)s. This programme has no caseload cap.") % {
            "count": latest_count,
            "date": govuk_date(latest_on),
        }
    else:
        text = _("%(count)s cases on %(date)s, against a cap of %(cap)s.") % {
            "count": latest_count,
            "date": govuk_date(latest_on),
            "cap": cap,
        }
    return {
        "cap": cap,
        "latest": latest_count,
        "text": text,
        "breach": getattr(enrolment, "caseload_breach", None),
        "over": caseload_rules.is_over(latest_count, cap),
        "chart": chart(counts, cap) if counts else None,
        "chart_text": _(
            "Bar chart of the caseload counts of the last %(weeks)s weeks, from %(low)s to "
            "%(high)s cases; the line is the cap. The numbers are in the table below."
        )
        % {
            "weeks": WEEKS_SHOWN,
            "low": min(c.count for c in counts),
            "high": max(c.count for c in counts),
        }
        if counts
        else "",
        "table": log_table(
            reversed(counts),
            caption=_("Caseload counts, newest first"),
            columns=[
                Column(_("Date"), lambda c: govuk_date(c.date)),
                Column(_("Cases"), lambda c: c.count, numeric=True),
            ],
        )
        if counts
        else None,
    }
