"""The "Progression" menu: the list of level 3 social workers and senior practitioners
with their latest development conversation, the conversations, opportunities,
panel decisions, mentorships, PSDP nominations and the PSDP places setting.

HR record (``portal.roles.PROGRESSION_MANAGE``); workforce leads read. Every save
goes through ``cohorts.services.progression``.
"""

import django_filters
from django import forms
from django.db.models import Q
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import CreateView, EditView, IndexView
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permissions import ModelPermissionPolicy

from cohorts import progression_selectors as selectors
from cohorts.models import (
    PROGRESSION_GRADES,
    PSDP_GRADES,
    DevelopmentConversation,
    DevelopmentOpportunity,
    ProgressionDecision,
    PsdpNomination,
    PsdpPolicy,
    StaffMentorship,
)
from cohorts.services import progression
from portal.admin_views import ServiceFormMixin
from portal.models import StaffRecord, User


def _day(value):
    return date_format(value, "j F Y") if value else ""


# Forms: every person field lists only the people who may be there ------------------


def _serving(grades):
    return (
        StaffRecord.objects.filter(grade__in=grades, end_date__isnull=True)
        .select_related("person")
        .order_by("person__last_name", "person__first_name")
    )


def _staff_people():
    return (
        # Both conditions on one join: "no end date" alone would also match everyone
        # with no staff record at all, applicants included.
        User.objects.filter(staff_records__isnull=False, staff_records__end_date__isnull=True)
        .distinct()
        .order_by("last_name", "first_name")
    )


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.person.display_name} ({obj.get_grade_display()})"


class ConversationForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"] = StaffChoiceField(
            _serving(PROGRESSION_GRADES), label=_("Staff member"), initial=self.initial.get("staff")
        )
        self.fields["held_by"].queryset = _staff_people()


class OpportunityForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["conversation"].queryset = DevelopmentConversation.objects.select_related(
            "staff__person"
        )


class DecisionForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"] = StaffChoiceField(
            _serving(PROGRESSION_GRADES), label=_("Staff member")
        )
        self.fields["conversation"].queryset = DevelopmentConversation.objects.select_related(
            "staff__person"
        )


class MentorshipForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentor"] = StaffChoiceField(
            _serving([StaffRecord.Grade.SENIOR_PRACTITIONER]), label=_("Mentor")
        )
        self.fields["mentee"].queryset = _staff_people()


class NominationForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"] = StaffChoiceField(_serving(PSDP_GRADES), label=_("Staff member"))


# Create and edit views: a service each --------------------------------------------


class ConversationCreateView(ServiceFormMixin, CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        return progression.conversation_record(
            staff=data["staff"],
            held_on=data["held_on"],
            held_by=data["held_by"],
            aspirations=data["aspirations"],
            notes=data.get("notes", ""),
            by=self.request.user,
        )


class ConversationEditView(ServiceFormMixin, EditView):
    def save_instance(self):
        data = self.form.cleaned_data
        return progression.conversation_record(
            staff=data["staff"],
            held_on=data["held_on"],
            held_by=data["held_by"],
            aspirations=data["aspirations"],
            notes=data.get("notes", ""),
            by=self.request.user,
            instance=self.form.instance,
        )


class OpportunityCreateView(ServiceFormMixin, CreateView):
    def save_instance(self):
        return progression.opportunity_save(opportunity=self.form.instance, by=self.request.user)


class OpportunityEditView(ServiceFormMixin, EditView):
    def save_instance(self):
        return progression.opportunity_save(opportunity=self.form.instance, by=self.request.user)


class DecisionCreateView(ServiceFormMixin, CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        return progression.decision_record(
            staff=data["staff"],
            conversation=data.get("conversation"),
            panel_on=data["panel_on"],
            decision=data["decision"],
            new_grade=data.get("new_grade", ""),
            effective_on=data.get("effective_on"),
            reason=data["reason"],
            by=self.request.user,
        )


def _mentorship(view):
    data = view.form.cleaned_data
    return progression.mentorship_record(
        mentor=data["mentor"],
        mentee=data["mentee"],
        start_date=data["start_date"],
        end_date=data.get("end_date"),
        by=view.request.user,
        instance=view.form.instance if view.form.instance.pk else None,
    )


class MentorshipCreateView(ServiceFormMixin, CreateView):
    def save_instance(self):
        return _mentorship(self)


class MentorshipEditView(ServiceFormMixin, EditView):
    def save_instance(self):
        return _mentorship(self)


class NominationCreateView(ServiceFormMixin, CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        return progression.psdp_nominate(
            staff=data["staff"],
            nominated_on=data["nominated_on"],
            cohort_year=data.get("cohort_year", ""),
            by=self.request.user,
        )

    def get_page_subtitle(self):
        return places_text()


def places_text() -> str:
    window = progression.psdp_window(timezone.localdate())
    return str(
        _("%(used)s of %(places)s places used from %(start)s to %(end)s: %(left)s left")
        % {
            "used": window.used,
            "places": window.places,
            "start": _day(window.start),
            "end": _day(window.end),
            "left": window.left,
        }
    )


class NominationIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("staff__person")

    def get_page_subtitle(self):
        return places_text()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_subtitle"] = places_text()
        return context


class PolicyEditView(EditView):
    def save_instance(self):
        data = self.form.cleaned_data
        return progression.psdp_policy_set(
            policy=self.form.instance,
            places=data["places"],
            years=data["window_years"],
            first_year=data["window_starts_year"],
            by=self.request.user,
        )


# The list of everyone in scope -----------------------------------------------------


class ProgressionFilterSet(WagtailFilterSet):
    grade = django_filters.ChoiceFilter(
        label=_("Grade"),
        choices=[c for c in StaffRecord.Grade.choices if c[0] in PROGRESSION_GRADES],
    )
    due = django_filters.BooleanFilter(label=_("Conversation due"), method="filter_due")

    class Meta:
        model = StaffRecord
        fields = []

    def filter_due(self, queryset, name, value):
        if value is None:
            return queryset
        cutoff = selectors.conversation_due_cutoff(timezone.localdate())
        if value:
            return queryset.filter(
                Q(latest_conversation__isnull=True) | Q(latest_conversation__lt=cutoff)
            )
        return queryset.filter(latest_conversation__gte=cutoff)


def _due(staff) -> bool:
    cutoff = selectors.conversation_due_cutoff(timezone.localdate())
    return staff.latest_conversation is None or staff.latest_conversation < cutoff


class ProgressionIndexView(IndexView):
    model = StaffRecord
    permission_policy = ModelPermissionPolicy(DevelopmentConversation)
    permission_required = "view"
    page_title = _("Progression")
    header_icon = "pick"
    index_url_name = "cohorts_progression:index"
    index_results_url_name = "cohorts_progression:index_results"
    filterset_class = ProgressionFilterSet
    paginate_by = 50
    export_filename = "progression"
    list_export = ["person", "person.email", "grade", "grade_since", "latest_conversation", "due"]
    export_headings = {
        "person": _("Name"),
        "person.email": _("Email"),
        "grade": _("Grade"),
        "grade_since": _("Grade since"),
        "latest_conversation": _("Latest conversation"),
        "due": _("Conversation due"),
    }

    def get_base_queryset(self):
        return selectors.progression_staff()

    @cached_property
    def columns(self):
        return [
            Column("person", label=_("Name"), accessor=lambda s: s.person.display_name),
            Column("grade", label=_("Grade"), accessor="get_grade_display"),
            Column("grade_since", label=_("Grade since"), accessor=lambda s: _day(s.grade_since)),
            Column(
                "latest_conversation",
                label=_("Latest conversation"),
                accessor=lambda s: _day(s.latest_conversation) or _("None"),
            ),
            Column("due", label=_("Due"), accessor=lambda s: _("Due") if _due(s) else ""),
            Column(
                "mentor",
                label=_("Mentor"),
                accessor=lambda s: " ".join(
                    n for n in (s.mentor_first_name, s.mentor_last_name) if n
                ),
            ),
        ]

    def to_row_dict(self, item):
        return {
            "person": item.person.display_name,
            "person.email": item.person.email,
            "grade": item.get_grade_display(),
            "grade_since": item.grade_since,
            "latest_conversation": item.latest_conversation,
            "due": _("Yes") if _due(item) else _("No"),
        }


class ProgressionListViewSet(ViewSet):
    name = "cohorts_progression"
    url_prefix = "cohorts/progression"
    icon = "pick"
    menu_label = _("Staff in scope")
    menu_order = 100

    @property
    def permission_policy(self):
        return ModelPermissionPolicy(DevelopmentConversation)

    def get_menu_item(self, order=None):
        item = super().get_menu_item(order)
        policy = self.permission_policy
        item.is_shown = lambda request: policy.user_has_permission(request.user, "view")
        return item

    def get_urlpatterns(self):
        return [
            path("", ProgressionIndexView.as_view(), name="index"),
            path("results/", ProgressionIndexView.as_view(results_only=True), name="index_results"),
        ]


# Model viewsets --------------------------------------------------------------------


class ProgressionModelViewSet(ModelViewSet):
    add_to_admin_menu = False
    inspect_view_enabled = True
    copy_view_enabled = False
    search_backend_name = None
    list_per_page = 50
    pk_path_converter = "id"


class ConversationViewSet(ProgressionModelViewSet):
    model = DevelopmentConversation
    name = "cohorts_development_conversation"
    url_prefix = "cohorts/development-conversations"
    icon = "comment"
    menu_order = 200
    add_view_class = ConversationCreateView
    edit_view_class = ConversationEditView
    list_display = ["staff", "held_on", "held_by"]
    list_export = ["staff.person.display_name", "held_on", "held_by.display_name"]
    export_filename = "development-conversations"
    search_fields = ["staff__person__last_name", "staff__person__email"]
    edit_handler = ObjectList(
        [
            FieldPanel("staff"),
            FieldRowPanel([FieldPanel("held_on"), FieldPanel("held_by")]),
            FieldPanel("aspirations"),
            FieldPanel("notes"),
        ],
        base_form_class=ConversationForm,
    )

    def get_queryset(self, request):
        return DevelopmentConversation.objects.select_related("staff__person", "held_by")


class OpportunityViewSet(ProgressionModelViewSet):
    model = DevelopmentOpportunity
    name = "cohorts_development_opportunity"
    url_prefix = "cohorts/development-opportunities"
    icon = "pick"
    menu_order = 300
    add_view_class = OpportunityCreateView
    edit_view_class = OpportunityEditView
    list_display = ["conversation", "kind", "planned_on", "outcome_recorded_on"]
    list_filter = ["kind"]
    list_export = ["conversation", "kind", "planned_on", "outcome_recorded_on"]
    export_filename = "development-opportunities"
    edit_handler = ObjectList(
        [
            FieldPanel("conversation"),
            FieldRowPanel([FieldPanel("kind"), FieldPanel("planned_on")]),
            FieldPanel("description"),
            FieldPanel("outcome"),
        ],
        base_form_class=OpportunityForm,
    )

    def get_queryset(self, request):
        return DevelopmentOpportunity.objects.select_related("conversation__staff__person")


class DecisionViewSet(ProgressionModelViewSet):
    model = ProgressionDecision
    name = "cohorts_progression_decision"
    url_prefix = "cohorts/progression-decisions"
    icon = "tick"
    menu_order = 400
    add_view_class = DecisionCreateView
    list_display = ["staff", "panel_on", "decision", "new_grade", "effective_on"]
    list_filter = ["decision"]
    list_export = ["staff.person.display_name", "panel_on", "decision", "new_grade", "effective_on"]
    export_filename = "progression-decisions"
    edit_handler = ObjectList(
        [
            FieldPanel("staff"),
            FieldPanel("conversation"),
            FieldPanel("panel_on"),
            FieldPanel("decision"),
            FieldRowPanel([FieldPanel("new_grade"), FieldPanel("effective_on")]),
            FieldPanel("reason"),
        ],
        base_form_class=DecisionForm,
    )

    def get_queryset(self, request):
        return ProgressionDecision.objects.select_related("staff__person")


class MentorshipViewSet(ProgressionModelViewSet):
    model = StaffMentorship
    name = "cohorts_staff_mentorship"
    url_prefix = "cohorts/staff-mentorships"
    icon = "group"
    menu_order = 500
    add_view_class = MentorshipCreateView
    edit_view_class = MentorshipEditView
    list_display = ["mentor", "mentee", "start_date", "end_date"]
    list_export = ["mentor.person.display_name", "mentee.display_name", "start_date", "end_date"]
    export_filename = "staff-mentorships"
    edit_handler = ObjectList(
        [
            FieldPanel("mentor"),
            FieldPanel("mentee"),
            FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
        ],
        base_form_class=MentorshipForm,
    )

    def get_queryset(self, request):
        return StaffMentorship.objects.select_related("mentor__person", "mentee")


class NominationViewSet(ProgressionModelViewSet):
    model = PsdpNomination
    name = "cohorts_psdp_nomination"
    url_prefix = "cohorts/psdp-nominations"
    icon = "user"
    menu_order = 600
    index_view_class = NominationIndexView
    add_view_class = NominationCreateView
    list_display = ["staff", "nominated_on", "cohort_year", "status"]
    list_filter = ["status"]
    list_export = ["staff.person.display_name", "nominated_on", "cohort_year", "status"]
    export_filename = "psdp-nominations"
    edit_handler = ObjectList(
        [
            FieldPanel("staff"),
            FieldRowPanel([FieldPanel("nominated_on"), FieldPanel("cohort_year")]),
            FieldPanel("status"),
        ],
        base_form_class=NominationForm,
    )


class PolicyViewSet(ModelViewSet):
    """The PSDP places: one row, edited, never added."""

    model = PsdpPolicy
    name = "cohorts_psdp_policy"
    url_prefix = "cohorts/psdp-places"
    icon = "cog"
    menu_label = _("PSDP places")
    menu_order = 700
    add_to_admin_menu = False
    list_display = ["places", "window_years", "window_starts_year", "updated_at"]
    form_fields = ["places", "window_years", "window_starts_year"]
    edit_view_class = PolicyEditView
    copy_view_enabled = False
    inspect_view_enabled = False
    pk_path_converter = "id"


class ProgressionViewSetGroup(ModelViewSetGroup):
    menu_label = _("Progression")
    menu_icon = "pick"
    menu_order = 310
    items = (
        ProgressionListViewSet,
        ConversationViewSet,
        OpportunityViewSet,
        DecisionViewSet,
        MentorshipViewSet,
        NominationViewSet,
        PolicyViewSet,
    )
