"""Recruitment's background work: mail, invites, reminders, the data PDF and the sweeps.

Tasks deliver; when one must change a row (a reminder marked sent, a PDF made,
data removed) it calls a service in ``recruitment.services.reminders`` or
``.retention`` (or ``offer_letters``, ``reference_requests``...), which never enqueue
work themselves. Each task reads its rows
again: they may have changed since it was queued. Mail itself is queued and
retried by ``portal.mail``.
"""

import logging
from dataclasses import dataclass

from django.core.files.storage import storages
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from portal.background import after_commit
from portal.links import public_url
from portal.notify import send_mail_template
from recruitment import conf, reference_links, selectors
from recruitment.choices import ReferenceState, Status
from recruitment.errors import ReferenceProblem, StartRefused
from recruitment.invites import interview_calendar
from recruitment.services import (
    offer_letters,
    reference_chasers,
    reference_requests,
    reminders,
    retention,
    starting,
)

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ApplicationMail:
    """Who gets a mail about an application, and while which status it still makes sense."""

    to_hr: bool = False
    while_status: str = ""


APPLICATION_MAILS = {
    "submitted": ApplicationMail(),
    "rejected": ApplicationMail(),
    "route_moved": ApplicationMail(),
    "interview_offered": ApplicationMail(),
    "hr_fast_track": ApplicationMail(to_hr=True, while_status=Status.FAST_TRACKED),
}


def _applicant_address(application) -> str:
    # An anonymised application has neither (its mails are long gone by then).
    applicant = application.applicant
    return application.email or (applicant.email if applicant else "")


@task()
def send_application_mail(application_id: str, kind: str) -> str:
    """One of ``APPLICATION_MAILS`` (``recruitment/email/<kind>.txt``) about an application."""
    mail = APPLICATION_MAILS[kind]
    application = selectors.application_for_mail(application_id)
    if application is None:
        return "gone"
    if mail.while_status and application.status != mail.while_status:
        return "no longer needed"
    to = selectors.hr_officer_emails() if mail.to_hr else [_applicant_address(application)]
    send_mail_template(f"recruitment/email/{kind}", {"application": application}, to)
    return "sent"


# Fast-track reminders ----------------------------------------------------------------


def _remind_hr(application_id, now) -> bool:
    application = reminders.fast_track_reminder_claim(application_id, now=now)
    if application is None:
        return False
    send_mail_template(
        "recruitment/email/hr_reminder", {"application": application}, selectors.hr_officer_emails()
    )
    return True


@task()
def fast_track_reminder(application_id: str) -> bool:
    """Remind HR the working day before a fast-track interview offer falls due (once)."""
    return _remind_hr(application_id, timezone.now())


@task()
def fast_track_reminder_sweep() -> int:
    """Catch up: remind about every fast-track due a reminder and not yet reminded.

    Run it from cron or a periodic worker; safe to run as often as you like.
    """
    now = timezone.now()
    return sum(1 for pk in selectors.fast_tracks_due_a_reminder(now) if _remind_hr(pk, now))


# Interviews -------------------------------------------------------------------------


@task()
def send_interview_invites(interview_id: str, method: str) -> str:
    """The applicant and each panel member get the invite (or its cancellation) with a .ics."""
    interview = selectors.interview_for_mail(interview_id)
    applicant, panel = _interview_people(interview)
    ics = interview_calendar(interview, method=method, attendees=[applicant, *panel])
    kind = "interview_cancelled" if method == "CANCEL" else "interview_invite"
    attachment = ("interview.ics", ics, f"text/calendar; method={method}; charset=UTF-8")
    context = {"interview": interview, "slot": interview.slot}
    for to, audience in [(applicant, "applicant"), *[(email, "panel") for email in panel]]:
        send_mail_template(
            f"recruitment/email/{kind}",
            {**context, "audience": audience},
            [to],
            attachments=[attachment],
        )
    return "sent"


def _interview_people(interview) -> tuple[str, list[str]]:
    panel = sorted({member.email for member in interview.slot.panel.all() if member.email})
    return _applicant_address(interview.application), panel


def _remind_interview(interview_id, now) -> bool:
    if reminders.interview_reminder_claim(interview_id, now=now) is None:
        return False
    interview = selectors.interview_for_mail(interview_id)
    applicant, panel = _interview_people(interview)
    context = {"interview": interview, "slot": interview.slot}
    send_mail_template("recruitment/email/interview_reminder", context, [applicant])
    send_mail_template(
        "recruitment/email/interview_reminder", {**context, "audience": "panel"}, panel
    )
    return True


@task()
def interview_reminder(interview_id: str) -> bool:
    """Remind the applicant and the panel before an interview (once)."""
    return _remind_interview(interview_id, timezone.now())


@task()
def interview_reminder_sweep() -> int:
    """Catch up: remind about every booked interview due a reminder and not yet reminded."""
    now = timezone.now()
    due = selectors.interviews_due_a_reminder(now, hours=conf.interview_reminder_hours())
    return sum(1 for pk in due if _remind_interview(pk, now))


# Personal data ---------------------------------------------------------------------


@task()
def prepare_data_export(export_id: str) -> str:
    """Make the person's PDF, then email them that it is ready."""
    export = retention.data_export_prepare(export_id=export_id)
    if export is None:
        return "nothing to do"
    send_mail_template(
        "recruitment/email/data_export_ready",
        {"user": export.user, "days": conf.data_export_days()},
        [export.user.email],
    )
    return "ready"


@task()
def delete_expired_data_exports() -> int:
    return retention.data_exports_delete_expired()


@task()
def anonymise_expired_applications() -> dict:
    """Unsuccessful applicants' personal data goes after the retention period (daily;
    queued by ``recruitment_sweep``; running it more often does no harm). Returns the counts."""
    return retention.applications_anonymise_expired().counts()


@task()
def delete_stored_file(storage_alias: str, name: str) -> str:
    """A file whose row is gone (a replaced CV, a deleted draft's CV)."""
    storages[storage_alias].delete(name)
    return "deleted"


# References -------------------------------------------------------------------------


def _reference_mail_context(request) -> dict:
    token = reference_links.token_for(request)
    return {
        "reference": request,
        "application": request.application,
        "vacancy": request.application.vacancy,
        "link": public_url(reverse("recruitment:reference", args=[token])),
        "expires_at": request.expires_at,
    }


@task()
def send_reference_request(request_id: str) -> str:
    """The referee's email with their link, while the request still waits for them."""
    request = selectors.reference_for_mail(request_id)
    if request is None or request.state != ReferenceState.REQUESTED:
        return "no longer needed"
    send_mail_template(
        "recruitment/email/reference_request",
        _reference_mail_context(request),
        [request.referee_email],
    )
    return "sent"


def _chase_referee(request_id, now) -> bool:
    claimed = reference_chasers.reference_chaser_claim(request_id, now=now)
    if claimed is None:
        return False
    request, number = claimed
    send_mail_template(
        "recruitment/email/reference_chaser",
        {**_reference_mail_context(request), "number": number},
        [request.referee_email],
    )
    return True


@task()
def reference_chaser_sweep() -> int:
    """Chase referees who have not answered, at 7 and at 14 days (each chaser once).

    Queued by ``recruitment_sweep``; safe to run as often as you like."""
    now = timezone.now()
    return sum(1 for pk in selectors.references_due_a_chaser(now) if _chase_referee(pk, now))


REFERENCE_HR_NOTICES = frozenset({"reference_received", "reference_declined"})


@task()
def send_reference_hr_notice(request_id: str, kind: str) -> str:
    """HR hear that a reference arrived or that a referee declined (no content in the mail)."""
    if kind not in REFERENCE_HR_NOTICES:
        raise ValueError(kind)
    request = selectors.reference_for_mail(request_id)
    if request is None:
        return "gone"
    send_mail_template(
        f"recruitment/email/{kind}",
        {
            "reference": request,
            "application": request.application,
            "vacancy": request.application.vacancy,
            "link": public_url(reverse("recruitment_reference:inspect", args=[request.pk])),
        },
        selectors.hr_officer_emails(),
    )
    return "sent"


# Offers -----------------------------------------------------------------------------


@task()
def send_offer_letter(offer_id: str) -> str:
    """Render, store and mail an offer letter, then mark it sent (or failed, with why).
    Once it has gone, every referee not yet asked gets their link."""
    outcome = offer_letters.offer_letter_deliver(offer_id)
    if outcome == "sent":
        _ask_referees_after_offer(offer_id)
    return outcome


def _ask_referees_after_offer(offer_id: str) -> None:
    # The letter has gone whatever happens here: a request that fails is for HR to
    # make from the application's page ("Request references"), and is logged.
    offer = selectors.offer_for_mail(offer_id)
    try:
        with transaction.atomic():
            made = reference_requests.reference_requests_make_all(
                application=offer.application, by=offer.send_requested_by
            )
            for request in made:
                after_commit(send_reference_request, str(request.pk))
    except ReferenceProblem:
        logger.exception("References for offer %s were not requested", offer_id)


def _remind_offer(offer_id, today) -> bool:
    offer = offer_letters.offer_reminder_claim(offer_id, today=today)
    if offer is None:
        return False
    offer = selectors.offer_for_mail(offer_id)
    send_mail_template(
        "recruitment/email/offer_reminder",
        {"offer": offer, "application": offer.application},
        [_applicant_address(offer.application)],
    )
    return True


@task()
def offer_reminder_sweep() -> int:
    """Remind applicants 3 working days before their offer's deadline (once each)."""
    today = timezone.localdate()
    return sum(1 for pk in selectors.offers_due_a_reminder(today) if _remind_offer(pk, today))


@task()
def offer_lapse_sweep() -> int:
    """Offers not answered by their deadline are declined by default (the applicant is told)."""
    return offer_letters.offers_lapse_expired(timezone.now())


@task()
def offer_letters_stuck_sweep() -> int:
    """Send again letters left "being sent" (a queue that lost the task); never twice."""
    stuck = selectors.offers_stuck_sending(timezone.now())
    return sum(1 for pk in stuck if offer_letters.offer_letter_deliver(pk) == "sent")


# The first day -----------------------------------------------------------------------


def _start(offer_id, now) -> str:
    """Start one new starter; tell the mentor (cohort routes), or HR why it was refused."""
    offer = selectors.offer_for_start_mail(offer_id)
    if offer is None:
        return "gone"
    try:
        offer = starting.offer_start(offer=offer, now=now)
    except StartRefused as refusal:
        send_mail_template(
            "recruitment/email/start_refused",
            {"offer": offer, "application": offer.application, "problem": refusal.message},
            selectors.hr_officer_emails(),
        )
        return "refused"
    if offer.started_at != now:
        return "nothing to do"
    offer = selectors.offer_for_start_mail(offer.pk)
    if offer.enrolment_id and offer.cohort and offer.cohort.mentor:
        send_mail_template(
            "recruitment/email/new_starter_mentor",
            {"offer": offer, "application": offer.application, "cohort": offer.cohort},
            [offer.cohort.mentor.email],
        )
    return "started"


@task()
def start_new_starter(offer_id: str) -> str:
    """Queued when an offer becomes unconditional (or its start date is confirmed) on or
    after its first day: start them now. Safe to run twice."""
    return _start(offer_id, timezone.now())


@task()
def start_new_starters() -> dict:
    """Daily (queued by ``recruitment_sweep``): start everyone whose first day has come."""
    now = timezone.now()
    outcomes: dict[str, int] = {}
    for pk in selectors.offers_due_to_start(timezone.localdate(now)):
        outcome = _start(pk, now)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return outcomes
