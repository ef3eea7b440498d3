"""Queue the fast-track reminder sweep. Run it from cron every hour or so.

Reminders are also scheduled one by one when the task backend can defer;
the sweep catches up with anything missed and never sends twice.
"""

from django.core.management.base import BaseCommand

from recruitment.tasks import fast_track_reminder_sweep


class Command(BaseCommand):
    help = "Queue the fast-track reminder sweep (safe to run as often as you like)."

    def handle(self, *args, **options):
        result = fast_track_reminder_sweep.enqueue()
        self.stdout.write(f"Queued the fast-track reminder sweep ({result.id}).")
