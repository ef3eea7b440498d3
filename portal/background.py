"""Queueing background work from a service, once its transaction has committed."""

from django.db import transaction


def after_commit(task, *args, run_after=None) -> None:
    """Enqueue ``task(*args)`` when the surrounding transaction commits.

    ``robust``: a queue that fails must never undo or break the request that
    saved the data; the periodic sweeps catch up whatever was not queued.
    ``run_after`` schedules it for later where the backend can wait (the
    database queue can). A backend that cannot wait is not asked at all: work
    meant for later must not happen now, and the periodic sweeps send it when due.
    """

    def enqueue():
        if run_after is None:
            task.enqueue(*args)
        elif task.get_backend().supports_defer:
            task.using(run_after=run_after).enqueue(*args)

    transaction.on_commit(enqueue, robust=True)
