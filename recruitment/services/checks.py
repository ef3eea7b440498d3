"""Pre-employment checks: made from the route's checklist, cleared by HR, and the moment
an accepted offer becomes unconditional.

The references check is never cleared by hand: ``offer_conditions_review`` keeps it
in step with the references rule (``recruitment.conditions``) whenever a reference
is assessed or a check recorded.
"""

import datetime

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from portal import audit
from portal.background import after_commit
from portal.models import User
from recruitment import conditions, tasks
from recruitment.choices import (
    CheckKind,
    CheckStatus,
    DbsOutcome,
    OfferState,
    ReferenceState,
    Status,
    TimelineAction,
)
from recruitment.errors import CheckError
from recruitment.models import CheckRequirement, Offer, PreEmploymentCheck, swe_number_validator
from recruitment.services.common import locked_application, move, now, record


def checks_create_for_offer(offer: Offer) -> list[PreEmploymentCheck]:
    """The offer's conditions: one pending check per check its route requires, and always
    the references (DOMAIN.md: two before any offer is unconditional; the checklist HR keep
    cannot drop them).

    Called when the offer is made; safe to call again (existing checks stay)."""
    actions = dict(
        CheckRequirement.objects.filter(route=offer.application.route).values_list(
            "kind", "applicant_action"
        )
    )
    actions.setdefault(CheckKind.REFERENCES, "")
    checks = [
        PreEmploymentCheck(offer=offer, kind=kind, applicant_action=action)
        for kind, action in actions.items()
    ]
    PreEmploymentCheck.objects.bulk_create(checks, ignore_conflicts=True)
    return list(offer.checks.all())


def reference_facts(offer: Offer) -> list[conditions.ReferenceFacts]:
    """The application's references that arrived, as the references rule reads them."""
    return [
        conditions.ReferenceFacts(
            satisfactory=request.satisfactory, is_current_employer=request.is_current_employer
        )
        for request in offer.application.reference_requests.filter(state=ReferenceState.RECEIVED)
    ]


def _references_check_follow_rule(offer: Offer, *, by: User | None) -> None:
    met = conditions.references_met(reference_facts(offer))
    check = offer.checks.filter(kind=CheckKind.REFERENCES).first()
    if check is None:
        return
    wanted = CheckStatus.CLEARED if met else CheckStatus.PENDING
    if check.status != wanted:
        check.status = wanted
        check.checked_on = now().date() if met else None
        check.checked_by = by if met else None
        check.save(update_fields=["status", "checked_on", "checked_by", "updated_at"])


def offer_conditions_review(*, offer: Offer, by: User | None) -> Offer:
    """Bring the references check in line with the references rule, then, when the offer
    is accepted and every condition is met, make it unconditional and the application
    "recruited" with a confirmed start date (the proposed one unless HR confirmed another).

    Called inside the caller's transaction after any reference is assessed or any check
    recorded, and after the applicant accepts. Nothing else makes an offer unconditional.
    """
    with transaction.atomic():
        application = locked_application(offer.application_id)
        offer = Offer.objects.select_for_update().get(pk=offer.pk)
        _references_check_follow_rule(offer, by=by)
        if offer.state != OfferState.ACCEPTED:
            return offer
        facts = [conditions.CheckFacts(c.kind, c.status) for c in offer.checks.all()]
        # The references rule holds whatever the checklist says.
        if not conditions.all_met(facts) or not conditions.references_met(reference_facts(offer)):
            return offer
        offer.state = OfferState.UNCONDITIONAL
        offer.unconditional_at = now()
        offer.confirmed_start_date = offer.confirmed_start_date or offer.proposed_start_date
        offer.save()
        move(
            application,
            to=Status.RECRUITED,
            by=by,
            action=TimelineAction.OFFER_UNCONDITIONAL,
            applicant_text=_g("Your checks are complete: you have the job"),
        )
        application.decided_at = now()
        application.save()
        if offer.confirmed_start_date <= timezone.localdate():
            # The first day is already here: start them now, not at tomorrow's sweep.
            after_commit(tasks.start_new_starter, str(offer.pk))
    return offer


# Recording a check by hand -----------------------------------------------------------

# A check is recorded while the offer is still conditional; afterwards the record stands.
RECORDABLE_OFFER = (
    OfferState.DRAFT,
    OfferState.SENDING,
    OfferState.SEND_FAILED,
    OfferState.SENT,
    OfferState.ACCEPTED,
)
HR_PERMISSION = "recruitment.change_preemploymentcheck"


def _require_hr(by: User) -> None:
    if not (by and by.is_active and by.has_perm(HR_PERMISSION)):
        raise CheckError(_("Only HR officers record pre-employment checks"))


def _not_in_future(day: datetime.date | None, *, field: str, missing) -> None:
    if day is None:
        raise CheckError(missing, field=field)
    if day > timezone.localdate():
        raise CheckError(_("The date must be today or in the past"), field=field)


def _valid_swe(number: str) -> str:
    number = number.strip().upper()
    if not number:
        raise CheckError(
            _("Enter the Social Work England registration number you checked"),
            field="swe_number",
        )
    try:
        swe_number_validator(number)
    except ValidationError as error:
        raise CheckError(error.messages[0], field="swe_number") from error
    return number


def _valid_dbs(
    check: PreEmploymentCheck, *, status: str, number: str, issued: datetime.date | None, outcome
):
    number = number.replace(" ", "").replace("-", "")
    if not (len(number) == 12 and number.isdigit()):
        raise CheckError(
            _("Enter the 12-digit number on the DBS certificate"), field="dbs_certificate_number"
        )
    _not_in_future(issued, field="dbs_issue_date", missing=_("Enter the certificate's issue date"))
    if outcome not in DbsOutcome.values:
        raise CheckError(_("Select the outcome of the DBS check"), field="dbs_outcome")
    found_unsuitable = DbsOutcome.NOT_SUITABLE in (outcome, check.dbs_outcome)
    if status == CheckStatus.CLEARED and found_unsuitable:
        raise CheckError(
            _("A DBS check found not suitable cannot be cleared: record it as not cleared"),
            field="status",
        )
    return number


def check_record(
    *,
    check: PreEmploymentCheck,
    by: User,
    status: str,
    checked_on: datetime.date | None,
    note: str,
    swe_number: str = "",
    dbs_certificate_number: str = "",
    dbs_issue_date: datetime.date | None = None,
    dbs_outcome: str = "",
) -> PreEmploymentCheck:
    """HR record a check as cleared or not, on a date not in the future, saying who did it.

    Social Work England registration needs the number checked; DBS needs the certificate
    number, issue date and outcome (never the disclosure itself), and a DBS found "not
    suitable" is never cleared. The references check is not recorded by hand: it follows
    the references rule. Then the offer's conditions are reviewed (it may become
    unconditional). The applicant's timeline says nothing of it; HR's says which check.

    Raises CheckError (with the form field it is about).
    """
    _require_hr(by)
    if check.kind == CheckKind.REFERENCES:
        raise CheckError(
            _("References are cleared when HR assess two satisfactory references, not by hand")
        )
    if status not in (CheckStatus.CLEARED, CheckStatus.NOT_CLEARED):
        raise CheckError(_("Select whether the check is cleared"), field="status")
    _not_in_future(checked_on, field="checked_on", missing=_("Enter the date of the check"))
    with transaction.atomic():
        application = locked_application(check.offer.application_id)
        check = (
            PreEmploymentCheck.objects.select_for_update().select_related("offer").get(pk=check.pk)
        )
        if check.offer.state not in RECORDABLE_OFFER:
            raise CheckError(
                _("This offer is %(state)s: its checks can no longer be recorded")
                % {"state": check.offer.get_state_display().lower()}
            )
        if check.kind == CheckKind.SWE_REGISTRATION:
            check.swe_number = _valid_swe(swe_number)
        if check.kind == CheckKind.DBS:
            check.dbs_certificate_number = _valid_dbs(
                check,
                status=status,
                number=dbs_certificate_number,
                issued=dbs_issue_date,
                outcome=dbs_outcome,
            )
            check.dbs_issue_date = dbs_issue_date
            check.dbs_outcome = dbs_outcome
            check.dbs_details_removed_at = None
        check.status = status
        check.checked_on = checked_on
        check.checked_by = by
        check.note = note.strip()
        check.save()
        record(
            application,
            by=by,
            action=TimelineAction.CHECK_RECORDED,
            reason=f"{check.get_kind_display()}: {check.get_status_display()}",
        )
        offer_conditions_review(offer=check.offer, by=by)
    return check


# The confirmed start date ------------------------------------------------------------

START_DATE_CONFIRMED = "recruitment.start_date_confirmed"
CONFIRMABLE_OFFER = (OfferState.SENT, OfferState.ACCEPTED, OfferState.UNCONDITIONAL)
LATEST_START_YEARS = 2


def offer_start_date_confirm(*, offer: Offer, by: User, start_date: datetime.date) -> Offer:
    """HR confirm the first day, before the offer is unconditional or once it is (not after
    the person has started). Today or later, within two years. When the offer is already
    unconditional and the day is today, the start task is queued at once.

    Raises CheckError.
    """
    _require_hr(by)
    today = timezone.localdate()
    if start_date < today:
        raise CheckError(_("The start date must be today or in the future"), field="start_date")
    if start_date > today + relativedelta(years=LATEST_START_YEARS):
        raise CheckError(_("The start date must be within 2 years from today"), field="start_date")
    with transaction.atomic():
        application = locked_application(offer.application_id)
        offer = Offer.objects.select_for_update().get(pk=offer.pk)
        if offer.state not in CONFIRMABLE_OFFER or offer.started_at is not None:
            raise CheckError(
                _("The start date of this offer can no longer be changed"), field="start_date"
            )
        was = offer.confirmed_start_date
        offer.confirmed_start_date = start_date
        offer.save(update_fields=["confirmed_start_date"])
        audit.record(
            application,
            START_DATE_CONFIRMED,
            by=by,
            data={"from": str(was or ""), "to": start_date.isoformat()},
        )
        if offer.state == OfferState.UNCONDITIONAL and start_date <= today:
            after_commit(tasks.start_new_starter, str(offer.pk))
    return offer
