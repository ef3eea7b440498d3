import io

import pytest

from cohorts import demo, progress
from cohorts.models import (
    Cohort,
    Enrolment,
    EvidenceEntry,
    OffTheJobLog,
    PartnerCoordinator,
    Placement,
    PracticeSupervisor,
    TaughtSession,
)
from portal import demo as portal_demo
from portal.models import Team

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_env(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-password-for-tests")


def counts():
    return (
        Cohort.objects.count(),
        Enrolment.objects.count(),
        Placement.objects.count(),
        TaughtSession.objects.count(),
        OffTheJobLog.objects.count(),
        EvidenceEntry.objects.count(),
    )


def test_demo_cohorts_are_made_once(demo_env, site):
    out = io.StringIO()
    portal_demo.seed(out)
    demo.seed(out)
    first = counts()
    demo.seed(out)
    assert counts() == first

    asye = Cohort.objects.get(programme__slug="asye")
    assert asye.mentor.email == "mentor@example.org"
    members = set(asye.enrolments.values_list("member__email", flat=True))
    assert len(members) == 8 and "nqsw@example.org" in members
    niamh = asye.enrolments.get(member__email="nqsw@example.org")
    assert niamh.evidence_entries.count() == 3
    apprentices = Cohort.objects.get(programme__slug="social-work-degree-apprenticeship")
    assert apprentices.enrolments.count() == 6
    grow = Cohort.objects.get(programme__slug="grow-your-own-degree")
    assert grow.partners.filter(organisation__name="Shire County Council").exists()
    assert grow.enrolments.filter(employer__name="Shire County Council").count() == 2
    assert (
        PartnerCoordinator.objects.get(user__email="partner@example.org").organisation.name
        == "Shire County Council"
    )
    assert PracticeSupervisor.objects.get(user__email="supervisor@example.org").restorative_trained

    # Every member has placements, with supervisor@example.org, never over a team's capacity.
    assert not Enrolment.objects.filter(placements__isnull=True).exists()
    assert set(Placement.objects.values_list("supervisor__email", flat=True)) == {
        "supervisor@example.org"
    }
    for team in Team.objects.all():
        periods = list(
            Placement.objects.filter(team=team)
            .exclude(status=Placement.Status.CANCELLED)
            .values_list("start_date", "end_date")
        )
        if periods:
            start = min(s for s, _e in periods)
            end = max(e for _s, e in periods)
            assert progress.peak_overlap(periods, start, end) <= team.learner_capacity
