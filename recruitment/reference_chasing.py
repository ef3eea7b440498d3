"""When a referee is chased, and when their reference counts as overdue.

The rule (issue 9): chasers at 7 and 14 days after the request, each sent once,
while the referee has not answered and the link still works; after 14 days (or
once the link has expired) an unanswered reference is overdue on HR's dashboard.
A sweep that ran late sends only the chaser due last, so a referee never gets
two in one go. Pure: callers bring the facts.
"""

import datetime

FIRST_CHASER = datetime.timedelta(days=7)
SECOND_CHASER = datetime.timedelta(days=14)
OVERDUE_AFTER = SECOND_CHASER


def chaser_due(
    *,
    waiting: bool,
    requested_at: datetime.datetime,
    expires_at: datetime.datetime,
    first_sent: bool,
    second_sent: bool,
    now: datetime.datetime,
) -> int | None:
    """1 or 2 for the chaser due now and not sent yet, or None.

    ``waiting``: the request is still "requested" (not answered, declined or replaced)."""
    if not waiting or expires_at <= now:
        return None
    age = now - requested_at
    if age >= SECOND_CHASER and not second_sent:
        return 2
    if age >= FIRST_CHASER and not first_sent and not second_sent:
        return 1
    return None


def is_overdue(
    *, waiting: bool, requested_at: datetime.datetime, expires_at: datetime.datetime, now
) -> bool:
    return waiting and (now - requested_at > OVERDUE_AFTER or expires_at <= now)
