"""The "Recruitment" menu: its view sets, and the addresses of HR's pages."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, StatusTagColumn, TitleColumn
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from recruitment import presenters
from recruitment.backoffice import applications, interviews, reports, retention
from recruitment.backoffice.checks import CheckRequirementViewSet, PreEmploymentCheckViewSet
from recruitment.backoffice.permissions import SLOTS
from recruitment.filters import ApplicationFilterSet
from recruitment.models import Application, RejectionReason, RetentionPolicy, RoutingRule


def clock_label(application):
    return (
        presenters.fast_track_clock(application)[0] or presenters.fast_track_offer(application)[0]
    )


def clock_breached(application):
    return (
        presenters.fast_track_clock(application)[1] or presenters.fast_track_offer(application)[1]
    )


class ApplicationViewSet(ModelViewSet):
    model = Application
    name = "recruitment_application"
    url_prefix = "recruitment/applications"
    icon = "doc-full"
    menu_label = _("Applications")
    add_to_admin_menu = False
    index_view_class = applications.ApplicationIndexView
    inspect_view_class = applications.ApplicationInspectView
    history_view_class = applications.ApplicationHistoryView
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = ApplicationFilterSet
    search_fields = ["vacancy__title", "tracking_code", "utm_campaign", "agency_name"]
    search_backend_name = None
    list_per_page = 50
    list_display = [
        TitleColumn(
            "reference",
            label=_("Reference"),
            accessor="reference",
            url_name="recruitment_application:inspect",
        ),
        Column("vacancy", label=_("Vacancy"), accessor="vacancy.title", sort_key="vacancy__title"),
        Column("route", label=_("Route"), accessor="get_route_display", sort_key="route"),
        StatusTagColumn(
            "status", label=_("Status"), accessor="get_status_display", sort_key="status"
        ),
        StatusTagColumn(
            "fast_track_due",
            label=_("Fast-track"),
            accessor=clock_label,
            primary=clock_breached,
            sort_key="fast_track_due",
        ),
        Column(
            "suggested_route", label=_("Suggested route"), accessor="get_suggested_route_display"
        ),
        Column("channel", label=_("Channel"), accessor="tracking_code", sort_key="tracking_code"),
        Column("through_agency", label=_("Agency"), accessor="agency_name"),
        Column("submitted_at", label=_("Submitted"), sort_key="submitted_at"),
    ]
    # Never equality data, and no names: the export is as blind as the list.
    list_export = [
        "reference",
        "vacancy",
        "route",
        "status",
        "suggested_route",
        "is_fast_track",
        "fast_track_due",
        "interview_offered_at",
        "submitted_at",
        "campaign",
        "tracking_code",
        "utm_source",
        "utm_medium",
        "utm_campaign",
        "heard_about",
        "through_agency",
        "agency_name",
    ]
    export_headings = {
        "reference": _("Reference"),
        "vacancy": _("Vacancy"),
        "is_fast_track": _("Fast-tracked"),
        "fast_track_due": _("Interview offer due"),
        "heard_about": _("Heard about us"),
        "through_agency": _("Through an agency"),
    }
    export_filename = "applications"
    ordering = ["-submitted_at"]
    form_fields = ["rejection_message"]  # required by the viewset; the policy forbids editing

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("<uuid:pk>/shortlist/", applications.ShortlistView.as_view(), name="shortlist"),
            path("<uuid:pk>/reject/", applications.RejectView.as_view(), name="reject"),
            path(
                "<uuid:pk>/interview-offered/",
                applications.InterviewOfferedView.as_view(),
                name="interview_offered",
            ),
            path("<uuid:pk>/move-route/", applications.MoveRouteView.as_view(), name="move_route"),
            path("<uuid:pk>/notes/", applications.AddNoteView.as_view(), name="add_note"),
            path("<uuid:pk>/cv/", applications.CvDownloadView.as_view(), name="cv"),
            path(
                "<uuid:pk>/move-to/<slug:to>/",
                applications.TransitionView.as_view(),
                name="transition",
            ),
        ]


class RoutingRuleViewSet(ModelViewSet):
    model = RoutingRule
    icon = "resubmit"
    menu_label = _("Routing rules")
    url_prefix = "recruitment/routing-rules"
    list_display = ["name", "applies_to_route", "fast_track", "order", "is_active"]
    form_fields = [
        "name",
        "order",
        "is_active",
        "applies_to_route",
        "requires_registration",
        "min_post_qualifying_months",
        "qualified_within_months",
        "asye",
        "requires_eligibility",
        "fast_track",
        "interview_within_working_days",
    ]
    copy_view_enabled = False


class RejectionReasonViewSet(ModelViewSet):
    model = RejectionReason
    icon = "warning"
    menu_label = _("Rejection reasons")
    url_prefix = "recruitment/rejection-reasons"
    list_display = ["title", "is_active"]
    form_fields = ["title", "applicant_text", "is_active"]
    copy_view_enabled = False


class RetentionPolicyViewSet(ModelViewSet):
    """How long unsuccessful applicants' data is kept: one row, edited, never added."""

    model = RetentionPolicy
    name = "recruitment_retention"
    icon = "time"
    menu_label = _("Data retention")
    url_prefix = "recruitment/retention"
    list_display = ["unsuccessful_months", "updated_at"]
    form_fields = ["unsuccessful_months"]
    edit_view_class = retention.RetentionPolicyEditView
    copy_view_enabled = False
    inspect_view_enabled = False


class SlotsMenuItem(MenuItem):
    """Shown to whoever may see interview slots."""

    def is_shown(self, request):
        return SLOTS.user_has_permission(request.user, "view")


class InterviewsViewSet(ViewSet):
    """The interview calendar, slots, bespoke offers and the interview report."""

    name = "recruitment_interviews"
    url_prefix = "recruitment/interviews"
    icon = "date"
    menu_label = _("Interview calendar")
    add_to_admin_menu = False

    def get_menu_item(self, order=None):
        return SlotsMenuItem(
            label=self.menu_label,
            url=self.menu_url,
            name=self.menu_name,
            icon_name=self.menu_icon,
            order=order if order is not None else self.menu_order,
        )

    def get_urlpatterns(self):
        return [
            path("", interviews.CalendarView.as_view(), name="calendar"),
            path("slots/new/", interviews.SlotCreateView.as_view(), name="slot_new"),
            path("slots/bulk/", interviews.BulkSlotsView.as_view(), name="slots_bulk"),
            path(
                "slots/<uuid:pk>/delete/", interviews.SlotDeleteView.as_view(), name="slot_delete"
            ),
            path("offer/<uuid:pk>/", interviews.BespokeOfferView.as_view(), name="offer"),
            path(
                "<uuid:pk>/cancel/",
                interviews.InterviewCancelView.as_view(),
                name="interview_cancel",
            ),
            path("<uuid:pk>/move/", interviews.InterviewMoveView.as_view(), name="interview_move"),
            path(
                "<uuid:pk>/outcome/<slug:outcome>/",
                interviews.InterviewOutcomeView.as_view(),
                name="interview_outcome",
            ),
            path("report/", reports.TimeToInterviewReportView.as_view(), name="report"),
            path(
                "report/guaranteed-interview/",
                reports.GuaranteedInterviewOverridesReportView.as_view(),
                name="report_guaranteed_interview",
            ),
        ]


class RecruitmentGroup(ModelViewSetGroup):
    menu_label = _("Recruitment")
    menu_icon = "group"
    menu_order = 200
    items = (
        ApplicationViewSet,
        InterviewsViewSet,
        RoutingRuleViewSet,
        RejectionReasonViewSet,
        RetentionPolicyViewSet,
        # Checks, first day, retention ---
        PreEmploymentCheckViewSet,
        CheckRequirementViewSet,
    )
