"""HR's pre-employment checks: the list of every offer's checks (filters, CSV), the "Record
check" form, the checks panel for the offer page, and the checklist per route.

Only HR see check details (``selectors.checks_visible_to``). Checks are written only by
``recruitment.services.checks``: nobody adds, edits or deletes one in the admin; HR
"record" it (the ``change_preemploymentcheck`` permission) through the service.
"""

import django_filters
from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, HelpPanel
from wagtail.admin.ui.tables import Column, StatusTagColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import AdminDateInput

from cms.choices import Route
from portal.errors import DomainError
from portal.forms import BoundedDateField, show_refusal
from portal.permissions import ServiceOnlyPermissionPolicy
from recruitment import conditions, selectors
from recruitment.choices import CheckKind, CheckStatus, DbsOutcome
from recruitment.models import CheckRequirement, Offer, PreEmploymentCheck
from recruitment.services import checks

# Who may do what ------------------------------------------------------------------------


class ChecksPermissionPolicy(ServiceOnlyPermissionPolicy):
    """Seen by whoever may view checks; "record" is the change permission, through the
    service only (the generic add, edit and delete views refuse everyone)."""

    def user_has_permission(self, user, action):
        if action == "record":
            action = "change"
            return super(ServiceOnlyPermissionPolicy, self).user_has_permission(user, action)
        return super().user_has_permission(user, action)


CHECKS = ChecksPermissionPolicy(PreEmploymentCheck)


def record_url(check: PreEmploymentCheck) -> str:
    return reverse("recruitment_checks:record", args=[check.pk])


# The list --------------------------------------------------------------------------------


class CheckFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=CheckStatus.choices, method="filter_status"
    )
    kind = django_filters.ChoiceFilter(label=_("Check"), choices=CheckKind.choices)
    route = django_filters.ChoiceFilter(
        label=_("Route"), choices=Route.choices, field_name="offer__application__route"
    )

    class Meta:
        model = PreEmploymentCheck
        fields = ["status", "kind", "route"]

    def filter_status(self, queryset, name, value):
        if value == CheckStatus.PENDING:
            return selectors.pending_among(queryset)
        return queryset.filter(status=value)


class CheckIndexView(IndexView):
    def get_base_queryset(self):
        return selectors.checks_visible_to(self.request.user)


def application_reference(check: PreEmploymentCheck) -> str:
    return check.offer.application.reference


def offer_post(check: PreEmploymentCheck) -> str:
    return check.offer.job_title


def checked_by_name(check: PreEmploymentCheck) -> str:
    return check.checked_by.display_name if check.checked_by else ""


def is_cleared(check: PreEmploymentCheck) -> bool:
    return check.status == CheckStatus.CLEARED


class RecordLinkColumn(Column):
    """The check, linked to its "Record check" form for whoever may record it."""

    cell_template_name = "recruitment/admin/includes/check_link_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context.get("request")
        may_record = request is not None and CHECKS.user_has_permission(request.user, "record")
        context["link"] = record_url(instance) if may_record and is_recordable(instance) else ""
        return context


def is_recordable(check: PreEmploymentCheck) -> bool:
    return check.kind != CheckKind.REFERENCES and check.offer.state in checks.RECORDABLE_OFFER


# Recording a check -----------------------------------------------------------------------


class CheckRecordForm(forms.Form):
    """What HR type for one check; ``checks.check_record`` applies the rules. The fields
    that do not belong to the check's kind are left out (``for_kind``)."""

    status = forms.ChoiceField(
        label=_("Outcome"),
        choices=[(CheckStatus.CLEARED, _("Cleared")), (CheckStatus.NOT_CLEARED, _("Not cleared"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Select whether the check is cleared")},
    )
    checked_on = BoundedDateField(
        label=_("Date checked"),
        widget=AdminDateInput,
        error_messages={"required": _("Enter the date of the check")},
    )
    swe_number = forms.CharField(
        label=_("Social Work England registration number"), max_length=10, required=False
    )
    dbs_certificate_number = forms.CharField(
        label=_("DBS certificate number"),
        max_length=20,
        required=False,
        help_text=_("The 12-digit number. Never type or upload the disclosure itself."),
    )
    dbs_issue_date = BoundedDateField(
        label=_("DBS certificate issue date"), widget=AdminDateInput, required=False
    )
    dbs_outcome = forms.ChoiceField(
        label=_("DBS outcome"),
        choices=DbsOutcome.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
        help_text=_("For HR only. No details of a DBS disclosure."),
    )

    SWE_FIELDS = ("swe_number",)
    DBS_FIELDS = ("dbs_certificate_number", "dbs_issue_date", "dbs_outcome")

    @classmethod
    def for_kind(cls, kind: str, *args, **kwargs) -> "CheckRecordForm":
        form = cls(*args, **kwargs)
        drop = set(cls.SWE_FIELDS + cls.DBS_FIELDS)
        if kind == CheckKind.SWE_REGISTRATION:
            drop -= set(cls.SWE_FIELDS)
        if kind == CheckKind.DBS:
            drop -= set(cls.DBS_FIELDS)
        for name in drop:
            del form.fields[name]
        return form


class RecordCheckView(PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView):
    permission_policy = CHECKS
    permission_required = "record"
    template_name = "recruitment/admin/check_record.html"
    page_title = _("Record check")
    header_icon = "tick"

    @cached_property
    def check(self) -> PreEmploymentCheck:
        try:
            check = selectors.check_for_hr(self.request.user, self.kwargs["pk"])
        except PreEmploymentCheck.DoesNotExist as error:
            raise Http404 from error
        if not is_recordable(check):
            raise Http404
        return check

    def get_form(self, form_class=None):
        return CheckRecordForm.for_kind(self.check.kind, **self.get_form_kwargs())

    def get_initial(self):
        check = self.check
        return {
            "status": check.status if check.status != CheckStatus.PENDING else "",
            "checked_on": check.checked_on,
            "swe_number": check.swe_number or check.offer.application.swe_number,
            "dbs_certificate_number": check.dbs_certificate_number,
            "dbs_issue_date": check.dbs_issue_date,
            "dbs_outcome": check.dbs_outcome,
            "note": check.note,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            check=self.check,
            application=self.check.offer.application,
            **kwargs,
        )

    def get_page_subtitle(self):
        return self.check.get_kind_display()

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            checks.check_record(
                check=self.check,
                by=self.request.user,
                status=data["status"],
                checked_on=data["checked_on"],
                note=data.get("note", ""),
                swe_number=data.get("swe_number", ""),
                dbs_certificate_number=data.get("dbs_certificate_number", ""),
                dbs_issue_date=data.get("dbs_issue_date"),
                dbs_outcome=data.get("dbs_outcome", ""),
            )
        except DomainError as error:
            show_refusal(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(check)s recorded for %(reference)s")
            % {
                "check": self.check.get_kind_display(),
                "reference": self.check.offer.application.reference,
            },
        )
        # Back to the offer, where the rest of its conditions are.
        return redirect("recruitment_offers:inspect", self.check.offer_id)


# The confirmed start date ------------------------------------------------------------


class StartDateForm(forms.Form):
    start_date = BoundedDateField(
        label=_("Confirmed start date"),
        widget=AdminDateInput,
        error_messages={"required": _("Enter the date they start")},
    )


class StartDateView(PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView):
    """HR confirm the first day (``checks.offer_start_date_confirm``)."""

    permission_policy = CHECKS
    permission_required = "record"
    template_name = "recruitment/admin/check_start_date.html"
    form_class = StartDateForm
    page_title = _("Confirm the start date")
    header_icon = "date"

    @cached_property
    def offer(self) -> Offer:
        try:
            offer = selectors.offer_for_hr(self.request.user, self.kwargs["pk"])
        except Offer.DoesNotExist:
            raise Http404 from None
        if offer.state not in checks.CONFIRMABLE_OFFER or offer.started_at:
            raise Http404
        return offer

    def get_initial(self):
        return {"start_date": self.offer.confirmed_start_date or self.offer.proposed_start_date}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            offer=self.offer, application=self.offer.application, **kwargs
        )

    def form_valid(self, form):
        try:
            checks.offer_start_date_confirm(
                offer=self.offer, by=self.request.user, start_date=form.cleaned_data["start_date"]
            )
        except DomainError as error:
            show_refusal(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Start date confirmed"))
        return redirect("recruitment_offers:inspect", self.offer.pk)


def start_date_url(offer: Offer) -> str:
    return reverse("recruitment_checks:start_date", args=[offer.pk])


# The panel on the offer's page -----------------------------------------------------------


def checks_panel_context(offer: Offer, user) -> dict:
    """What ``recruitment/admin/includes/checks_panel.html`` shows on an offer's admin page:
    each check with its status, date and who cleared it (HR only), links to record each,
    and what is still outstanding. Empty for anyone who may not see checks."""
    if not selectors.can_see_checks(user):
        return {"checks_visible": False}
    rows = list(selectors.checks_visible_to(user).filter(offer=offer).select_related("offer"))
    may_record = CHECKS.user_has_permission(user, "record")
    references = conditions.references_shortfall(checks.reference_facts(offer))
    return {
        "checks_visible": True,
        "checks": [
            {
                "check": check,
                "record_url": record_url(check) if may_record and is_recordable(check) else "",
                "follows_references": check.kind == CheckKind.REFERENCES,
            }
            for check in rows
        ],
        "outstanding": [
            CheckKind(kind).label
            for kind in conditions.outstanding(
                conditions.CheckFacts(check.kind, check.status) for check in rows
            )
        ],
        "references_shortfall": references,
        "list_url": reverse("recruitment_checks:index"),
        "start_date": offer.confirmed_start_date,
        "start_date_url": start_date_url(offer)
        if may_record and offer.state in checks.CONFIRMABLE_OFFER and not offer.started_at
        else "",
    }


# View sets -----------------------------------------------------------------------------


class PreEmploymentCheckViewSet(ModelViewSet):
    model = PreEmploymentCheck
    name = "recruitment_checks"
    url_prefix = "recruitment/checks"
    icon = "tick-inverse"
    menu_label = _("Pre-employment checks")
    index_view_class = CheckIndexView
    filterset_class = CheckFilterSet
    inspect_view_enabled = False
    copy_view_enabled = False
    list_per_page = 50
    list_display = [
        RecordLinkColumn("kind", label=_("Check"), accessor="get_kind_display", sort_key="kind"),
        Column("application", label=_("Application"), accessor=application_reference),
        Column("post", label=_("Post"), accessor=offer_post),
        StatusTagColumn(
            "status",
            label=_("Status"),
            accessor="get_status_display",
            primary=is_cleared,
            sort_key="status",
        ),
        Column("checked_on", label=_("Date checked"), sort_key="checked_on"),
        Column("checked_by", label=_("Checked by"), accessor=checked_by_name),
    ]
    # Statuses, dates and who checked: never DBS numbers, SWE numbers or notes.
    list_export = [
        "offer.application.reference",
        "offer.application.get_route_display",
        "offer.job_title",
        "get_kind_display",
        "get_status_display",
        "checked_on",
        "checked_by",
        "get_dbs_outcome_display",
    ]
    export_headings = {
        "offer.application.reference": _("Application"),
        "offer.application.get_route_display": _("Route"),
        "offer.job_title": _("Post"),
        "get_kind_display": _("Check"),
        "get_status_display": _("Status"),
        "checked_on": _("Date checked"),
        "checked_by": _("Checked by"),
        "get_dbs_outcome_display": _("DBS outcome"),
    }
    export_filename = "pre-employment-checks"
    ordering = ["offer__proposed_start_date", "offer_id", "kind"]
    form_fields = ["note"]  # required by the viewset; the policy refuses its edit view

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("<int:pk>/record/", RecordCheckView.as_view(), name="record"),
            path("offer/<uuid:pk>/start-date/", StartDateView.as_view(), name="start_date"),
        ]


CHECKLIST_HELP = _(
    "Which checks each route needs before an offer becomes unconditional. Changing this "
    "list affects new offers only: offers already made keep the checks they were made with."
)


class CheckRequirementViewSet(ModelViewSet):
    model = CheckRequirement
    name = "recruitment_check_requirements"
    url_prefix = "recruitment/checks-required"
    icon = "list-ul"
    menu_label = _("Pre-employment checks required")
    list_display = ["route", "kind", "applicant_action"]
    list_filter = ["route", "kind"]
    copy_view_enabled = False
    inspect_view_enabled = False
    panels = [
        HelpPanel(content=CHECKLIST_HELP),
        FieldPanel("route"),
        FieldPanel("kind"),
        FieldPanel("applicant_action"),
    ]
