"""Claiming a chaser to a referee: whoever claims it first sends it, so each goes once.

When each is due is the rule in ``recruitment.reference_chasing``. The task worker
calls this; it never enqueues work itself.
"""

import datetime

from django.db import transaction

from recruitment import reference_chasing
from recruitment.choices import ReferenceState
from recruitment.models import ReferenceRequest


def chaser_due(request: ReferenceRequest, *, now: datetime.datetime) -> int | None:
    return reference_chasing.chaser_due(
        waiting=request.state == ReferenceState.REQUESTED,
        requested_at=request.requested_at,
        expires_at=request.expires_at,
        first_sent=request.first_chaser_sent_at is not None,
        second_sent=request.second_chaser_sent_at is not None,
        now=now,
    )


def reference_chaser_claim(
    request_id, *, now: datetime.datetime
) -> tuple[ReferenceRequest, int] | None:
    """Mark the chaser due on a request as sent. Returns (request, 1 or 2), or None when
    none is due (too soon, already sent, answered, replaced, expired, gone)."""
    with transaction.atomic():
        request = (
            ReferenceRequest.objects.select_for_update(of=("self",))
            .select_related("application__vacancy")
            .filter(pk=request_id)
            .first()
        )
        number = chaser_due(request, now=now) if request is not None else None
        if number is None:
            return None
        field = "first_chaser_sent_at" if number == 1 else "second_chaser_sent_at"
        setattr(request, field, now)
        request.save(update_fields=[field])
    return request, number
