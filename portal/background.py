"""Queueing background work from a service, once its transaction has committed."""

from django.db import transaction


def after_commit(task, *args, run_after=None) -> None:
    """Enqueue ``task(*args)`` when the surrounding transaction commits.

    ``robust``: a queue that fails must never undo or break the request that
    saved the data; the periodic sweeps catch up whatever was not queued.
    ``run_after`` defers it where the backend can wait (the database queue can;
    the test backend runs it at once).
    """

    def enqueue():
        runner = task
        if run_after is not None and task.get_backend().supports_defer:
            runner = task.using(run_after=run_after)
        runner.enqueue(*args)

    transaction.on_commit(enqueue, robust=True)
