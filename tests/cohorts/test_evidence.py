import datetime
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cohorts import coverage
from cohorts.models import CapabilityDomain, EvidenceEntry, KnowledgeStatement, Programme
from cohorts.services import evidence
from portal import roles
from tests.cohorts import factories as f

START = datetime.date(2026, 1, 5)
ASYE = [
    {"type": "direct_observation", "count": 3},
    {"type": "Feedback from children and young people", "count": 3},
    {"type": "critical_reflection", "count": 2, "at_months": [6, 12]},
]


def entry(kind, day=START, domains=(), statements=()):
    return coverage.Entry(kind, day, frozenset(domains), frozenset(statements))


def test_kind_for_maps_words_and_values():
    assert coverage.kind_for("Direct observation") == "direct_observation"
    assert coverage.kind_for("Feedback from other professionals") == "feedback_professional"
    assert coverage.kind_for("Critical reflection") == "critical_reflection"
    assert coverage.kind_for("written_report") == "written_report"
    assert coverage.kind_for("nonsense") is None
    assert coverage.kind_for(None) is None


def test_coverage_counts_and_pace():
    cov = coverage.coverage(
        requirements=ASYE,
        entries=[entry("direct_observation", domains=[1, 2], statements=[3])],
        labels={},
        today=datetime.date(2026, 7, 10),
        start_date=START,
        length_months=12,
    )
    by = {k.kind: k for k in cov.kinds}
    assert by["direct_observation"].have == 1 and by["direct_observation"].need == 3
    assert by["feedback_child"].expected_now == 1  # half way: 3 * 0.5 rounded down
    assert by["critical_reflection"].expected_now == 1  # the 6-month one is due
    assert cov.behind
    assert cov.domains_covered == {1, 2} and cov.statements_covered == {3}
    assert len(cov.still_needed()) == 5


def test_nobody_is_behind_on_day_one_and_pauses_move_the_pace():
    cov = coverage.coverage(
        requirements=ASYE, entries=[], labels={}, today=START, start_date=START, length_months=12
    )
    assert not cov.behind
    pause = SimpleNamespace(start_date=START, end_date=datetime.date(2026, 6, 30))
    cov = coverage.coverage(
        requirements=ASYE,
        entries=[],
        labels={},
        today=datetime.date(2026, 7, 10),
        start_date=START,
        length_months=12,
        pauses=[pause],
    )
    assert not cov.behind


@pytest.mark.django_db
def test_reference_data_is_loaded():
    assert CapabilityDomain.objects.count() == 9
    assert KnowledgeStatement.objects.count() == 10
    assert CapabilityDomain.objects.get(number=6).name == "Critical reflection and analysis"
    asye = Programme.objects.get(slug="asye")
    kinds = {item["type"] for item in asye.evidence_requirements}
    assert "critical_reflection" in kinds and "direct_observation" in kinds


@pytest.mark.django_db
def test_member_logs_evidence_and_others_get_404(client):
    member = f.user_with_role(roles.COHORT_MEMBER)
    enrolment = f.enrol(cohort=f.CohortFactory(start_date=START), member=member)
    item = evidence.evidence_add(
        enrolment=enrolment,
        by=member,
        kind="other",
        date=START,
        title="SECRET-TITLE",
        upload=SimpleUploadedFile("r.pdf", b"%PDF-1.4 x"),
        upload_kind="pdf",
    )
    client.force_login(member)
    assert client.get(reverse("cohorts:my_evidence")).status_code == 200
    assert (
        client.get(reverse("cohorts:my_evidence_entry", args=[item.public_id])).status_code == 200
    )
    assert client.get(reverse("cohorts:evidence_file", args=[item.public_id])).status_code == 200
    other = f.user_with_role(roles.COHORT_MEMBER)
    f.enrol(cohort=f.CohortFactory(start_date=START), member=other)
    client.force_login(other)
    assert (
        client.get(reverse("cohorts:my_evidence_entry", args=[item.public_id])).status_code == 404
    )
    assert client.get(reverse("cohorts:evidence_file", args=[item.public_id])).status_code == 404


@pytest.mark.django_db
def test_the_upload_rules_are_the_cvs(client):
    from cohorts.evidence_forms import EvidenceForm

    form = EvidenceForm(
        {"kind": "other", "date_0": "5", "date_1": "1", "date_2": "2026", "title": "x"},
        {"upload": SimpleUploadedFile("x.pdf", b"not a pdf")},
    )
    assert not form.is_valid() and "upload" in form.errors


@pytest.mark.django_db
def test_only_the_assessor_comments():
    member = f.user_with_role(roles.COHORT_MEMBER)
    enrolment = f.enrol(cohort=f.CohortFactory(start_date=START), member=member)
    enrolment.assessor = f.user_with_role(roles.PRACTICE_SUPERVISOR)
    enrolment.save()
    item = EvidenceEntry.objects.create(enrolment=enrolment, kind="other", date=START, title="t")
    with pytest.raises(evidence.NotAllowed):
        evidence.evidence_comment(entry=item, by=member, comment="x")
    evidence.evidence_comment(entry=item, by=enrolment.assessor, comment="Good")
    item.refresh_from_db()
    assert item.commented_at and item.assessor_comment == "Good"
