"""Anonymise unsuccessful applications past the retention period, now (by hand).

The daily sweep does the same through the task queue (``recruitment_sweep`` queues
``tasks.anonymise_expired_applications``). ``--dry-run`` prints what would be removed
and changes nothing.
"""

from django.core.management.base import BaseCommand, CommandError

from recruitment import selectors
from recruitment.services import retention


class Command(BaseCommand):
    help = "Anonymise unsuccessful applications decided more than the retention period ago."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Print what would be anonymised; change nothing."
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=retention.BATCH_SIZE,
            help="Applications read at a time (default %(default)s).",
        )

    def handle(self, *args, dry_run=False, batch_size=retention.BATCH_SIZE, **options):
        if not 1 <= batch_size <= 10_000:
            raise CommandError("--batch-size must be between 1 and 10000")
        months = selectors.unsuccessful_retention_months()
        result = retention.applications_anonymise_expired(dry_run=dry_run, batch_size=batch_size)
        verb = "Would anonymise" if dry_run else "Anonymised"
        self.stdout.write(
            f"{verb} {result.applications} unsuccessful applications decided more than "
            f"{months} months ago."
        )
        for name, count in result.counts().items():
            if name != "applications":
                self.stdout.write(f"  {name.replace('_', ' ')}: {count}")
        if dry_run:
            self.stdout.write("Dry run: nothing was changed.")
