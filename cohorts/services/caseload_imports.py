"""A caseload CSV from HR: stored privately, then read and saved by the worker.

The request's side only: the file is checked and kept, and the worker reads it
for a preview of every row (``caseloads.import_read``); once HR confirm, the
worker saves it (``caseloads.import_save``).
"""

import hashlib
import uuid

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cohorts import caseload_tasks
from cohorts.models import CaseloadImport
from cohorts.services import caseloads
from cohorts.services.common import CohortsError


def import_upload(*, upload, by) -> CaseloadImport:
    """Store an uploaded CSV privately and queue its reading. Raises ValidationError."""
    data = caseloads.check_csv(upload)
    upload.seek(0)
    with transaction.atomic():
        row = CaseloadImport(
            file_name=upload.name[:200],
            file_hash=hashlib.sha256(data).hexdigest(),
            uploaded_by=by,
        )
        row.file.save(f"{uuid.uuid4().hex}.csv", upload, save=False)
        row.save()
    transaction.on_commit(lambda: caseload_tasks.read_caseload_import.enqueue(row.pk))
    return row


def import_confirm(*, row: CaseloadImport, by) -> None:
    """Queue the saving of a previewed import. Raises CohortsError unless it is ready."""
    with transaction.atomic():
        row = CaseloadImport.objects.select_for_update().get(pk=row.pk)
        if row.status != CaseloadImport.Status.PREVIEW:
            raise CohortsError(_("This import is not ready to save"))
        row.status, row.done_rows = CaseloadImport.Status.SAVING, 0
        row.save(update_fields=["status", "done_rows"])
    transaction.on_commit(
        lambda: caseload_tasks.save_caseload_import.enqueue(row.pk, by.pk if by else None)
    )
