"""Mail the worker gave up on: HR see it with the reason and send it again."""

import datetime
import re

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.utils import timezone
from wagtail.models import ModelLogEntry

from portal import roles
from portal.mail import (
    deliver_email,
    message_to_data,
    undelivered_mail_delete_expired,
    undelivered_mail_send_again,
)
from portal.models import UndeliveredMail
from portal.queue import STALLED_AFTER, queue_health
from tests import factories
from tests.factories import sign_in_with_mfa
from tests.portal.outages import free_port

pytestmark = pytest.mark.django_db

SECRET_LINK = "https://careers.example.org/accounts/password/reset/key/secret-token/"


@pytest.fixture
def mail_server_down(settings):
    """The real SMTP backend, pointed at a port where no mail server listens."""
    settings.PORTAL_DELIVERY_EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()
    settings.EMAIL_TIMEOUT = 2
    settings.PORTAL_MAIL_MAX_ATTEMPTS = 3
    return settings


def mail_server_back(settings):
    settings.PORTAL_DELIVERY_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def undelivered(to="a.person@example.org") -> UndeliveredMail:
    message = EmailMessage("Reset your password", f"Open {SECRET_LINK}", None, [to])
    deliver_email.enqueue(message_to_data(message), 1)
    return UndeliveredMail.objects.get(to=to)


def hr_client(client):
    hr = factories.user_with_role(roles.HR_OFFICER)
    factories.give_totp(hr)
    sign_in_with_mfa(client, hr)
    return hr


class TestWhenTheLastAttemptFails:
    def test_the_mail_is_kept_with_the_reason_and_the_attempts(self, mail_server_down):
        found = undelivered()
        assert mail.outbox == []
        assert found.status == UndeliveredMail.Status.NOT_DELIVERED
        assert found.attempts == 3
        assert found.subject == "Reset your password"
        assert found.reason.startswith("ConnectionRefusedError")
        assert "refused" in found.reason.lower()
        entry = ModelLogEntry.objects.get(object_id=str(found.pk))
        assert entry.action == "portal.mail_not_delivered"
        assert entry.user is None

    def test_a_mail_delivered_on_a_retry_is_not_kept(self, mail_server_down, settings):
        settings.PORTAL_MAIL_MAX_ATTEMPTS = 1
        mail_server_back(settings)
        deliver_email.enqueue(message_to_data(EmailMessage("Hi", "Body", None, ["b@ex.org"])), 1)
        assert len(mail.outbox) == 1
        assert not UndeliveredMail.objects.exists()


class TestHRSeeAndSendAgain:
    def test_hr_see_the_list_with_the_reason_but_never_the_message(self, client, mail_server_down):
        found = undelivered()
        hr_client(client)
        listing = client.get("/admin/undelivered-mail/?status=not_delivered")
        assert listing.status_code == 200
        assert "a.person@example.org" in listing.text
        assert "ConnectionRefusedError" in listing.text
        inspect = client.get(f"/admin/undelivered-mail/inspect/{found.pk}/")
        assert inspect.status_code == 200
        for page in (listing, inspect):
            assert "secret-token" not in page.text
        assert (
            "a.person@example.org"
            not in client.get("/admin/undelivered-mail/?status=sent_again").text.split("<tbody")[-1]
        )

    def test_send_again_asks_then_queues_the_mail_once_and_says_who(
        self, client, mail_server_down, settings, django_capture_on_commit_callbacks
    ):
        found = undelivered()
        hr = hr_client(client)
        ask = client.get(f"/admin/undelivered-mail/{found.pk}/send-again/")
        assert ask.status_code == 200
        assert "ConnectionRefusedError" in ask.text
        mail_server_back(settings)
        with django_capture_on_commit_callbacks(execute=True):
            done = client.post(f"/admin/undelivered-mail/{found.pk}/send-again/")
        assert done.status_code == 302
        assert [m.to for m in mail.outbox] == [["a.person@example.org"]]
        assert SECRET_LINK in mail.outbox[0].body
        found.refresh_from_db()
        assert found.status == UndeliveredMail.Status.SENT_AGAIN
        assert found.sent_again_by == hr
        entry = ModelLogEntry.objects.get(object_id=str(found.pk), action="portal.mail_sent_again")
        assert entry.user == hr
        history = client.get(f"/admin/undelivered-mail/history/{found.pk}/")
        assert "Sent again to a.person@example.org" in history.text

        with django_capture_on_commit_callbacks(execute=True):
            again = client.post(f"/admin/undelivered-mail/{found.pk}/send-again/", follow=True)
        assert "already been sent again" in again.text
        assert len(mail.outbox) == 1

    def test_sending_again_while_the_server_is_still_down_lists_it_anew(
        self, mail_server_down, django_capture_on_commit_callbacks
    ):
        found = undelivered()
        hr = factories.user_with_role(roles.HR_OFFICER)
        with django_capture_on_commit_callbacks(execute=True):
            undelivered_mail_send_again(mail=found, by=hr)
        assert UndeliveredMail.objects.filter(status="not_delivered").count() == 1
        assert UndeliveredMail.objects.filter(status="sent_again").get() == found

    @pytest.mark.parametrize("role", [roles.WORKFORCE_LEAD, roles.CONTENT_EDITOR])
    def test_other_staff_cannot_see_or_send_it(self, client, mail_server_down, role):
        found = undelivered()
        user = factories.user_with_role(role)
        factories.give_totp(user)
        sign_in_with_mfa(client, user)
        assert client.get("/admin/undelivered-mail/").status_code in (302, 403)
        assert client.post(f"/admin/undelivered-mail/{found.pk}/send-again/").status_code in (
            302,
            403,
        )
        found.refresh_from_db()
        assert found.status == UndeliveredMail.Status.NOT_DELIVERED

    def test_nobody_edits_or_deletes_it_in_the_admin(self, client, mail_server_down):
        found = undelivered()
        hr_client(client)
        # Wagtail refuses with a redirect to the dashboard and a message.
        assert client.get(f"/admin/undelivered-mail/edit/{found.pk}/")["Location"] == "/admin/"
        assert client.post(f"/admin/undelivered-mail/delete/{found.pk}/")["Location"] == "/admin/"
        assert UndeliveredMail.objects.filter(pk=found.pk).exists()

    @pytest.mark.parametrize("rows", [10, 200])
    def test_the_list_costs_the_same_queries_at_10_and_200_rows(
        self, client, rows, django_assert_max_num_queries
    ):
        UndeliveredMail.objects.bulk_create(
            UndeliveredMail(
                to=f"p{n}@example.org",
                subject="Hello",
                reason="SMTPRecipientsRefused: 550 no such user",
                attempts=6,
                failed_at=timezone.now(),
                message={},
            )
            for n in range(rows)
        )
        hr_client(client)
        with django_assert_max_num_queries(25):
            response = client.get("/admin/undelivered-mail/")
        assert response.status_code == 200


class TestTheDashboard:
    def test_hr_see_mail_not_delivered_and_a_stalled_queue(self, client, settings, site):
        from django_tasks_db.models import DBTaskResult

        settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
        deliver_email.enqueue(message_to_data(EmailMessage("Hi", "Body", None, ["c@ex.org"])), 1)
        # 24.5 minutes ago: "25 minutes" (rounded up) for the next 30 seconds.
        waited = datetime.timedelta(minutes=24, seconds=30)
        DBTaskResult.objects.update(enqueued_at=timezone.now() - waited)
        UndeliveredMail.objects.create(
            to="d@example.org",
            subject="S",
            reason="R",
            attempts=6,
            failed_at=timezone.now(),
            message={},
        )
        health = queue_health()
        assert health.waiting >= 1 and health.stalled
        assert health.oldest_wait > STALLED_AFTER
        hr_client(client)
        home = client.get("/admin/").text
        assert "1 mail not delivered" in home
        assert re.search(r"\d+ tasks? waiting, the oldest for 25 minutes", home)
        assert "the task worker may have stopped" in home

    def test_the_health_check_says_how_long_the_oldest_task_has_waited(self, client, settings):
        from django_tasks_db.models import DBTaskResult

        settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
        deliver_email.enqueue(message_to_data(EmailMessage("Hi", "Body", None, ["c@ex.org"])), 1)
        DBTaskResult.objects.update(enqueued_at=timezone.now() - datetime.timedelta(seconds=90))
        lines = client.get("/healthz").content.decode().splitlines()
        assert lines[:2] == ["ok", "tasks_waiting 1"]
        assert 90 <= int(lines[2].split()[1]) < 120


class TestKeepingPeriod:
    def test_undelivered_mail_goes_after_its_keeping_period_and_not_before(
        self, settings, mail_server_down
    ):
        settings.PORTAL_UNDELIVERED_MAIL_DAYS = 90
        old, recent = undelivered("old@example.org"), undelivered("recent@example.org")
        UndeliveredMail.objects.filter(pk=old.pk).update(
            failed_at=timezone.now() - datetime.timedelta(days=91)
        )
        assert undelivered_mail_delete_expired() == 1
        assert list(UndeliveredMail.objects.all()) == [recent]
        assert undelivered_mail_delete_expired() == 0

    def test_the_daily_sweep_queues_it(self):
        from io import StringIO

        from django.core.management import call_command

        out = StringIO()
        call_command("portal_sweep", stdout=out)
        assert "Queued" in out.getvalue()
