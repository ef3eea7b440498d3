"""Queue the portal's own periodic work. Run it from cron once a day.

- deleting undelivered mail after ``PORTAL_UNDELIVERED_MAIL_DAYS`` (90).
"""

from django.core.management.base import BaseCommand

from portal.mail import delete_expired_undelivered_mail


class Command(BaseCommand):
    help = "Queue the deletion of undelivered mail past its keeping period (safe to run often)."

    def handle(self, *args, **options):
        result = delete_expired_undelivered_mail.enqueue()
        self.stdout.write(f"Queued {delete_expired_undelivered_mail.name} ({result.id}).")
