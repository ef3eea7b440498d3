"""The demo's two years of workforce history: made once, and the page has figures."""

import os

import pytest
from django.core.management import call_command

from portal import roles
from recruitment.workforce.models import SnapshotMonth, StaffSnapshot

pytestmark = pytest.mark.django_db


def test_seed_demo_tells_the_workforce_story_once(monkeypatch, client, staff_with_mfa):
    monkeypatch.setenv("DEMO_PASSWORD", "demo password for tests")
    with open(os.devnull, "w") as devnull:
        call_command("seed_demo", stdout=devnull)
        counts = (SnapshotMonth.objects.count(), StaffSnapshot.objects.count())
        call_command("seed_demo", stdout=devnull)
    assert (SnapshotMonth.objects.count(), StaffSnapshot.objects.count()) == counts
    assert counts[0] >= 24
    staff_with_mfa(roles.WORKFORCE_LEAD, client)
    page = client.get("/workforce/?period=24").content.decode()
    assert "Agency share fell" in page
    assert "Nothing to show yet" not in page.split("Caseloads")[0]
    caseloads = client.get("/workforce/caseloads/?period=24").content.decode()
    assert "Average caseload" in caseloads and "No caseload counts" not in caseloads
