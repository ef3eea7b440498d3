"""Queue recruitment's periodic work. Run it from cron every hour or so.

- the fast-track reminder sweep (reminders are also scheduled one by one
  when the task backend can defer; the sweep catches up and never sends twice);
- anonymising unsuccessful applications after HR's retention period (at least daily;
  more often does no harm; ``recruitment_anonymise [--dry-run]`` runs it by hand);
- deleting "Download my data" PDFs after their download window;
- chasing referees at 7 and 14 days (each chaser once, however often it runs).
- offers: the reminder 3 working days before the deadline, declining by default the
  offers nobody answered by their deadline, and letters whose sending task was lost.
- starting new starters whose first day has come (daily; never twice).
- the workforce snapshot of the month just ended (once a month; later runs change nothing);
- the board report for the last complete month, once its snapshot is taken (once): the
  run after the snapshot's asks for it.
"""

from django.core.management.base import BaseCommand

from recruitment.tasks import (
    anonymise_expired_applications,
    delete_expired_data_exports,
    fast_track_reminder_sweep,
    interview_reminder_sweep,
    offer_lapse_sweep,
    offer_letters_stuck_sweep,
    offer_reminder_sweep,
    reference_chaser_sweep,
    start_new_starters,
)
from recruitment.workforce import reports as board_reports
from recruitment.workforce.tasks import take_workforce_snapshot


class Command(BaseCommand):
    help = "Queue the fast-track reminder sweep and the retention sweep (safe to run often)."

    def handle(self, *args, **options):
        for task in (
            fast_track_reminder_sweep,
            interview_reminder_sweep,
            anonymise_expired_applications,
            delete_expired_data_exports,
            reference_chaser_sweep,
            # Offers
            offer_reminder_sweep,
            offer_lapse_sweep,
            offer_letters_stuck_sweep,
            # Checks, first day, retention ---
            start_new_starters,
            # The workforce picture
            take_workforce_snapshot,
        ):
            result = task.enqueue()
            self.stdout.write(f"Queued {task.name} ({result.id}).")
        # The monthly board report (issue 11): the last complete month's, once.
        report = board_reports.board_report_for_last_month()
        if report is not None:
            self.stdout.write(f"Queued the board report for {report.month:%B %Y} ({report.pk}).")
