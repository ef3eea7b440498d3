"""Making reference requests, without queueing anything: the one part of asking for
references that the worker also does (when an offer letter has gone) and that
``services.references`` wraps with the referee's mail.

The worker's tasks import this module; it imports no tasks.
"""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from portal.models import User
from recruitment import reference_links
from recruitment.choices import ReferenceState, Status, TimelineAction
from recruitment.errors import ReferenceProblem
from recruitment.models import Application, Referee, ReferenceRequest
from recruitment.services.common import locked_application, now, record

# HR may ask for references from shortlisting on (fast-tracked applications skip
# shortlisting on their way to interview), until the application is closed.
MAY_REQUEST = frozenset(
    {
        Status.FAST_TRACKED,
        Status.SHORTLISTED,
        Status.INTERVIEWING,
        Status.OFFERED,
        Status.CONDITIONS_PENDING,
    }
)


def may_request(application: Application) -> bool:
    return application.status in MAY_REQUEST


def reference_request_new(
    application: Application, referee: Referee, *, by: User | None
) -> ReferenceRequest:
    """A request to ``referee``, with its link's expiry, on the timeline. The caller mails it."""
    made = now()
    request = ReferenceRequest.objects.create(
        application=application,
        referee=referee,
        referee_name=referee.name,
        referee_email=referee.email,
        referee_organisation=referee.organisation,
        is_current_employer=referee.is_current_employer,
        requested_by=by if getattr(by, "is_authenticated", False) else None,
        expires_at=reference_links.expiry_for(made),
    )
    record(application, by=by, action=TimelineAction.REFERENCE_REQUESTED)
    return request


def reference_requests_make_all(
    *, application: Application, by: User | None
) -> list[ReferenceRequest]:
    """A request for every referee not asked yet (or whose request was replaced); none
    twice. The caller mails each. Raises ReferenceProblem before shortlisting or once
    the application is closed."""
    with transaction.atomic():
        application = locked_application(application.pk)
        if not may_request(application):
            raise ReferenceProblem(
                _(
                    "References can be requested once an application is shortlisted, until it is closed."
                )
            )
        asked = ReferenceRequest.objects.filter(application=application).exclude(
            state=ReferenceState.REPLACED
        )
        waiting = application.referees.exclude(pk__in=asked.values("referee_id"))
        return [reference_request_new(application, referee, by=by) for referee in waiting]
