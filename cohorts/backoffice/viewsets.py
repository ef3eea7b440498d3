"""The "Cohorts" menu: programmes, cohorts, enrolments, placements, sessions and the rest.

Guarded by Wagtail's model permission policies; which roles hold those
permissions is declared in ``portal.roles``. Writes that carry a rule save
through ``cohorts.backoffice.views`` (a service each).
"""

from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet

from cohorts import progress, selectors
from cohorts.backoffice import filters, forms, views
from cohorts.models import (
    CapabilityDomain,
    Cohort,
    Enrolment,
    EnrolmentPause,
    KnowledgeStatement,
    ModerationPanel,
    OffTheJobLog,
    PartnerCoordinator,
    Placement,
    PlacementDayLog,
    PracticeSupervisor,
    Programme,
    TaughtSession,
)


def index_view(*related: str, base=IndexView):
    """An index view that fetches the related rows its columns show in the same query."""

    def get_base_queryset(self):
        return base.get_base_queryset(self).select_related(*related)

    return type("CohortsIndexView", (base,), {"get_base_queryset": get_base_queryset})


class CohortIndexView(IndexView):
    def get_base_queryset(self):
        return selectors.cohorts_for_back_office()


def _members(cohort):
    warning = progress.cohort_size_warning(cohort=cohort, size=cohort.member_count)
    text = _("%(count)s of %(places)s") % {"count": cohort.member_count, "places": cohort.capacity}
    if warning:
        return format_html("{}<br><strong>{}</strong>", text, warning)
    return text


class CohortsModelViewSet(ModelViewSet):
    add_to_admin_menu = False
    inspect_view_enabled = True
    copy_view_enabled = False
    # Plain database search: these models are not in Wagtail's search index.
    search_backend_name = None
    list_per_page = 50
    # An id of up to 18 digits (portal.converters): a longer one matches no address.
    pk_path_converter = "id"


class ProgrammeViewSet(CohortsModelViewSet):
    model = Programme
    name = "cohorts_programme"
    url_prefix = "cohorts/programmes"
    icon = "list-ul"
    menu_order = 100
    list_display = ["name", "kind", "length_months", "max_duration_months", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]
    list_export = [
        "name",
        "get_kind_display",
        "length_months",
        "max_duration_months",
        "caseload_cap",
        "protected_time_percent",
        "practice_learning_days",
        "max_skills_days",
        "off_the_job_hours_per_week",
    ]
    export_filename = "programmes"
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("name"),
                FieldPanel("slug"),
                FieldPanel("kind"),
                FieldPanel("description"),
                FieldPanel("is_active"),
            ],
            heading=_("Programme"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("length_months"), FieldPanel("max_duration_months")]),
                FieldPanel("review_points"),
                FieldPanel("has_moderation_panel"),
                FieldPanel("evidence_requirements"),
                FieldPanel("supervision_rule"),
            ],
            heading=_("Length, reviews, evidence and supervision"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("caseload_cap"), FieldPanel("protected_time_percent")]),
                FieldRowPanel(
                    [FieldPanel("practice_learning_days"), FieldPanel("max_skills_days")]
                ),
                FieldPanel("off_the_job_hours_per_week"),
                FieldPanel("rotation"),
            ],
            heading=_("Workload, practice learning and placements"),
        ),
    ]


def _plan_link(cohort):
    return format_html(
        '<a href="{}">{}</a><br><a href="{}">{}</a>',
        reverse("cohorts_cohort:plan", args=[cohort.pk]),
        _("Plan rotations"),
        reverse("cohorts_cohort:schedule_sessions", args=[cohort.pk]),
        _("Schedule sessions"),
    )


class CohortViewSet(CohortsModelViewSet):
    model = Cohort
    name = "cohorts_cohort"
    url_prefix = "cohorts/cohorts"
    icon = "group"
    menu_order = 200
    index_view_class = CohortIndexView
    list_display = [
        "name",
        "programme",
        "start_date",
        "mentor",
        Column("members", label=_("Members"), accessor=_members),
        Column("plan", label=_("Plan"), accessor=_plan_link),
    ]
    filterset_class = filters.CohortFilterSet
    search_fields = ["name"]
    list_export = [
        "name",
        "programme.name",
        "start_date",
        "mentor",
        "university",
        "capacity",
        "fee_per_learner",
        "council_contribution_per_learner",
    ]
    export_filename = "cohorts"
    edit_handler = ObjectList(
        [
            FieldPanel("programme"),
            FieldPanel("name"),
            FieldRowPanel([FieldPanel("start_date"), FieldPanel("capacity")]),
            FieldPanel("mentor"),
            FieldPanel("university"),
            MultiFieldPanel(
                [
                    FieldRowPanel(
                        [
                            FieldPanel("fee_per_learner"),
                            FieldPanel("council_contribution_per_learner"),
                        ]
                    ),
                ],
                heading=_("Fees"),
            ),
            InlinePanel("partners", heading=_("Partner organisations"), label=_("Partner")),
        ],
        base_form_class=forms.CohortForm,
    )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(
                f"<{self.pk_path_converter}:pk>/plan/",
                views.RotationPlanView.as_view(),
                name="plan",
            ),
            path(
                f"<{self.pk_path_converter}:pk>/sessions/",
                views.ScheduleSessionsView.as_view(),
                name="schedule_sessions",
            ),
        ]


class EnrolmentViewSet(CohortsModelViewSet):
    model = Enrolment
    name = "cohorts_enrolment"
    url_prefix = "cohorts/enrolments"
    icon = "user"
    menu_order = 300
    add_view_class = views.EnrolmentCreateView
    edit_view_class = views.EnrolmentEditView
    index_view_class = index_view("member", "cohort", "employer")
    list_display = ["member", "cohort", "employer", "status", "start_date", "expected_end_date"]
    filterset_class = filters.EnrolmentFilterSet
    search_fields = ["member__first_name", "member__last_name", "member__email"]
    list_export = [
        "member.display_name",
        "member.email",
        "cohort.name",
        "employer.name",
        "get_service_display",
        "get_status_display",
        "start_date",
        "expected_end_date",
        "status_reason",
        "status_changed_on",
    ]
    export_headings = {
        "member.display_name": _("Member"),
        "member.email": _("Email"),
        "cohort.name": _("Cohort"),
        "employer.name": _("Employer"),
        "get_service_display": _("Service"),
        "get_status_display": _("Status"),
    }
    export_filename = "enrolments"
    edit_handler = ObjectList(
        [
            FieldPanel("member"),
            FieldPanel("cohort"),
            FieldPanel("employer"),
            FieldPanel("service"),
            FieldPanel("start_date"),
            FieldPanel("line_manager"),
            FieldPanel("assessor"),
            MultiFieldPanel(
                [
                    FieldPanel("status"),
                    FieldPanel("status_reason"),
                    FieldPanel("status_changed_on"),
                ],
                heading=_("Status"),
            ),
        ],
        base_form_class=forms.EnrolmentForm,
    )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(
                f"<{self.pk_path_converter}:pk>/end/",
                views.EnrolmentEndView.as_view(),
                name="end",
            ),
        ]


class PauseViewSet(CohortsModelViewSet):
    model = EnrolmentPause
    name = "cohorts_pause"
    url_prefix = "cohorts/pauses"
    icon = "pause"
    menu_order = 350
    add_view_class = views.PauseCreateView
    edit_view_class = views.PauseEditView
    delete_view_class = views.PauseDeleteView
    index_view_class = index_view("enrolment__member", "enrolment__cohort")
    list_display = ["enrolment", "reason", "start_date", "end_date"]
    list_filter = ["reason"]
    list_export = ["enrolment.member.display_name", "enrolment.cohort.name", "reason"]
    export_filename = "pauses"
    search_fields = ["enrolment__member__last_name", "enrolment__member__email"]
    edit_handler = ObjectList(
        [
            FieldPanel("enrolment"),
            FieldPanel("reason"),
            FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
            FieldPanel("note"),
        ],
        base_form_class=forms.PauseForm,
    )


class PlacementViewSet(CohortsModelViewSet):
    model = Placement
    name = "cohorts_placement"
    url_prefix = "cohorts/placements"
    icon = "site"
    menu_order = 400
    add_view_class = views.PlacementCreateView
    edit_view_class = views.PlacementEditView
    index_view_class = index_view(
        "enrolment__member", "enrolment__cohort", "team__service_area", "supervisor"
    )
    list_display = ["enrolment", "team", "supervisor", "start_date", "end_date", "status"]
    filterset_class = filters.PlacementFilterSet
    search_fields = ["enrolment__member__last_name", "enrolment__member__email", "team__name"]
    list_export = [
        "enrolment.member.display_name",
        "enrolment.cohort.name",
        "team.name",
        "team.service_area.name",
        "supervisor",
        "start_date",
        "end_date",
        "planned_days",
        "get_status_display",
        "signed_off_at",
    ]
    export_headings = {
        "enrolment.member.display_name": _("Member"),
        "enrolment.cohort.name": _("Cohort"),
        "team.name": _("Team"),
        "team.service_area.name": _("Service area"),
        "get_status_display": _("Status"),
    }
    export_filename = "placements"
    edit_handler = ObjectList(
        [
            FieldPanel("enrolment"),
            FieldPanel("team"),
            FieldPanel("supervisor"),
            FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
            FieldPanel("planned_days"),
            FieldPanel("status"),
        ],
        base_form_class=forms.PlacementForm,
    )


class DayLogViewSet(CohortsModelViewSet):
    """Days supervisors logged; HR correct mistakes here."""

    model = PlacementDayLog
    name = "cohorts_day_log"
    url_prefix = "cohorts/days-logged"
    icon = "time"
    menu_order = 450
    menu_label = _("Days logged")
    add_view_class = views.DayLogCreateView
    edit_view_class = views.DayLogEditView
    delete_view_class = views.DayLogDeleteView
    index_view_class = index_view("placement__enrolment__member", "placement__team", "logged_by")
    list_display = ["placement", "week_starting", "days", "kind", "logged_by"]
    list_filter = ["kind", "week_starting"]
    search_fields = ["placement__enrolment__member__last_name", "placement__team__name"]
    list_export = [
        "placement.enrolment.member.display_name",
        "placement.team.name",
        "week_starting",
        "days",
        "get_kind_display",
        "logged_by",
    ]
    export_headings = {
        "placement.enrolment.member.display_name": _("Member"),
        "placement.team.name": _("Team"),
        "get_kind_display": _("Kind"),
    }
    export_filename = "days-logged"
    edit_handler = ObjectList(
        [
            FieldPanel("placement"),
            FieldRowPanel([FieldPanel("week_starting"), FieldPanel("days")]),
            FieldPanel("kind"),
        ],
        base_form_class=forms.DayLogForm,
    )


class OffTheJobViewSet(CohortsModelViewSet):
    """Apprentices' off-the-job training hours, for the apprenticeship evidence."""

    model = OffTheJobLog
    name = "cohorts_off_the_job"
    url_prefix = "cohorts/off-the-job"
    icon = "time"
    menu_order = 460
    add_view_class = views.OffTheJobCreateView
    edit_view_class = views.OffTheJobEditView
    delete_view_class = views.OffTheJobDeleteView
    index_view_class = index_view("enrolment__member", "enrolment__cohort")
    list_display = ["enrolment", "week_starting", "hours", "activity"]
    list_filter = ["week_starting"]
    search_fields = ["enrolment__member__last_name", "activity"]
    list_export = [
        "enrolment.member.display_name",
        "enrolment.cohort.name",
        "week_starting",
        "hours",
        "activity",
    ]
    export_headings = {
        "enrolment.member.display_name": _("Member"),
        "enrolment.cohort.name": _("Cohort"),
    }
    export_filename = "off-the-job-training"
    edit_handler = ObjectList(
        [
            FieldPanel("enrolment"),
            FieldRowPanel([FieldPanel("week_starting"), FieldPanel("hours")]),
            FieldPanel("activity"),
        ],
        base_form_class=forms.OffTheJobForm,
    )


def _register_link(session):
    return format_html(
        '<a href="{}">{}</a>',
        reverse("cohorts_session:register", args=[session.pk]),
        _("Take the register"),
    )


class SessionViewSet(CohortsModelViewSet):
    model = TaughtSession
    index_view_class = index_view("cohort")
    inspect_view_class = views.SessionInspectView
    name = "cohorts_session"
    url_prefix = "cohorts/sessions"
    icon = "date"
    menu_order = 500
    list_display = [
        "topic",
        "cohort",
        "date",
        "start_time",
        "kind",
        "facilitator",
        Column("register", label=_("Register"), accessor=_register_link),
    ]
    filterset_class = filters.SessionFilterSet
    search_fields = ["topic", "facilitator"]
    list_export = [
        "cohort.name",
        "topic",
        "get_kind_display",
        "date",
        "start_time",
        "end_time",
        "place",
        "video_link",
        "facilitator",
    ]
    export_filename = "taught-sessions"
    panels = [
        FieldPanel("cohort"),
        FieldPanel("kind"),
        FieldPanel("topic"),
        FieldRowPanel([FieldPanel("date"), FieldPanel("start_time"), FieldPanel("end_time")]),
        FieldRowPanel([FieldPanel("place"), FieldPanel("video_link")]),
        FieldPanel("facilitator"),
    ]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(
                f"<{self.pk_path_converter}:pk>/register/",
                views.SessionRegisterView.as_view(),
                name="register",
            ),
        ]


class PracticeSupervisorViewSet(CohortsModelViewSet):
    model = PracticeSupervisor
    index_view_class = index_view("user", "team__service_area")
    name = "cohorts_supervisor"
    url_prefix = "cohorts/supervisors"
    icon = "user"
    menu_order = 600
    list_display = ["user", "team", "restorative_trained", "restorative_trained_on"]
    filterset_class = filters.PracticeSupervisorFilterSet
    list_export = ["user", "user.email", "team", "restorative_trained", "restorative_trained_on"]
    export_filename = "practice-supervisors"
    search_fields = ["user__last_name", "user__email"]
    edit_handler = ObjectList(
        [
            FieldPanel("user"),
            FieldPanel("team"),
            FieldRowPanel(
                [FieldPanel("restorative_trained"), FieldPanel("restorative_trained_on")]
            ),
        ],
        base_form_class=forms.PracticeSupervisorForm,
    )


class PartnerCoordinatorViewSet(CohortsModelViewSet):
    model = PartnerCoordinator
    index_view_class = index_view("user", "organisation")
    name = "cohorts_partner_coordinator"
    url_prefix = "cohorts/partner-coordinators"
    icon = "link"
    menu_order = 700
    list_display = ["user", "organisation"]
    filterset_class = filters.PartnerCoordinatorFilterSet
    list_export = ["user", "user.email", "organisation"]
    export_filename = "partner-coordinators"
    search_fields = ["user__last_name", "user__email"]
    edit_handler = ObjectList(
        [FieldPanel("user"), FieldPanel("organisation")],
        base_form_class=forms.PartnerCoordinatorForm,
    )


def _panel_link(panel):
    return format_html(
        '<a href="{}">{}</a>',
        reverse("cohorts_moderation_panel:decide", args=[panel.pk]),
        _("Decisions"),
    )


class ModerationPanelViewSet(CohortsModelViewSet):
    """Reviews part: HR create a panel; its page confirms or changes final recommendations."""

    model = ModerationPanel
    name = "cohorts_moderation_panel"
    url_prefix = "cohorts/moderation-panels"
    icon = "tick"
    menu_order = 750
    add_view_class = views.ModerationPanelCreateView
    edit_view_class = views.ModerationPanelEditView
    delete_view_class = views.ModerationPanelDeleteView
    list_display = [
        "__str__",
        "date",
        Column("decide", label=_("Recommendations"), accessor=_panel_link),
    ]
    list_filter = ["date"]
    search_fields = ["notes"]
    edit_handler = ObjectList(
        [FieldPanel("date"), FieldPanel("members"), FieldPanel("notes")],
        base_form_class=forms.ModerationPanelForm,
    )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(
                f"<{self.pk_path_converter}:pk>/decisions/",
                views.PanelDecideView.as_view(),
                name="decide",
            ),
        ]


# Evidence and the capability framework (issue 10): the reference data; plain edits,
# logged in History by Wagtail's generic views.


class CapabilityDomainViewSet(CohortsModelViewSet):
    model = CapabilityDomain
    name = "cohorts_capability_domain"
    url_prefix = "cohorts/capability-domains"
    icon = "list-ol"
    menu_order = 800
    menu_label = _("Capability domains (PCF)")
    list_display = ["number", "name", "sort"]
    search_fields = ["name"]
    form_fields = ["number", "name", "end_of_asye_level", "sort"]


class KnowledgeStatementViewSet(CohortsModelViewSet):
    model = KnowledgeStatement
    name = "cohorts_knowledge_statement"
    url_prefix = "cohorts/knowledge-statements"
    icon = "list-ol"
    menu_order = 810
    menu_label = _("Knowledge and skills statements")
    list_display = ["number", "title"]
    search_fields = ["title"]
    form_fields = ["number", "title"]
