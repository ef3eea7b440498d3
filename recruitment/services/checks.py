"""Pre-employment checks: made from the route's checklist, cleared by HR, and the moment
an accepted offer becomes unconditional.

The references check is never cleared by hand: ``offer_conditions_review`` keeps it
in step with the references rule (``recruitment.conditions``) whenever a reference
is assessed or a check recorded.
"""

from django.db import transaction
from django.utils.translation import gettext as _g

from portal.models import User
from recruitment import conditions
from recruitment.choices import (
    CheckKind,
    CheckStatus,
    OfferState,
    ReferenceState,
    Status,
    TimelineAction,
)
from recruitment.models import CheckRequirement, Offer, PreEmploymentCheck
from recruitment.services.common import locked_application, move, now


def checks_create_for_offer(offer: Offer) -> list[PreEmploymentCheck]:
    """The offer's conditions: one pending check per check its route requires.

    Called when the offer is made; safe to call again (existing checks stay)."""
    requirements = CheckRequirement.objects.filter(route=offer.application.route)
    checks = [
        PreEmploymentCheck(offer=offer, kind=req.kind, applicant_action=req.applicant_action)
        for req in requirements
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
        if not conditions.all_met(facts):
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
    return offer
