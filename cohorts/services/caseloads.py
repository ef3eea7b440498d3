"""Caseload counts: entered by team managers or imported from a CSV, and the breaches they make.

A count is per worker and day (a number only). A second count for the same day
replaces the first, and the history says so. After each write, the worker's
current enrolments with a cap are checked (``cohorts.caseload_rules``): a count
over the cap opens a breach, a later one within it closes it, and a new breach
is mailed once, after the commit, by ``cohorts.tasks.send_caseload_breach``.
"""

import csv
import datetime
import io
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cohorts import caseload_rules, tasks
from cohorts.models import (
    CASELOAD_MAX,
    CaseloadBreach,
    CaseloadCount,
    CaseloadImport,
    Enrolment,
    EnrolmentPause,
)
from cohorts.services.common import (
    CASELOAD_IMPORTED,
    CASELOAD_RECORDED,
    CASELOAD_REPLACED,
    CohortsError,
    day_text,
)
from portal import audit
from portal.models import StaffRecord
from portal.uploads import check_name

IMPORT_MAX_BYTES = 5 * 1024 * 1024
IMPORT_MAX_ROWS = 50_000


def _check(count, day: datetime.date, today: datetime.date) -> None:
    if not isinstance(count, int) or not 0 <= count <= CASELOAD_MAX:
        raise CohortsError(
            _("Enter a number of cases from 0 to %(max)s") % {"max": CASELOAD_MAX}, field="count"
        )
    if day > today:
        raise CohortsError(_("The date must be today or in the past"), field="date")


def caseload_record(
    *, person, day: datetime.date, count: int, by, today: datetime.date | None = None
) -> CaseloadCount:
    """Record ``person``'s ``count`` on ``day``, replacing a count for that day.

    Raises CohortsError for a count outside 0 to 200 or a date in the future.
    """
    today = today or timezone.localdate()
    _check(count, day, today)
    with transaction.atomic():
        row = CaseloadCount.objects.select_for_update().filter(person=person, date=day).first()
        if row is None:
            row = CaseloadCount.objects.create(person=person, date=day, count=count, entered_by=by)
            audit.record(
                row, CASELOAD_RECORDED, by=by, data={"count": count, "date": day_text(day)}
            )
        elif row.count != count or row.source != CaseloadCount.Source.ENTERED:
            was = row.count
            row.count, row.entered_by = count, by
            row.source, row.source_import = CaseloadCount.Source.ENTERED, None
            row.save()
            audit.record(
                row,
                CASELOAD_REPLACED,
                by=by,
                data={"count": count, "date": day_text(day), "was": was},
            )
        update_breaches([person.pk], today=today)
    return row


def update_breaches(person_ids, *, today: datetime.date | None = None) -> list[CaseloadBreach]:
    """Open or close the breaches of these people's current enrolments from their latest count.

    A fixed number of queries whatever the number of people. Returns the breaches
    opened; each is mailed once after the commit.
    """
    today = today or timezone.localdate()
    enrolments = list(
        Enrolment.objects.filter(member_id__in=person_ids, status__in=Enrolment.CURRENT_STATUSES)
        .select_related("cohort__programme")
        .prefetch_related(
            Prefetch("pauses", queryset=EnrolmentPause.objects.all(), to_attr="pause_list"),
            Prefetch(
                "caseload_breaches",
                queryset=CaseloadBreach.objects.filter(ended_on__isnull=True),
                to_attr="open_breaches",
            ),
        )
    )
    enrolments = [
        e
        for e in enrolments
        if e.cohort.programme.caseload_cap is not None or e.cohort.programme.caseload_cap_phases
    ]
    if not enrolments:
        return []
    latest = {}
    for row in (
        CaseloadCount.objects.filter(person_id__in={e.member_id for e in enrolments})
        .order_by("person_id", "-date")
        .values("person_id", "date", "count")
    ):
        latest.setdefault(row["person_id"], row)
    opened, closing = [], []
    for enrolment in enrolments:
        row = latest.get(enrolment.member_id)
        if row is None or row["date"] < enrolment.start_date:
            continue
        cap = caseload_rules.cap_on(enrolment, row["date"], enrolment.pause_list)
        open_breach = enrolment.open_breaches[0] if enrolment.open_breaches else None
        move = caseload_rules.breach_move(
            count=row["count"], cap=cap, has_open_breach=open_breach is not None
        )
        if move.start:
            opened.append(
                CaseloadBreach(
                    enrolment=enrolment, count=row["count"], cap=cap, started_on=row["date"]
                )
            )
        elif move.end:
            open_breach.ended_on = row["date"]
            closing.append(open_breach)
        elif open_breach is not None and row["count"] != open_breach.count:
            # Still over: the breach shows the latest count.
            open_breach.count = row["count"]
            closing.append(open_breach)
    if closing:
        CaseloadBreach.objects.bulk_update(closing, ["ended_on", "count"])
    if opened:
        CaseloadBreach.objects.bulk_create(opened)
        opened = list(
            CaseloadBreach.objects.filter(
                enrolment__in=[b.enrolment for b in opened], ended_on__isnull=True
            )
        )
        for breach in opened:
            transaction.on_commit(lambda pk=breach.pk: tasks.send_caseload_breach.enqueue(pk))
    return opened


# The CSV import -------------------------------------------------------------------


def check_csv(upload) -> bytes:
    """The file's bytes if it is a text CSV within the size limit; else ValidationError."""
    check_name(upload.name)
    if upload.size == 0:
        raise ValidationError(_("The selected file is empty"), code="empty")
    if upload.size > IMPORT_MAX_BYTES:
        raise ValidationError(_("The selected file must be smaller than 5MB"), code="size")
    upload.seek(0)
    data = upload.read()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError(_("The selected file must be a CSV file"), code="type") from error
    if "\x00" in text or not text.strip():
        raise ValidationError(_("The selected file must be a CSV file"), code="type")
    header = next(csv.reader(io.StringIO(text)), [])
    if {"worker", "date", "count"} - {h.strip().lower() for h in header}:
        raise ValidationError(
            _('The first row must name the columns "worker", "date" and "count"'), code="header"
        )
    return data


def _parse_date(text: str) -> datetime.date | None:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def _worker_index(keys: set[str]) -> dict[str, int]:
    """Worker id (staff record id, email or SWE number, lower case) → person id; 2 queries."""
    uuids = []
    for key in keys:
        try:
            uuids.append(uuid.UUID(key))
        except ValueError:
            continue
    index: dict[str, int] = {}
    records = StaffRecord.objects.filter(end_date__isnull=True)
    for public_id, person_id in records.filter(public_id__in=uuids).values_list(
        "public_id", "person_id"
    ):
        index[str(public_id)] = person_id
    upper = [k.upper() for k in keys if k.upper().startswith("SW")]
    for swe, person_id in records.filter(swe_number__in=upper).values_list(
        "swe_number", "person_id"
    ):
        index[swe.lower()] = person_id
    from django.contrib.auth import get_user_model

    emails = [k for k in keys if "@" in k]
    for person_id, email in (
        get_user_model().objects.filter(email__in=emails).values_list("pk", "email")
    ):
        index[email.lower()] = person_id
    return index


def import_read(row: CaseloadImport, *, today: datetime.date | None = None, step: int = 1000):
    """Read the file into ``row.preview``: every row accepted and every row refused, with why.

    Nothing is saved but the preview and the progress (``done_rows``), written
    every ``step`` rows so the progress page can show how far it has got.
    """
    today = today or timezone.localdate()
    with row.file.open("rb") as handle:
        text = handle.read().decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(text))
    reader.fieldnames = [(name or "").strip().lower() for name in reader.fieldnames or []]
    lines = list(reader)[:IMPORT_MAX_ROWS]
    row.status, row.total_rows, row.done_rows = CaseloadImport.Status.READING, len(lines), 0
    row.save(update_fields=["status", "total_rows", "done_rows"])
    index = _worker_index({(line.get("worker") or "").strip().lower() for line in lines})
    accepted, rejected, seen = [], [], set()
    for number, line in enumerate(lines, start=2):
        worker = (line.get("worker") or "").strip()
        date_text = (line.get("date") or "").strip()
        count_text = (line.get("count") or "").strip()
        person_id = index.get(worker.lower())
        day = _parse_date(date_text)
        reason = None
        if person_id is None:
            reason = _("No worker with this staff id, email or Social Work England number")
        elif day is None:
            reason = _("The date must be a real date, like 2026-03-03 or 03/03/2026")
        elif day > today:
            reason = _("The date is in the future")
        elif not count_text.isdigit():
            reason = _("The count must be a whole number of cases, 0 or more")
        elif int(count_text) > CASELOAD_MAX:
            reason = _("The count must be %(max)s or fewer") % {"max": CASELOAD_MAX}
        elif (person_id, day) in seen:
            reason = _("The same worker and date appear earlier in the file")
        entry = {"line": number, "worker": worker[:100], "date": date_text[:20]}
        if reason is None:
            seen.add((person_id, day))
            accepted.append(
                entry | {"person": person_id, "day": day.isoformat(), "count": int(count_text)}
            )
        else:
            rejected.append(entry | {"count": count_text[:20], "reason": str(reason)})
        if number % step == 0:
            CaseloadImport.objects.filter(pk=row.pk).update(done_rows=number - 1)
    row.preview = {"accepted": accepted, "rejected": rejected}
    row.done_rows, row.status = len(lines), CaseloadImport.Status.PREVIEW
    row.save(update_fields=["preview", "done_rows", "status"])
    return row


def import_save(row: CaseloadImport, *, by=None, today: datetime.date | None = None) -> None:
    """Save the accepted rows in bulk: new counts created, changed ones replaced, same ones left.

    Saving the same file again changes nothing. A fixed number of queries per
    1,000 rows.
    """
    accepted = row.preview.get("accepted", [])
    wanted = {(a["person"], datetime.date.fromisoformat(a["day"])): a["count"] for a in accepted}
    people = {person for person, _day in wanted}
    days = {day for _person, day in wanted}
    with transaction.atomic():
        existing = {
            (c.person_id, c.date): c
            for c in CaseloadCount.objects.filter(person_id__in=people, date__in=days).only(
                "pk", "person_id", "date", "count"
            )
        }
        creates, updates = [], []
        for (person, day), count in wanted.items():
            current = existing.get((person, day))
            if current is None:
                creates.append(
                    CaseloadCount(
                        person_id=person,
                        date=day,
                        count=count,
                        source=CaseloadCount.Source.IMPORT,
                        source_import=row,
                        entered_by=by,
                    )
                )
            elif current.count != count:
                current.count, current.source = count, CaseloadCount.Source.IMPORT
                current.source_import, current.entered_by = row, by
                updates.append(current)
        CaseloadCount.objects.bulk_create(creates, batch_size=1000)
        CaseloadCount.objects.bulk_update(
            updates, ["count", "source", "source_import", "entered_by"], batch_size=1000
        )
        row.saved_count = len(creates) + len(updates)
        row.unchanged_count = len(wanted) - row.saved_count
        row.status, row.done_rows = CaseloadImport.Status.SAVED, row.total_rows
        row.saved_at = timezone.now()
        row.save(
            update_fields=["saved_count", "unchanged_count", "status", "done_rows", "saved_at"]
        )
        audit.record(
            row,
            CASELOAD_IMPORTED,
            by=by,
            data={"saved": row.saved_count, "unchanged": row.unchanged_count},
        )
        changed = {c.person_id for c in creates} | {c.person_id for c in updates}
        if changed:
            update_breaches(changed, today=today)
