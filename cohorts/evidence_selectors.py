"""Reads for evidence: who may see which entries, and coverage for one enrolment."""

from django.db.models import Prefetch, Q, QuerySet
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


class EntriesWithFrameworkIds(QuerySet):
    """Evidence entries, each given ``domain_ids`` and ``statement_ids`` from the two link
    tables in two flat queries: the coverage panels need only the ids, and a model
    instance per link (prefetching the domains themselves) was a tenth of a mentor's
    dashboard."""

    def _fetch_all(self):
        fresh = self._result_cache is None
        super()._fetch_all()
        if fresh and self._result_cache and isinstance(self._result_cache[0], EvidenceEntry):
            attach_framework_ids(self._result_cache)


def attach_framework_ids(entries) -> None:
    by_pk = {entry.pk: entry for entry in entries}
    for field_name, attr in (("domains", "domain_ids"), ("statements", "statement_ids")):
        field = EvidenceEntry._meta.get_field(field_name)
        links: dict[int, list[int]] = {pk: [] for pk in by_pk}
        rows = field.remote_field.through.objects.filter(
            **{f"{field.m2m_field_name()}_id__in": list(by_pk)}
        ).values_list(f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id")
        for entry_pk, target_pk in rows:
            links[entry_pk].append(target_pk)
        for pk, entry in by_pk.items():
            setattr(entry, attr, frozenset(links[pk]))


def entries_prefetch() -> Prefetch:
    """What ``with_progress`` prefetches so the coverage panel costs 3 queries per page."""
    return Prefetch(
        "evidence_entries",
        queryset=EntriesWithFrameworkIds(EvidenceEntry).only("id", "enrolment_id", "kind", "date"),
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
