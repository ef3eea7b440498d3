"""``cohorts_bench`` at a tiny size, so its data builder and timings cannot rot."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from cohorts.management.commands import cohorts_bench
from cohorts.models import CaseloadCount, CaseloadImport, Enrolment

pytestmark = pytest.mark.django_db

TINY = {"enrolments": 20, "staff": 30, "weeks": 4}


def test_the_data_set_is_built_once_and_reused():
    first = cohorts_bench.BenchData(**TINY, today=timezone.localdate()).ensure()
    assert first.built_now
    assert first.sizes() == {"enrolments": 20, "staff": 30, "caseload counts": 120}
    again = cohorts_bench.BenchData(**TINY, today=timezone.localdate()).ensure()
    assert not again.built_now
    assert again.sizes() == first.sizes()
    # The mentor's cohort and the manager's learners are really theirs.
    assert Enrolment.objects.filter(cohort=again.cohort).count() == 20
    assert Enrolment.objects.filter(line_manager=again.manager).exists()


def test_each_page_is_timed_with_its_queries():
    data = cohorts_bench.BenchData(**TINY, today=timezone.localdate()).ensure()
    client = cohorts_bench.signed_in(data.mentor)
    figures = cohorts_bench.time_page(client, f"/mentor/cohorts/{data.cohort.public_id}/", 2)
    assert figures["p95"] >= figures["p50"] > 0
    assert figures["cpu"] > 0 and figures["queries"] > 3


def seeded_programmes():
    """Migration 0003's programmes, made again after an earlier test flushed them.

    Not ``serialized_rollback``: its flush skips post_migrate, so the next flushing
    test would start without content types.
    """
    import importlib

    from django.apps import apps

    importlib.import_module("cohorts.migrations.0003_seed_programmes").seed(apps, None)


# Committed for real, as the worker sees it: each task is queued when its upload or
# confirmation commits, and the immediate backend runs it then.
@pytest.mark.django_db(transaction=True)
def test_the_import_goes_through_the_worker_and_writes_each_time():
    seeded_programmes()
    data = cohorts_bench.BenchData(**TINY, today=timezone.localdate()).ensure()
    for _ in range(2):
        figures = cohorts_bench.time_import(data, 75)
        assert figures["status"] == CaseloadImport.Status.SAVED
        assert figures["accepted"] == figures["saved"] == 75
    assert CaseloadCount.objects.count() == 120 + 75


@pytest.mark.django_db(transaction=True)
def test_the_command_prints_its_table():
    seeded_programmes()
    out = io.StringIO()
    try:
        call_command("cohorts_bench", repeat=1, requests=2, import_rows=40, stdout=out, **TINY)
    except CommandError as error:
        # A slow machine may miss a target; nothing else may go wrong.
        assert "target(s) missed" in str(error)
    text = out.getvalue()
    for row in ["Rotation planner", "Mentor: /mentor/", "Manager: teams", "Caseload import"]:
        assert row in text
