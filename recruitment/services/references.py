"""References: asked for by a signed link, answered by the referee, assessed by HR.

Every step is on the application's timeline and so in its Wagtail History (the
request itself is not logged: its name is the referee's, and the log would keep it).

Each request moves only through ``reference_move`` (``REFERENCE_TRANSITIONS``), under
the application's lock and then the request's own, so a link answered twice at
once is answered once. An assessment, or a change of referee, brings the live
offer's references check in line with the rule through
``recruitment.services.checks.offer_conditions_review``, the only way an offer
becomes unconditional.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from portal.background import after_commit
from portal.models import User
from portal.states import check_move
from portal.uploads import CONTENT_TYPES, check_cv, safe_name
from recruitment.choices import (
    LIVE_OFFER,
    REFERENCE_TRANSITIONS,
    ReferenceState,
    Suitability,
    TimelineAction,
)
from recruitment.errors import ReferenceProblem
from recruitment.models import Application, Offer, Referee, ReferenceRequest
from recruitment.services import checks, reference_requests
from recruitment.services.common import locked_application, now, record
from recruitment.tasks import send_reference_hr_notice, send_reference_request

# Moving a request --------------------------------------------------------------


def reference_move(request: ReferenceRequest, *, to: str) -> None:
    """The one place a request's state changes. Raises TransitionNotAllowed."""
    check_move(
        REFERENCE_TRANSITIONS,
        current=request.state,
        to=to,
        statuses=ReferenceState,
        noun=_("A reference"),
    )
    request.state = to


def _locked(request: ReferenceRequest) -> tuple[Application, ReferenceRequest]:
    """The application's lock first (as every writer takes it), then the request's."""
    application = locked_application(request.application_id)
    request = ReferenceRequest.objects.select_for_update().get(pk=request.pk)
    return application, request


def _still_open(request: ReferenceRequest) -> None:
    """A link answers once, while it works (the view checked; this holds under the lock)."""
    if request.state != ReferenceState.REQUESTED:
        raise ReferenceProblem(_("This reference has already been given, declined or replaced."))
    if request.expires_at <= now():
        raise ReferenceProblem(_("This link has expired."))


def _live_offer(application: Application) -> Offer | None:
    return application.offers.filter(state__in=LIVE_OFFER).first()


def _review_offer(application: Application, *, by: User | None) -> None:
    offer = _live_offer(application)
    if offer is not None:
        checks.offer_conditions_review(offer=offer, by=by)


# Asking ---------------------------------------------------------------------------


def references_request_all(*, application: Application, by: User | None) -> list[ReferenceRequest]:
    """Ask every referee on the application who has not been asked yet (or whose request
    was replaced); each gets an email with their own link. Safe to call again: a referee
    already asked is not asked twice. Returns the requests made now.

    Raises ReferenceProblem before shortlisting or once the application is closed."""
    with transaction.atomic():
        made = reference_requests.reference_requests_make_all(application=application, by=by)
        for request in made:
            after_commit(send_reference_request, str(request.pk))
    return made


# The referee's answer ------------------------------------------------------------


@dataclass(frozen=True)
class ReferenceAnswers:
    how_known: str
    known_from: datetime.date
    known_to: datetime.date | None
    applicant_role: str
    suitable_with_children: str
    safeguarding_concerns: bool
    safeguarding_detail: str
    disciplinary_action: bool
    disciplinary_detail: str
    sickness_absence: str = ""


def check_answers(answers: ReferenceAnswers, *, today: datetime.date) -> None:
    """The answers a reference needs. Raises ReferenceProblem naming the field."""
    if not answers.how_known.strip():
        raise ReferenceProblem(_("Tell us how you know the applicant"), field="how_known")
    if answers.known_from is None:
        raise ReferenceProblem(_("Enter the date you first knew the applicant"), field="known_from")
    if answers.known_from > today:
        raise ReferenceProblem(_("The date must be today or in the past"), field="known_from")
    if answers.known_to and answers.known_to < answers.known_from:
        raise ReferenceProblem(
            _("The end date must be the same as or after the start date"), field="known_to"
        )
    if answers.known_to and answers.known_to > today:
        raise ReferenceProblem(_("The end date must be today or in the past"), field="known_to")
    if not answers.applicant_role.strip():
        raise ReferenceProblem(_("Enter the applicant's role"), field="applicant_role")
    if answers.suitable_with_children not in Suitability.values:
        raise ReferenceProblem(
            _("Select whether they are suitable to work with children"),
            field="suitable_with_children",
        )
    for flag, detail, question in (
        (answers.safeguarding_concerns, answers.safeguarding_detail, "safeguarding_concerns"),
        (answers.disciplinary_action, answers.disciplinary_detail, "disciplinary_action"),
    ):
        if flag is None:
            raise ReferenceProblem(_("Select yes or no"), field=question)
        if flag and not detail.strip():
            raise ReferenceProblem(_("Give details"), field=question.split("_")[0] + "_detail")


def _received(application, request, *, by) -> None:
    request.received_at = now()
    reference_move(request, to=ReferenceState.RECEIVED)
    request.save()
    record(application, by=by, action=TimelineAction.REFERENCE_RECEIVED)
    after_commit(send_reference_hr_notice, str(request.pk), "reference_received")


def reference_submit(
    *, request: ReferenceRequest, answers: ReferenceAnswers, by: User | None = None
) -> ReferenceRequest:
    """The referee's answers, once. Raises ReferenceProblem (a missing or inconsistent
    answer, or a link already used, replaced or expired)."""
    with transaction.atomic():
        application, request = _locked(request)
        _still_open(request)
        check_answers(answers, today=now().date())
        for name, value in vars(answers).items():
            setattr(request, name, value.strip() if isinstance(value, str) else value)
        if not answers.safeguarding_concerns:
            request.safeguarding_detail = ""
        if not answers.disciplinary_action:
            request.disciplinary_detail = ""
        _received(application, request, by=by)
    return request


def reference_upload_letter(*, request: ReferenceRequest, file) -> ReferenceRequest:
    """A letter instead of the form: the same rules as a CV (type read from the content,
    size limit), stored privately. Raises ValidationError for the file, ReferenceProblem
    for a link that no longer works."""
    kind = check_cv(file)
    with transaction.atomic():
        application, request = _locked(request)
        _still_open(request)
        file.seek(0)
        request.letter_name = safe_name(file.name, kind)
        request.letter_content_type = CONTENT_TYPES[kind]
        request.letter_size = file.size
        request.letter.save(f"{request.pk}.{kind}", file, save=False)
        # Should the transaction roll back, no letter may stay behind in storage.
        stored = request.letter.name
        try:
            _received(application, request, by=None)
        except Exception:
            request.letter.storage.delete(stored)
            raise
    return request


def reference_decline(*, request: ReferenceRequest, reason: str) -> ReferenceRequest:
    """The referee cannot give a reference. Raises ReferenceProblem."""
    if not reason.strip():
        raise ReferenceProblem(_("Tell us why you cannot give a reference"), field="reason")
    with transaction.atomic():
        application, request = _locked(request)
        _still_open(request)
        request.declined_reason = reason.strip()
        request.received_at = now()
        reference_move(request, to=ReferenceState.DECLINED)
        request.save()
        record(application, by=None, action=TimelineAction.REFERENCE_DECLINED)
        after_commit(send_reference_hr_notice, str(request.pk), "reference_declined")
    return request


# HR ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RefereeDetails:
    name: str
    job_title: str
    organisation: str
    email: str
    phone: str
    relationship: str
    is_current_employer: bool


def referee_change(*, request: ReferenceRequest, by: User, **details) -> ReferenceRequest:
    """HR change the referee of a request: the Referee row takes the new details, the old
    request is replaced (its link stops working) and the new referee is asked.

    Keywords: name, job_title, organisation, email, phone, relationship,
    is_current_employer. Returns the new request. Raises ReferenceProblem when the
    application is closed or the request was already replaced."""
    details = RefereeDetails(**details)
    with transaction.atomic():
        application, request = _locked(request)
        if not reference_requests.may_request(application):
            raise ReferenceProblem(_("This application is closed: its referees cannot change."))
        if request.state == ReferenceState.REPLACED:
            raise ReferenceProblem(_("This referee has already been changed."))
        referee = request.referee or _new_referee(application)
        for name, value in vars(details).items():
            setattr(referee, name, value.strip() if isinstance(value, str) else value)
        referee.save()
        reference_move(request, to=ReferenceState.REPLACED)
        request.save()
        record(application, by=by, action=TimelineAction.REFEREE_CHANGED)
        replacement = reference_requests.reference_request_new(application, referee, by=by)
        after_commit(send_reference_request, str(replacement.pk))
        # A replaced reference no longer counts towards the rule.
        _review_offer(application, by=by)
    return replacement


def _new_referee(application: Application) -> Referee:
    """A referee row for a request whose referee was removed (positions stay unique)."""
    last = application.referees.order_by("-position").values_list("position", flat=True).first()
    return Referee(application=application, position=(last or 0) + 1)


def reference_assess(
    *, request: ReferenceRequest, by: User, satisfactory: bool, note: str
) -> ReferenceRequest:
    """HR's judgement of a received reference (it may be revised), then the live offer's
    conditions are reviewed: this may make the offer unconditional.

    Raises ReferenceProblem unless the reference was received."""
    with transaction.atomic():
        application, request = _locked(request)
        if request.state != ReferenceState.RECEIVED:
            raise ReferenceProblem(_("Only a reference that has arrived can be assessed."))
        if not satisfactory and not note.strip():
            raise ReferenceProblem(_("Say why the reference is not satisfactory"), field="note")
        request.satisfactory = satisfactory
        request.assessment_note = note.strip()
        request.assessed_by = by
        request.assessed_at = now()
        request.save()
        record(application, by=by, action=TimelineAction.REFERENCE_ASSESSED)
        _review_offer(application, by=by)
    return request
