"""HR's interview back office: slots (one or in bulk), the week calendar, bespoke offers,
interviews on an application (cancel, move, held, no-show) and the decision."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from recruitment import interviews, selectors
from recruitment.admin_views import SCREEN, _back, _data, _get
from recruitment.choices import Status
from recruitment.interview_forms import (
    BespokeOfferForm,
    BulkSlotForm,
    HrChangeInterviewForm,
    HrMoveInterviewForm,
    SlotForm,
    panel_members,
)
from recruitment.interviews import LONDON, SlotDetails
from recruitment.models import Interview, InterviewSlot, InterviewStatus

SCHEDULE = "recruitment.add_interviewslot"


def _require(request, permission):
    if not request.user.has_perm(permission):
        raise PermissionDenied


# Slots ------------------------------------------------------------------------------


def slot_new(request):
    """One slot; for a fast-tracked application (``?application=``) a bespoke one on the spot."""
    _require(request, SCHEDULE)
    application = None
    if request.GET.get("application"):
        application = _get(request, request.GET["application"])
    form = SlotForm(_data(request))
    if application is not None:
        del form.fields["vacancy"]
    needs_confirmation = False
    if request.method == "POST" and form.is_valid():
        start, end = form.start_end()
        details = SlotDetails(
            vacancy=application.vacancy if application else form.cleaned_data["vacancy"],
            start=start,
            end=end,
            format=form.cleaned_data["format"],
            place=form.cleaned_data["place"],
            video_link=form.cleaned_data["video_link"],
            booking_deadline=form.cleaned_data["booking_deadline"],
        )
        try:
            slot = interviews.slot_create(
                details=details,
                panel=form.cleaned_data["panel"],
                by=request.user,
                confirm_bank_holiday=form.cleaned_data["confirm_bank_holiday"],
            )
        except interviews.SlotProblem as problem:
            needs_confirmation = problem.needs_confirmation
            form.add_error(None, problem.message)
        else:
            messages.success(request, _("Interview slot made."))
            if application is not None:
                return redirect(
                    reverse("recruitment_interviews:offer", args=[application.pk])
                    + f"?slot={slot.pk}"
                )
            return redirect(_calendar_url(slot.start.date()))
    return TemplateResponse(
        request,
        "recruitment/admin/slot_form.html",
        {
            "form": form,
            "application": application,
            "needs_confirmation": needs_confirmation,
            "page_title": _("New interview slot"),
        },
    )


def slots_bulk(request):
    _require(request, SCHEDULE)
    form = BulkSlotForm(_data(request))
    result = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = interviews.slots_bulk_create(
                vacancy=data["vacancy"],
                first_day=data["first_day"],
                last_day=data["last_day"],
                weekdays=data["weekdays"],
                day_start=data["day_start"],
                day_end=data["day_end"],
                length_minutes=data["length_minutes"],
                gap_minutes=data["gap_minutes"],
                format=data["format"],
                place=data["place"],
                video_link=data["video_link"],
                panel=data["panel"],
                by=request.user,
            )
        except interviews.SlotProblem as problem:
            form.add_error(None, problem.message)
        else:
            messages.success(
                request,
                _("%(made)s slots made, %(skipped)s skipped.")
                % {"made": len(result.created), "skipped": len(result.skipped)},
            )
    return TemplateResponse(
        request,
        "recruitment/admin/slots_bulk.html",
        {"form": form, "result": result, "page_title": _("Make interview slots in bulk")},
    )


def _calendar_url(day: datetime.date) -> str:
    return reverse("recruitment_interviews:calendar") + f"?week={day.isoformat()}"


def calendar(request):
    """A week of slots, free and booked, filterable by vacancy and panel member."""
    _require(request, "recruitment.view_interviewslot")
    try:
        day = datetime.date.fromisoformat(request.GET.get("week", ""))
    except ValueError:
        day = timezone.localdate()
    monday = day - datetime.timedelta(days=day.weekday())
    days = [monday + datetime.timedelta(days=n) for n in range(5)]
    start = datetime.datetime.combine(monday, datetime.time(), tzinfo=LONDON)
    end = start + datetime.timedelta(days=7)
    slots = (
        InterviewSlot.objects.filter(start__gte=start, start__lt=end)
        .select_related("vacancy", "bespoke_for")
        .prefetch_related(
            "panel",
            Prefetch(
                "interviews",
                queryset=Interview.objects.filter(status__in=("booked", "held")).select_related(
                    "application"
                ),
                to_attr="active",
            ),
        )
        .order_by("start")
    )
    vacancy_id = request.GET.get("vacancy", "")
    panel_id = request.GET.get("panel", "")
    if vacancy_id.isdigit():
        slots = slots.filter(vacancy_id=int(vacancy_id))
    if panel_id.isdigit():
        slots = slots.filter(panel__id=int(panel_id))
    by_day = {d: [] for d in days}
    for slot in slots:
        local_day = timezone.localtime(slot.start, LONDON).date()
        if local_day in by_day:
            by_day[local_day].append(slot)
    from cms.models import VacancyPage

    return TemplateResponse(
        request,
        "recruitment/admin/calendar.html",
        {
            "page_title": _("Interview calendar"),
            "days": list(by_day.items()),
            "monday": monday,
            "previous": (monday - datetime.timedelta(days=7)).isoformat(),
            "next": (monday + datetime.timedelta(days=7)).isoformat(),
            "vacancies": VacancyPage.objects.live().order_by("title").only("id", "title"),
            "panel_members": panel_members(),
            "vacancy_id": vacancy_id,
            "panel_id": panel_id,
            "can_schedule": request.user.has_perm(SCHEDULE),
            "can_delete": request.user.has_perm("recruitment.delete_interviewslot"),
        },
    )


@require_POST
def slot_delete(request, pk):
    _require(request, "recruitment.delete_interviewslot")
    try:
        slot = InterviewSlot.objects.get(pk=pk)
    except InterviewSlot.DoesNotExist as error:
        raise Http404 from error
    try:
        interviews.slot_delete(slot=slot, by=request.user)
    except interviews.InterviewError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Interview slot removed."))
    return redirect(_calendar_url(timezone.localtime(slot.start, LONDON).date()))


# On an application --------------------------------------------------------------------


def offer(request, pk):
    """Offer a fast-tracked applicant a bespoke interview: pick free slots, or make one."""
    application = _get(request, pk)
    if application.status != Status.FAST_TRACKED:
        raise Http404
    free = (
        InterviewSlot.objects.filter(vacancy=application.vacancy, start__gt=timezone.now())
        .filter(Q(bespoke_for__isnull=True) | Q(bespoke_for=application))
        .exclude(interviews__status__in=("booked", "held"))
        .order_by("start")
    )
    initial = {"slots": [request.GET["slot"]]} if request.GET.get("slot") else None
    form = BespokeOfferForm(_data(request), slots=free, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            interviews.bespoke_interview_offer(
                application=application,
                slots=form.cleaned_data["slots"],
                by=request.user,
                booking_deadline=form.cleaned_data["booking_deadline"],
            )
        except interviews.services.ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Bespoke interview offered. The fast-track clock has stopped."),
            )
            return _back(application)
    return TemplateResponse(
        request,
        "recruitment/admin/offer.html",
        {
            "application": application,
            "form": form,
            "page_title": _("Offer a bespoke interview"),
            "new_slot_url": reverse("recruitment_interviews:slot_new")
            + f"?application={application.pk}",
        },
    )


def _interview(request, pk) -> Interview:
    if not request.user.has_perm(SCREEN):
        raise PermissionDenied
    try:
        return selectors.interviews_for_hr(request.user).get(pk=pk)
    except (Interview.DoesNotExist, ValueError) as error:
        raise Http404 from error


def interview_cancel(request, pk):
    interview = _interview(request, pk)
    form = HrChangeInterviewForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            interviews.interview_cancel(
                interview=interview, by=request.user, reason=form.cleaned_data["reason"]
            )
        except interviews.InterviewError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Interview cancelled. Everyone has been told."))
            return _back(interview.application)
    return TemplateResponse(
        request,
        "recruitment/admin/interview_cancel.html",
        {"interview": interview, "form": form, "page_title": _("Cancel interview")},
    )


def interview_move(request, pk):
    """HR move an interview at any time, with a reason the applicant sees."""
    interview = _interview(request, pk)
    if interview.status != InterviewStatus.BOOKED:
        raise Http404
    slots = interviews.slots_offered_to(interview.application).exclude(pk=interview.slot_id)
    form = HrMoveInterviewForm(_data(request), slots=slots)
    if request.method == "POST" and form.is_valid():
        try:
            interviews.interview_move(
                interview=interview,
                slot=form.cleaned_data["slot"],
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except interviews.InterviewError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Interview moved. Everyone has been told."))
            return _back(interview.application)
    return TemplateResponse(
        request,
        "recruitment/admin/interview_cancel.html",
        {
            "interview": interview,
            "form": form,
            "page_title": _("Move interview"),
            "submit_label": _("Move the interview and tell everyone"),
        },
    )


@require_POST
def interview_outcome(request, pk, outcome):
    interview = _interview(request, pk)
    if outcome not in (InterviewStatus.HELD, InterviewStatus.NO_SHOW):
        raise Http404
    try:
        interviews.interview_record_outcome(interview=interview, by=request.user, status=outcome)
    except interviews.InterviewError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Recorded."))
    return _back(interview.application)


# Report -----------------------------------------------------------------------------


def report(request):
    """Time from application to interview offered and held, and fast-track promises kept."""
    import csv

    from django.http import HttpResponse

    from recruitment.reports import time_to_interview

    _require(request, "recruitment.view_application")
    rows = time_to_interview()
    headings = [
        _("Month"),
        _("Route"),
        _("Applications"),
        _("Days to interview offered (median)"),
        _("Days to interview offered (90th percentile)"),
        _("Days to interview held (median)"),
        _("Days to interview held (90th percentile)"),
        _("Fast-track promises due"),
        _("Fast-track promises kept"),
        _("Share kept"),
    ]

    def cells(row):
        route = _("Fast-tracked") if row.route == "fast" else _("Standard")
        values = [
            row.month,
            route,
            row.applications,
            row.offered_median,
            row.offered_p90,
            row.held_median,
            row.held_p90,
            row.promises_due,
            row.promises_kept,
            row.kept_share,
        ]
        return ["" if value is None else value for value in values]

    table = [cells(row) for row in rows]
    if request.GET.get("export") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="time-to-interview.csv"'
        writer = csv.writer(response)
        writer.writerow([str(h) for h in headings])
        writer.writerows(table)
        return response
    return TemplateResponse(
        request,
        "recruitment/admin/report.html",
        {"page_title": _("Time to interview"), "headings": headings, "table": table},
    )
