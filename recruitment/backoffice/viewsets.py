"""The "Recruitment" menu: its view sets, and the addresses of HR's pages."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, StatusTagColumn, TitleColumn
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from portal import admin_tables
from recruitment import presenters
from recruitment.backoffice import applications, interviews, offers, references, reports, retention
from recruitment.backoffice.checks import CheckRequirementViewSet, PreEmploymentCheckViewSet
from recruitment.backoffice.permissions import SLOTS
from recruitment.filters import ApplicationFilterSet, OfferFilterSet
from recruitment.models import (
    Application,
    Offer,
    OfferPolicy,
    RejectionReason,
    RetentionPolicy,
    RoutingRule,
)


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
        admin_tables.TitleColumn(
            "reference",
            label=_("Reference"),
            accessor="reference",
            url_name="recruitment_application:inspect",
        ),
        admin_tables.Column(
            "vacancy", label=_("Vacancy"), accessor="vacancy_title", sort_key="vacancy__title"
        ),
        admin_tables.Column(
            "route", label=_("Route"), accessor="get_route_display", sort_key="route"
        ),
        admin_tables.StatusTagColumn(
            "status", label=_("Status"), accessor="get_status_display", sort_key="status"
        ),
        admin_tables.StatusTagColumn(
            "fast_track_due",
            label=_("Fast-track"),
            accessor=clock_label,
            primary=clock_breached,
            sort_key="fast_track_due",
        ),
        admin_tables.Column(
            "suggested_route", label=_("Suggested route"), accessor="get_suggested_route_display"
        ),
        admin_tables.Column(
            "channel", label=_("Channel"), accessor="tracking_code", sort_key="tracking_code"
        ),
        admin_tables.Column("through_agency", label=_("Agency"), accessor="agency_name"),
        admin_tables.Column("submitted_at", label=_("Submitted"), sort_key="submitted_at"),
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
            # Offers
            path("<uuid:pk>/make-offer/", offers.OfferMakeView.as_view(), name="make_offer"),
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


# Offers -----------------------------------------------------------------------------


def offer_applicant(offer):
    application = offer.application
    # Blind shortlisting hides names; an offer normally comes later, but never show one early.
    if application.is_blind:
        return application.reference
    return application.full_name or application.reference


class OfferViewSet(ModelViewSet):
    """Offers: the list with its filters and export, each offer's page and HR's actions."""

    model = Offer
    name = "recruitment_offers"
    url_prefix = "recruitment/offers"
    icon = "mail"
    menu_label = _("Offers")
    index_view_class = offers.OfferIndexView
    inspect_view_class = offers.OfferInspectView
    history_view_class = offers.OfferHistoryView
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = OfferFilterSet
    search_fields = ["job_title", "application__last_name", "application__first_name"]
    search_backend_name = None
    list_per_page = 50
    ordering = ["-made_at"]
    list_display = [
        TitleColumn(
            "applicant",
            label=_("Applicant"),
            accessor=offer_applicant,
            url_name="recruitment_offers:inspect",
        ),
        Column("job_title", label=_("Post"), sort_key="job_title"),
        StatusTagColumn("state", label=_("State"), accessor="get_state_display", sort_key="state"),
        Column("response_deadline", label=_("Answer by"), sort_key="response_deadline"),
        Column("proposed_start_date", label=_("Start date"), sort_key="proposed_start_date"),
    ]
    list_export = [
        "application.full_name",
        "application.reference",
        "job_title",
        "team.name",
        "get_state_display",
        "response_deadline",
        "proposed_start_date",
        "confirmed_start_date",
        "cohort",
    ]
    export_headings = {
        "application.full_name": _("Applicant"),
        "application.reference": _("Reference"),
        "job_title": _("Post"),
        "team.name": _("Team"),
        "get_state_display": _("State"),
        "response_deadline": _("Answer by"),
        "proposed_start_date": _("Proposed start date"),
        "confirmed_start_date": _("Confirmed start date"),
        "cohort": _("Cohort"),
    }
    export_filename = "offers"
    form_fields = ["job_title"]  # required by the viewset; the policy forbids editing

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("<uuid:pk>/change-terms/", offers.OfferChangeView.as_view(), name="change_terms"),
            path("<uuid:pk>/preview/", offers.OfferPreviewView.as_view(), name="preview"),
            path("<uuid:pk>/letter/", offers.OfferLetterView.as_view(), name="letter"),
            path("<uuid:pk>/send/", offers.OfferSendView.as_view(), name="send"),
            path("<uuid:pk>/withdraw/", offers.OfferWithdrawView.as_view(), name="withdraw"),
        ]


class OfferPolicyViewSet(ModelViewSet):
    """How long applicants have to answer an offer: one row, edited, never added."""

    model = OfferPolicy
    name = "recruitment_offer_policy"
    icon = "time"
    menu_label = _("Offer deadline")
    url_prefix = "recruitment/offer-deadline"
    list_display = ["response_working_days", "updated_at"]
    form_fields = ["response_working_days"]
    edit_view_class = offers.OfferPolicyEditView
    copy_view_enabled = False
    inspect_view_enabled = False


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
        references.ReferenceViewSet,
        # Offers
        OfferViewSet,
        OfferPolicyViewSet,
        # Checks, first day, retention ---
        PreEmploymentCheckViewSet,
        CheckRequirementViewSet,
    )
