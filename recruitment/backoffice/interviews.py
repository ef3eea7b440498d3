"""HR's interview pages: the week calendar, slots (one or in bulk), bespoke offers, and
changes to a booked interview (cancel, move, held, did not attend)."""

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from cms.models import VacancyPage
from portal.calendar import local_date, start_of_day
from portal.errors import DomainError
from portal.forms import BoundedDateField
from recruitment import selectors
from recruitment.backoffice.applications import ApplicationMixin, inspect_url
from recruitment.backoffice.forms import (
    BespokeOfferForm,
    BulkSlotForm,
    HrChangeInterviewForm,
    HrMoveInterviewForm,
    SlotForm,
)
from recruitment.backoffice.permissions import APPLICATIONS, SLOTS
from recruitment.choices import InterviewStatus, Status
from recruitment.filters import CalendarFilterSet
from recruitment.models import Application, Interview, InterviewSlot
from recruitment.services import interviews, slots

WEEK = datetime.timedelta(days=7)


def calendar_url(day: datetime.date) -> str:
    return reverse("recruitment_interviews:calendar") + f"?week={day.isoformat()}"


class WeekForm(forms.Form):
    week = BoundedDateField(required=False)


class CalendarView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """A week of slots, free and booked, filterable by vacancy and panel member."""

    permission_policy = SLOTS
    permission_required = "view"
    template_name = "recruitment/admin/calendar.html"
    page_title = _("Interview calendar")

    def get_context_data(self, **kwargs):
        week = WeekForm(self.request.GET)
        # Any week that is not a real date (or is absurdly far off) is simply this week.
        day = (week.is_valid() and week.cleaned_data["week"]) or timezone.localdate()
        monday = day - datetime.timedelta(days=day.weekday())
        days = [monday + datetime.timedelta(days=n) for n in range(5)]
        start = start_of_day(monday)
        filters = CalendarFilterSet(
            self.request.GET, queryset=selectors.slots_starting_between(start, start + WEEK)
        )
        by_day = {d: [] for d in days}
        for slot in filters.qs:
            local_day = local_date(slot.start)
            if local_day in by_day:
                by_day[local_day].append(slot)
        chosen = getattr(filters.form, "cleaned_data", {})
        return super().get_context_data(
            days=list(by_day.items()),
            monday=monday,
            previous=(monday - WEEK).isoformat(),
            next=(monday + WEEK).isoformat(),
            filters=filters,
            vacancies=VacancyPage.objects.live().order_by("title").only("id", "title"),
            panel_members=selectors.panel_members(),
            vacancy_id=str(chosen.get("vacancy") or ""),
            panel_id=str(chosen.get("panel") or ""),
            can_schedule=SLOTS.user_has_permission(self.request.user, "add"),
            can_delete=SLOTS.user_has_permission(self.request.user, "delete"),
            **kwargs,
        )


class SlotCreateView(PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView):
    """One slot; for a fast-tracked application (``?application=``) a bespoke one on the spot."""

    permission_policy = SLOTS
    permission_required = "add"
    template_name = "recruitment/admin/slot_form.html"
    form_class = SlotForm
    page_title = _("New interview slot")

    @cached_property
    def application(self):
        pk = self.request.GET.get("application")
        if not pk:
            return None
        try:
            return selectors.applications_for_hr(self.request.user).get(pk=pk)
        except (Application.DoesNotExist, ValueError, ValidationError) as error:
            raise Http404 from error

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if self.application is not None:
            del form.fields["vacancy"]
        return form

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            application=self.application,
            needs_confirmation=getattr(self, "needs_confirmation", False),
            **kwargs,
        )

    def form_valid(self, form):
        start, end = form.start_end()
        data = form.cleaned_data
        details = slots.SlotDetails(
            vacancy=self.application.vacancy if self.application else data["vacancy"],
            start=start,
            end=end,
            format=data["format"],
            place=data["place"],
            video_link=data["video_link"],
            booking_deadline=data["booking_deadline"],
        )
        try:
            slot = slots.slot_create(
                details=details,
                panel=data["panel"],
                by=self.request.user,
                confirm_bank_holiday=data["confirm_bank_holiday"],
            )
        except slots.SlotProblem as problem:
            self.needs_confirmation = problem.needs_confirmation
            form.add_error(None, problem.message)
            return self.form_invalid(form)
        messages.success(self.request, _("Interview slot made."))
        if self.application is not None:
            return redirect(
                reverse("recruitment_interviews:offer", args=[self.application.pk])
                + f"?slot={slot.pk}"
            )
        return redirect(calendar_url(local_date(slot.start)))


class BulkSlotsView(PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView):
    permission_policy = SLOTS
    permission_required = "add"
    template_name = "recruitment/admin/slots_bulk.html"
    form_class = BulkSlotForm
    page_title = _("Make interview slots in bulk")

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            result = slots.slots_bulk_create(
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
                by=self.request.user,
            )
        except slots.SlotProblem as problem:
            form.add_error(None, problem.message)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(made)s slots made, %(skipped)s skipped.")
            % {"made": len(result.created), "skipped": len(result.skipped)},
        )
        return self.render_to_response(self.get_context_data(form=form, result=result))


class SlotDeleteView(PermissionCheckedMixin, View):
    permission_policy = SLOTS
    permission_required = "delete"
    http_method_names = ["post"]

    def post(self, request, pk):
        slot = InterviewSlot.objects.filter(pk=pk).first()
        if slot is None:
            raise Http404
        try:
            slots.slot_delete(slot=slot, by=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Interview slot removed."))
        return redirect(calendar_url(local_date(slot.start)))


class BespokeOfferView(ApplicationMixin, WagtailAdminTemplateMixin, FormView):
    """Offer a fast-tracked applicant a bespoke interview: pick free slots, or make one."""

    template_name = "recruitment/admin/offer.html"
    form_class = BespokeOfferForm
    page_title = _("Offer a bespoke interview")

    def get(self, request, *args, **kwargs):
        self.check_fast_tracked()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.check_fast_tracked()
        return super().post(request, *args, **kwargs)

    def check_fast_tracked(self):
        if self.application.status != Status.FAST_TRACKED:
            raise Http404

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "slots": selectors.slots_free_for_bespoke_offer(self.application),
        }

    def get_initial(self):
        chosen = self.request.GET.get("slot")
        return {"slots": [chosen]} if chosen else {}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            application=self.application,
            new_slot_url=reverse("recruitment_interviews:slot_new")
            + f"?application={self.application.pk}",
            **kwargs,
        )

    def form_valid(self, form):
        try:
            interviews.bespoke_interview_offer(
                application=self.application,
                slots=form.cleaned_data["slots"],
                by=self.request.user,
                booking_deadline=form.cleaned_data["booking_deadline"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(
            self.request, _("Bespoke interview offered. The fast-track clock has stopped.")
        )
        return redirect(inspect_url(self.application))


class InterviewMixin(PermissionCheckedMixin):
    """An interview of an application HR may screen (404 otherwise)."""

    permission_policy = APPLICATIONS
    permission_required = "screen"

    @cached_property
    def interview(self) -> Interview:
        try:
            return selectors.interviews_for_hr(self.request.user).get(pk=self.kwargs["pk"])
        except (Interview.DoesNotExist, ValueError) as error:
            raise Http404 from error


class InterviewCancelView(InterviewMixin, WagtailAdminTemplateMixin, FormView):
    template_name = "recruitment/admin/interview_cancel.html"
    form_class = HrChangeInterviewForm
    page_title = _("Cancel interview")

    def get_context_data(self, **kwargs):
        return super().get_context_data(interview=self.interview, **kwargs)

    def form_valid(self, form):
        try:
            interviews.interview_cancel(
                interview=self.interview, by=self.request.user, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("Interview cancelled. Everyone has been told."))
        return redirect(inspect_url(self.interview.application))


class InterviewMoveView(InterviewMixin, WagtailAdminTemplateMixin, FormView):
    """HR move an interview at any time, with a reason the applicant sees."""

    template_name = "recruitment/admin/interview_cancel.html"
    form_class = HrMoveInterviewForm
    page_title = _("Move interview")

    def get_form_kwargs(self):
        if self.interview.status != InterviewStatus.BOOKED:
            raise Http404
        offered = selectors.slots_offered_to(self.interview.application)
        return {**super().get_form_kwargs(), "slots": offered.exclude(pk=self.interview.slot_id)}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            interview=self.interview,
            submit_label=_("Move the interview and tell everyone"),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            interviews.interview_move(
                interview=self.interview,
                slot=form.cleaned_data["slot"],
                by=self.request.user,
                reason=form.cleaned_data["reason"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("Interview moved. Everyone has been told."))
        return redirect(inspect_url(self.interview.application))


class InterviewOutcomeView(InterviewMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk, outcome):
        if outcome not in interviews.OUTCOMES:
            raise Http404
        try:
            interviews.interview_record_outcome(
                interview=self.interview, by=request.user, status=outcome
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Recorded."))
        return redirect(inspect_url(self.interview.application))
