"""Reads for evidence: who may see which entries, and coverage for one enrolment."""

from django.db.models import Prefetch, Q
from django.utils import timezone

from cohorts import coverage
from cohorts.models import (
    CapabilityDomain,
    EvidenceEntry,
    KnowledgeStatement,
    Placement,
)


def _readers_q(user, prefix: str = "") -> Q:
    """Entries ``user`` may read: their own, and those of members they assess, line
    manage, supervise on placement now, or mentor (head of service). HR and workforce
    leads see coverage counts in the back office, never the entries."""
    today = timezone.localdate()
    placed_now = Placement.objects.filter(
        supervisor=user, start_date__lte=today, end_date__gte=today
    ).exclude(status=Placement.Status.CANCELLED)
    return (
        Q(**{f"{prefix}member": user})
        | Q(**{f"{prefix}assessor": user})
        | Q(**{f"{prefix}line_manager": user})
        | Q(**{f"{prefix}pk__in": placed_now.values("enrolment_id")})
    )


def evidence_visible_to(user):
    if not user.is_authenticated:
        return EvidenceEntry.objects.none()
    return (
        EvidenceEntry.objects.filter(_readers_q(user, "enrolment__"))
        .select_related("enrolment__member", "enrolment__cohort__programme", "commented_by")
        .prefetch_related("domains", "statements")
    )


def entries_prefetch() -> Prefetch:
    """What ``with_progress`` prefetches so the coverage panel costs 3 queries per page."""
    return Prefetch(
        "evidence_entries",
        queryset=EvidenceEntry.objects.only("id", "enrolment_id", "kind", "date").prefetch_related(
            # Lists, not managers: a manager per entry costs a queryset clone each,
            # which was a fifth of a mentor's dashboard.
            Prefetch(
                "domains", queryset=CapabilityDomain.objects.only("id"), to_attr="domain_list"
            ),
            Prefetch(
                "statements",
                queryset=KnowledgeStatement.objects.only("id"),
                to_attr="statement_list",
            ),
        ),
        to_attr="evidence_list",
    )


def coverage_for(enrolment, today=None, *, totals=None) -> coverage.Coverage:
    """Coverage from what ``with_progress`` prefetched (or a fresh read when it did not)."""
    today = today or timezone.localdate()
    entries = getattr(enrolment, "evidence_list", None)
    if entries is None:
        entries = EvidenceEntry.objects.filter(enrolment=enrolment).prefetch_related(
            "domains", "statements"
        )
    pauses = getattr(enrolment, "pause_list", None)
    if pauses is None:
        pauses = list(enrolment.pauses.all())
    programme = enrolment.cohort.programme
    domains_total, statements_total = totals or (9, 10)
    return coverage.coverage(
        requirements=programme.evidence_requirements,
        entries=coverage.entries_from(entries),
        labels=dict(EvidenceEntry.Kind.choices),
        today=today,
        start_date=enrolment.start_date,
        length_months=programme.length_months,
        pauses=pauses,
        domains_total=domains_total,
        statements_total=statements_total,
    )


def reference_totals() -> tuple[int, int]:
    return CapabilityDomain.objects.count(), KnowledgeStatement.objects.count()
