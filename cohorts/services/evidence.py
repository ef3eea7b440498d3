"""Evidence entries: the member logs and edits them, the assessor comments.

History entries say what kind of evidence was logged, never its reflection.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cohorts.models import EvidenceEntry
from cohorts.services.common import NotAllowed, locked
from portal.audit import record
from portal.uploads import CONTENT_TYPES, safe_name

EVIDENCE_ADDED = "cohorts.evidence.create"
EVIDENCE_CHANGED = "cohorts.evidence.change"
EVIDENCE_COMMENTED = "cohorts.evidence.comment"
EVIDENCE_AUDIT_ACTIONS = (
    (EVIDENCE_ADDED, _("Evidence logged"), _("Logged evidence: {kind}")),
    (EVIDENCE_CHANGED, _("Evidence changed"), _("Changed evidence: {kind}")),
    (EVIDENCE_COMMENTED, _("Assessor commented"), _("The assessor commented on the evidence")),
)


def _check(*, date: datetime.date, enrolment):
    if date > timezone.localdate():
        raise NotAllowed(_("The date must be today or in the past."), field="date")
    if date < enrolment.start_date:
        raise NotAllowed(_("The date must be on or after the programme started."), field="date")


def _attach(entry: EvidenceEntry, upload, kind: str | None) -> None:
    """Store an upload that ``recruitment.uploads.check_cv`` accepted (``kind``)."""
    if upload is None:
        return
    name = safe_name(upload.name, kind)
    entry.file.save(name, upload, save=False)
    entry.file_name = name
    entry.file_type = CONTENT_TYPES[kind]


def evidence_add(
    *,
    enrolment,
    by,
    kind: str,
    date: datetime.date,
    title: str,
    reflection: str = "",
    domains=(),
    statements=(),
    upload=None,
    upload_kind: str | None = None,
) -> EvidenceEntry:
    """The member logs a piece of evidence on their own enrolment."""
    if enrolment.member_id != by.pk:
        raise NotAllowed(_("Only the member can log their evidence."))
    _check(date=date, enrolment=enrolment)
    with transaction.atomic():
        entry = EvidenceEntry(
            enrolment=enrolment, kind=kind, date=date, title=title, reflection=reflection
        )
        _attach(entry, upload, upload_kind)
        entry.save()
        entry.domains.set(domains)
        entry.statements.set(statements)
        record(entry, EVIDENCE_ADDED, by=by, data={"kind": entry.get_kind_display()})
    return entry


def evidence_change(
    *,
    entry: EvidenceEntry,
    by,
    kind: str,
    date: datetime.date,
    title: str,
    reflection: str = "",
    domains=(),
    statements=(),
    upload=None,
    upload_kind: str | None = None,
) -> EvidenceEntry:
    """The member edits their entry, until the assessor has commented on it."""
    with transaction.atomic():
        entry = locked(EvidenceEntry.objects.select_related("enrolment"), entry.pk)
        if entry.enrolment.member_id != by.pk:
            raise NotAllowed(_("Only the member can change their evidence."))
        if entry.commented_at:
            raise NotAllowed(_("The assessor has commented, so this entry cannot be changed."))
        _check(date=date, enrolment=entry.enrolment)
        entry.kind, entry.date, entry.title, entry.reflection = kind, date, title, reflection
        _attach(entry, upload, upload_kind)
        entry.save()
        entry.domains.set(domains)
        entry.statements.set(statements)
        record(entry, EVIDENCE_CHANGED, by=by, data={"kind": entry.get_kind_display()})
    return entry


def evidence_comment(*, entry: EvidenceEntry, by, comment: str) -> EvidenceEntry:
    """Only the enrolment's assessor comments; a later comment replaces the earlier."""
    with transaction.atomic():
        entry = locked(EvidenceEntry.objects.select_related("enrolment"), entry.pk)
        if entry.enrolment.assessor_id != by.pk:
            raise NotAllowed(_("Only the member's assessor can comment on their evidence."))
        entry.assessor_comment = comment
        entry.commented_by = by
        entry.commented_at = timezone.now()
        entry.save(update_fields=["assessor_comment", "commented_by", "commented_at"])
        record(entry, EVIDENCE_COMMENTED, by=by, data={})
    return entry
