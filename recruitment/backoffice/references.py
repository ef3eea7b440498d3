"""HR's reference pages: the list (filter by state, overdue; CSV export), one reference
with its answers or letter, the assessment, a change of referee, and asking for
references from an application's page.

Every write is one call to ``recruitment.services.references``, which records it on
the application's timeline and in Wagtail History; a refusal comes back as a
message or a form error, never an error page.
"""

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import FormView
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import BooleanColumn, Column, StatusTagColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from portal.downloads import private_download
from portal.errors import DomainError
from portal.forms import show_refusal
from recruitment import selectors
from recruitment.choices import ReferenceState
from recruitment.models import Application, Referee, ReferenceRequest
from recruitment.services import reference_requests, references

# Permissions ----------------------------------------------------------------------


class ReferencePermissionPolicy(ModelPermissionPolicy):
    """References are written by the referee and by services: nobody adds, edits or
    deletes one in the admin. HR's actions (ask, assess, change the referee) are
    "act", which the model's change permission grants."""

    REFUSED = frozenset({"add", "change", "delete"})

    def user_has_permission(self, user, action):
        if action in self.REFUSED:
            return False
        if action == "act":
            return super().user_has_permission(user, "change")
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        wanted = {"change" if action == "act" else action for action in actions} - self.REFUSED
        if not wanted:
            return super().users_with_any_permission([]).none()
        return super().users_with_any_permission(sorted(wanted))


REFERENCES = ReferencePermissionPolicy(ReferenceRequest)


def reference_url(reference: ReferenceRequest) -> str:
    return reverse("recruitment_reference:inspect", args=[reference.pk])


def inspect_url(application: Application) -> str:
    # The application's page (``backoffice.applications`` includes this module's panel).
    return reverse("recruitment_application:inspect", args=[application.pk])


# The list ------------------------------------------------------------------------


class ReferenceFilterSet(WagtailFilterSet):
    state = django_filters.ChoiceFilter(label=_("State"), choices=ReferenceState.choices)
    overdue = django_filters.BooleanFilter(label=_("Overdue"), method="filter_overdue")
    satisfactory = django_filters.BooleanFilter(label=_("Satisfactory"))

    class Meta:
        model = ReferenceRequest
        fields = ["state", "satisfactory"]

    def filter_overdue(self, queryset, name, value):
        overdue = selectors.overdue_references_q(timezone.now())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)


class ReferenceIndexView(generic.IndexView):
    def get_base_queryset(self):
        return selectors.references_visible_to(self.request.user)

    def search_queryset(self, queryset):
        query = (self.search_query or "").strip()
        if not query:
            return queryset
        return queryset.filter(
            Q(referee_name__icontains=query)
            | Q(referee_organisation__icontains=query)
            | Q(application__id__istartswith=query.removeprefix("A-").lower())
        )


class ReferenceMixin(PermissionCheckedMixin):
    """A reference HR may see, through the one selector (404 otherwise)."""

    permission_policy = REFERENCES
    permission_required = "act"

    @cached_property
    def reference(self) -> ReferenceRequest:
        try:
            return selectors.reference_for_hr(self.request.user, self.kwargs["pk"])
        except (ReferenceRequest.DoesNotExist, ValueError, ValidationError) as error:
            raise Http404 from error


class AssessForm(forms.Form):
    satisfactory = forms.TypedChoiceField(
        label=_("Is the reference satisfactory?"),
        choices=[("yes", _("Satisfactory")), ("no", _("Not satisfactory"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose satisfactory or not satisfactory")},
    )
    note = forms.CharField(
        label=_("Note"),
        help_text=_("Required when the reference is not satisfactory."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReferenceInspectView(ReferenceMixin, generic.InspectView):
    template_name = "recruitment/admin/reference.html"
    permission_required = "view"

    def get_object(self, queryset=None):
        return self.reference

    def get_fields(self):
        return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        reference = self.reference
        can_act = REFERENCES.user_has_permission(self.request.user, "act")
        context.update(
            reference=reference,
            application=reference.application,
            application_url=inspect_url(reference.application),
            answers=answer_rows(reference),
            can_assess=can_act and reference.state == ReferenceState.RECEIVED,
            can_change_referee=can_act
            and reference.state != ReferenceState.REPLACED
            and reference_requests.may_request(reference.application),
            assess_form=kwargs.get("assess_form")
            or AssessForm(
                initial={
                    "satisfactory": {True: "yes", False: "no"}.get(reference.satisfactory),
                    "note": reference.assessment_note,
                }
            ),
        )
        return context


def answer_rows(reference: ReferenceRequest) -> list[tuple[str, str]]:
    """The referee's answers as (question, answer), in the order they were asked."""
    if reference.state != ReferenceState.RECEIVED or reference.letter:
        return []
    yes_no = {True: _g("Yes"), False: _g("No"), None: ""}
    fields = ReferenceRequest._meta
    rows = [
        ("how_known", reference.how_known),
        ("known_from", reference.known_from),
        ("known_to", reference.known_to or _g("Still works with them")),
        ("applicant_role", reference.applicant_role),
        ("suitable_with_children", reference.get_suitable_with_children_display()),
        ("safeguarding_concerns", yes_no[reference.safeguarding_concerns]),
        ("safeguarding_detail", reference.safeguarding_detail),
        ("disciplinary_action", yes_no[reference.disciplinary_action]),
        ("disciplinary_detail", reference.disciplinary_detail),
        ("sickness_absence", reference.sickness_absence or _g("Not given")),
    ]
    return [(fields.get_field(name).verbose_name, value) for name, value in rows if value != ""]


class AssessView(ReferenceMixin, View):
    """Mark a received reference satisfactory or not, with a note."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        reference = self.reference
        form = AssessForm(request.POST)
        if form.is_valid():
            try:
                references.reference_assess(
                    request=reference,
                    by=request.user,
                    satisfactory=form.cleaned_data["satisfactory"],
                    note=form.cleaned_data["note"],
                )
            except DomainError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _g("Assessment saved."))
        else:
            messages.error(request, next(iter(form.errors.values()))[0])
        return redirect(reference_url(reference))


class LetterDownloadView(ReferenceMixin, View):
    """The referee's letter, from private storage."""

    permission_required = "view"

    def get(self, request, *args, **kwargs):
        reference = self.reference
        if not reference.letter:
            raise Http404
        return private_download(
            reference.letter,
            filename=reference.letter_name,
            content_type=reference.letter_content_type,
        )


class RefereeForm(forms.ModelForm):
    is_current_employer = forms.BooleanField(
        label=_("From the applicant's current or most recent employer"), required=False
    )

    class Meta:
        model = Referee
        fields = [
            "name",
            "job_title",
            "organisation",
            "email",
            "phone",
            "relationship",
            "is_current_employer",
        ]
        labels = {"relationship": _("How they know the applicant")}


class ChangeRefereeView(ReferenceMixin, WagtailAdminTemplateMixin, FormView):
    """A new referee for a request: the old link stops working and the new referee is asked."""

    template_name = "recruitment/admin/reference_change_referee.html"
    form_class = RefereeForm
    page_title = _("Change referee")

    def get_form_kwargs(self):
        if self.reference.state == ReferenceState.REPLACED:
            raise Http404
        kwargs = super().get_form_kwargs()
        # The form only reads and checks the details; the service writes them.
        referee = self.reference.referee
        kwargs["initial"] = {
            "name": self.reference.referee_name,
            "email": self.reference.referee_email,
            "organisation": self.reference.referee_organisation,
            "is_current_employer": self.reference.is_current_employer,
            "job_title": referee.job_title if referee else "",
            "phone": referee.phone if referee else "",
            "relationship": referee.relationship if referee else "",
        }
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            reference=self.reference, back_url=reference_url(self.reference), **kwargs
        )

    def form_valid(self, form):
        try:
            replacement = references.referee_change(
                request=self.reference, by=self.request.user, **form.cleaned_data
            )
        except DomainError as error:
            show_refusal(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request, _g("Referee changed. The new referee has been asked for a reference.")
        )
        return redirect(reference_url(replacement))


class RequestReferencesView(PermissionCheckedMixin, View):
    """ "Request references" on an application's page: every referee not yet asked."""

    permission_policy = REFERENCES
    permission_required = "act"
    http_method_names = ["post"]

    def post(self, request, application_pk):
        try:
            application = selectors.applications_for_hr(request.user).get(pk=application_pk)
        except (Application.DoesNotExist, ValueError, ValidationError) as error:
            raise Http404 from error
        try:
            made = references.references_request_all(application=application, by=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            if made:
                messages.success(
                    request,
                    _g("%(count)d referees asked for a reference.") % {"count": len(made)},
                )
            else:
                messages.info(request, _g("Every referee has already been asked."))
        return redirect(inspect_url(application))


# The panel on the application's and the offer's pages ----------------------------


def references_panel_context(application: Application, user) -> dict:
    """What ``recruitment/admin/includes/references_panel.html`` shows for one
    application: each request (referee, state, received, overdue, satisfactory, link),
    and the "Request references" button when HR may ask now."""
    rows = list(selectors.references_for_application(user, application))
    can_act = REFERENCES.user_has_permission(user, "act")
    waiting = {row.referee_id for row in rows if row.state != ReferenceState.REPLACED}
    not_asked = application.referees.exclude(pk__in=waiting).exists() if can_act else False
    return {
        "references_shown": selectors.can_see_references(user),
        "references_application": application,
        "references": [(row, reference_url(row)) for row in rows],
        "references_can_request": can_act
        and reference_requests.may_request(application)
        and not_asked,
        "references_request_url": reverse("recruitment_reference:request", args=[application.pk]),
    }


# The view set --------------------------------------------------------------------


def _application_reference(reference):
    return reference.application.reference


class ReferenceViewSet(ModelViewSet):
    model = ReferenceRequest
    name = "recruitment_reference"
    url_prefix = "recruitment/references"
    icon = "mail"
    menu_label = _("References")
    index_view_class = ReferenceIndexView
    inspect_view_class = ReferenceInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = ReferenceFilterSet
    search_backend_name = None
    list_per_page = 50
    ordering = ["-requested_at"]
    list_display = [
        TitleColumn(
            "referee_name",
            label=_("Referee"),
            url_name="recruitment_reference:inspect",
            sort_key="referee_name",
        ),
        Column("application", label=_("Application"), accessor=_application_reference),
        Column(
            "vacancy",
            label=_("Vacancy"),
            accessor="application.vacancy.title",
            sort_key="application__vacancy__title",
        ),
        StatusTagColumn("state", label=_("State"), accessor="get_state_display", sort_key="state"),
        BooleanColumn("is_current_employer", label=_("Current employer")),
        Column("requested_at", label=_("Requested"), sort_key="requested_at"),
        Column("received_at", label=_("Received"), sort_key="received_at"),
        BooleanColumn("overdue", label=_("Overdue")),
        BooleanColumn("satisfactory", label=_("Satisfactory")),
    ]
    # No answers and no contact details: the export says where each reference stands.
    list_export = [
        "application.reference",
        "application.vacancy.title",
        "referee_name",
        "referee_organisation",
        "is_current_employer",
        "state",
        "requested_at",
        "received_at",
        "overdue",
        "satisfactory",
        "assessed_at",
    ]
    export_headings = {
        "application.reference": _("Application"),
        "application.vacancy.title": _("Vacancy"),
        "overdue": _("Overdue"),
    }
    export_filename = "references"
    form_fields = ["assessment_note"]  # required by the viewset; the policy forbids editing

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("<uuid:pk>/assess/", AssessView.as_view(), name="assess"),
            path("<uuid:pk>/letter/", LetterDownloadView.as_view(), name="letter"),
            path("<uuid:pk>/change-referee/", ChangeRefereeView.as_view(), name="change_referee"),
            path(
                "request/<uuid:application_pk>/",
                RequestReferencesView.as_view(),
                name="request",
            ),
        ]
