"""The snapshot task and the backfill command: each month taken once."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from recruitment.workforce import rules
from recruitment.workforce.models import SnapshotMonth, StaffSnapshot, WorkforceMonth
from recruitment.workforce.tasks import take_workforce_snapshot
from tests import factories

pytestmark = pytest.mark.django_db


def backfill(*args) -> str:
    out = io.StringIO()
    call_command("workforce_backfill", *args, stdout=out)
    return out.getvalue()


def test_the_task_takes_the_month_just_ended_once():
    factories.staff_record(start_date=datetime.date(2024, 3, 4))
    last = rules.last_complete_month(timezone.localdate())
    assert take_workforce_snapshot.call() == {"month": last.isoformat(), "taken": True}
    assert take_workforce_snapshot.call() == {"month": last.isoformat(), "taken": False}
    assert list(SnapshotMonth.objects.values_list("month", flat=True)) == [last]
    assert WorkforceMonth.objects.get().headcount == 1


def test_the_sweep_queues_the_snapshot():
    out = io.StringIO()
    call_command("recruitment_sweep", stdout=out)
    assert "take_workforce_snapshot" in out.getvalue()


def test_the_backfill_runs_from_the_earliest_start_and_twice_changes_nothing():
    last = rules.last_complete_month(timezone.localdate())
    first = rules.add_months(last, -3)
    factories.staff_record(start_date=first + datetime.timedelta(days=9))
    printed = backfill()
    months = rules.months_between(first, last)
    for month in months:
        assert f"Took {month:%Y-%m}." in printed
    assert SnapshotMonth.objects.filter(backfilled=True).count() == 4
    counts = (StaffSnapshot.objects.count(), WorkforceMonth.objects.count())
    again = backfill()
    assert "Took" not in again and "0 months taken" in again
    assert (StaffSnapshot.objects.count(), WorkforceMonth.objects.count()) == counts


def test_the_backfill_between_given_months():
    factories.staff_record(start_date=datetime.date(2024, 1, 8))
    printed = backfill("--from", "2024-03", "--to", "2024-05")
    assert printed.count("Took") == 3
    assert sorted(SnapshotMonth.objects.values_list("month", flat=True)) == [
        datetime.date(2024, 3, 1),
        datetime.date(2024, 4, 1),
        datetime.date(2024, 5, 1),
    ]


def test_the_backfill_refuses_months_it_cannot_take():
    with pytest.raises(CommandError):
        backfill("--from", "March")
    with pytest.raises(CommandError):
        backfill("--to", f"{timezone.localdate():%Y-%m}")
    with pytest.raises(CommandError):
        backfill("--from", "2024-05", "--to", "2024-03")


def test_with_no_staff_records_there_is_nothing_to_take():
    assert "nothing to take" in backfill()
    assert not SnapshotMonth.objects.exists()
