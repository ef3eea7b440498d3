"""The worker's side of a caseload import: reading the file for its preview, then saving it.

Apart from ``cohorts.tasks`` because these call a service, whose breaches queue
the mail there: ``services.caseload_imports`` -> here -> ``services.caseloads``
-> ``tasks``, one way round.
"""

from django.contrib.auth import get_user_model
from django_tasks import task

from cohorts.models import CaseloadImport
from cohorts.services import caseloads


@task()
def read_caseload_import(pk: int) -> str:
    row = CaseloadImport.objects.filter(pk=pk).first()
    if row is None:
        return "gone"
    try:
        caseloads.import_read(row)
    except (UnicodeDecodeError, ValueError, OSError):
        CaseloadImport.objects.filter(pk=pk).update(status=CaseloadImport.Status.FAILED)
        return "failed"
    return "read"


@task()
def save_caseload_import(pk: int, by_pk: int | None = None) -> str:
    row = CaseloadImport.objects.filter(pk=pk, status=CaseloadImport.Status.SAVING).first()
    if row is None:
        return "gone"
    by = get_user_model().objects.filter(pk=by_pk).first() if by_pk else None
    caseloads.import_save(row, by=by)
    return "saved"
