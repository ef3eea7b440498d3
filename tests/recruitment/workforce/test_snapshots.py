"""The monthly snapshot: taken once, from the staff records as they stood on the month's last day."""

import datetime

import pytest
from django.utils import timezone

from portal.staff import staff_move_team, staff_record_leave
from recruitment.workforce import snapshots
from recruitment.workforce.models import SnapshotMonth, StaffSnapshot, WorkforceMonth
from tests import factories

pytestmark = pytest.mark.django_db

JAN = datetime.date(2025, 1, 1)


def test_a_month_is_taken_once_and_again_changes_nothing():
    factories.staff_record(start_date=datetime.date(2024, 3, 1))
    assert snapshots.snapshot_month(JAN) is True
    assert snapshots.snapshot_month(JAN) is False
    assert SnapshotMonth.objects.count() == 1
    assert StaffSnapshot.objects.count() == 1
    assert WorkforceMonth.objects.get().headcount == 1


def test_a_month_not_yet_ended_is_refused():
    with pytest.raises(ValueError):
        snapshots.snapshot_month(timezone.localdate())


def test_the_snapshot_keeps_history_when_the_record_changes_later():
    team_a, team_b = factories.TeamFactory(), factories.TeamFactory()
    record = factories.staff_record(team=team_a, start_date=datetime.date(2024, 3, 1))
    snapshots.snapshot_month(JAN)
    staff_move_team(staff=record, team=team_b, on=datetime.date(2025, 2, 3), by=None)
    snapshots.snapshot_month(datetime.date(2025, 2, 1))
    assert list(StaffSnapshot.objects.order_by("month").values_list("team_id", flat=True)) == [
        team_a.pk,
        team_b.pk,
    ]


def test_a_leaver_counts_as_a_leaver_in_their_last_month_and_not_in_the_headcount():
    team = factories.TeamFactory()
    record = factories.staff_record(team=team, start_date=datetime.date(2023, 3, 1))
    staff_record_leave(staff=record, on=datetime.date(2025, 1, 17), reason="resigned", by=None)
    snapshots.snapshot_month(JAN)
    row = WorkforceMonth.objects.get()
    assert (row.headcount, row.leavers, row.team_id) == (0, 1, team.pk)


def test_the_backfill_takes_every_month_missing_and_only_those():
    factories.staff_record(start_date=datetime.date(2024, 11, 4))
    snapshots.snapshot_month(datetime.date(2024, 12, 1))
    made = snapshots.backfill(first=datetime.date(2024, 11, 1), last=datetime.date(2025, 1, 1))
    assert made == [datetime.date(2024, 11, 1), datetime.date(2025, 1, 1)]
    assert SnapshotMonth.objects.filter(backfilled=True).count() == 2
    assert StaffSnapshot.objects.filter(started_this_month=True).get().month == datetime.date(
        2024, 11, 1
    )
