"""Back-office views for the "Cohorts" menu: every write that carries a rule is a service call.

Wagtail's own create, edit and delete views save through these overrides;
the services check each rule once and record the change in the object's
history, so nothing here calls ``log()`` itself. A refusal (``DomainError``)
is shown on the form, or as a message on a delete: never an error page.
Custom views are guarded by Wagtail's permission policies.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic import CreateView, EditView, InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permissions import policy_registry

from cohorts import progress, selectors
from cohorts.backoffice.forms import (
    EpaForm,
    PanelDecisionForm,
    RotationPlanForm,
    ScheduleSessionsForm,
    rotation_field,
)
from cohorts.forms import AttendanceRegisterForm
from cohorts.models import (
    Attendance,
    Cohort,
    Enrolment,
    ModerationPanel,
    Placement,
    TaughtSession,
)
from cohorts.services import enrolments, placements, reviews, sessions
from portal.admin_views import ServiceDeleteView, ServiceFormMixin
from portal.errors import DomainError
from portal.forms import show_refusal
from portal.models import Team


def size_warning(cohort: Cohort) -> str | None:
    return progress.cohort_size_warning(cohort=cohort, size=selectors.current_member_count(cohort))


# Enrolments and pauses ---------------------------------------------------------------


class EnrolmentCreateView(ServiceFormMixin, CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        return enrolments.enrolment_create(
            member=data["member"],
            cohort=data["cohort"],
            employer=data["employer"],
            service=data["service"],
            start_date=data.get("start_date"),
            line_manager=data.get("line_manager"),
            assessor=data.get("assessor"),
            by=self.request.user,
        )

    def save_action(self):
        warning = size_warning(self.object.cohort)
        if warning:
            messages.warning(self.request, warning)
        return super().save_action()


class EnrolmentEditView(ServiceFormMixin, EditView):
    def save_instance(self):
        data, changed = self.form.cleaned_data, set(self.form.changed_data)
        enrolment = self.object
        if changed & {"employer", "service", "line_manager", "assessor"}:
            enrolment = enrolments.enrolment_change(
                enrolment=enrolment,
                employer=data["employer"],
                service=data["service"],
                line_manager=data.get("line_manager"),
                assessor=data.get("assessor"),
                by=self.request.user,
            )
        if "start_date" in changed:
            enrolment = enrolments.enrolment_change_start(
                enrolment=enrolment, start_date=data["start_date"], by=self.request.user
            )
        if changed & {"status", "status_reason", "status_changed_on"}:
            enrolment = enrolments.enrolment_set_status(
                enrolment=enrolment,
                status=data["status"],
                reason=data.get("status_reason", ""),
                on=data.get("status_changed_on"),
                by=self.request.user,
            )
        enrolment.refresh_from_db()
        return enrolment


class PauseCreateView(ServiceFormMixin, CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        return enrolments.enrolment_pause(
            enrolment=data["enrolment"],
            reason=data["reason"],
            start_date=data["start_date"],
            end_date=data["end_date"],
            note=data.get("note", ""),
            by=self.request.user,
        )


class PauseEditView(ServiceFormMixin, EditView):
    def save_instance(self):
        data = self.form.cleaned_data
        return enrolments.pause_change(
            pause=self.object,
            reason=data["reason"],
            start_date=data["start_date"],
            end_date=data["end_date"],
            note=data.get("note", ""),
            by=self.request.user,
        )


class PauseDeleteView(ServiceDeleteView):
    def delete_action(self):
        enrolments.pause_remove(pause=self.object, by=self.request.user)


# Placements and what is logged on them -----------------------------------------------------


class PlacementCreateView(ServiceFormMixin, CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        return placements.placement_assign(
            enrolment=data["enrolment"],
            team=data["team"],
            start_date=data["start_date"],
            end_date=data["end_date"],
            supervisor=data.get("supervisor"),
            planned_days=data.get("planned_days") or None,
            by=self.request.user,
        )


class PlacementEditView(ServiceFormMixin, EditView):
    def save_instance(self):
        data, changed = self.form.cleaned_data, set(self.form.changed_data)
        placement = self.object
        if changed & {"team", "supervisor", "start_date", "end_date", "planned_days"}:
            placement = placements.placement_change(
                placement=placement,
                team=data["team"],
                supervisor=data.get("supervisor"),
                start_date=data["start_date"],
                end_date=data["end_date"],
                planned_days=data["planned_days"],
                by=self.request.user,
            )
        if "status" in changed:
            placement = placements.placement_set_status(
                placement=placement, status=data["status"], by=self.request.user
            )
        placement.refresh_from_db()
        return placement


class DayLogCreateView(ServiceFormMixin, CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        return placements.placement_log_days(
            placement=data["placement"],
            week_starting=data["week_starting"],
            days=data["days"],
            kind=data["kind"],
            by=self.request.user,
        )


class DayLogEditView(ServiceFormMixin, EditView):
    def save_instance(self):
        data = self.form.cleaned_data
        return placements.day_log_change(
            log=self.object,
            week_starting=data["week_starting"],
            days=data["days"],
            kind=data["kind"],
            by=self.request.user,
        )


class DayLogDeleteView(ServiceDeleteView):
    def delete_action(self):
        placements.day_log_remove(log=self.object, by=self.request.user)


class OffTheJobCreateView(ServiceFormMixin, CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        return placements.off_the_job_log(
            enrolment=data["enrolment"],
            week_starting=data["week_starting"],
            hours=data["hours"],
            activity=data["activity"],
            by=self.request.user,
        )


class OffTheJobEditView(ServiceFormMixin, EditView):
    def save_instance(self):
        data = self.form.cleaned_data
        return placements.off_the_job_change(
            log=self.object,
            week_starting=data["week_starting"],
            hours=data["hours"],
            activity=data["activity"],
            by=self.request.user,
        )


class OffTheJobDeleteView(ServiceDeleteView):
    def delete_action(self):
        placements.off_the_job_remove(log=self.object, by=self.request.user)


# Rotations ---------------------------------------------------------------------------------


class RotationPlanView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """HR review the planner's proposal for a cohort, then confirm it (creates placements)."""

    model = Placement
    permission_required = "add"
    template_name = "cohorts/admin/rotation_plan.html"
    header_icon = "group"
    _show_breadcrumbs = True

    @cached_property
    def cohort(self) -> Cohort:
        # Looked up after the permission check: nobody learns which cohorts exist.
        return get_object_or_404(Cohort.objects.select_related("programme"), pk=self.kwargs["pk"])

    def get_page_title(self):
        return _("Plan rotations")

    def get_page_subtitle(self):
        return str(self.cohort)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("cohorts_cohort:index"), "label": _("Cohorts")},
            {
                "url": reverse("cohorts_cohort:edit", args=[self.cohort.pk]),
                "label": str(self.cohort),
            },
            {"url": "", "label": _("Plan rotations")},
        ]

    @cached_property
    def teams(self) -> list[Team]:
        return list(Team.objects.select_related("service_area"))

    def get_form(self, proposal):
        return RotationPlanForm(
            self.request.POST if self.request.method == "POST" else None,
            proposal=proposal,
            teams=self.teams,
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cohort"] = self.cohort
        proposal = kwargs.get("proposal")
        if proposal is None:
            try:
                proposal = selectors.plan_for_cohort(self.cohort)
            except DomainError as error:
                context["impossible"] = error
                return context
        form = kwargs.get("form") or self.get_form(proposal)
        teams = {team.pk: team for team in self.teams}
        rows = []
        for enrolment in self.cohort.enrolments.select_related("member").order_by("pk"):
            items = proposal.for_member(enrolment.pk)
            if items:
                rows.append(
                    {
                        "enrolment": enrolment,
                        "placements": [
                            {
                                "item": item,
                                "team": teams[item.team],
                                "field": form[rotation_field(item)],
                            }
                            for item in items
                        ],
                    }
                )
        context["form"] = form
        context["rows"] = rows
        context["count"] = len(proposal.placements)
        context["size_warning"] = size_warning(self.cohort)
        return context

    def post(self, request, *args, **kwargs):
        try:
            proposal = selectors.plan_for_cohort(self.cohort)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("cohorts_cohort:plan", pk=self.cohort.pk)
        form = self.get_form(proposal)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form, proposal=proposal))
        try:
            made = placements.rotation_confirm(
                cohort=self.cohort, by=request.user, overrides=form.overrides()
            )
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("cohorts_cohort:plan", pk=self.cohort.pk)
        messages.success(
            request,
            _("%(count)s placements created for %(cohort)s.")
            % {"count": len(made), "cohort": self.cohort},
        )
        return redirect(reverse("cohorts_placement:index") + f"?cohort={self.cohort.pk}")


# Sessions -------------------------------------------------------------------------------------


class ScheduleSessionsView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """Add a series of taught sessions to a cohort in one go."""

    model = TaughtSession
    permission_required = "add"
    template_name = "cohorts/admin/schedule_sessions.html"
    header_icon = "date"

    @cached_property
    def cohort(self) -> Cohort:
        # Looked up after the permission check: nobody learns which cohorts exist.
        return get_object_or_404(Cohort.objects.select_related("programme"), pk=self.kwargs["pk"])

    def get_page_title(self):
        return _("Schedule sessions")

    def get_page_subtitle(self):
        return str(self.cohort)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cohort"] = self.cohort
        context["form"] = kwargs.get("form") or ScheduleSessionsForm()
        return context

    def post(self, request, *args, **kwargs):
        form = ScheduleSessionsForm(request.POST)
        if form.is_valid():
            try:
                made = sessions.sessions_schedule(
                    cohort=self.cohort, by=request.user, **form.cleaned_data
                )
            except DomainError as error:
                show_refusal(form, error)
            else:
                messages.success(
                    request,
                    _("%(count)s sessions added to %(cohort)s.")
                    % {"count": len(made), "cohort": self.cohort},
                )
                return redirect(reverse("cohorts_session:index") + f"?cohort={self.cohort.pk}")
        return self.render_to_response(self.get_context_data(form=form))


class SessionRegisterView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """HR take a session's register: the mentor's form and service, in the back office."""

    model = Attendance
    permission_required = "add"
    template_name = "cohorts/admin/register.html"
    header_icon = "tasks"
    _show_breadcrumbs = True

    @cached_property
    def session(self) -> TaughtSession:
        return get_object_or_404(
            TaughtSession.objects.select_related("cohort"), pk=self.kwargs["pk"]
        )

    def get_page_title(self):
        return _("Register")

    def get_page_subtitle(self):
        return str(self.session)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("cohorts_session:index"), "label": _("Taught sessions")},
            {
                "url": reverse("cohorts_session:inspect", args=[self.session.pk]),
                "label": str(self.session),
            },
            {"url": "", "label": _("Register")},
        ]

    def get_form(self):
        return AttendanceRegisterForm(
            self.request.POST if self.request.method == "POST" else None,
            register=selectors.register_for(self.session),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["session"] = self.session
        context["form"] = kwargs.get("form") or self.get_form()
        return context

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if form.is_valid():
            try:
                sessions.attendance_register(
                    session=self.session, marks=form.marks(), by=request.user
                )
            except DomainError as error:
                show_refusal(form, error)
            else:
                messages.success(
                    request, _("Register saved for %(session)s.") % {"session": self.session}
                )
                return redirect("cohorts_session:register", pk=self.session.pk)
        return self.render_to_response(self.get_context_data(form=form))


class SessionInspectView(InspectView):
    """A session, with the way to its register."""

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if policy_registry.get_by_type(Attendance).user_has_permission(self.request.user, "add"):
            buttons.append(
                HeaderButton(
                    _("Take the register"),
                    url=reverse("cohorts_session:register", args=[self.object.pk]),
                    icon_name="tasks",
                )
            )
        return buttons


# Reviews part: moderation panels ------------------------------------------------------


class ModerationPanelCreateView(ServiceFormMixin, CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        return reviews.panel_create(
            date=data["date"],
            members=list(data["members"]),
            notes=data.get("notes", ""),
            by=self.request.user,
        )


class ModerationPanelEditView(ServiceFormMixin, EditView):
    def save_instance(self):
        data = self.form.cleaned_data
        return reviews.panel_change(
            panel=self.object,
            date=data["date"],
            members=list(data["members"]),
            notes=data.get("notes", ""),
            by=self.request.user,
        )


class ModerationPanelDeleteView(ServiceDeleteView):
    def delete_action(self):
        reviews.panel_remove(panel=self.object, by=self.request.user)


class PanelDecideView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """A panel's page: the final recommendations due for it, each confirmed or changed."""

    model = ModerationPanel
    permission_required = "change"
    template_name = "cohorts/admin/panel_decide.html"
    header_icon = "tick"
    _show_breadcrumbs = True

    @cached_property
    def panel(self) -> ModerationPanel:
        return get_object_or_404(
            ModerationPanel.objects.prefetch_related("members"), pk=self.kwargs["pk"]
        )

    def get_page_title(self):
        return str(self.panel)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("cohorts_moderation_panel:index"), "label": _("Moderation panels")},
            {"url": "", "label": str(self.panel)},
        ]

    def get_context_data(self, failed=None, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = []
        for review in reviews.panel_reviews_due(self.panel):
            if failed is not None and failed.prefix == f"r{review.pk}":
                form = failed
            else:
                form = PanelDecisionForm(
                    initial={"review": review.public_id}, prefix=f"r{review.pk}"
                )
            rows.append({"review": review, "form": form})
        context["panel"] = self.panel
        context["rows"] = rows
        # The evidence part's coverage, wired in at merge; until then the review summary shows.
        context["coverage"] = None
        context["decisions"] = self.panel.decisions.select_related(
            "review__enrolment__member", "decided_by"
        )
        return context

    def post(self, request, *args, **kwargs):
        prefix = request.POST.get("row", "")
        form = PanelDecisionForm(request.POST, prefix=prefix)
        if form.is_valid():
            review = get_object_or_404(
                reviews.panel_reviews_due(self.panel), public_id=form.cleaned_data["review"]
            )
            try:
                reviews.panel_decide(
                    panel=self.panel,
                    review=review,
                    decision=form.cleaned_data["decision"],
                    reason=form.cleaned_data["reason"],
                    by=request.user,
                )
            except DomainError as error:
                show_refusal(form, error)
            else:
                messages.success(
                    request,
                    _("Decision recorded for %(name)s.")
                    % {"name": review.enrolment.member.display_name},
                )
                return redirect("cohorts_moderation_panel:decide", pk=self.panel.pk)
        return self.render_to_response(self.get_context_data(failed=form))


class EnrolmentEndView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """Programmes without a panel: record the end-point assessment, complete the programme."""

    model = Enrolment
    permission_required = "change"
    template_name = "cohorts/admin/enrolment_end.html"
    header_icon = "user"
    _show_breadcrumbs = True

    @cached_property
    def enrolment(self) -> Enrolment:
        return get_object_or_404(
            Enrolment.objects.select_related("member", "cohort__programme"), pk=self.kwargs["pk"]
        )

    def get_page_title(self):
        return _("End the programme")

    def get_page_subtitle(self):
        return self.enrolment.member.display_name

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("cohorts_enrolment:index"), "label": _("Enrolments")},
            {
                "url": reverse("cohorts_enrolment:edit", args=[self.enrolment.pk]),
                "label": str(self.enrolment),
            },
            {"url": "", "label": _("End the programme")},
        ]

    def get_context_data(self, epa_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        context["enrolment"] = self.enrolment
        context["epa_form"] = epa_form or EpaForm()
        return context

    def post(self, request, *args, **kwargs):
        epa_form = None
        try:
            if "complete" in request.POST:
                reviews.enrolment_complete(enrolment=self.enrolment, by=request.user)
                messages.success(request, _("Programme ended."))
                return redirect("cohorts_enrolment:edit", pk=self.enrolment.pk)
            epa_form = EpaForm(request.POST)
            if epa_form.is_valid():
                reviews.enrolment_record_epa(
                    enrolment=self.enrolment,
                    result=epa_form.cleaned_data["epa_result"],
                    on=epa_form.cleaned_data["epa_date"],
                    by=request.user,
                )
                messages.success(request, _("End-point assessment recorded."))
                return redirect("cohorts_enrolment:end", pk=self.enrolment.pk)
        except DomainError as error:
            if epa_form is not None:
                show_refusal(epa_form, error)
            else:
                messages.error(request, error.message)
                return redirect("cohorts_enrolment:end", pk=self.enrolment.pk)
        return self.render_to_response(self.get_context_data(epa_form=epa_form))
