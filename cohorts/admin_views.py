"""Back-office views and forms for the "Cohorts" menu.

Writes that carry rules (enrolling, pausing, placing a member, confirming a
rotation) go through ``cohorts.services``; the forms run the same checks in
``clean`` so people see the reason next to the form rather than an error page.
"""

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views.generic import CreateView, DeleteView, EditView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from cohorts import planner, services
from cohorts.models import Cohort, Enrolment, TaughtSession
from portal.models import Team


def _as_validation_error(error: services.CohortsError) -> ValidationError:
    return ValidationError(error.message)


class ShapedChoicesMixin:
    """Choice labels name related rows: fetch them with the choices, not one query each."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "enrolment" in self.fields:
            self.fields["enrolment"].queryset = Enrolment.objects.select_related("member", "cohort")
        if "team" in self.fields:
            self.fields["team"].queryset = Team.objects.select_related("service_area")
        if "cohort" in self.fields:
            self.fields["cohort"].queryset = Cohort.objects.select_related("programme")


class EnrolmentForm(ShapedChoicesMixin, WagtailAdminModelForm):
    def clean(self):
        cleaned = super().clean()
        member, cohort = cleaned.get("member"), cleaned.get("cohort")
        if self.instance.pk is None and member and cohort:
            try:
                services.validate_enrolment(
                    member=member, cohort=cohort, start_date=cleaned.get("start_date")
                )
            except services.CohortsError as error:
                raise _as_validation_error(error) from error
        status = cleaned.get("status")
        if (
            status in (Enrolment.Status.WITHDRAWN, Enrolment.Status.FAILED)
            and not (cleaned.get("status_reason") or "").strip()
        ):
            self.add_error("status_reason", _("Give a reason for this status."))
        if "status" in self.changed_data and not cleaned.get("status_changed_on"):
            cleaned["status_changed_on"] = timezone.localdate()
        return cleaned


class EnrolmentCreateView(CreateView):
    def save_action(self):
        warning = services.cohort_size_warning(cohort=self.object.cohort)
        if warning:
            messages.warning(self.request, warning)
        return super().save_action()

    def save_instance(self):
        data = self.form.cleaned_data
        return services.enrolment_create(
            member=data["member"],
            cohort=data["cohort"],
            employer=data["employer"],
            service=data["service"],
            start_date=data.get("start_date"),
            by=self.request.user,
        )


class EnrolmentEditView(EditView):
    def save_instance(self):
        enrolment = super().save_instance()
        # A new start date moves the expected end (and the overlap checks with it).
        return services.enrolment_refresh_end(enrolment=enrolment, by=self.request.user)


class PauseForm(ShapedChoicesMixin, WagtailAdminModelForm):
    def clean(self):
        cleaned = super().clean()
        enrolment = cleaned.get("enrolment")
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if enrolment and start and end:
            enrolment = Enrolment.objects.select_related("cohort__programme", "member").get(
                pk=enrolment.pk
            )
            try:
                services.validate_pause(
                    enrolment=enrolment,
                    start_date=start,
                    end_date=end,
                    exclude_pk=self.instance.pk,
                )
            except services.CohortsError as error:
                raise _as_validation_error(error) from error
        return cleaned


class PauseCreateView(CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        return services.enrolment_pause(
            enrolment=data["enrolment"],
            reason=data["reason"],
            start_date=data["start_date"],
            end_date=data["end_date"],
            note=data.get("note", ""),
            by=self.request.user,
        )


class PauseEditView(EditView):
    def save_instance(self):
        data = self.form.cleaned_data
        return services.pause_change(
            pause=self.object,
            reason=data["reason"],
            start_date=data["start_date"],
            end_date=data["end_date"],
            note=data.get("note", ""),
            by=self.request.user,
        )


class PauseDeleteView(DeleteView):
    def delete_action(self):
        services.pause_remove(pause=self.object, by=self.request.user)


class PlacementForm(ShapedChoicesMixin, WagtailAdminModelForm):
    def clean(self):
        cleaned = super().clean()
        enrolment, team = cleaned.get("enrolment"), cleaned.get("team")
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if enrolment and team and start and end:
            try:
                services.validate_placement(
                    enrolment=enrolment,
                    team=team,
                    start_date=start,
                    end_date=end,
                    exclude_pk=self.instance.pk,
                )
            except services.CohortsError as error:
                raise _as_validation_error(error) from error
        return cleaned


class PlacementCreateView(CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        return services.placement_assign(
            enrolment=data["enrolment"],
            team=data["team"],
            start_date=data["start_date"],
            end_date=data["end_date"],
            supervisor=data.get("supervisor"),
            planned_days=data.get("planned_days") or None,
            by=self.request.user,
        )


def _override_field(item) -> str:
    return f"team-{item.member}-{item.start.isoformat()}"


def _overrides_from(data) -> dict:
    """HR's team choices from the plan form: {(enrolment pk, start date): team pk}."""
    chosen = {}
    for key, value in data.items():
        if not key.startswith("team-"):
            continue
        try:
            _prefix, member, start = key.split("-", 2)
            chosen[(int(member), datetime.date.fromisoformat(start))] = int(value)
        except ValueError:
            continue
    return chosen


class ConfirmRotationForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Create these placements"),
        error_messages={"required": _("Tick the box to confirm the placements")},
    )


class RotationPlanView(WagtailAdminTemplateMixin, TemplateView):
    """HR review the planner's proposal for a cohort, then confirm it (creates placements)."""

    template_name = "cohorts/admin/rotation_plan.html"
    header_icon = "group"
    _show_breadcrumbs = True

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("cohorts.add_placement"):
            raise PermissionDenied
        self.cohort = get_object_or_404(Cohort.objects.select_related("programme"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

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

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cohort"] = self.cohort
        context["form"] = kwargs.get("form") or ConfirmRotationForm()
        try:
            proposal = planner.plan_for_cohort(self.cohort)
        except planner.PlanImpossible as error:
            context["impossible"] = error
            return context
        enrolments = {
            e.pk: e for e in self.cohort.enrolments.select_related("member").order_by("pk")
        }
        teams = {t.pk: t for t in Team.objects.select_related("service_area")}
        by_area: dict[str, list] = {}
        for team in teams.values():
            by_area.setdefault(team.service_area.slug, []).append(team)
        chosen = kwargs.get("chosen", {})
        rows = []
        for enrolment_pk, enrolment in enrolments.items():
            items = proposal.for_member(enrolment_pk)
            if items:
                rows.append(
                    {
                        "enrolment": enrolment,
                        "placements": [
                            {
                                "item": item,
                                "team": teams[item.team],
                                "field": _override_field(item),
                                "selected": chosen.get((item.member, item.start), item.team),
                                "options": sorted(by_area[item.area], key=lambda t: t.name),
                            }
                            for item in items
                        ],
                    }
                )
        context["rows"] = rows
        context["count"] = len(proposal.placements)
        context["size_warning"] = services.cohort_size_warning(cohort=self.cohort)
        return context

    def post(self, request, *args, **kwargs):
        form = ConfirmRotationForm(request.POST)
        chosen = _overrides_from(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form, chosen=chosen))
        try:
            made = services.rotation_confirm(cohort=self.cohort, by=request.user, overrides=chosen)
        except (planner.PlanImpossible, services.CohortsError) as error:
            messages.error(request, str(error))
            return redirect("cohorts_cohort:plan", pk=self.cohort.pk)
        messages.success(
            request,
            _("%(count)s placements created for %(cohort)s.")
            % {"count": len(made), "cohort": self.cohort},
        )
        return redirect(reverse("cohorts_placement:index") + f"?cohort={self.cohort.pk}")


class ScheduleSessionsForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=TaughtSession.Kind.choices)
    topic = forms.CharField(label=_("Topic"), max_length=200)
    first_date = forms.DateField(
        label=_("First session"), widget=forms.DateInput(attrs={"type": "date"})
    )
    every_weeks = forms.IntegerField(
        label=_("Every how many weeks"),
        min_value=1,
        max_value=12,
        initial=2,
        help_text=_("2 gives two taught sessions a month; practice improvement days are 4 to 6."),
    )
    count = forms.IntegerField(label=_("How many sessions"), min_value=1, max_value=60)
    start_time = forms.TimeField(
        label=_("Start time"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    end_time = forms.TimeField(label=_("End time"), widget=forms.TimeInput(attrs={"type": "time"}))
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    video_link = forms.URLField(label=_("Video call link"), required=False, assume_scheme="https")
    facilitator = forms.CharField(label=_("Facilitator"), max_length=150, required=False)


class ScheduleSessionsView(WagtailAdminTemplateMixin, TemplateView):
    """Add a series of taught sessions to a cohort in one go."""

    template_name = "cohorts/admin/schedule_sessions.html"
    header_icon = "date"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("cohorts.add_taughtsession"):
            raise PermissionDenied
        self.cohort = get_object_or_404(Cohort, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

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
                sessions = services.sessions_schedule(
                    cohort=self.cohort, by=request.user, **form.cleaned_data
                )
            except services.CohortsError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    _("%(count)s sessions added to %(cohort)s.")
                    % {"count": len(sessions), "cohort": self.cohort},
                )
                return redirect(reverse("cohorts_session:index") + f"?cohort={self.cohort.pk}")
        return self.render_to_response(self.get_context_data(form=form))
