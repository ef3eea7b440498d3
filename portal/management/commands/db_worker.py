"""``manage.py db_worker``: django-tasks-db's worker, riding out database outages.

Shadows django-tasks-db's command of the same name (``portal`` comes first in
INSTALLED_APPS), with the same options and two more for the reconnection
back-off. See ``portal.worker``.
"""

import os

from django.core.management.base import CommandError
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker

from portal.worker import ResilientWorker


class Command(db_worker.Command):
    help = "Run a database task worker that waits out database outages."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--reconnect-delay",
            type=db_worker.valid_interval,
            default=1.0,
            help="Seconds before the first reconnection attempt after losing the database; "
            "each further attempt waits twice as long (default: %(default)r)",
        )
        parser.add_argument(
            "--max-reconnect-delay",
            type=db_worker.valid_interval,
            default=30.0,
            help="The longest wait between reconnection attempts (default: %(default)r)",
        )

    def handle(
        self,
        *,
        verbosity: int,
        queue_name: str,
        interval: float,
        batch: bool,
        backend_name: str,
        startup_delay: bool,
        reload: bool,
        max_tasks: int | None,
        worker_id: str,
        exclude_queues: str,
        reconnect_delay: float,
        max_reconnect_delay: float,
        **options,
    ) -> None:
        # As django-tasks-db's handle(), with our worker in place of its own.
        self.configure_logging(verbosity)
        if reload and batch:
            db_worker.logger.warning("--reload and --batch cannot be used together: no autoreload.")
            reload = False
        queue_names = queue_name.split(",")
        excluded_queue_names = exclude_queues.split(",") if exclude_queues else []
        if excluded_queue_names and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")

        worker = ResilientWorker(
            queue_names=queue_names,
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=excluded_queue_names,
            first_delay=reconnect_delay,
            max_delay=max_reconnect_delay,
        )
        if reload:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                # Only the reloader's child handles the signals.
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
