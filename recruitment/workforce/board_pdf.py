"""The worker's side of the board report: every section, a written summary, a PDF.

``board_report_make`` is what ``report_tasks`` runs: the report moves to MAKING,
its progress rises as each section is built, and it ends READY with its file in
private storage or FAILED with the reason (the page then offers to try again).
The sections are the page's own (``page.BUILDERS``), so the paper says what the
screen says; the charts are the same pictures, embedded as data addresses.
"""

import contextlib
import datetime
import gc
import logging

from django.core.files.base import ContentFile
from django.db.models import Q, Sum
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cohorts.models import Enrolment
from portal.models import StaffRecord
from recruitment.models import Application
from recruitment.workforce import growth, page, rules
from recruitment.workforce.models import EMPLOYED_TYPES, BoardReport, WorkforceMonth
from recruitment.workforce.sections import Scope, Section, percent, shown

logger = logging.getLogger(__name__)

# The board reads a year: the report's month and the eleven before it.
MONTHS = 12


def scope_for(report: BoardReport) -> Scope:
    area_ids = report.filters.get("area_ids")
    return Scope(
        first_month=rules.add_months(report.month, -(MONTHS - 1)),
        last_month=report.month,
        area_ids=None if area_ids is None else frozenset(area_ids),
        links_to_records=False,
    )


def _fetch_nothing():
    """The board report embeds its charts as data addresses: it fetches nothing else.

    WeasyPrint's own fetcher, allowed data: addresses only (a plain function is no
    longer accepted for images: WeasyPrint asks the fetcher how to fail)."""
    # Only where a PDF is made: WeasyPrint loads Pango and fonts when imported.
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols=("data",))


def _month_figures(scope: Scope) -> dict[datetime.date, dict]:
    rows = WorkforceMonth.objects.filter(month__in=[scope.first_month, scope.last_month]).values(
        "month"
    )
    if scope.area_ids is not None:
        rows = rows.filter(service_area_id__in=scope.area_ids)
    agency = StaffRecord.EmploymentType.AGENCY
    rows = rows.annotate(
        people=Sum("headcount"),
        agency=Sum("headcount", filter=Q(employment_type=agency)),
        employed=Sum("headcount", filter=Q(employment_type__in=EMPLOYED_TYPES)),
        workers=Sum("caseload_workers"),
        cases=Sum("caseload_total"),
    )
    return {row["month"]: row for row in rows}


def _year_counts(scope: Scope) -> dict:
    months = WorkforceMonth.objects.filter(
        month__gte=scope.first_month, month__lte=scope.last_month
    )
    if scope.area_ids is not None:
        months = months.filter(service_area_id__in=scope.area_ids)
    starters = months.aggregate(
        joined=Sum("starters", filter=Q(employment_type__in=EMPLOYED_TYPES))
    )["joined"]
    start = datetime.datetime.combine(scope.first_month, datetime.time.min)
    end = datetime.datetime.combine(rules.add_months(scope.last_month, 1), datetime.time.min)
    zone = timezone.get_current_timezone()
    applications = Application.objects.filter(
        submitted_at__gte=timezone.make_aware(start, zone),
        submitted_at__lt=timezone.make_aware(end, zone),
    ).count()
    completions = Enrolment.objects.filter(
        status=Enrolment.Status.COMPLETED,
        status_changed_on__gte=scope.first_month,
        status_changed_on__lte=rules.month_end(scope.last_month),
    ).count()
    return {"joined": starters or 0, "applications": applications, "completions": completions}


def written_summary(scope: Scope, sections: list[Section]) -> list[str]:
    """A few sentences made from the figures, for the report's first page."""
    figures = _month_figures(scope)
    first, last = figures.get(scope.first_month) or {}, figures.get(scope.last_month) or {}
    sentences = []
    if last.get("people"):
        agency_now = rules.agency_rate(agency=last["agency"] or 0, employed=last["employed"] or 0)
        text = _(
            "In %(month)s the workforce was %(headcount)s people, %(agency)s of them agency."
        ) % {
            "month": f"{scope.last_month:%B %Y}",
            "headcount": shown(last["people"]),
            "agency": percent(agency_now) or "–",
        }
        if first.get("people"):
            agency_then = rules.agency_rate(
                agency=first["agency"] or 0, employed=first["employed"] or 0
            )
            text += " " + _(
                "In %(month)s it was %(headcount)s, %(agency)s agency: a change of "
                "%(change)s people."
            ) % {
                "month": f"{scope.first_month:%B %Y}",
                "headcount": shown(first["people"]),
                "agency": percent(agency_then) or "–",
                "change": f"{last['people'] - first['people']:+,}",
            }
        sentences.append(text)
        average = rules.rate(last.get("cases"), last.get("workers"))
        if average is not None:
            sentences.append(
                _("The average caseload was %(average)s children per worker.")
                % {"average": f"{average:.1f}"}
            )
    else:
        sentences.append(
            _("There is no monthly snapshot for %(month)s.")
            % {"month": f"{scope.last_month:%B %Y}"}
        )
    if scope.area_ids is None:
        counts = _year_counts(scope)
        sentences.append(
            _(
                "Over the 12 months %(applications)s applications were made, %(joined)s people "
                "joined the employed workforce and %(completions)s learners completed their "
                "programme."
            )
            % {
                "applications": shown(counts["applications"]),
                "joined": shown(counts["joined"]),
                "completions": shown(counts["completions"]),
            }
        )
    plan = next((section for section in sections if section.slug == growth.SLUG), None)
    if plan is not None and (plan.summary or plan.empty):
        sentences.append(plan.summary or plan.empty)
    return [str(sentence) for sentence in sentences]


# A board reads the first rows of a long table; the page and its CSV have them all.
PRINTED_ROWS = 15


def _printed(section: Section) -> list[tuple]:
    """Each table with its values as they read on paper, and how many rows were left off."""
    return [
        (
            table,
            [[shown(value) for value in row] for row in table.rows[:PRINTED_ROWS]],
            max(0, len(table.rows) - PRINTED_ROWS),
        )
        for table in section.tables
    ]


def render(report: BoardReport, progress=lambda value: None) -> bytes:
    """The PDF's bytes; ``progress`` hears 0 to 90 as the sections are built."""
    # WeasyPrint loads Pango and fonts when imported: only where a PDF is made.
    from weasyprint import HTML

    scope = scope_for(report)
    sections = []
    builders = list(page.BUILDERS.values())
    for index, build in enumerate(builders, start=1):
        sections.append(build(scope))
        progress(int(80 * index / len(builders)))
    summary = written_summary(scope, sections)
    progress(85)
    html = render_to_string(
        "recruitment/workforce/pdf/board_report.html",
        {
            "report": report,
            "scope": scope,
            "sections": [(section, _printed(section)) for section in sections],
            "summary": summary,
        },
    )
    progress(90)
    with _no_cycle_collection():
        return HTML(string=html, url_fetcher=_fetch_nothing()).write_pdf()


@contextlib.contextmanager
def _no_cycle_collection():
    """Python's cycle collector paused while WeasyPrint lays the report out.

    Laying out a dozen pages makes hundreds of thousands of short-lived objects,
    and the collector walked them over and over: about a third of the report's
    time. Reference counting still frees them; the collector runs again after.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _set_progress(report_id, value: int) -> None:
    BoardReport.objects.filter(pk=report_id).update(progress=value)


def board_report_make(report_id) -> BoardReport | None:
    """Make the report's PDF. None when there is nothing to do (gone, or made already)."""
    claimed = BoardReport.objects.filter(
        pk=report_id, state__in=[BoardReport.State.QUEUED, BoardReport.State.FAILED]
    ).update(state=BoardReport.State.MAKING, progress=0, failure="")
    if not claimed:
        return None
    report = BoardReport.objects.get(pk=report_id)
    try:
        content = render(report, progress=lambda value: _set_progress(report.pk, value))
        report.file.save(
            f"board-report-{report.month:%Y-%m}-{report.pk}.pdf", ContentFile(content), save=False
        )
    except Exception as error:
        logger.exception("Board report %s could not be made", report.pk)
        BoardReport.objects.filter(pk=report.pk).update(
            state=BoardReport.State.FAILED,
            failure=f"{type(error).__name__}: {error}"[:2000],
            finished_at=timezone.now(),
        )
        report.refresh_from_db()
        return report
    report.state = BoardReport.State.READY
    report.progress = 100
    report.finished_at = timezone.now()
    report.save(update_fields=["file", "state", "progress", "finished_at"])
    return report
