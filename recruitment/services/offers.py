"""Conditional offers: HR make, change, send and withdraw them; the applicant accepts or
declines. The worker's side (sending the letter, the reminder, lapsing) is in
``services.offer_letters``; ``offers_lapse_expired`` is re-exported here.

Every state change goes through ``offer_letters.offer_move`` (``OFFER_TRANSITIONS``);
every status change of the application through ``common.move``, under the lock of
``locked_application`` (application first, then offer).
"""

import datetime
import decimal
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from portal import audit
from portal.background import after_commit
from portal.calendar import local_date
from portal.formats import long_date
from portal.models import StaffRecord, Team, User
from portal.notify import send_mail_template
from recruitment import offering, selectors, tasks
from recruitment.choices import OfferState, Status, TimelineAction
from recruitment.errors import OfferError, OfferNotAllowed
from recruitment.models import Application, Offer, OfferLetterTemplate, OfferPolicy
from recruitment.services import checks, common
from recruitment.services.common import locked_application, move, record
from recruitment.services.offer_letters import (
    applicant_address,
    locked_offer,
    offer_audit,
    offer_move,
    offers_lapse_expired,
)

__all__ = [
    "OfferTerms",
    "answer_refusal",
    "offer_accept",
    "offer_change",
    "offer_decline",
    "offer_make",
    "offer_policy_set",
    "offer_send",
    "offer_withdraw",
    "offers_lapse_expired",
]

REASON_MAX = 2000
# HR may correct the terms until the letter has gone.
CHANGEABLE = (OfferState.DRAFT, OfferState.SEND_FAILED)
# Withdrawing these also closes the application ("offer withdrawn").
ANSWERABLE_OR_ANSWERED = (OfferState.SENT, OfferState.ACCEPTED, OfferState.UNCONDITIONAL)


@dataclass(frozen=True)
class OfferTerms:
    """What HR offer: the post and its terms, and for cohort routes the cohort."""

    job_title: str
    team: Team
    grade: str
    salary_point: str
    hours: str
    weekly_hours: decimal.Decimal | None
    employment_type: str
    proposed_start_date: datetime.date
    cohort: object  # cohorts.Cohort or None
    letter_template: OfferLetterTemplate


def terms_problems(terms: OfferTerms, *, route: str, today: datetime.date) -> dict[str, str]:
    """What is wrong with the terms, by field, in HR's words (empty: nothing)."""
    problems = {}
    if not terms.job_title.strip():
        problems["job_title"] = str(_("Enter the post"))
    if not terms.salary_point.strip():
        problems["salary_point"] = str(_("Enter the grade and salary point"))
    if terms.hours == StaffRecord.Hours.PART_TIME and not terms.weekly_hours:
        problems["weekly_hours"] = str(_("Enter the hours a week for a part-time post"))
    if terms.proposed_start_date <= today:
        problems["proposed_start_date"] = str(_("The proposed start date must be in the future"))
    cohort = terms.cohort
    refusal = offering.cohort_refusal(
        route=route,
        kind=cohort.programme.kind if cohort else None,
        starts=cohort.start_date if cohort else None,
        offered_on=today,
    )
    if refusal:
        problems["cohort"] = refusal
    return problems


def _check_terms(terms: OfferTerms, *, route: str) -> None:
    problems = terms_problems(terms, route=route, today=local_date(common.now()))
    if problems:
        raise OfferError(" ".join(problems.values()))


def _apply_terms(offer: Offer, terms: OfferTerms) -> None:
    offer.job_title = terms.job_title.strip()
    offer.team = terms.team
    offer.grade = terms.grade
    offer.salary_point = terms.salary_point.strip()
    offer.hours = terms.hours
    # The database keeps weekly hours for part-time posts only.
    offer.weekly_hours = terms.weekly_hours if terms.hours == StaffRecord.Hours.PART_TIME else None
    offer.employment_type = terms.employment_type
    offer.proposed_start_date = terms.proposed_start_date
    offer.cohort = terms.cohort
    offer.letter_template = terms.letter_template


def offer_refusals(application: Application) -> list[str]:
    """Why HR may not make an offer on ``application`` now (empty: they may)."""
    return offering.refusals(selectors.offer_facts(application), now=common.now())


def offer_make(
    *,
    application: Application,
    by: User,
    job_title: str,
    team: Team,
    grade: str,
    salary_point: str,
    hours: str,
    weekly_hours,
    employment_type: str,
    proposed_start_date: datetime.date,
    cohort,
    letter_template: OfferLetterTemplate,
) -> Offer:
    """Draft a conditional offer, with one pending check per condition of its route.

    Raises OfferNotAllowed (the interview was not held, scorecards missing, not at
    interview, an offer already live) or OfferError (the terms or the cohort).
    The application has no "intake" field of its own: the offer's cohort is the intake.
    """
    terms = OfferTerms(
        job_title=job_title,
        team=team,
        grade=grade,
        salary_point=salary_point,
        hours=hours,
        weekly_hours=weekly_hours,
        employment_type=employment_type,
        proposed_start_date=proposed_start_date,
        cohort=cohort,
        letter_template=letter_template,
    )
    with transaction.atomic():
        application = locked_application(application.pk)
        # Checked on the locked row: two HR officers cannot both make one.
        reasons = offer_refusals(application)
        if reasons:
            raise OfferNotAllowed(reasons)
        _check_terms(terms, route=application.route)
        offer = Offer(application=application, made_by=by)
        _apply_terms(offer, terms)
        offer.save()
        checks.checks_create_for_offer(offer)
        record(application, by=by, action=TimelineAction.OFFER_MADE, reason=offer.job_title)
        offer_audit(offer, TimelineAction.OFFER_MADE, by=by)
    return offer


def offer_change(*, offer: Offer, by: User, terms: OfferTerms) -> Offer:
    """Correct the terms before the letter goes (draft, or sending failed).

    Raises OfferError."""
    with transaction.atomic():
        application, locked = locked_offer(offer.pk)
        if locked.state not in CHANGEABLE:
            raise OfferError(_("The letter has gone: the offer can no longer be changed."))
        _check_terms(terms, route=application.route)
        _apply_terms(locked, terms)
        locked.save()
        # Wagtail's own "Edited": the terms changed before the letter went.
        audit.record(locked, "wagtail.edit", by=by)
    return locked


def offer_send(*, offer: Offer, by: User) -> Offer:
    """Queue the letter: the worker renders it, mails it and only then marks it sent.

    Two HR officers pressing "Send" at once send one letter: the offer's row is locked
    and only a draft (or a letter that failed) may be sent. Raises OfferError.
    """
    with transaction.atomic():
        _application, locked = locked_offer(offer.pk)
        if locked.state == OfferState.SENDING:
            raise OfferError(_("This letter is already being sent."))
        if locked.state not in CHANGEABLE:
            raise OfferError(_("This letter has already been sent."))
        offer_move(locked, OfferState.SENDING)
        locked.send_requested_at = common.now()
        locked.send_requested_by = by
        locked.save()
        after_commit(tasks.send_offer_letter, str(locked.pk))
    return locked


def answer_refusal(offer: Offer, today: datetime.date) -> str:
    """Why the applicant may not answer now ("" when they may)."""
    if offer.state == OfferState.WITHDRAWN:
        return str(_("This offer was withdrawn, so it can no longer be answered."))
    if offer.state in (OfferState.ACCEPTED, OfferState.UNCONDITIONAL):
        return str(_("You have already accepted this offer."))
    if offer.state in (OfferState.DECLINED, OfferState.LAPSED):
        return str(_("This offer has already been declined."))
    if offer.state != OfferState.SENT:
        return str(_("This offer cannot be answered yet."))
    if offering.is_past_deadline(offer.response_deadline, today):
        return _g("The deadline to answer this offer was %(date)s. It has passed.") % {
            "date": long_date(offer.response_deadline)
        }
    return ""


def _by_applicant(application: Application, by: User) -> None:
    if by is None or application.applicant_id != by.pk:
        raise OfferError(_("Only the applicant can answer their offer."))


def offer_accept(*, offer: Offer, by: User, now: datetime.datetime | None = None) -> Offer:
    """The applicant accepts: conditions pending, then unconditional once every condition
    is met (``checks.offer_conditions_review``). HR are told.

    Refused after the deadline, after withdrawal, or a second time. Raises OfferError."""
    moment = now or common.now()
    with transaction.atomic():
        application, locked = locked_offer(offer.pk)
        _by_applicant(application, by)
        refusal = answer_refusal(locked, local_date(moment))
        if refusal:
            raise OfferError(refusal)
        offer_move(locked, OfferState.ACCEPTED)
        locked.answered_at = moment
        locked.save()
        move(
            application,
            to=Status.CONDITIONS_PENDING,
            by=by,
            action=TimelineAction.OFFER_ACCEPTED,
            applicant_text=_g("You accepted our offer. We are doing pre-employment checks"),
        )
        application.save()
        offer_audit(locked, TimelineAction.OFFER_ACCEPTED, by=by)
        _tell_hr("offer_accepted", locked, application)
        locked = checks.offer_conditions_review(offer=locked, by=by)
    return locked


def offer_decline(
    *, offer: Offer, by: User, reason: str, now: datetime.datetime | None = None
) -> Offer:
    """The applicant declines, with a reason; HR are told. Raises OfferError."""
    moment = now or common.now()
    reason = (reason or "").strip()[:REASON_MAX]
    if not reason:
        raise OfferError(_("Tell us why you are declining the offer"))
    with transaction.atomic():
        application, locked = locked_offer(offer.pk)
        _by_applicant(application, by)
        # Having accepted, the applicant may still change their mind before starting.
        if locked.state != OfferState.ACCEPTED:
            refusal = answer_refusal(locked, local_date(moment))
            if refusal:
                raise OfferError(refusal)
        offer_move(locked, OfferState.DECLINED)
        locked.answered_at = moment
        locked.decline_reason = reason
        locked.save()
        move(
            application,
            to=Status.OFFER_DECLINED,
            by=by,
            action=TimelineAction.OFFER_DECLINED,
            reason=reason,
            applicant_text=_g("You declined our offer"),
        )
        application.decided_at = moment
        application.save()
        offer_audit(locked, TimelineAction.OFFER_DECLINED, by=by)
        _tell_hr("offer_declined", locked, application)
    return locked


def offer_withdraw(*, offer: Offer, by: User, reason: str) -> Offer:
    """HR withdraw an offer, with a reason. A letter already sent (or accepted) closes the
    application as "offer withdrawn" and the applicant is told; a draft or a failed letter
    is simply withdrawn. Raises OfferError or TransitionNotAllowed."""
    reason = (reason or "").strip()[:REASON_MAX]
    if not reason:
        raise OfferError(_("Enter why the offer is withdrawn"))
    with transaction.atomic():
        application, locked = locked_offer(offer.pk)
        if locked.state == OfferState.SENDING:
            raise OfferError(_("The letter is being sent: wait a minute, then withdraw the offer."))
        was = locked.state
        offer_move(locked, OfferState.WITHDRAWN)
        locked.withdrawn_at = common.now()
        locked.withdrawn_by = by
        locked.withdrawal_reason = reason
        locked.save()
        if was in ANSWERABLE_OR_ANSWERED:
            move(
                application,
                to=Status.OFFER_WITHDRAWN,
                by=by,
                action=TimelineAction.OFFER_WITHDRAWN,
                reason=reason,
                applicant_text=_g("We withdrew our offer"),
            )
            application.decided_at = locked.withdrawn_at
            application.save()
            send_mail_template(
                "recruitment/email/offer_withdrawn",
                {"offer": locked, "application": application},
                [applicant_address(application)],
            )
        else:
            record(application, by=by, action=TimelineAction.OFFER_WITHDRAWN, reason=reason)
        offer_audit(locked, TimelineAction.OFFER_WITHDRAWN, by=by)
    return locked


def _tell_hr(kind: str, offer: Offer, application: Application) -> None:
    send_mail_template(
        f"recruitment/email/{kind}",
        {"offer": offer, "application": application},
        selectors.hr_officer_emails(),
    )


# The deadline HR set -----------------------------------------------------------------

OFFER_POLICY_CHANGED = "recruitment.offer_policy_changed"


def offer_policy_set(*, policy: OfferPolicy, days: int, by: User) -> OfferPolicy:
    """HR change how many working days an applicant has to answer; History records it.

    Letters already sent keep their deadline. The form has validated ``days`` (1–30);
    the database refuses anything else."""
    with transaction.atomic():
        current = OfferPolicy.objects.select_for_update().filter(pk=policy.pk).first()
        before = (
            current.response_working_days if current else offering.DEFAULT_RESPONSE_WORKING_DAYS
        )
        policy.response_working_days = days
        policy.save()
        if before != days:
            audit.record(policy, OFFER_POLICY_CHANGED, by=by, data={"from": before, "to": days})
    return policy
