"""Back office for protected caseloads: CSV imports (upload, preview, confirm), counts, breaches.

The import's reading and saving run in the worker; its page reloads itself
(a meta refresh, no script needed) while the worker is busy and shows how far
it has got.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from cohorts.caseload_forms import CaseloadImportForm
from cohorts.models import CaseloadBreach, CaseloadCount, CaseloadImport
from cohorts.services import caseloads
from portal.errors import DomainError

PREVIEW_ROWS_SHOWN = 500


class ImportUploadView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    model = CaseloadImport
    permission_required = "add"
    template_name = "cohorts/admin/caseload_upload.html"
    header_icon = "upload"
    page_title = _("Import caseload counts")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form"] = kwargs.get("form") or CaseloadImportForm()
        return context

    def post(self, request, *args, **kwargs):
        form = CaseloadImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                row = caseloads.import_upload(upload=form.cleaned_data["file"], by=request.user)
            except ValidationError as error:
                form.add_error("file", error)
            else:
                return redirect("cohorts_caseload_import:preview", pk=row.pk)
        return self.render_to_response(self.get_context_data(form=form))


class ImportPreviewView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """Every accepted and rejected row, with a button to save; progress while the worker runs."""

    model = CaseloadImport
    permission_required = "add"
    template_name = "cohorts/admin/caseload_preview.html"
    header_icon = "upload"

    @cached_property
    def row(self) -> CaseloadImport:
        return get_object_or_404(CaseloadImport, pk=self.kwargs["pk"])

    def get_page_title(self):
        return _("Caseload import")

    def get_page_subtitle(self):
        return self.row.file_name

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        row = self.row
        preview = row.preview or {}
        busy = row.status in (
            CaseloadImport.Status.UPLOADED,
            CaseloadImport.Status.READING,
            CaseloadImport.Status.SAVING,
        )
        earlier = (
            CaseloadImport.objects.filter(
                file_hash=row.file_hash, status=CaseloadImport.Status.SAVED
            )
            .exclude(pk=row.pk)
            .order_by("-saved_at")
            .first()
        )
        context |= {
            "import": row,
            "busy": busy,
            "accepted": preview.get("accepted", [])[:PREVIEW_ROWS_SHOWN],
            "rejected": preview.get("rejected", [])[:PREVIEW_ROWS_SHOWN],
            "accepted_count": len(preview.get("accepted", [])),
            "rejected_count": len(preview.get("rejected", [])),
            "shown": PREVIEW_ROWS_SHOWN,
            "earlier": earlier,
        }
        return context

    def post(self, request, *args, **kwargs):
        try:
            caseloads.import_confirm(row=self.row, by=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        return redirect("cohorts_caseload_import:preview", pk=self.row.pk)


def _preview_link(row):
    return format_html(
        '<a href="{}">{}</a>',
        reverse("cohorts_caseload_import:preview", args=[row.pk]),
        row.get_status_display(),
    )


def _breach_state(breach):
    if breach.is_open:
        return format_html('<span class="w-status w-status--label">{}</span>', _("Over cap now"))
    return _("Ended")


def viewsets():
    from wagtail.admin.panels import FieldPanel, ObjectList
    from wagtail.admin.views.generic import CreateView, EditView

    from cohorts import selectors
    from cohorts.backoffice.forms import ServiceModelForm
    from cohorts.backoffice.viewsets import CohortsModelViewSet, index_view
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
            Column("status", label=_("Status"), accessor=_preview_link),
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
            Column("state", label=_("State"), accessor=_breach_state),
            "ended_on",
            "notified_at",
        ]
        list_filter = ["started_on"]
        search_fields = ["enrolment__member__last_name"]
        form_fields = ["ended_on"]

    return [CaseloadImportViewSet, CaseloadCountViewSet, CaseloadBreachViewSet]
