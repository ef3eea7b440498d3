"""A task worker that rides out a database outage instead of exiting.

django-tasks-db's worker stops at the first database error it does not
expect (a refused connection, a database file that cannot be opened), so mail,
reminders and PDFs stopped until someone restarted it. This worker logs the
outage, waits (1, 2, 4… seconds, up to ``max_delay``), tries again, and goes
on by itself once the database answers.

A task whose result could not be recorded because the database went away
while it ran is put back in the queue when the database returns: tasks run
at least once, so they must be safe to run twice (the portal's are: mail is
at worst sent twice, sweeps and PDFs check what is already done).
"""

import logging
import time

from django.db import InterfaceError, OperationalError, connections
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger("portal.worker")

DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)


def reconnect_delay(attempt: int, *, first: float, max_delay: float) -> float:
    """The wait before reconnection attempt ``attempt`` (1, 2…): doubling, capped."""
    return min(max_delay, first * 2 ** (attempt - 1))


class ResilientWorker(Worker):
    def __init__(self, *, first_delay: float = 1.0, max_delay: float = 30.0, **kwargs):
        super().__init__(**kwargs)
        self.first_delay = first_delay
        self.max_delay = max_delay
        self.stranded: set[str] = set()

    def run(self) -> None:
        while self.running:
            try:
                super().run()
                return
            except DATABASE_UNAVAILABLE as error:
                self.ride_out(error)
                # No thundering herd to avoid once the database is back: go on at once.
                self.startup_delay = False

    def run_task(self, db_task_result: DBTaskResult) -> None:
        try:
            super().run_task(db_task_result)
        except DATABASE_UNAVAILABLE:
            # The task ran (or failed) but neither outcome could be saved.
            self.stranded.add(str(db_task_result.pk))
            raise

    def ride_out(self, error: Exception) -> None:
        """Wait until the database answers again; signals still stop the worker at once."""
        started = time.monotonic()
        attempt = 1
        while self.running:
            delay = reconnect_delay(attempt, first=self.first_delay, max_delay=self.max_delay)
            logger.warning(
                "Task worker %s: the database is unavailable (%s); trying again in %.3g s",
                self.worker_id,
                _first_line(error),
                delay,
            )
            self._close_connections()
            time.sleep(delay)
            try:
                self._requeue_stranded()
            except DATABASE_UNAVAILABLE as still_down:
                error = still_down
                attempt += 1
                continue
            logger.warning(
                "Task worker %s: the database is back after %.0f s; going on",
                self.worker_id,
                time.monotonic() - started,
            )
            return

    def _requeue_stranded(self) -> None:
        """Put back what this worker was running when the database went; proves it answers."""
        connections["default"].ensure_connection()
        if self.stranded:
            count = (
                DBTaskResult.objects.running()
                .filter(pk__in=self.stranded)
                .update(status=TaskResultStatus.READY, started_at=None)
            )
            if count:
                logger.warning(
                    "Task worker %s: %s task(s) interrupted by the outage queued again",
                    self.worker_id,
                    count,
                )
            self.stranded.clear()

    @staticmethod
    def _close_connections() -> None:
        # A broken connection must go, or Django keeps handing it back.
        for connection in connections.all(initialized_only=True):
            try:
                connection.close()
            except DATABASE_UNAVAILABLE:
                connection.connection = None


def _first_line(error: Exception) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
