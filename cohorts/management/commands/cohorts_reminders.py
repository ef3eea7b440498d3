"""Queue today's reminders for practice supervisors. Run once a working day from cron."""

from django.core.management.base import BaseCommand

from cohorts.progression_tasks import send_opportunity_outcome_reminders
from cohorts.supervision_tasks import send_supervision_overdue_reminders
from cohorts.tasks import (
    send_evidence_reminders,
    send_review_reminders,
    send_sign_off_reminders,
)


class Command(BaseCommand):
    help = "Queue reminders to practice supervisors about placements to sign off."

    def handle(self, *args, **options):
        result = send_sign_off_reminders.enqueue()
        self.stdout.write(f"Queued sign-off reminders ({result.id}).")
        # Reviews part: reviews due in 14 days, once per review.
        result = send_review_reminders.enqueue()
        self.stdout.write(f"Queued review reminders ({result.id}).")
        result = send_opportunity_outcome_reminders.enqueue()
        self.stdout.write(f"Queued development opportunity reminders ({result.id}).")
        result = send_supervision_overdue_reminders.enqueue()
        self.stdout.write(f"Queued supervision overdue reminders ({result.id}).")
        result = send_evidence_reminders.enqueue()
        self.stdout.write(f"Queued evidence reminders ({result.id}).")
