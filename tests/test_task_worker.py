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
from tests.factories import make_vacancy, sign_in_with_mfa
from tests.recruitment import factories

pytestmark = pytest.mark.django_db(transaction=True)

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _run_worker() -> None:
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)


def test_the_worker_makes_the_pdf_and_mails_the_applicant(client, site, settings, mailoutbox):
    settings.TASKS = DATABASE_QUEUE
    application = factories.submitted(vacancy=make_vacancy(title="Senior practitioner"))
    sign_in_with_mfa(client, application.applicant)
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


def test_the_worker_rides_out_a_database_outage_and_goes_on(tmp_path, settings):
    """A real worker process loses its database, waits, and delivers again once it is back."""
    import subprocess
    import sys
    import time

    from django.core.mail import EmailMessage

    from portal.mail import deliver_email, message_to_data
    from tests.portal.outages import ROOT, Outage, Worker, production_env, wait_for

    settings.TASKS = DATABASE_QUEUE
    message = EmailMessage("Before the outage", "Body", "careers@example.org", ["a@example.org"])
    deliver_email.enqueue(message_to_data(message), 1)
    outage = Outage(tmp_path)
    mail = tmp_path / "mail"
    env = production_env(
        outage.prepare(),
        DELIVERY_EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(mail),
        LOG_LEVEL="INFO",
    )

    def delivered() -> list[str]:
        return sorted(path.read_text() for path in mail.glob("*.log")) if mail.exists() else []

    worker = Worker(env, tmp_path / "worker.log")
    try:
        wait_for(lambda: len(delivered()) == 1, timeout=60, what="the first mail")
        outage.take_away()
        wait_for(
            lambda: "the database is unavailable" in worker.output() or not worker.alive(),
            timeout=30,
            what="the worker to notice",
        )
        time.sleep(2)  # a few attempts to reconnect
        assert worker.alive(), worker.output()

        outage.give_back()
        # Another process (a web server) queues a mail once the database is back.
        queued = subprocess.run(
            [
                sys.executable,
                "manage.py",
                "shell",
                "-c",
                "from django.core.mail import send_mail; "
                "send_mail('After the outage', 'Body', None, ['b@example.org'])",
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert queued.returncode == 0, queued.stderr
        wait_for(lambda: len(delivered()) == 2, timeout=60, what="the mail after the outage")
        assert "Subject: After the outage" in "".join(delivered())
        assert "the database is back" in worker.output()
        assert worker.alive()
    finally:
        code = worker.stop()
        outage.close()
    assert code == 0, worker.output()


def test_reconnection_waits_double_up_to_the_cap():
    from portal.worker import reconnect_delay

    waits = [reconnect_delay(n, first=1.0, max_delay=30.0) for n in range(1, 8)]
    assert waits == [1.0, 2.0, 4.0, 8.0, 16.0, 30.0, 30.0]
