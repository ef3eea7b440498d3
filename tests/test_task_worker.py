"""The real queue and the real worker: what `make run` and production run.

Everywhere else the test settings run tasks immediately; here the database
backend stores them and `manage.py db_worker` drains the queue, as in production.
The worker closes its database connection when it is done, as it should, so these
tests commit for real rather than run inside a test transaction.
"""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader

from recruitment.models import DataExport
from recruitment.services import drafts, submission
from tests.factories import make_vacancy
from tests.recruitment import factories

pytestmark = pytest.mark.django_db(transaction=True)

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _run_worker() -> None:
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)


def test_the_worker_makes_the_pdf_and_mails_the_applicant(client, site, settings, mailoutbox):
    settings.TASKS = DATABASE_QUEUE
    application = factories.submitted(vacancy=make_vacancy(title="Senior practitioner"))
    client.force_login(application.applicant)
    mailoutbox.clear()
    response = client.post(reverse("recruitment:my_data_pdf_request"))
    assert response.status_code == 302
    # The request only queued the work.
    export = DataExport.objects.get()
    assert export.state == DataExport.State.PREPARING
    assert DBTaskResult.objects.filter(status="READY").exists()
    assert mailoutbox == []

    _run_worker()

    export.refresh_from_db()
    assert export.state == DataExport.State.READY
    # Everything due has run; only reminders deferred to their moment still wait.
    waiting = DBTaskResult.objects.exclude(status="SUCCESSFUL")
    assert all(task.run_after and task.run_after > timezone.now() for task in waiting)
    assert [m.to for m in mailoutbox if "ready to download" in m.subject] == [
        [application.applicant.email]
    ]
    download = client.get(reverse("recruitment:my_data_pdf", args=[export.pk]))
    pdf = PdfReader(io.BytesIO(b"".join(download.streaming_content)))
    assert "Senior practitioner" in "".join(page.extract_text() for page in pdf.pages)


def test_the_worker_delivers_mail_queued_by_a_submission(site, settings, mailoutbox):

    settings.TASKS = DATABASE_QUEUE
    application = factories.ApplicationFactory()
    drafts.cv_save(application=application, upload=factories.pdf_upload(), kind="pdf", by=None)
    submission.application_submit(application=application, by=application.applicant)
    assert mailoutbox == []
    _run_worker()
    assert any(application.reference in m.body for m in mailoutbox)
