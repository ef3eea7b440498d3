"""Background work shared by the whole portal."""

import datetime
import logging

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from portal.mail import deliver_now

logger = logging.getLogger(__name__)


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
            raise
        delay = retry_delay(attempt)
        logger.warning("Mail to %s failed (%s); retrying in %s", data["to"], error, delay)
        retry = deliver_email
        if retry.get_backend().supports_defer:
            retry = retry.using(run_after=timezone.now() + delay)
        retry.enqueue(data, attempt + 1)
        return "retry scheduled"
    return "sent"
