"""The caseload view sets of the Cohorts menu: imports, counts (through the service) and breaches."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import CreateView, EditView

from cohorts import selectors
from cohorts.backoffice.caseloads import (
    ImportPreviewView,
    ImportUploadView,
    breach_state,
    preview_link,
)
from cohorts.backoffice.forms import ServiceModelForm
from cohorts.backoffice.viewsets import CohortsModelViewSet, index_view
from cohorts.models import CaseloadBreach, CaseloadCount, CaseloadImport
from cohorts.services import caseloads
from portal.admin_views import ServiceFormMixin


class CaseloadCountForm(ServiceModelForm):
    fixed_on_edit = ("person", "date")
    may_hold = {"person": selectors.member_choices}


class CountSaveMixin(ServiceFormMixin):
    """A count entered or corrected here goes through the service that keeps breaches."""

    def save_instance(self):
        data = self.form.cleaned_data
        return caseloads.caseload_record(
            person=data["person"], day=data["date"], count=data["count"], by=self.request.user
        )


class CountCreateView(CountSaveMixin, CreateView):
    pass


class CountEditView(CountSaveMixin, EditView):
    pass


class CaseloadImportViewSet(CohortsModelViewSet):
    model = CaseloadImport
    name = "cohorts_caseload_import"
    url_prefix = "cohorts/caseload-imports"
    icon = "upload"
    menu_label = _("Caseload imports")
    menu_order = 800
    index_view_class = index_view("uploaded_by")
    add_view_class = ImportUploadView
    inspect_view_enabled = False
    list_display = [
        "file_name",
        "created_at",
        "uploaded_by",
        Column("status", label=_("Status"), accessor=preview_link),
        "saved_count",
        "unchanged_count",
    ]
    list_filter = ["status"]
    search_fields = ["file_name"]
    form_fields = ["file_name"]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<id:pk>/preview/", ImportPreviewView.as_view(), name="preview"),
        ]


class CaseloadCountViewSet(CohortsModelViewSet):
    model = CaseloadCount
    name = "cohorts_caseload_count"
    url_prefix = "cohorts/caseload-counts"
    icon = "list-ol"
    menu_label = _("Caseload counts")
    menu_order = 810
    index_view_class = index_view("person", "entered_by")
    inspect_view_enabled = True
    list_display = ["person", "date", "count", "source", "entered_by"]
    list_filter = ["source", "date"]
    search_fields = ["person__last_name", "person__email"]
    list_export = ["person", "person.email", "date", "count", "source"]
    export_filename = "caseload-counts"
    add_view_class = CountCreateView
    edit_view_class = CountEditView
    edit_handler = ObjectList(
        [FieldPanel("person"), FieldPanel("date"), FieldPanel("count")],
        base_form_class=CaseloadCountForm,
    )


class CaseloadBreachViewSet(CohortsModelViewSet):
    model = CaseloadBreach
    name = "cohorts_caseload_breach"
    url_prefix = "cohorts/caseload-breaches"
    icon = "warning"
    menu_label = _("Caseload breaches")
    menu_order = 820
    index_view_class = index_view("enrolment__member", "enrolment__cohort")
    list_display = [
        "enrolment",
        "count",
        "cap",
        "started_on",
        Column("state", label=_("State"), accessor=breach_state),
        "ended_on",
        "notified_at",
    ]
    list_filter = ["started_on"]
    search_fields = ["enrolment__member__last_name"]
    form_fields = ["ended_on"]


VIEWSETS = (CaseloadImportViewSet, CaseloadCountViewSet, CaseloadBreachViewSet)
