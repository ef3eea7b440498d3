"""Snapshot past months of the workforce from the staff records' dates.

``manage.py workforce_backfill [--from YYYY-MM] [--to YYYY-MM]``: every month not
yet taken, from the earliest staff record's start month (or ``--from``) to the
last complete month (or ``--to``). Months already taken are left as they are, so
running it again changes nothing.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from recruitment.workforce import rules, snapshots


def _month(value: str) -> datetime.date:
    try:
        return datetime.datetime.strptime(value, "%Y-%m").date()
    except ValueError as error:
        raise CommandError(f"{value!r} is not a month written YYYY-MM") from error


class Command(BaseCommand):
    help = "Take the monthly workforce snapshot of every past month not taken yet."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="first", help="The first month, YYYY-MM.")
        parser.add_argument("--to", dest="last", help="The last month, YYYY-MM.")

    def handle(self, *args, first=None, last=None, **options):
        latest = rules.last_complete_month(timezone.localdate())
        last_month = _month(last) if last else latest
        if last_month > latest:
            raise CommandError(f"{last_month:%B %Y} has not ended yet")
        if first:
            first_month = _month(first)
        else:
            start = snapshots.earliest_start()
            if start is None:
                self.stdout.write("No staff record has a start date: nothing to take.")
                return
            first_month = rules.month_start(start)
        if first_month > last_month:
            raise CommandError("--from is after --to")
        made = snapshots.backfill(first=first_month, last=last_month)
        for month in made:
            self.stdout.write(f"Took {month:%Y-%m}.")
        self.stdout.write(
            f"{len(made)} months taken from {first_month:%Y-%m} to {last_month:%Y-%m}; "
            "months taken before were left as they were."
        )
