import os

import pytest
from django.core.management import call_command

from recruitment.choices import Status
from recruitment.models import Application

pytestmark = pytest.mark.django_db


def test_seed_demo_makes_applications_once(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo password for tests")
    with open(os.devnull, "w") as devnull:
        call_command("seed_demo", stdout=devnull)
        count = Application.objects.count()
        call_command("seed_demo", stdout=devnull)
    assert Application.objects.count() == count >= 6
    statuses = set(Application.objects.values_list("status", flat=True))
    assert {Status.DRAFT, Status.FAST_TRACKED, Status.AWAITING_SHORTLISTING} <= statuses
    amira = Application.objects.filter(applicant__email="applicant@example.org")
    assert amira.filter(status=Status.FAST_TRACKED, fast_track_due__isnull=False).exists()
    assert Application.objects.exclude(suggested_route="").exists()
    assert Application.objects.filter(through_agency=True).exists()


def test_bench_command_builds_and_times(site, settings):
    from io import StringIO

    from tests.factories import make_vacancy

    make_vacancy()
    out = StringIO()
    try:
        call_command("recruitment_bench", count=30, requests=2, stdout=out)
    except Exception as error:  # a slow CI machine may miss the target; the data must exist
        assert "p95 target" in str(error)
    assert Application.objects.count() == 30
    assert "HR application list" in out.getvalue()
    assert "My applications" in out.getvalue()


def test_sweep_command_queues_the_periodic_tasks():
    from io import StringIO

    out = StringIO()
    call_command("recruitment_sweep", stdout=out)
    assert "Queued" in out.getvalue()
