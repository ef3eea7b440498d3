"""HR's back office: a "Recruitment" menu in the Wagtail admin."""

import datetime
import re

from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, StatusTagColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from cms.choices import Route
from recruitment import admin_views, selectors
from recruitment.choices import TRANSITIONS, Status
from recruitment.filters import ApplicationFilterSet
from recruitment.forms import MoveRouteForm, NoteForm
from recruitment.interviews import LONDON
from recruitment.models import Application, RejectionReason, RoutingRule
from recruitment.presenters import fast_track_clock, fast_track_offer, next_step, summary


class ApplicationPermissionPolicy(ModelPermissionPolicy):
    """Applications change only through services: nobody adds, edits or deletes them here,
    not even a superuser. HR act with the inspect view's actions."""

    READ_ONLY = frozenset({"add", "change", "delete"})

    def user_has_permission(self, user, action):
        if action in self.READ_ONLY:
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        allowed = [action for action in actions if action not in self.READ_ONLY]
        if not allowed:
            return self.model._meta.get_field("applicant").related_model.objects.none()
        return super().users_with_any_permission(allowed)


register_permission_policy(Application, ApplicationPermissionPolicy(Application), exact_class=True)


REFERENCE = re.compile(r"A-?([0-9a-f]{4,8})", re.IGNORECASE)


class ApplicationIndexView(generic.IndexView):
    def get_base_queryset(self):
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
        from django.http import Http404

        try:
            return selectors.application_for_hr(self.request.user, self.pk)
        except (Application.DoesNotExist, ValueError) as error:
            raise Http404 from error

    def get_fields(self):
        return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        application = self.object
        user = self.request.user
        can_screen = user.has_perm("recruitment.screen_application")
        allowed = TRANSITIONS[application.status]
        clock, breached = fast_track_clock(application)
        context.update(
            application=application,
            blind=application.is_blind,
            cards=summary(
                application,
                editable=False,
                blind=application.is_blind,
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
            can_shortlist=can_screen and Status.SHORTLISTED in allowed,
            can_reject=can_screen and Status.REJECTED in allowed,
            can_offer_interview=can_screen and Status.INTERVIEWING in allowed,
            can_move_route=can_screen
            and application.status in (Status.FAST_TRACKED, Status.AWAITING_SHORTLISTING),
            route_form=MoveRouteForm(
                initial={"route": application.suggested_route or application.route}
            ),
            other_routes=[r for r in Route.choices if r[0] != application.route],
            next_step=next_step(application),
            can_offer_bespoke=can_screen and application.status == Status.FAST_TRACKED,
            interviews=interview_rows(application),
            other_steps=[
                (value, Status(value).label)
                for value in Status.values
                if can_screen and value in allowed and value in admin_views.GENERIC_STEPS
            ],
        )
        return context


def interview_rows(application):
    """Each interview with its scorecards side by side: criteria down, panel members across."""
    from recruitment.models import Interview

    rows = []
    for interview in (
        Interview.objects.filter(application=application)
        .select_related("slot")
        .prefetch_related("slot__panel", "scorecards__panel_member")
        .order_by("-booked_at")
    ):
        cards = [card for card in interview.scorecards.all() if card.submitted_at]
        criteria = [c["criterion"] for c in application.vacancy.criteria]
        grid = []
        for index, criterion in enumerate(criteria):
            cells = []
            for card in cards:
                row = card.scores[index] if index < len(card.scores) else {}
                cells.append(row)
            grid.append((criterion, cells))
        rows.append({"interview": interview, "cards": cards, "grid": grid})
    return rows


def clock_label(application):
    return fast_track_clock(application)[0] or fast_track_offer(application)[0]


def clock_breached(application):
    return fast_track_clock(application)[1] or fast_track_offer(application)[1]


class ApplicationViewSet(ModelViewSet):
    model = Application
    name = "recruitment_application"
    url_prefix = "recruitment/applications"
    icon = "doc-full"
    menu_label = _("Applications")
    add_to_admin_menu = False
    index_view_class = ApplicationIndexView
    inspect_view_class = ApplicationInspectView
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
            path("<uuid:pk>/shortlist/", admin_views.shortlist, name="shortlist"),
            path("<uuid:pk>/reject/", admin_views.reject, name="reject"),
            path(
                "<uuid:pk>/interview-offered/",
                admin_views.interview_offered,
                name="interview_offered",
            ),
            path("<uuid:pk>/move-route/", admin_views.move_route, name="move_route"),
            path("<uuid:pk>/notes/", admin_views.add_note, name="add_note"),
            path("<uuid:pk>/cv/", admin_views.cv_download, name="cv"),
            path("<uuid:pk>/move-to/<slug:to>/", admin_views.transition, name="transition"),
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


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


class InterviewsViewSet(ViewSet):
    """The interview calendar, slots, bespoke offers and the interview report."""

    name = "recruitment_interviews"
    url_prefix = "recruitment/interviews"
    icon = "date"
    menu_label = _("Interview calendar")
    add_to_admin_menu = False

    def get_menu_item(self, order=None):
        return PermissionMenuItem(
            label=self.menu_label,
            url=self.menu_url,
            name=self.menu_name,
            icon_name=self.menu_icon,
            order=order if order is not None else self.menu_order,
            permission="recruitment.view_interviewslot",
        )

    def get_urlpatterns(self):
        from recruitment import admin_interviews as views

        return [
            path("", views.calendar, name="calendar"),
            path("slots/new/", views.slot_new, name="slot_new"),
            path("slots/bulk/", views.slots_bulk, name="slots_bulk"),
            path("slots/<uuid:pk>/delete/", views.slot_delete, name="slot_delete"),
            path("offer/<uuid:pk>/", views.offer, name="offer"),
            path("<uuid:pk>/cancel/", views.interview_cancel, name="interview_cancel"),
            path("<uuid:pk>/move/", views.interview_move, name="interview_move"),
            path(
                "<uuid:pk>/outcome/<slug:outcome>/",
                views.interview_outcome,
                name="interview_outcome",
            ),
            path("report/", views.report, name="report"),
        ]


class RecruitmentGroup(ModelViewSetGroup):
    menu_label = _("Recruitment")
    menu_icon = "group"
    menu_order = 200
    items = (ApplicationViewSet, InterviewsViewSet, RoutingRuleViewSet, RejectionReasonViewSet)


@hooks.register("register_admin_viewset")
def register_recruitment():
    return RecruitmentGroup()


class FastTrackPanel(Component):
    """HR's dashboard: fast-track applications waiting for an interview offer, soonest first."""

    name = "recruitment_fast_track"
    template_name = "recruitment/admin/fast_track_panel.html"
    order = 50

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        waiting = (
            selectors.applications_for_hr(self.request.user)
            .filter(status=Status.FAST_TRACKED)
            .order_by("fast_track_due", "submitted_at")
        )
        rows = []
        for application in waiting[:10]:
            label, breached = fast_track_clock(application)
            rows.append((application, label, breached))
        context.update(rows=rows, total=waiting.count())
        return context


class InterviewsTodayPanel(Component):
    """HR's dashboard: today's booked and held interviews, earliest first."""

    name = "recruitment_interviews_today"
    template_name = "recruitment/admin/interviews_today_panel.html"
    order = 60

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        start = datetime.datetime.combine(timezone.localdate(), datetime.time(), tzinfo=LONDON)
        context["rows"] = list(
            selectors.interviews_starting_between(
                self.request.user, start, start + datetime.timedelta(days=1)
            )
        )
        return context


@hooks.register("construct_homepage_panels")
def add_fast_track_panel(request, panels):
    if selectors.can_review(request.user):
        panels.append(FastTrackPanel(request))
        if request.user.has_perm("recruitment.view_interviewslot"):
            panels.append(InterviewsTodayPanel(request))
