"""HR's interview reports, as Wagtail report views with CSV and spreadsheet downloads."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView

from recruitment.backoffice.permissions import APPLICATIONS
from recruitment.reports import guaranteed_interview_overrides, time_to_interview

HEADINGS = {
    "month": _("Month"),
    "route_label": _("Route"),
    "applications": _("Applications"),
    "offered_median": _("Days to interview offered (median)"),
    "offered_p90": _("Days to interview offered (90th percentile)"),
    "held_median": _("Days to interview held (median)"),
    "held_p90": _("Days to interview held (90th percentile)"),
    "promises_due": _("Fast-track promises due"),
    "promises_kept": _("Fast-track promises kept"),
    "kept_share": _("Share kept"),
}


class TimeToInterviewReportView(ReportView):
    """Time from application to interview offered and held, and fast-track promises kept."""

    permission_policy = APPLICATIONS
    permission_required = "view"
    page_title = _("Time to interview")
    header_icon = "date"
    index_url_name = "recruitment_interviews:report"
    template_name = "recruitment/admin/report.html"
    results_template_name = "recruitment/admin/report_results.html"
    paginate_by = 50
    list_export = list(HEADINGS)
    export_headings = HEADINGS
    export_filename = "time-to-interview"
    columns = [Column(name, label=label) for name, label in HEADINGS.items()]

    def get_queryset(self):
        return time_to_interview()

    def to_row_dict(self, item):
        # A figure nobody could measure yet is a blank cell, not "None".
        return {
            key: "" if value is None else value for key, value in super().to_row_dict(item).items()
        }


OVERRIDE_HEADINGS = {
    "at": _("Rejected on"),
    "reference": _("Reference"),
    "vacancy": _("Vacancy"),
    "route": _("Route"),
    "by": _("Rejected by"),
    "reason": _("Why it does not meet the essential criteria"),
}


class GuaranteedInterviewOverridesReportView(ReportView):
    """Guaranteed interview scheme applications rejected before interview, and HR's reasons."""

    permission_policy = APPLICATIONS
    permission_required = "screen"
    page_title = _("Guaranteed interview scheme: rejected before interview")
    header_icon = "warning"
    index_url_name = "recruitment_interviews:report_guaranteed_interview"
    template_name = "recruitment/admin/report_overrides.html"
    results_template_name = "recruitment/admin/report_overrides_results.html"
    paginate_by = 50
    list_export = list(OVERRIDE_HEADINGS)
    export_headings = OVERRIDE_HEADINGS
    export_filename = "guaranteed-interview-rejections"
    columns = [Column(name, label=label) for name, label in OVERRIDE_HEADINGS.items()]

    def get_queryset(self):
        return guaranteed_interview_overrides()
