"""Mail never leaves inside a request: it is queued, and the task worker sends it.

``TaskEmailBackend`` is Django's EMAIL_BACKEND, so everything that sends mail
(allauth, our services) goes through the queue without knowing it. The worker
hands each message to ``PORTAL_DELIVERY_EMAIL_BACKEND`` (SMTP in production,
files under var/mail in development) and retries with back-off when the mail
server fails. After the last attempt the message is kept as an
``UndeliveredMail`` that HR see in the back office, with the reason, and may
send again (``undelivered_mail_send_again``).
"""

import base64
import datetime
import logging
from email.mime.base import MIMEBase

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from portal import audit
from portal.background import after_commit
from portal.errors import DomainError
from portal.models import UndeliveredMail, User
from portal.states import may_move

logger = logging.getLogger(__name__)


def message_to_data(message) -> dict:
    """A JSON-safe copy of an EmailMessage, for the task queue."""
    attachments = []
    for attachment in message.attachments:
        if isinstance(attachment, MIMEBase):
            raise ValueError("MIME attachments cannot be queued; attach (name, content, type).")
        filename, content, mimetype = attachment
        if isinstance(content, str):
            content = content.encode()
        attachments.append([filename, base64.b64encode(content).decode("ascii"), mimetype])
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "alternatives": [
            [str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])
        ],
        "attachments": attachments,
    }


def data_to_message(data: dict) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
    )
    for content, mimetype in data["alternatives"]:
        message.attach_alternative(content, mimetype)
    for filename, content, mimetype in data["attachments"]:
        message.attach(filename, base64.b64decode(content), mimetype)
    return message


def deliver_now(data: dict) -> None:
    connection = get_connection(settings.PORTAL_DELIVERY_EMAIL_BACKEND, fail_silently=False)
    connection.send_messages([data_to_message(data)])


def retry_delay(attempt: int) -> datetime.timedelta:
    """1, 4, 16, 64… minutes: a mail server that is down gets time to recover."""
    return datetime.timedelta(minutes=4 ** (attempt - 1))


@task()
def deliver_email(data: dict, attempt: int = 1) -> str:
    try:
        deliver_now(data)
    except Exception as error:
        if attempt >= settings.PORTAL_MAIL_MAX_ATTEMPTS:
            logger.error("Giving up on mail to %s after %s attempts", data["to"], attempt)
            undelivered_mail_record(data=data, attempts=attempt, error=error)
            raise
        delay = retry_delay(attempt)
        logger.warning("Mail to %s failed (%s); retrying in %s", data["to"], error, delay)
        retry = deliver_email
        if retry.get_backend().supports_defer:
            retry = retry.using(run_after=timezone.now() + delay)
        retry.enqueue(data, attempt + 1)
        return "retry scheduled"
    return "sent"


class TaskEmailBackend(BaseEmailBackend):
    """Queues each message as a task once the surrounding transaction commits."""

    def send_messages(self, email_messages):
        count = 0
        for message in email_messages:
            data = message_to_data(message)
            transaction.on_commit(lambda data=data: deliver_email.enqueue(data, 1), robust=True)
            count += 1
        return count


# What was not delivered ---------------------------------------------------------
UNDELIVERED_MOVES = {
    UndeliveredMail.Status.NOT_DELIVERED: frozenset({UndeliveredMail.Status.SENT_AGAIN}),
    UndeliveredMail.Status.SENT_AGAIN: frozenset(),
}
REASON_MAX_LENGTH = 2000


def describe_error(error: Exception) -> str:
    """The reason as HR read it: what kind of failure, and what the mail server said."""
    text = " ".join(str(error).split())
    reason = f"{type(error).__name__}: {text}" if text else type(error).__name__
    return reason[:REASON_MAX_LENGTH]


def undelivered_mail_record(*, data: dict, attempts: int, error: Exception) -> UndeliveredMail:
    """Keep a message the worker gave up on, so that HR see it. Raises nothing of its own."""
    with transaction.atomic():
        mail = UndeliveredMail.objects.create(
            to=", ".join([*data["to"], *data["cc"], *data["bcc"]])[:1000],
            subject=data["subject"][:998],
            reason=describe_error(error),
            attempts=attempts,
            failed_at=timezone.now(),
            message=data,
        )
        audit.record(mail, "portal.mail_not_delivered", data={"attempts": attempts})
    return mail


class MailAlreadySentAgain(DomainError):
    """An undelivered mail is sent again once; a second failure makes a new entry."""


def undelivered_mail_send_again(*, mail: UndeliveredMail, by: User) -> UndeliveredMail:
    """Queue ``mail`` for delivery again, from its first attempt, and record who did it.

    Raises ``MailAlreadySentAgain`` (a DomainError) if someone already has:
    two people pressing the button at once send it once.
    """
    with transaction.atomic():
        mail = UndeliveredMail.objects.select_for_update().get(pk=mail.pk)
        if not may_move(UNDELIVERED_MOVES, mail.status, UndeliveredMail.Status.SENT_AGAIN):
            raise MailAlreadySentAgain(
                _("This mail has already been sent again. If it fails again, it is listed anew.")
            )
        mail.status = UndeliveredMail.Status.SENT_AGAIN
        mail.sent_again_at = timezone.now()
        mail.sent_again_by = by
        mail.save(update_fields=["status", "sent_again_at", "sent_again_by"])
        audit.record(mail, "portal.mail_sent_again", by=by, data={"to": mail.to})
        after_commit(deliver_email, mail.message, 1)
    return mail


def undelivered_mail_delete_expired(*, now: datetime.datetime | None = None) -> int:
    """Delete undelivered mail kept longer than ``PORTAL_UNDELIVERED_MAIL_DAYS`` (90).

    The messages hold personal data and sign-in links: they are kept long enough
    for HR to see and resend them, then go. Safe to run again; returns how many.
    """
    cutoff = (now or timezone.now()) - datetime.timedelta(
        days=settings.PORTAL_UNDELIVERED_MAIL_DAYS
    )
    deleted, _by_model = UndeliveredMail.objects.filter(failed_at__lt=cutoff).delete()
    if deleted:
        logger.info("Deleted %s undelivered mails past their keeping period", deleted)
    return deleted


@task()
def delete_expired_undelivered_mail() -> int:
    return undelivered_mail_delete_expired()
