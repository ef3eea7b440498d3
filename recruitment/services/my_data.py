"""Asking for "Download my data": the worker makes the PDF and emails the person."""

import datetime
import logging

from django.db import IntegrityError, transaction

from portal.background import after_commit
from portal.models import User
from recruitment import tasks
from recruitment.choices import DataExportState
from recruitment.models import DataExport
from recruitment.services.common import now

logger = logging.getLogger(__name__)

# A request the worker has not picked up within this time may be made again.
STALE_EXPORT = datetime.timedelta(hours=1)


def data_export_request(*, user: User) -> DataExport:
    """Ask the worker for a PDF of everything held about ``user``.

    Idempotent: while one is being prepared, asking again returns it (a partial
    unique constraint settles two requests at the same moment).
    """
    preparing = DataExport.objects.filter(user=user, state=DataExportState.PREPARING).first()
    if preparing and preparing.requested_at > now() - STALE_EXPORT:
        return preparing
    if preparing:
        # The worker never got to it (stopped, or the task was lost): ask again.
        DataExport.objects.filter(pk=preparing.pk).update(state=DataExportState.FAILED)
    try:
        with transaction.atomic():
            export = DataExport.objects.create(user=user)
            after_commit(tasks.prepare_data_export, str(export.pk))
    except IntegrityError:
        return DataExport.objects.get(user=user, state=DataExportState.PREPARING)
    logger.info("Data export %s requested by user %s", export.pk, user.pk)
    return export
