"""Back office for protected caseloads: CSV imports (upload, preview, confirm), counts, breaches.

The import's reading and saving run in the worker; its page reloads itself
(a meta refresh, no script needed) while the worker is busy and shows how far
it has got.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from cohorts.caseload_forms import CaseloadImportForm
from cohorts.models import CaseloadImport
from cohorts.services import caseload_imports
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
                row = caseload_imports.import_upload(
                    upload=form.cleaned_data["file"], by=request.user
                )
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
            caseload_imports.import_confirm(row=self.row, by=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        return redirect("cohorts_caseload_import:preview", pk=self.row.pk)


def preview_link(row):
    return format_html(
        '<a href="{}">{}</a>',
        reverse("cohorts_caseload_import:preview", args=[row.pk]),
        row.get_status_display(),
    )


def breach_state(breach):
    if breach.is_open:
        return format_html('<span class="w-status w-status--label">{}</span>', _("Over cap now"))
    return _("Ended")
