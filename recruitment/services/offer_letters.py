"""What the worker does with offers: send a letter, claim a reminder, lapse an unanswered
offer. Also the one function that moves an offer's state, which ``services.offers`` uses.

The task worker calls these; they never enqueue work themselves (``services.offers``
enqueues, and imports this module; this module imports neither it nor the tasks).

Locks are taken application first, then offer, as everywhere else.
"""

import datetime
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from portal import audit
from portal.calendar import local_date
from portal.formats import long_date
from portal.mail import deliver_now, describe_error, message_to_data
from portal.notify import render_mail, send_mail_template
from portal.states import check_move, may_move
from recruitment import offering, selectors
from recruitment.choices import (
    OFFER_TRANSITIONS,
    TRANSITIONS,
    OfferState,
    Status,
    TimelineAction,
)
from recruitment.models import Offer
from recruitment.pdf import offer_letter_pdf
from recruitment.services.common import audit_action, locked_application, move, now, record

logger = logging.getLogger(__name__)


def offer_move(offer: Offer, to: str) -> None:
    """The only place an offer's state changes (the caller saves). Raises
    TransitionNotAllowed."""
    check_move(
        OFFER_TRANSITIONS, current=offer.state, to=to, statuses=OfferState, noun=_("An offer")
    )
    offer.state = to


def locked_offer(offer_id) -> tuple:
    """The offer's application and the offer, both locked (in that order)."""
    application_id = Offer.objects.values_list("application_id", flat=True).get(pk=offer_id)
    application = locked_application(application_id)
    return application, Offer.objects.select_for_update().get(pk=offer_id)


def offer_audit(offer: Offer, action: TimelineAction, *, by, **data) -> None:
    """The offer's own History in the admin (the application's comes with ``record``)."""
    audit.record(offer, audit_action(action), by=by, data=data)


def applicant_address(application) -> str:
    applicant = application.applicant
    return application.email or (applicant.email if applicant else "")


# Sending the letter ------------------------------------------------------------------


def offer_letter_deliver(offer_id, *, when: datetime.datetime | None = None) -> str:
    """Render the letter, store it privately, mail it to the applicant with the PDF, and only
    then mark the offer sent (with its deadline) and the application "offered".

    The mail goes to the mail server directly, not through the mail queue, so that a
    refusal is known here: any failure to render or to mail leaves the offer
    ``send_failed`` with the reason and the application as it was; HR may send again.
    Safe to run twice: only an offer still ``sending`` is sent, once.
    """
    when = when or now()
    offer = selectors.offer_for_mail(offer_id)
    if offer is None or offer.state != OfferState.SENDING:
        return "nothing to do"
    # The letter names its real deadline: the one set below when it goes.
    offer.response_deadline = offering.response_deadline(
        local_date(when), selectors.offer_response_working_days()
    )
    offer.sent_at = when
    try:
        content = offer_letter_pdf(offer)
    except Exception as error:
        logger.exception("Offer letter %s could not be rendered", offer_id)
        offer_send_failed(
            offer_id,
            reason=_g("The letter could not be made: %(error)s") % {"error": describe_error(error)},
        )
        return "render failed"
    try:
        with transaction.atomic():
            sent = _deliver_locked(offer_id, content, when=when)
    except Exception as error:
        logger.exception("Offer letter %s could not be sent", offer_id)
        offer_send_failed(
            offer_id,
            reason=_g("The letter could not be sent: %(error)s") % {"error": describe_error(error)},
        )
        return "mail failed"
    return "sent" if sent else "nothing to do"


def _deliver_locked(offer_id, content: bytes, *, when) -> bool:
    """Inside the caller's transaction: False when another run got there first. Raises
    whatever storing or mailing raised (the stored letter is deleted again)."""
    application, offer = locked_offer(offer_id)
    if offer.state != OfferState.SENDING:
        return False
    if not may_move(TRANSITIONS, application.status, Status.OFFERED):
        raise ValueError(
            _g("the application is now '%(status)s'") % {"status": application.get_status_display()}
        )
    offer.response_deadline = offering.response_deadline(
        local_date(when), selectors.offer_response_working_days()
    )
    offer.letter.save(f"{offer.pk}.pdf", ContentFile(content), save=False)
    try:
        _mail_letter(offer, content)
    except Exception:
        offer.letter.delete(save=False)
        raise
    offer_move(offer, OfferState.SENT)
    offer.sent_at = when
    offer.send_failure = ""
    offer.save()
    move(
        application,
        to=Status.OFFERED,
        by=offer.send_requested_by,
        action=TimelineAction.OFFER_SENT,
        applicant_text=_g("We have offered you the job: answer by %(date)s")
        % {"date": long_date(offer.response_deadline)},
    )
    application.save()
    offer_audit(offer, TimelineAction.OFFER_SENT, by=offer.send_requested_by)
    return True


def _mail_letter(offer: Offer, content: bytes) -> None:
    address = applicant_address(offer.application)
    if not address:
        raise ValueError(_g("the applicant has no email address"))
    subject, body = render_mail(
        "recruitment/email/offer_letter",
        {"offer": offer, "application": offer.application, "deadline": offer.response_deadline},
    )
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
    message.attach("offer-letter.pdf", content, "application/pdf")
    deliver_now(message_to_data(message))


def offer_send_failed(offer_id, *, reason: str) -> Offer | None:
    """Record why the letter did not go; the offer waits for HR to send it again."""
    with transaction.atomic():
        application, offer = locked_offer(offer_id)
        if offer.state != OfferState.SENDING:
            return None
        offer_move(offer, OfferState.SEND_FAILED)
        offer.send_failure = reason
        offer.send_failed_at = now()
        offer.save()
        record(application, by=None, action=TimelineAction.OFFER_SEND_FAILED, reason=reason)
        offer_audit(offer, TimelineAction.OFFER_SEND_FAILED, by=None)
    return offer


# The reminder and the deadline -------------------------------------------------------


def offer_reminder_claim(offer_id, *, today: datetime.date) -> Offer | None:
    """Mark an offer's reminder as sent, when it is due and not sent yet; the offer, or None."""
    with transaction.atomic():
        offer = Offer.objects.select_for_update().filter(pk=offer_id).first()
        if (
            offer is None
            or offer.state != OfferState.SENT
            or offer.reminder_sent_at is not None
            or offer.response_deadline is None
            or not offering.reminder_due(offer.response_deadline, today)
        ):
            return None
        offer.reminder_sent_at = now()
        offer.save(update_fields=["reminder_sent_at"])
    return offer


def offers_lapse_expired(now: datetime.datetime | None = None) -> int:
    """Offers not answered by the end of their deadline's day are declined by default; the
    applicant is told. Safe to run again; returns how many lapsed."""
    moment = now or timezone.now()
    today = local_date(moment)
    return sum(1 for pk in selectors.offers_past_deadline(today) if _lapse(pk, today))


def _lapse(offer_id, today: datetime.date) -> bool:
    with transaction.atomic():
        application, offer = locked_offer(offer_id)
        if offer.state != OfferState.SENT or not offering.is_past_deadline(
            offer.response_deadline, today
        ):
            return False
        offer_move(offer, OfferState.LAPSED)
        offer.save()
        move(
            application,
            to=Status.OFFER_DECLINED,
            by=None,
            action=TimelineAction.OFFER_LAPSED,
            applicant_text=_g("You did not answer our offer by the deadline, so it has lapsed"),
        )
        application.decided_at = now()
        application.save()
        offer_audit(offer, TimelineAction.OFFER_LAPSED, by=None)
        send_mail_template(
            "recruitment/email/offer_lapsed",
            {"offer": offer, "application": application},
            [applicant_address(application)],
        )
    return True
