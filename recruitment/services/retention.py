"""Personal data on time: the "Download my data" PDF made and later deleted, and unsuccessful
applicants' data removed after the retention period (DOMAIN.md: 6 months; HR's
``RetentionPolicy``).

The task worker (and ``manage.py recruitment_anonymise``) call these; they never enqueue
work themselves.
"""

import dataclasses
import datetime
import logging

from dateutil.relativedelta import relativedelta
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from wagtail.models import ModelLogEntry

from portal import audit
from recruitment import conf, selectors
from recruitment.choices import UNSUCCESSFUL, DataExportState, TimelineAction
from recruitment.models import (
    CV,
    Application,
    DataExport,
    EmploymentEntry,
    EqualityMonitoring,
    Interview,
    Note,
    Offer,
    PreEmploymentCheck,
    Referee,
    ReferenceRequest,
    RetentionPolicy,
    Scorecard,
    TimelineEntry,
)
from recruitment.pdf import applicant_data_pdf
from recruitment.services import common

logger = logging.getLogger(__name__)


def data_export_prepare(*, export_id) -> DataExport | None:
    """Render the PDF into private storage and mark it ready.

    Returns the export when this call made the file; None when there is nothing to
    do (already made by an earlier run, or the person deleted their account).
    Re-raises what rendering raised, after marking the export failed.
    """
    export = DataExport.objects.select_related("user").filter(pk=export_id).first()
    if export is None or export.state != DataExportState.PREPARING:
        return None
    try:
        content = applicant_data_pdf(export.user)
    except Exception:
        logger.exception("Data export %s failed", export.pk)
        DataExport.objects.filter(pk=export.pk).update(state=DataExportState.FAILED)
        raise
    export.file.save(f"{export.pk}.pdf", ContentFile(content), save=False)
    export.state = DataExportState.READY
    export.ready_at = common.now()
    export.save(update_fields=["file", "state", "ready_at"])
    return export


def data_exports_delete_expired(*, now: datetime.datetime | None = None) -> int:
    """Delete prepared files after their download window, and failed or stuck requests."""
    cutoff = (now or common.now()) - datetime.timedelta(days=conf.data_export_days())
    deleted = 0
    for export in DataExport.objects.filter(requested_at__lt=cutoff).only("pk", "file"):
        if export.file:
            export.file.delete(save=False)
        export.delete()
        deleted += 1
    if deleted:
        logger.info("Deleted %s expired data exports", deleted)
    return deleted


# The retention period ----------------------------------------------------------------

RETENTION_CHANGED = "recruitment.retention_changed"


def retention_policy_set(*, policy: RetentionPolicy, months: int, by) -> RetentionPolicy:
    """HR change how long unsuccessful applicants' data is kept; History records it.

    The form has validated ``months`` (1–120); the database refuses anything else.
    """
    with transaction.atomic():
        current = RetentionPolicy.objects.select_for_update().filter(pk=policy.pk).first()
        before = current.unsuccessful_months if current else conf.unsuccessful_retention_months()
        policy.unsuccessful_months = months
        policy.save()
        if before != months:
            audit.record(policy, RETENTION_CHANGED, by=by, data={"from": before, "to": months})
    return policy


# Anonymising unsuccessful applications -----------------------------------------------

BATCH_SIZE = 2000

# Every field of the application that is about the person, and what it becomes.
# What reports count stays: vacancy, route and routing outcome, campaign and channel,
# status, structured reasons, dates (tests/recruitment/test_retention.py lists each field).
PERSONAL_FIELDS = {
    "first_name": "",
    "last_name": "",
    "email": "",
    "phone": "",
    "address": "",
    "postcode": "",
    "right_to_work": "",
    "right_to_work_detail": "",
    "heard_about_detail": "",
    "agency_name": "",
    "swe_status": "",
    "swe_number": "",
    "qualification": "",
    "awarding_body": "",
    "qualified_on": None,
    "asye_status": "",
    "post_qualifying_months": None,
    "post_qualifying_months_calculated": None,
    "gap_explanations": {},
    "works_for_council_or_partner": None,
    "works_with_children_or_families": None,
    "has_level_2_english_maths": None,
    "supporting_statement": "",
    "interview_availability": "",
    "needs_adjustments": None,
    "adjustments": "",
    # A disclosure of disability.
    "guaranteed_interview": None,
    "routing_note": "",
    "route_notice": "",
    "rejection_message": "",
    "withdrawal_detail": "",
}


@dataclasses.dataclass
class AnonymiseResult:
    """What a sweep did (or, in a dry run, would do)."""

    dry_run: bool = False
    applications: int = 0
    cvs: int = 0
    employment: int = 0
    referees: int = 0
    notes: int = 0
    equality: int = 0
    timeline_entries: int = 0
    interviews: int = 0
    scorecards: int = 0
    data_exports: int = 0
    offers: int = 0
    offer_letters: int = 0
    reference_requests: int = 0
    checks: int = 0
    # DBS certificate details past keeping, on every offer (hired people's too).
    dbs_details: int = 0

    def counts(self) -> dict[str, int]:
        return {k: v for k, v in dataclasses.asdict(self).items() if k != "dry_run"}

    def add(self, other: "AnonymiseResult") -> None:
        for name, value in other.counts().items():
            setattr(self, name, getattr(self, name) + value)


def retention_cutoff(now: datetime.datetime) -> datetime.datetime:
    """Applications decided on or before this moment are past the retention period."""
    return now - relativedelta(months=selectors.unsuccessful_retention_months())


def applications_anonymise_expired(
    *,
    now: datetime.datetime | None = None,
    dry_run: bool = False,
    batch_size: int = BATCH_SIZE,
) -> AnonymiseResult:
    """Anonymise unsuccessful applications decided more than the retention period ago.

    Removes names, contact details, answers, the CV (its file too), jobs, referees,
    HR's notes, the timeline's free text, scorecards' evidence and notes, interview
    change reasons, equality answers and the person's prepared data exports; offers' free
    text and letter files, reference requests (referee copies, answers, letter files) and
    checks' personal details; detaches the application from the account. Keeps what
    reports count (see PERSONAL_FIELDS, OFFER_PERSONAL_FIELDS, CHECK_PERSONAL_FIELDS).
    Then removes DBS certificate details past keeping on every offer
    (``dbs_details_remove_expired``), counted as ``dbs_details``.

    Works through the due applications ``batch_size`` at a time in primary-key order,
    each batch in its own transaction under its applications' row locks (taken in
    primary-key order, as every writer takes one), with a fixed number of queries a
    batch, so memory stays flat, 100,000 applications take seconds, and a crash loses
    at most the batch in hand. Safe to run again: anonymised applications are skipped.
    ``dry_run`` counts what would go and changes nothing.
    """
    moment = now or common.now()
    due = selectors.applications_past_retention(retention_cutoff(moment)).order_by("pk")
    result = AnonymiseResult(dry_run=dry_run)
    after = None
    while True:
        page = due if after is None else due.filter(pk__gt=after)
        batch = list(page.values_list("pk", flat=True)[:batch_size])
        if not batch:
            break
        after = batch[-1]
        if dry_run:
            result.add(_would_anonymise(batch))
            continue
        with transaction.atomic():
            result.add(_anonymise_batch(batch, moment))
    result.dbs_details = dbs_details_remove_expired(now=moment, dry_run=dry_run)
    logger.info(
        "%s unsuccessful applications: %s",
        "Would anonymise" if dry_run else "Anonymised",
        ", ".join(f"{name} {count}" for name, count in result.counts().items()),
    )
    return result


def _would_anonymise(batch: list) -> AnonymiseResult:
    applicants = Application.objects.filter(pk__in=batch).values("applicant_id")
    return AnonymiseResult(
        dry_run=True,
        applications=len(batch),
        cvs=CV.objects.filter(application__in=batch).count(),
        employment=EmploymentEntry.objects.filter(application__in=batch).count(),
        referees=Referee.objects.filter(application__in=batch).count(),
        notes=Note.objects.filter(application__in=batch).count(),
        equality=EqualityMonitoring.objects.filter(application__in=batch).count(),
        timeline_entries=TimelineEntry.objects.filter(application__in=batch).count(),
        interviews=Interview.objects.filter(application__in=batch).count(),
        scorecards=Scorecard.objects.filter(interview__application__in=batch).count(),
        data_exports=DataExport.objects.filter(user__in=applicants).count(),
        offers=Offer.objects.filter(application__in=batch).count(),
        offer_letters=Offer.objects.filter(application__in=batch).exclude(letter="").count(),
        reference_requests=ReferenceRequest.objects.filter(application__in=batch).count(),
        checks=PreEmploymentCheck.objects.filter(offer__application__in=batch).count(),
    )


def _anonymise_batch(batch: list, moment: datetime.datetime) -> AnonymiseResult:
    """Anonymise the applications of ``batch`` still due, inside the caller's transaction."""
    locked = list(
        Application.objects.select_for_update()
        .filter(pk__in=batch, anonymised_at__isnull=True, status__in=UNSUCCESSFUL)
        .order_by("pk")
        .values_list("pk", "applicant_id")
    )
    ids = [pk for pk, _applicant in locked]
    if not ids:
        return AnonymiseResult()
    applicants = {applicant for _pk, applicant in locked if applicant is not None}
    Application.objects.filter(pk__in=ids).update(
        **PERSONAL_FIELDS, applicant=None, anonymised_at=moment, updated_at=moment
    )
    result = AnonymiseResult(applications=len(ids))
    result.employment = _deleted(EmploymentEntry.objects.filter(application__in=ids))
    # Before the referees: each request holds its own copy of the referee.
    _remove_offers_references_and_checks(ids, result)
    result.referees = _deleted(Referee.objects.filter(application__in=ids))
    result.notes = _deleted(Note.objects.filter(application__in=ids))
    result.equality = _deleted(EqualityMonitoring.objects.filter(application__in=ids))
    for cv in CV.objects.filter(application__in=ids).only("pk", "file"):
        _delete_file_on_commit(cv.file)
    result.cvs = _deleted(CV.objects.filter(application__in=ids))
    # The timeline keeps what happened and when; its words (a withdrawal's reason,
    # HR's reasons, what the applicant was told) go, and so does the applicant as actor.
    timeline = TimelineEntry.objects.filter(application__in=ids)
    result.timeline_entries = timeline.update(reason="", applicant_text="")
    timeline.filter(by_id__in=applicants).update(by=None)
    ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Application),
        object_id__in=[str(pk) for pk in ids],
        user_id__in=applicants,
    ).update(user=None)
    interviews = Interview.objects.filter(application__in=ids)
    result.interviews = interviews.update(change_reason="")
    interviews.filter(booked_by_id__in=applicants).update(booked_by=None)
    result.scorecards = _blank_scorecards(ids)
    # A prepared "Download my data" PDF holds these applications' answers too.
    for export in DataExport.objects.filter(user_id__in=applicants).only("pk", "file"):
        if export.file:
            _delete_file_on_commit(export.file)
    result.data_exports = _deleted(DataExport.objects.filter(user_id__in=applicants))
    _record_anonymised(ids, moment)
    return result


def _deleted(queryset) -> int:
    """Delete the rows; how many of the queryset's own model went (not of cascades)."""
    return queryset.delete()[1].get(queryset.model._meta.label, 0)


def _blank_scorecards(ids: list) -> int:
    # Panel members' evidence is about the person: only the numbers stay.
    cards = list(Scorecard.objects.filter(interview__application__in=ids).only("pk", "scores"))
    for card in cards:
        card.scores = [{**row, "evidence": ""} for row in card.scores]
        card.notes = ""
    Scorecard.objects.bulk_update(cards, ["scores", "notes"])
    return len(cards)


def _record_anonymised(ids: list, moment: datetime.datetime) -> None:
    """The timeline's ANONYMISED step and its History entry, as ``common.record`` writes
    them, for the whole batch in two inserts."""
    TimelineEntry.objects.bulk_create(
        TimelineEntry(
            application_id=pk,
            by=None,
            action=TimelineAction.ANONYMISED,
            reason="retention period ended",
        )
        for pk in ids
    )
    content_type = ContentType.objects.get_for_model(Application, for_concrete_model=False)
    ModelLogEntry.objects.bulk_create(
        ModelLogEntry(
            content_type=content_type,
            object_id=str(pk),
            label=Application.reference_for(pk),
            action=common.audit_action(TimelineAction.ANONYMISED),
            timestamp=moment,
            data={"from": "", "to": ""},
            content_changed=True,
        )
        for pk in ids
    )


# Offers, references and checks of an unsuccessful application. What reports count stays:
# offer states, terms and dates, which checks there were, their status and dates.
OFFER_PERSONAL_FIELDS = {"decline_reason": "", "withdrawal_reason": "", "send_failure": ""}
CHECK_PERSONAL_FIELDS = {
    "swe_number": "",
    "dbs_certificate_number": "",
    "dbs_issue_date": None,
    "note": "",
}


def _remove_offers_references_and_checks(ids: list, result: AnonymiseResult) -> None:
    offers = Offer.objects.filter(application__in=ids)
    for offer in offers.exclude(letter="").only("pk", "letter"):
        _delete_file_on_commit(offer.letter)
        result.offer_letters += 1
    result.offers = offers.update(letter="", **OFFER_PERSONAL_FIELDS)
    result.checks = PreEmploymentCheck.objects.filter(offer__application__in=ids).update(
        **CHECK_PERSONAL_FIELDS
    )
    requests = ReferenceRequest.objects.filter(application__in=ids)
    for request in requests.exclude(letter="").only("pk", "letter"):
        _delete_file_on_commit(request.letter)
    result.reference_requests = _deleted(requests)


# DBS certificate details on every offer --------------------------------------------


def dbs_cutoff(moment: datetime.datetime) -> datetime.date:
    """Checks made on or before this day are past keeping their certificate details."""
    return timezone.localdate(moment) - relativedelta(months=conf.dbs_details_months())


def dbs_details_remove_expired(
    *, now: datetime.datetime | None = None, dry_run: bool = False
) -> int:
    """Remove DBS certificate numbers and issue dates 6 months after the check, on every
    offer (hired people's too), leaving the date of the check, its outcome and who cleared
    it, and when the details went (``dbs_details_removed_at``). One UPDATE over the
    (kind, checked_on) index; safe to run again (removed rows are skipped)."""
    moment = now or common.now()
    due = selectors.dbs_checks_past_keeping(dbs_cutoff(moment))
    if dry_run:
        return due.count()
    removed = due.update(
        dbs_certificate_number="", dbs_issue_date=None, dbs_details_removed_at=moment
    )
    if removed:
        logger.info("Removed the DBS certificate details of %s checks", removed)
    return removed


def _delete_file_on_commit(field_file) -> None:
    name, storage = field_file.name, field_file.storage
    # The file goes once the row is gone for good (a rollback keeps both).
    transaction.on_commit(lambda: storage.delete(name))
