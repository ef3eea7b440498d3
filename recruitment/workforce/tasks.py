"""The workforce picture's background work: the monthly snapshot of the staff records.

``recruitment_sweep`` (hourly) queues ``take_workforce_snapshot``; it takes the
last complete month once, so the queue may run it as often as it likes.
"""

import logging

from django.utils import timezone
from django_tasks import task

from recruitment.workforce import rules, snapshots

logger = logging.getLogger(__name__)


@task()
def take_workforce_snapshot() -> dict:
    """Snapshot the month just ended if it has not been taken yet."""
    month = rules.last_complete_month(timezone.localdate())
    taken = snapshots.snapshot_month(month)
    return {"month": month.isoformat(), "taken": taken}
