"""The growth plan in the back office: plans, and their planned intakes (listed by plan).

HR and the workforce lead add and change them (``portal.roles``); every write
goes through ``recruitment.workforce.planning``, which checks the plan's rules
and records the change in the object's history.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.views.generic import CreateView, EditView
from wagtail.admin.viewsets.model import ModelViewSet

from portal.admin_views import ServiceDeleteView, ServiceFormMixin
from recruitment.workforce import planning
from recruitment.workforce.models import GrowthPlan, PlannedIntake


class GrowthPlanForm(WagtailAdminModelForm):
    """The one-active-plan constraint is the service's to keep: activating a plan
    deactivates the other, so the form does not refuse what the service settles."""

    def _get_validation_exclusions(self):
        # Constraints naming an excluded field are not checked by the form.
        return {*super()._get_validation_exclusions(), "is_active"}


class GrowthPlanCreateView(ServiceFormMixin, CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        return planning.growth_plan_save(
            name=data["name"],
            baseline_month=data["baseline_month"],
            increase=data["increase"],
            target_date=data["target_date"],
            is_active=data.get("is_active", False),
            by=self.request.user,
        )


class GrowthPlanEditView(ServiceFormMixin, EditView):
    def save_instance(self):
        data = self.form.cleaned_data
        return planning.growth_plan_save(
            plan=self.object,
            name=data["name"],
            baseline_month=data["baseline_month"],
            increase=data["increase"],
            target_date=data["target_date"],
            is_active=data.get("is_active", False),
            by=self.request.user,
        )


class IntakeCreateView(ServiceFormMixin, CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        return planning.planned_intake_add(
            plan=data["plan"],
            month=data["month"],
            size=data["size"],
            label=data["label"],
            cohort=data.get("cohort"),
            campaign=data.get("campaign"),
            by=self.request.user,
        )


class IntakeEditView(ServiceFormMixin, EditView):
    def save_instance(self):
        data = self.form.cleaned_data
        # The form has already written its values on the object: the service reads it again.
        return planning.planned_intake_change(
            intake=PlannedIntake.objects.get(pk=self.object.pk),
            plan=data["plan"],
            month=data["month"],
            size=data["size"],
            label=data["label"],
            cohort=data.get("cohort"),
            campaign=data.get("campaign"),
            by=self.request.user,
        )


class IntakeDeleteView(ServiceDeleteView):
    def delete_action(self):
        planning.planned_intake_remove(intake=self.object, by=self.request.user)


class WorkforcePlanningViewSet(ModelViewSet):
    add_to_admin_menu = False
    inspect_view_enabled = False
    copy_view_enabled = False
    search_backend_name = None
    list_per_page = 50
    pk_path_converter = "id"


class GrowthPlanViewSet(WorkforcePlanningViewSet):
    model = GrowthPlan
    name = "workforce_growth_plan"
    url_prefix = "workforce/growth-plans"
    icon = "table"
    menu_label = _("Growth plans")
    menu_order = 100
    add_view_class = GrowthPlanCreateView
    edit_view_class = GrowthPlanEditView
    list_display = ["name", "baseline_month", "increase", "target_date", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name"]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldRowPanel([FieldPanel("baseline_month"), FieldPanel("target_date")]),
            FieldPanel("increase"),
            FieldPanel("is_active"),
        ],
        base_form_class=GrowthPlanForm,
    )


class PlannedIntakeViewSet(WorkforcePlanningViewSet):
    model = PlannedIntake
    name = "workforce_planned_intake"
    url_prefix = "workforce/planned-intakes"
    icon = "user"
    menu_label = _("Planned intakes")
    menu_order = 200
    add_view_class = IntakeCreateView
    edit_view_class = IntakeEditView
    delete_view_class = IntakeDeleteView
    list_display = ["label", "plan", "month", "size", "cohort", "campaign"]
    list_filter = ["plan"]
    search_fields = ["label"]
    edit_handler = ObjectList(
        [
            FieldPanel("plan"),
            FieldRowPanel([FieldPanel("month"), FieldPanel("size")]),
            FieldPanel("label"),
            FieldPanel("cohort"),
            FieldPanel("campaign"),
        ]
    )

    def get_queryset(self, request):
        return PlannedIntake.objects.select_related("plan", "cohort", "campaign")


GROWTH_VIEWSETS = (GrowthPlanViewSet, PlannedIntakeViewSet)
