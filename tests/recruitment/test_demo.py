import os

import pytest
from django.core.management import call_command
from django.utils import timezone

from portal.calendar import add_working_days, is_working_day, local_date, working_days_between
from recruitment import selectors
from recruitment.choices import Status
from recruitment.models import Application, Interview, InterviewSlot

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
    # Liam's fast-track offer is overdue; Amira (the demo applicant) was offered hers on time.
    liam = Application.objects.get(applicant__email="demo.agency@example.org")
    assert liam.status == Status.FAST_TRACKED and liam.fast_track_due < timezone.localdate()
    amira = Application.objects.filter(applicant__email="applicant@example.org")
    assert amira.filter(
        status=Status.INTERVIEWING, is_fast_track=True, interview_offered_at__isnull=False
    ).exists()
    assert Application.objects.exclude(suggested_route="").exists()
    assert Application.objects.filter(through_agency=True).exists()


def test_demo_fast_tracks_obey_the_portals_own_due_date_rule(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo password for tests")
    with open(os.devnull, "w") as devnull:
        call_command("seed_demo", stdout=devnull)
    fast = Application.objects.filter(is_fast_track=True)
    assert fast.exists()
    for application in fast:
        due = application.fast_track_due
        assert is_working_day(due), application
        assert due == add_working_days(local_date(application.submitted_at), 5), application
    liam = Application.objects.get(applicant__email="demo.agency@example.org")
    assert working_days_between(liam.fast_track_due, timezone.localdate()) == 2


def test_seed_demo_gives_the_panel_an_interview_and_the_applicant_slots_to_book(monkeypatch):

    monkeypatch.setenv("DEMO_PASSWORD", "demo password for tests")
    with open(os.devnull, "w") as devnull:
        call_command("seed_demo", stdout=devnull)
        slots = InterviewSlot.objects.count()
        call_command("seed_demo", stdout=devnull)
    assert InterviewSlot.objects.count() == slots > 0
    booked = Interview.objects.get()
    assert booked.application.applicant.email == "demo.shortlist@example.org"
    assert booked.slot.panel.filter(email="panel@example.org").exists()
    amira = Application.objects.get(
        applicant__email="applicant@example.org", status=Status.INTERVIEWING
    )
    assert len(selectors.slots_offered_to(amira)) == 2


def test_bench_command_builds_and_times(site, settings):
    from io import StringIO

    from tests.factories import make_vacancy

    make_vacancy()
    out = StringIO()
    try:
        call_command("recruitment_bench", count=30, requests=2, letters=2, stdout=out)
    except Exception as error:  # a slow CI machine may miss the target; the data must exist
        assert "p95 target" in str(error)
    # 30 for the lists, 2 more whose offer letters go through the task queue.
    assert Application.objects.count() == 32
    assert "One offer letter rendered" in out.getvalue()
    assert "2 letters through the worker" in out.getvalue()
    assert "2 sent" in out.getvalue()
    assert "HR application list" in out.getvalue()
    assert "My applications" in out.getvalue()


def test_sweep_command_queues_the_periodic_tasks():
    from io import StringIO

    out = StringIO()
    call_command("recruitment_sweep", stdout=out)
    assert "Queued" in out.getvalue()


def test_seed_demo_makes_one_accepted_offer_with_checks_partly_cleared(monkeypatch):
    from recruitment.models import Offer

    monkeypatch.setenv("DEMO_PASSWORD", "demo password for tests")
    with open(os.devnull, "w") as devnull:
        call_command("seed_demo", stdout=devnull)
        call_command("seed_demo", stdout=devnull)
    offer = Offer.objects.get()
    assert offer.state == "accepted"
    assert offer.application.status == Status.CONDITIONS_PENDING
    statuses = dict(offer.checks.values_list("kind", "status"))
    assert statuses["right_to_work"] == statuses["dbs"] == "cleared"
    assert statuses["references"] == statuses["occupational_health"] == "pending"
    assert offer.checks.get(kind="dbs").checked_by.email == "hr@example.org"
