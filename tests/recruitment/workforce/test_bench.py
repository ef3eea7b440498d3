"""``workforce_bench`` builds its national-scale set and times every page: here at a tiny size,
so that the command cannot rot between the runs of ``make bench``."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from portal.models import StaffRecord
from recruitment.workforce import page
from recruitment.workforce.models import SnapshotMonth
from tests.cohorts.factories import asye

pytestmark = pytest.mark.django_db


@override_settings(PORTAL_DEMO_DATA_ALLOWED=True)
def test_the_bench_builds_its_set_once_and_times_every_section():
    asye()
    out = StringIO()
    args = {
        "staff": 12,
        "years": 1,
        "enrolments": 4,
        "applications": 0,
        "requests": 1,
        "stdout": out,
    }
    try:
        call_command("workforce_bench", **args)
    except CommandError as error:  # a slow machine may miss the target; the figures must print
        assert "p95 target" in str(error)
    text = out.getvalue()
    for title in page.TITLES.values():
        assert str(title) in text
    assert "Head of service's view" in text
    assert "Board report PDF" in text
    assert SnapshotMonth.objects.count() == 12
    records = StaffRecord.objects.count()
    call_command("workforce_bench", **{**args, "prepare_only": True})
    assert StaffRecord.objects.count() == records
    assert SnapshotMonth.objects.count() == 12


@override_settings(PORTAL_DEMO_DATA_ALLOWED=False, DEBUG=False)
def test_the_bench_refuses_a_real_database():
    with pytest.raises(CommandError, match="bench or demo database"):
        call_command("workforce_bench", applications=0, stdout=StringIO())
