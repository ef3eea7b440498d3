"""HR's pages for one application: the inspect view and the actions taken from it.

Each action is one service call; what the service refuses comes back as a
message on the inspect page (or a form error), never as an error page.
"""

import re

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView
from wagtail.admin.views import generic
from wagtail.admin.views.generic import history
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from cms.choices import Route
from portal import admin_tables
from portal.errors import DomainError
from recruitment import presenters, selectors
from recruitment.backoffice.forms import MoveRouteForm, NoteForm, RejectForm
from recruitment.backoffice.permissions import APPLICATIONS, OFFERS
from recruitment.backoffice.references import references_panel_context
from recruitment.choices import TRANSITIONS, Status
from recruitment.downloads import cv_response
from recruitment.errors import EssentialCriteriaReasonRequired
from recruitment.models import Application
from recruitment.sections import hr_reader
from recruitment.services import interviews, offers, screening

REFERENCE = re.compile(r"A-?([0-9a-f]{4,8})", re.IGNORECASE)


def inspect_url(application: Application) -> str:
    return reverse("recruitment_application:inspect", args=[application.pk])


class ApplicationIndexView(generic.IndexView):
    table_class = admin_tables.RowsTable

    def get_base_queryset(self):
        if self.is_export:
            return selectors.applications_export_for_hr(self.request.user)
        return selectors.applications_list_for_hr(self.request.user)

    def search_queryset(self, queryset):
        """A reference (A-1F2E3D4C) finds its application; anything else searches fields."""
        match = REFERENCE.fullmatch((self.search_query or "").strip())
        if match:
            return queryset.filter(id__istartswith=match.group(1).lower())
        return super().search_queryset(queryset)


class ApplicationInspectView(generic.InspectView):
    template_name = "recruitment/admin/inspect.html"

    def get_object(self, queryset=None):
        try:
            return selectors.application_for_hr(self.request.user, self.pk)
        except (Application.DoesNotExist, ValueError) as error:
            raise Http404 from error

    def get_fields(self):
        return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        application = self.object
        can_screen = APPLICATIONS.user_has_permission(self.request.user, "screen")
        allowed = TRANSITIONS[application.status] if can_screen else frozenset()
        clock, breached = presenters.fast_track_clock(application)
        context.update(
            application=application,
            blind=application.is_blind,
            cards=presenters.summary(
                application,
                editable=False,
                reader=hr_reader(application),
                empty="–",
                # A CV carries a name and contact details: not while shortlisting is blind.
                cv_url=""
                if application.is_blind
                else reverse("recruitment_application:cv", args=[application.pk]),
            ),
            timeline=application.timeline.all(),
            notes=application.notes.all(),
            note_form=NoteForm(),
            clock=clock,
            breached=breached,
            can_screen=can_screen,
            can_shortlist=Status.SHORTLISTED in allowed,
            can_reject=Status.REJECTED in allowed,
            can_offer_interview=Status.INTERVIEWING in allowed,
            can_move_route=can_screen
            and application.status in (Status.FAST_TRACKED, Status.AWAITING_SHORTLISTING),
            route_form=MoveRouteForm(
                initial={"route": application.suggested_route or application.route}
            ),
            other_routes=[r for r in Route.choices if r[0] != application.route],
            next_step=presenters.next_step(application),
            can_offer_bespoke=can_screen and application.status == Status.FAST_TRACKED,
            interviews=presenters.scorecard_grids(
                selectors.interviews_with_scorecards(application), application.vacancy.criteria
            ),
            **self.offer_context(application),
        )
        # References ---
        context.update(references_panel_context(application, self.request.user))
        return context

    def offer_context(self, application: Application) -> dict:
        """The application's live offer, or whether HR may make one (and why not).

        Offers have their own pages: the status moves from "interviewing" onwards go
        through them ("Recruited" only through the checks), never through a button here."""
        offer = selectors.live_offer(application)
        may_make = OFFERS.user_has_permission(self.request.user, "make")
        refusals = offers.offer_refusals(application) if may_make and offer is None else []
        return {
            "offer": offer,
            "can_make_offer": may_make
            and offer is None
            and application.status == Status.INTERVIEWING
            and not refusals,
            "offer_refusals": refusals if application.status == Status.INTERVIEWING else [],
        }


class ApplicationHistoryView(history.HistoryView):
    """Who did what to an application, when: readable by whoever may review it.

    Wagtail's own asks for add, change or delete, which nobody has here
    (applications change only through services)."""

    any_permission_required = ["view", "screen"]

    def get_object(self):
        try:
            return selectors.application_for_hr(self.request.user, self.pk)
        except (Application.DoesNotExist, ValueError) as error:
            raise Http404 from error


class ApplicationMixin(PermissionCheckedMixin):
    """An application HR may see, looked up through the one selector (404 otherwise)."""

    permission_policy = APPLICATIONS
    permission_required = "screen"

    @cached_property
    def application(self) -> Application:
        try:
            return selectors.applications_for_hr(self.request.user).get(pk=self.kwargs["pk"])
        except (Application.DoesNotExist, ValueError) as error:
            raise Http404 from error


class ApplicationActionView(ApplicationMixin, View):
    """A button on the inspect page: one service call, then back with a message."""

    http_method_names = ["post"]
    form_class = None
    success_message = ""

    def act(self, application: Application, data: dict) -> None:
        raise NotImplementedError

    def get_success_message(self) -> str:
        return self.success_message

    def post(self, request, *args, **kwargs):
        application = self.application
        form = self.form_class(request.POST) if self.form_class else None
        if form is not None and not form.is_valid():
            messages.error(request, next(iter(form.errors.values()))[0])
            return redirect(inspect_url(application))
        try:
            self.act(application, form.cleaned_data if form else {})
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, self.get_success_message())
        return redirect(inspect_url(application))


class ShortlistView(ApplicationActionView):
    success_message = _("Application shortlisted.")

    def act(self, application, data):
        screening.application_shortlist(application=application, by=self.request.user)


class InterviewOfferedView(ApplicationActionView):
    success_message = _("Interview offer recorded. The fast-track clock has stopped.")

    def act(self, application, data):
        interviews.application_record_interview_offered(
            application=application, by=self.request.user
        )


class MoveRouteView(ApplicationActionView):
    form_class = MoveRouteForm
    success_message = _("Route changed. The applicant has been told.")

    def act(self, application, data):
        screening.application_move_route(
            application=application, route=data["route"], by=self.request.user
        )


class AddNoteView(ApplicationActionView):
    permission_required = "view"
    form_class = NoteForm
    success_message = _("Note added.")

    def act(self, application, data):
        screening.note_add(application=application, by=self.request.user, text=data["text"])


class RejectView(ApplicationMixin, WagtailAdminTemplateMixin, FormView):
    template_name = "recruitment/admin/reject.html"
    form_class = RejectForm
    page_title = _("Reject application")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            application=self.application,
            needs_essential_criteria_reason=screening.reject_needs_essential_criteria_reason(
                self.application
            ),
            **kwargs,
        )

    def form_valid(self, form):
        application = self.application
        try:
            screening.application_reject(
                application=application,
                by=self.request.user,
                reasons=form.cleaned_data["reasons"],
                message=form.cleaned_data["message"],
                essential_criteria_reason=form.cleaned_data["essential_criteria_reason"],
            )
        except EssentialCriteriaReasonRequired as error:
            form.add_error("essential_criteria_reason", error.message)
            return self.form_invalid(form)
        except DomainError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("Application rejected. The applicant has been told."))
        return redirect(inspect_url(application))


class CvDownloadView(ApplicationMixin, View):
    """The CV, once shortlisting is no longer blind (it names the applicant)."""

    permission_required = "view"

    def get(self, request, *args, **kwargs):
        application = self.application
        cv = getattr(application, "cv", None)
        if cv is None or application.is_blind:
            raise Http404
        return cv_response(cv)
