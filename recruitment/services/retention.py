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
    Referee,
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

BATCH_SIZE = 500

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
    change reasons, equality answers and the person's prepared data exports; detaches
    the application from the account. Keeps what reports count (see PERSONAL_FIELDS).

    Works through the due applications ``batch_size`` at a time in primary-key order,
    each application in its own transaction under its row lock, so memory stays flat
    and a crash loses nothing. Safe to run again: anonymised applications are skipped.
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
        for pk in batch:
            with transaction.atomic():
                application = common.locked_application(pk)
                if application.anonymised_at is not None or application.status not in UNSUCCESSFUL:
                    continue
                result.add(_anonymise(application, moment))
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
    )


def _anonymise(application: Application, moment: datetime.datetime) -> AnonymiseResult:
    applicant_id = application.applicant_id
    for name, blank in PERSONAL_FIELDS.items():
        setattr(application, name, blank)
    application.applicant = None
    application.anonymised_at = moment
    application.save()
    result = AnonymiseResult(applications=1)
    result.employment = application.employment.all().delete()[0]
    result.referees = application.referees.all().delete()[0]
    result.notes = application.notes.all().delete()[0]
    result.equality = EqualityMonitoring.objects.filter(application=application).delete()[0]
    cv = CV.objects.filter(application=application).first()
    if cv is not None:
        _delete_file_on_commit(cv.file)
        cv.delete()
        result.cvs = 1
    # The timeline keeps what happened and when; its words (a withdrawal's reason,
    # HR's reasons, what the applicant was told) go, and so does the applicant as actor.
    timeline = TimelineEntry.objects.filter(application=application)
    result.timeline_entries = timeline.update(reason="", applicant_text="")
    if applicant_id is not None:
        timeline.filter(by_id=applicant_id).update(by=None)
        ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Application),
            object_id=str(application.pk),
            user_id=applicant_id,
        ).update(user=None)
    interviews = Interview.objects.filter(application=application)
    result.interviews = interviews.update(change_reason="")
    if applicant_id is not None:
        interviews.filter(booked_by_id=applicant_id).update(booked_by=None)
    # Panel members' evidence is about the person: only the numbers stay.
    for card in Scorecard.objects.filter(interview__application=application):
        card.scores = [{**row, "evidence": ""} for row in card.scores]
        card.notes = ""
        card.save(update_fields=["scores", "notes", "updated_at"])
        result.scorecards += 1
    # A prepared "Download my data" PDF holds this application's answers too.
    if applicant_id is not None:
        for export in DataExport.objects.filter(user_id=applicant_id):
            if export.file:
                _delete_file_on_commit(export.file)
            export.delete()
            result.data_exports += 1
    common.record(
        application, by=None, action=TimelineAction.ANONYMISED, reason="retention period ended"
    )
    return result


def _delete_file_on_commit(field_file) -> None:
    name, storage = field_file.name, field_file.storage
    # The file goes once the row is gone for good (a rollback keeps both).
    transaction.on_commit(lambda: storage.delete(name))
