"""HR's decisions on an application, and the applicant withdrawing it.

The first thing HR do to an application starts screening: from then on the
applicant can no longer change their answers.
"""

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from cms.choices import Route
from portal.background import after_commit
from portal.errors import TransitionNotAllowed
from portal.models import User
from recruitment import guaranteed_interview, selectors, tasks
from recruitment.choices import Status, TimelineAction
from recruitment.errors import (
    ApplicationError,
    EssentialCriteriaReasonRequired,
    RouteNotAllowed,
)
from recruitment.models import Application, Note, RejectionReason
from recruitment.services.common import locked_application, move, now, record, start_screening
from recruitment.services.interviews import interviews_cancel_for_closed_application
from recruitment.services.submission import reroute

APPLICANT_TEXT = {
    Status.SHORTLISTED: _("You have been shortlisted for interview"),
    Status.INTERVIEWING: _("We have offered you an interview"),
    Status.OFFERED: _("We have offered you the job"),
    Status.CONDITIONS_PENDING: _("We are doing pre-employment checks"),
    Status.RECRUITED: _("You have the job"),
    Status.OFFER_DECLINED: _("You declined our offer"),
    Status.OFFER_WITHDRAWN: _("We withdrew our offer"),
}

# Decisions that close an application for good.
DECIDED = (Status.REJECTED, Status.RECRUITED, Status.OFFER_DECLINED, Status.OFFER_WITHDRAWN)


def application_transition(
    *, application: Application, to: str, by: User, reason: str = "", applicant_text: str = ""
) -> Application:
    """Move an application along the state machine. Raises TransitionNotAllowed.

    Only the applicant submits a draft (``submission.application_submit``).
    """
    with transaction.atomic():
        application = start_screening(application)
        if application.is_draft:
            raise TransitionNotAllowed(_("Only the applicant can submit a draft application."))
        move(
            application,
            to=to,
            by=by,
            action=TimelineAction.MOVED,
            reason=reason,
            applicant_text=applicant_text or APPLICANT_TEXT.get(to, ""),
        )
        if to in DECIDED:
            application.decided_at = now()
        application.save()
    return application


def application_shortlist(*, application: Application, by: User, reason: str = "") -> Application:
    """Raises TransitionNotAllowed unless the application awaits shortlisting."""
    return application_transition(
        application=application, to=Status.SHORTLISTED, by=by, reason=reason
    )


ESSENTIAL_CRITERIA_REASON_MAX = 2000


def reject_needs_essential_criteria_reason(application: Application) -> bool:
    """Whether rejecting ``application`` now needs HR's reason why it does not meet the
    essential criteria (the guaranteed interview scheme, ``recruitment.guaranteed_interview``).
    """
    return guaranteed_interview.reason_needed_to_reject(
        selectors.guaranteed_interview_facts(application)
    )


def application_reject(
    *,
    application: Application,
    by: User,
    reasons: Iterable[RejectionReason],
    message: str,
    essential_criteria_reason: str = "",
) -> Application:
    """Reject with at least one structured reason and a message the applicant reads.

    An application under the guaranteed interview scheme that meets the essential criteria
    is rejected before interview only with ``essential_criteria_reason`` (HR's words, kept
    on the timeline for HR alone and listed in the interview report).

    Any booked interview is cancelled and its slot freed. Raises ApplicationError
    (no reason, no message), EssentialCriteriaReasonRequired or TransitionNotAllowed.
    """
    reasons = list(reasons)
    if not reasons:
        raise ApplicationError(_("Choose at least one reason"))
    if not message.strip():
        raise ApplicationError(_("Write a message to the applicant"))
    override = essential_criteria_reason.strip()[:ESSENTIAL_CRITERIA_REASON_MAX]
    with transaction.atomic():
        application = start_screening(application)
        # Checked on the locked row: its status and interviews are the ones that count.
        if reject_needs_essential_criteria_reason(application):
            if not override:
                raise EssentialCriteriaReasonRequired(
                    _(
                        "Enter why this application does not meet the essential criteria: "
                        "the applicant applied under the guaranteed interview scheme"
                    )
                )
            record(
                application,
                by=by,
                action=TimelineAction.GUARANTEED_INTERVIEW_OVERRIDDEN,
                from_status=application.status,
                to_status=Status.REJECTED,
                reason=override,
            )
        move(
            application,
            to=Status.REJECTED,
            by=by,
            action=TimelineAction.REJECTED,
            reason="; ".join(r.title for r in reasons),
            applicant_text=_g("Your application was not successful"),
        )
        application.rejection_message = message.strip()
        application.decided_at = now()
        application.save()
        application.rejection_reasons.set(reasons)
        interviews_cancel_for_closed_application(
            application=application, by=by, reason=_g("The application was not successful")
        )
        after_commit(tasks.send_application_mail, str(application.pk), "rejected")
    return application


def application_move_route(*, application: Application, route: str, by: User) -> Application:
    """HR move an application to another route (usually the suggested one); the applicant is told.

    Raises RouteNotAllowed (NQSWs never through an agency; same route) or TransitionNotAllowed.
    """
    if route not in Route.values:
        raise RouteNotAllowed(_("Choose a route from the list"))
    with transaction.atomic():
        application = start_screening(application)
        if application.status not in (Status.FAST_TRACKED, Status.AWAITING_SHORTLISTING):
            raise TransitionNotAllowed(
                _("The route can only change before shortlisting is decided.")
            )
        if route == application.route:
            raise RouteNotAllowed(_("The application is already on this route."))
        if route == Route.ASYE and application.through_agency:
            raise RouteNotAllowed(
                _("A newly qualified social worker cannot be placed through an agency.")
            )
        old_route = application.route
        application.route = route
        moved = _g(
            "We moved your application from our %(old)s route to our %(new)s route, because "
            "your answers fit it better."
        ) % {"old": Route(old_route).label, "new": Route(route).label}
        record(
            application,
            by=by,
            action=TimelineAction.ROUTE_MOVED,
            reason=f"{Route(old_route).label} → {Route(route).label}",
            applicant_text=moved,
        )
        reroute(application, route=route, by=by, action=TimelineAction.REROUTED)
        application.route_notice = moved
        application.save()
        after_commit(tasks.send_application_mail, str(application.pk), "route_moved")
    return application


def application_withdraw(
    *, application: Application, by: User, reason: str, detail: str = ""
) -> Application:
    """The applicant withdraws a submitted application; a booked interview is cancelled.

    Raises TransitionNotAllowed for a draft (delete it instead) or a decided application.
    """
    with transaction.atomic():
        application = locked_application(application.pk)
        if application.is_draft:
            raise TransitionNotAllowed(
                _("You have not submitted this application. You can delete it instead.")
            )
        move(
            application,
            to=Status.WITHDRAWN,
            by=by,
            action=TimelineAction.WITHDRAWN,
            reason=f"{reason}: {detail}".strip(": "),
            applicant_text=_g("You withdrew your application"),
        )
        application.withdrawal_reason = reason
        application.withdrawal_detail = detail
        application.decided_at = now()
        application.save()
        interviews_cancel_for_closed_application(
            application=application, by=by, reason=_g("The applicant withdrew")
        )
    return application


def note_add(*, application: Application, by: User, text: str) -> Note:
    """An HR note on the application (the applicant sees it in "Download my data").

    Raises ApplicationError for an empty note.
    """
    if not text.strip():
        raise ApplicationError(_("Write a note"))
    return Note.objects.create(application=application, author=by, text=text.strip())
