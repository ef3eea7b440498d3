"""Personal data on time: the "Download my data" PDF made and later deleted, and unsuccessful
applicants' data removed after the retention period (DOMAIN.md: 6 months).

The task worker calls these; they never enqueue work themselves.
"""

import datetime
import logging

from dateutil.relativedelta import relativedelta
from django.core.files.base import ContentFile
from django.db import transaction

from recruitment import conf
from recruitment.choices import DataExportState, Status, TimelineAction
from recruitment.models import Application, DataExport, EqualityMonitoring, Scorecard
from recruitment.pdf import applicant_data_pdf
from recruitment.services import common

logger = logging.getLogger(__name__)


def data_export_prepare(*, export_id) -> DataExport | None:
    """Render the PDF into private storage and mark it ready.

    Returns the export when this call made the file; None when there is nothing to
    do (already made by an earlier run, or the person deleted their account).
    Re-raises what rendering raised, after marking the export failed.
    """
    export = DataExport.objects.select_related("user").filter(pk=export_id).first()
    if export is None or export.state != DataExportState.PREPARING:
        return None
    try:
        content = applicant_data_pdf(export.user)
    except Exception:
        logger.exception("Data export %s failed", export.pk)
        DataExport.objects.filter(pk=export.pk).update(state=DataExportState.FAILED)
        raise
    export.file.save(f"{export.pk}.pdf", ContentFile(content), save=False)
    export.state = DataExportState.READY
    export.ready_at = common.now()
    export.save(update_fields=["file", "state", "ready_at"])
    return export


def data_exports_delete_expired(*, now: datetime.datetime | None = None) -> int:
    """Delete prepared files after their download window, and failed or stuck requests."""
    cutoff = (now or common.now()) - datetime.timedelta(days=conf.data_export_days())
    deleted = 0
    for export in DataExport.objects.filter(requested_at__lt=cutoff).only("pk", "file"):
        if export.file:
            export.file.delete(save=False)
        export.delete()
        deleted += 1
    if deleted:
        logger.info("Deleted %s expired data exports", deleted)
    return deleted


UNSUCCESSFUL = (Status.REJECTED, Status.WITHDRAWN, Status.OFFER_DECLINED, Status.OFFER_WITHDRAWN)
PERSONAL_FIELDS = {
    "first_name": "",
    "last_name": "",
    "email": "",
    "phone": "",
    "address": "",
    "postcode": "",
    "swe_number": "",
    "right_to_work_detail": "",
    "heard_about_detail": "",
    "agency_name": "",
    "supporting_statement": "",
    "interview_availability": "",
    "adjustments": "",
    "gap_explanations": {},
    "withdrawal_detail": "",
}


def applications_anonymise_expired(*, now: datetime.datetime | None = None) -> int:
    """Anonymise unsuccessful applications decided more than the retention period ago.

    Keeps what reporting needs (vacancy, route, status, channel, dates, reasons);
    removes names, contact details, answers, CV, references, jobs, notes and
    equality answers. Safe to run again. Returns how many were anonymised.
    """
    moment = now or common.now()
    cutoff = moment - relativedelta(months=conf.unsuccessful_retention_months())
    due = Application.objects.filter(
        status__in=UNSUCCESSFUL, decided_at__lte=cutoff, anonymised_at__isnull=True
    ).values_list("pk", flat=True)
    done = 0
    for pk in list(due):
        with transaction.atomic():
            application = common.locked_application(pk)
            if application.anonymised_at is not None:
                continue
            _anonymise(application, moment)
        done += 1
    if done:
        logger.info("Anonymised %s unsuccessful applications", done)
    return done


def _anonymise(application: Application, moment: datetime.datetime) -> None:
    for name, blank in PERSONAL_FIELDS.items():
        setattr(application, name, blank)
    application.anonymised_at = moment
    application.save()
    application.employment.all().delete()
    application.referees.all().delete()
    application.notes.all().delete()
    # Panel members' evidence is about the person: only the numbers stay.
    for card in Scorecard.objects.filter(interview__application=application):
        card.scores = [{**row, "evidence": ""} for row in card.scores]
        card.notes = ""
        card.save(update_fields=["scores", "notes", "updated_at"])
    EqualityMonitoring.objects.filter(application=application).delete()
    cv = getattr(application, "cv", None)
    if cv is not None:
        name, storage = cv.file.name, cv.file.storage
        cv.delete()
        # Already in the worker: the file goes as soon as the row is gone for good.
        transaction.on_commit(lambda: storage.delete(name))
    common.record(
        application, by=None, action=TimelineAction.ANONYMISED, reason="retention period ended"
    )
