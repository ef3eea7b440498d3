"""The monthly board report: asking for one, who sees which, and the monthly sweep.

A report is made by the worker (``report_tasks`` runs ``board_report_make``);
asking only stores it QUEUED and queues the work once the request commits. A
report keeps the service areas it covers in ``filters["area_ids"]`` (None for
every area): a head of service asks for their own areas and sees only the
reports they asked for, while they still see those areas.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.errors import DomainError
from recruitment.workforce import board_pdf, report_tasks, rules, selectors
from recruitment.workforce.models import BoardReport, SnapshotMonth

# The worker's side, named here too: ask and make are the report's two halves.
board_report_make = board_pdf.board_report_make


class ReportRefused(DomainError):
    pass


def report_months() -> list[datetime.date]:
    """The months a report may be made for: those with a snapshot, newest first."""
    return list(SnapshotMonth.objects.order_by("-month").values_list("month", flat=True))


def board_report_request(*, month: datetime.date, filters: dict, by=None) -> BoardReport:
    """Store a report for ``month`` as QUEUED and queue its making once this commits.

    ``filters``: ``{"area_ids": [...]}`` or ``{"area_ids": None}`` for every area.
    """
    month = rules.month_start(month)
    if not SnapshotMonth.objects.filter(month=month).exists():
        raise ReportRefused(_("Choose a month with a monthly snapshot."))
    area_ids = filters.get("area_ids")
    stored = {"area_ids": None if area_ids is None else sorted(int(pk) for pk in area_ids)}
    with transaction.atomic():
        report = BoardReport.objects.create(
            month=month,
            filters=stored,
            requested_by=by if getattr(by, "is_authenticated", False) else None,
        )
        transaction.on_commit(
            lambda: report_tasks.make_board_report.enqueue(str(report.pk)), robust=True
        )
    return report


def filters_for(user) -> dict:
    """The areas a report asked for by ``user`` covers: every one they may see."""
    area_ids = selectors.visible_area_ids(user)
    return {"area_ids": None if area_ids is None else sorted(area_ids)}


def board_reports_visible_to(user):
    """Leads and HR: every report. A head of service: those they asked for, covering only
    areas they still see. Everybody else: none."""
    reports = BoardReport.objects.select_related("requested_by").order_by("-month", "-requested_at")
    if selectors.sees_every_area(user):
        return reports
    if not selectors.may_see_workforce(user):
        return reports.none()
    visible = selectors.visible_area_ids(user) or frozenset()
    own = [
        report.pk
        for report in BoardReport.objects.filter(requested_by=user).only("pk", "filters")
        if report.filters.get("area_ids") is not None and set(report.filters["area_ids"]) <= visible
    ]
    return reports.filter(pk__in=own)


def board_report_for_last_month(*, today: datetime.date | None = None) -> BoardReport | None:
    """The monthly sweep: the last complete month's council-wide report, once it has a
    snapshot and unless one was asked for already."""
    month = rules.last_complete_month(today or timezone.localdate())
    if not SnapshotMonth.objects.filter(month=month).exists():
        return None
    if BoardReport.objects.filter(month=month, filters__area_ids=None).exists():
        return None
    return board_report_request(month=month, filters={"area_ids": None}, by=None)
