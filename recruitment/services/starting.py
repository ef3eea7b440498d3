"""The first day: an unconditional offer's person becomes a member of staff.

On (or after) the confirmed start date the staff record is made through
``portal.staff`` (the one source of who works where), the person's account gains
the role of their route, and on the cohort routes they are enrolled in the offer's
cohort through ``cohorts.services.enrolments``. Everything happens in one transaction
under the offer's row lock, so a refusal anywhere (an open staff record, a full
cohort) leaves nothing half written and ``started_at`` empty; the task tells HR why.
Running it twice creates nothing twice: a started offer is left alone.

The task worker calls this (``recruitment.tasks.start_new_starter``); it never
enqueues work itself, so the task sends the mentor's and HR's mail.
"""

import datetime
import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from cms.choices import Route
from cohorts.services.enrolments import enrolment_create
from portal import roles
from portal.errors import DomainError
from portal.models import Organisation, StaffRecord, User
from portal.staff import staff_record_create
from recruitment.choices import CheckKind, CheckStatus, OfferState, SweStatus, TimelineAction
from recruitment.errors import StartRefused
from recruitment.models import Application, Offer
from recruitment.services import common

logger = logging.getLogger(__name__)

# The routes whose new starters join a cohort, and so hold the cohort member's role.
# Experienced social workers join a team only.
COHORT_ROUTES = frozenset({Route.ASYE, Route.APPRENTICESHIP, Route.GROW_YOUR_OWN})


def is_due(offer: Offer, today: datetime.date) -> bool:
    return (
        offer.state == OfferState.UNCONDITIONAL
        and offer.started_at is None
        and offer.confirmed_start_date is not None
        and offer.confirmed_start_date <= today
    )


def council() -> Organisation | None:
    """The council's own Organisation: the employer of everyone it recruits."""
    return Organisation.objects.filter(kind=Organisation.Kind.COUNCIL).order_by("pk").first()


def swe_number_for(offer: Offer, application: Application) -> str:
    """The number HR verified, else the one the applicant gave as registered."""
    check = offer.checks.filter(kind=CheckKind.SWE_REGISTRATION, status=CheckStatus.CLEARED).first()
    if check is not None and check.swe_number:
        return check.swe_number
    if application.swe_status == SweStatus.REGISTERED:
        return application.swe_number
    return ""


def _staff_record(offer: Offer, application: Application, person: User) -> StaffRecord:
    return staff_record_create(
        person=person,
        job_title=offer.job_title,
        grade=offer.grade,
        employment_type=offer.employment_type,
        team=offer.team,
        start_date=offer.confirmed_start_date,
        hours=offer.hours,
        weekly_hours=offer.weekly_hours,
        swe_number=swe_number_for(offer, application),
        by=None,
    )


def _enrol(offer: Offer, person: User):
    if offer.cohort is None:
        raise StartRefused(_("No cohort was chosen on the offer: choose the cohort they join"))
    employer = council()
    if employer is None:
        raise StartRefused(_("The council's own organisation is not set up in the back office"))
    return enrolment_create(
        member=person,
        cohort=offer.cohort,
        employer=employer,
        start_date=offer.confirmed_start_date,
        by=None,
    )


def offer_start(*, offer: Offer, now: datetime.datetime | None = None) -> Offer:
    """Start the new starter of an unconditional offer whose confirmed start date is today
    or past and who has not started yet; otherwise return the offer unchanged.

    Sets ``staff_record``, ``enrolment`` (cohort routes) and ``started_at`` (= ``now``, so
    a caller can tell that this call started them) and records STARTED_WORK.

    Raises StartRefused (nothing written) when the staff record or enrolment is refused.
    """
    moment = now or common.now()
    with transaction.atomic():
        application = common.locked_application(offer.application_id)
        offer = (
            Offer.objects.select_for_update(of=("self",))
            .select_related("team", "cohort__mentor")
            .get(pk=offer.pk)
        )
        if not is_due(offer, timezone.localdate(moment)):
            return offer
        person = application.applicant
        if person is None:
            raise StartRefused(_("The application has no account to start"))
        try:
            # A savepoint: a refusal undoes the staff record as well as the enrolment.
            with transaction.atomic():
                offer.staff_record = _staff_record(offer, application, person)
                if application.route in COHORT_ROUTES:
                    offer.enrolment = _enrol(offer, person)
                    if not roles.has_role(person, roles.COHORT_MEMBER):
                        person.groups.add(roles.sync_role(roles.COHORT_MEMBER))
                        roles.forget_roles(person)
        except StartRefused:
            raise
        except DomainError as error:
            raise StartRefused(error.message) from error
        offer.started_at = moment
        offer.save(update_fields=["staff_record", "enrolment", "started_at"])
        common.record(
            application,
            by=None,
            action=TimelineAction.STARTED_WORK,
            applicant_text=_g("You started work with us"),
        )
    logger.info("Offer %s: started work (staff record %s)", offer.pk, offer.staff_record_id)
    return offer
