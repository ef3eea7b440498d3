"""How the task queue is doing: what HR and the load balancer's health check can see.

Mail, reminders and PDFs wait in the database queue until a ``db_worker``
takes them. A queue whose oldest due task has waited for minutes means no
worker is running (or the workers cannot keep up): someone should look.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Case, Count, F, Min, When
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

# A due task waiting longer than this means the workers have stopped or fallen behind.
STALLED_AFTER = datetime.timedelta(minutes=10)


@dataclass(frozen=True)
class QueueHealth:
    waiting: int
    oldest_since: datetime.datetime | None
    now: datetime.datetime

    @property
    def oldest_wait(self) -> datetime.timedelta | None:
        if self.oldest_since is None:
            return None
        return max(self.now - self.oldest_since, datetime.timedelta(0))

    @property
    def stalled(self) -> bool:
        wait = self.oldest_wait
        return wait is not None and wait > STALLED_AFTER


def queue_health() -> QueueHealth:
    """Tasks due now and not yet taken, and since when the oldest of them has waited.

    One aggregate query over the queue's index of ready tasks. A deferred
    task (a reminder) waits from its ``run_after``, not from when it was queued.
    """
    now = timezone.now()
    waiting_since = Case(
        When(run_after=get_date_max(), then=F("enqueued_at")), default=F("run_after")
    )
    found = DBTaskResult.objects.ready().aggregate(
        waiting=Count("pk"), oldest_since=Min(waiting_since)
    )
    return QueueHealth(waiting=found["waiting"], oldest_since=found["oldest_since"], now=now)
