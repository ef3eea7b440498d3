"""``/workforce/reports/``: the board reports by month, making one, its progress, its file."""

from django import forms
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from portal.access import role_required
from portal.downloads import private_download
from portal.forms import show_refusal
from recruitment.workforce import reports
from recruitment.workforce.models import BoardReport
from recruitment.workforce.views import WORKFORCE_ROLES

# Seconds between the progress page's refreshes while the worker makes the report.
REFRESH_SECONDS = 3


class BoardReportForm(forms.Form):
    month = forms.ChoiceField(
        label=_("Month"),
        help_text=_("The report covers this month and the 11 before it."),
        error_messages={
            "required": _("Choose a month for the report"),
            "invalid_choice": _("Choose a month with a monthly snapshot"),
        },
    )

    def __init__(self, *args, months=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.months = {month.isoformat(): month for month in months}
        self.fields["month"].choices = [("", _("Choose a month"))] + [
            (key, f"{month:%B %Y}") for key, month in self.months.items()
        ]

    def clean_month(self):
        return self.months[self.cleaned_data["month"]]


@never_cache
@require_http_methods(["GET", "POST"])
@role_required(*WORKFORCE_ROLES)
def board_reports(request):
    form = BoardReportForm(request.POST or None, months=reports.report_months())
    if request.method == "POST" and form.is_valid():
        try:
            report = reports.board_report_request(
                month=form.cleaned_data["month"],
                filters=reports.filters_for(request.user),
                by=request.user,
            )
        except reports.ReportRefused as error:
            show_refusal(form, error)
        else:
            return redirect("recruitment:workforce_report", pk=report.pk)
    return render(
        request,
        "recruitment/workforce/reports.html",
        {"form": form, "reports": reports.board_reports_visible_to(request.user)[:120]},
        status=400 if form.errors else 200,
    )


@never_cache
@require_GET
@role_required(*WORKFORCE_ROLES)
def board_report(request, pk):
    report = get_object_or_404(reports.board_reports_visible_to(request.user), pk=pk)
    busy = report.state in (BoardReport.State.QUEUED, BoardReport.State.MAKING)
    return render(
        request,
        "recruitment/workforce/report.html",
        {
            "report": report,
            "busy": busy,
            "refresh": REFRESH_SECONDS,
        },
    )


@never_cache
@require_GET
@role_required(*WORKFORCE_ROLES)
def board_report_download(request, pk):
    report = get_object_or_404(
        reports.board_reports_visible_to(request.user), pk=pk, state=BoardReport.State.READY
    )
    if not report.file:
        raise Http404
    return private_download(
        report.file,
        filename=f"board-report-{report.month:%Y-%m}.pdf",
        content_type="application/pdf",
    )
