"""The staff record's one write path: joining, moving team, leaving, agency vetting and start.

Every function here is keyword-only, validates, writes inside
``transaction.atomic`` under a row lock, and records what it did with
``portal.audit.record`` under one of ``AUDIT_ACTIONS`` (registered from
``portal.wagtail_hooks``), so History says who did what whether the change
came from the back office or from another app (an offer accepted, later).
Each refusal is a ``StaffError`` whose message is fit to show HR.

Rules kept here, on every database: one open record per person; a team move
is a new period, never an overwrite, and periods never overlap (PostgreSQL
refuses it a second time, migration 0004); a leaver keeps every period; an
agency worker has no start date until ``portal.staffing`` finds their vetting
complete, and an NQSW never comes through an agency.
"""

import datetime
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from portal import staffing
from portal.audit import record
from portal.errors import DomainError
from portal.models import (
    AgencyVetting,
    Organisation,
    StaffRecord,
    StaffTeamPeriod,
    Team,
    User,
)


class StaffError(DomainError):
    """A staffing rule says no. ``field`` names the form field it is about, if any."""

    def __init__(self, message, *, field: str | None = None):
        super().__init__(message)
        self.field = field


class OpenRecordExists(StaffError):
    pass


class TeamPeriodOverlap(StaffError):
    pass


class NotAllowed(StaffError):
    pass


class NqswThroughAgency(StaffError):
    pass


class AgencyVettingIncomplete(StaffError):
    pass


CREATED = "portal.staff.create"
CHANGED = "portal.staff.change"
MOVED = "portal.staff.move"
LEFT = "portal.staff.leave"
STARTED = "portal.staff.start"
PROGRESSED = "portal.staff.progress"
VETTING_RECORDED = "portal.vetting.record"

# (action, label in the History filter, message with {names} from the entry's data)
AUDIT_ACTIONS = (
    (CREATED, _("Staff record created"), _("{job_title} ({employment_type}) from {start}")),
    (CHANGED, _("Staff record changed"), _("Changed {changes}")),
    (MOVED, _("Team move"), _("Moved from {from} to {to} on {on}")),
    (LEFT, _("Left"), _("Last day {on}. Reason: {reason}")),
    (STARTED, _("Agency worker started"), _("Started in {team} on {on}, vetting complete")),
    (VETTING_RECORDED, _("Vetting recorded"), _("{item} recorded")),
    (
        PROGRESSED,
        _("Grade changed by a progression panel"),
        _("From {from} to {to} from {on}: panel of {panel}"),
    ),
)


def day_text(day: datetime.date | None) -> str:
    return date_format(day, "j F Y") if day else ""


def minimum_experience_years() -> int:
    return settings.PORTAL_AGENCY_MINIMUM_EXPERIENCE_YEARS


def _locked_staff(staff: StaffRecord) -> StaffRecord:
    return (
        StaffRecord.objects.select_for_update(of=("self",))
        .select_related("person")
        .get(pk=staff.pk)
    )


def _checked(instance, *, exclude: tuple[str, ...] = ()) -> None:
    """The model's own validation (fields, ``clean()``, constraints) as a StaffError."""
    try:
        instance.full_clean(exclude=list(exclude))
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise StaffError(messages[0], field=None if field == "__all__" else field) from error


@contextmanager
def _overlap_refused(message) -> Iterator[None]:
    """A write in its own savepoint; the database refusing it is a TeamPeriodOverlap."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError as error:
        raise TeamPeriodOverlap(message) from error


def current_period(staff: StaffRecord) -> StaffTeamPeriod | None:
    return staff.team_periods.filter(end_date__isnull=True).select_related("team").first()


# Joining -----------------------------------------------------------------------------


def staff_record_create(
    *,
    person: User,
    job_title: str,
    grade: str,
    employment_type: str,
    team: Team | None = None,
    start_date: datetime.date | None = None,
    hours: str = StaffRecord.Hours.FULL_TIME,
    weekly_hours: Decimal | None = None,
    swe_number: str = "",
    agency: Organisation | None = None,
    by: User | None,
) -> StaffRecord:
    """Record that ``person`` works for the council from ``start_date`` in ``team``.

    An agency worker's record is made without a start date or team: record
    their vetting, then ``agency_worker_start``.

    Raises OpenRecordExists (they already have an open record), NqswThroughAgency
    (an ASYE grade through an agency), StaffError (a field refused).
    """
    is_agency = employment_type == StaffRecord.EmploymentType.AGENCY
    if is_agency:
        if grade == StaffRecord.Grade.SOCIAL_WORKER_1:
            raise NqswThroughAgency(
                _(
                    "Newly qualified social workers are never employed through an agency: "
                    "social worker level 1 is the ASYE grade"
                ),
                field="grade",
            )
        if agency is not None and agency.kind != Organisation.Kind.AGENCY:
            raise StaffError(_("Select an employment agency"), field="agency")
        if start_date is not None or team is not None:
            raise NotAllowed(
                _(
                    "Leave the start date and team empty: an agency worker starts only once "
                    "the council's vetting is recorded"
                ),
                field="start_date",
            )
    else:
        if start_date is None:
            raise StaffError(_("Enter the date they start"), field="start_date")
        if team is None:
            raise StaffError(_("Select the team they join"), field="team")
    with transaction.atomic():
        # The person's row is the lock: two records for one person never pass at once.
        User.objects.select_for_update().get(pk=person.pk)
        if StaffRecord.objects.filter(person=person, end_date__isnull=True).exists():
            raise OpenRecordExists(
                _("%(person)s already has an open staff record: record their leaving first")
                % {"person": person.display_name},
                field="person",
            )
        last_end = (
            StaffRecord.objects.filter(person=person)
            .order_by("-end_date")
            .values_list("end_date", flat=True)
            .first()
        )
        if last_end and start_date and start_date <= last_end:
            raise StaffError(
                _("The start date must be after their last day on their previous record, %(day)s")
                % {"day": day_text(last_end)},
                field="start_date",
            )
        staff = StaffRecord(
            person=person,
            job_title=job_title,
            grade=grade,
            employment_type=employment_type,
            agency=agency,
            hours=hours,
            weekly_hours=weekly_hours if hours == StaffRecord.Hours.PART_TIME else None,
            start_date=start_date,
            swe_number=swe_number,
        )
        _checked(staff, exclude=("person",))
        try:
            with transaction.atomic():
                staff.save()
        except IntegrityError as error:
            raise OpenRecordExists(
                _("%(person)s already has an open staff record") % {"person": person},
                field="person",
            ) from error
        if is_agency:
            AgencyVetting.objects.create(staff=staff)
        else:
            StaffTeamPeriod.objects.create(staff=staff, team=team, start_date=start_date)
        record(
            staff,
            CREATED,
            by=by,
            data={
                "job_title": job_title,
                "employment_type": staff.get_employment_type_display(),
                "start": day_text(start_date) or _("when vetted"),
            },
        )
    return staff


def staff_record_change(
    *,
    staff: StaffRecord,
    job_title: str,
    grade: str,
    hours: str,
    weekly_hours: Decimal | None,
    swe_number: str,
    by: User | None,
) -> StaffRecord:
    """Correct or update what a record says about the job (not its team: a move; not
    its type: a new record). Raises NqswThroughAgency, StaffError."""
    with transaction.atomic():
        staff = _locked_staff(staff)
        if staff.is_agency and grade == StaffRecord.Grade.SOCIAL_WORKER_1:
            raise NqswThroughAgency(
                _("Newly qualified social workers are never employed through an agency"),
                field="grade",
            )
        before = {
            "job title": staff.job_title,
            "grade": staff.get_grade_display(),
            "hours": _hours_text(staff),
            "Social Work England number": staff.swe_number or "none",
        }
        staff.job_title = job_title
        staff.grade = grade
        staff.hours = hours
        staff.weekly_hours = weekly_hours if hours == StaffRecord.Hours.PART_TIME else None
        staff.swe_number = swe_number
        _checked(staff)
        after = {
            "job title": staff.job_title,
            "grade": staff.get_grade_display(),
            "hours": _hours_text(staff),
            "Social Work England number": staff.swe_number or "none",
        }
        changes = [(k, before[k], after[k]) for k in before if str(before[k]) != str(after[k])]
        if changes:
            staff.save()
            record(
                staff,
                CHANGED,
                by=by,
                data={"changes": "; ".join(f"{k} from {b} to {a}" for k, b, a in changes)},
            )
    return staff


def _hours_text(staff: StaffRecord) -> str:
    if staff.hours == StaffRecord.Hours.PART_TIME:
        return str(_("part-time, %(hours)s hours") % {"hours": staff.weekly_hours})
    return str(_("full-time"))


# Moving and leaving -----------------------------------------------------------------


def staff_move_team(
    *, staff: StaffRecord, team: Team, on: datetime.date, by: User | None
) -> StaffTeamPeriod:
    """Move a worker to ``team`` from ``on``: their time in the old team ends the day
    before, and stays in their history.

    Raises NotAllowed (not started, left, already in that team, dated on or before
    the day they joined their current team), TeamPeriodOverlap (a period in the way).
    """
    with transaction.atomic():
        staff = _locked_staff(staff)
        if staff.start_date is None:
            raise NotAllowed(
                _("%(person)s has not started yet") % {"person": staff.person.display_name}
            )
        if staff.end_date is not None:
            raise NotAllowed(
                _("%(person)s left on %(day)s: their team history is kept as it was")
                % {"person": staff.person.display_name, "day": day_text(staff.end_date)}
            )
        current = current_period(staff)
        if current is not None and current.team_id == team.pk:
            raise NotAllowed(
                _("%(person)s is already in %(team)s")
                % {"person": staff.person.display_name, "team": team.name},
                field="team",
            )
        if current is not None and on <= current.start_date:
            raise NotAllowed(
                _("The move must be dated after they joined %(team)s on %(day)s")
                % {"team": current.team.name, "day": day_text(current.start_date)},
                field="moved_on",
            )
        if current is None and on < staff.start_date:
            raise NotAllowed(
                _("The move must be dated on or after their start date, %(day)s")
                % {"day": day_text(staff.start_date)},
                field="moved_on",
            )
        if StaffTeamPeriod.objects.filter(staff=staff, end_date__gte=on).exists():
            raise TeamPeriodOverlap(
                _("They were already in a team on %(day)s") % {"day": day_text(on)},
                field="moved_on",
            )
        with _overlap_refused(_("They were already in a team on %(day)s") % {"day": day_text(on)}):
            if current is not None:
                current.end_date = on - datetime.timedelta(days=1)
                current.save(update_fields=["end_date"])
            period = StaffTeamPeriod.objects.create(staff=staff, team=team, start_date=on)
        record(
            staff,
            MOVED,
            by=by,
            data={
                "from": current.team.name if current else _("no team"),
                "to": team.name,
                "on": day_text(on),
            },
        )
    return period


def staff_record_leave(
    *,
    staff: StaffRecord,
    on: datetime.date,
    reason: str,
    note: str = "",
    by: User | None,
) -> StaffRecord:
    """Record a worker's last day; their record and team history are kept.

    Raises NotAllowed (not started, already left, a last day before their start or
    their current team's first day), StaffError (an unknown reason).
    """
    if reason not in StaffRecord.LeavingReason.values:
        raise StaffError(_("Select why they left"), field="leaving_reason")
    with transaction.atomic():
        staff = _locked_staff(staff)
        if staff.start_date is None:
            raise NotAllowed(
                _("%(person)s never started, so there is no last day to record")
                % {"person": staff.person.display_name}
            )
        if staff.end_date is not None:
            raise NotAllowed(
                _("%(person)s already left on %(day)s")
                % {"person": staff.person.display_name, "day": day_text(staff.end_date)}
            )
        current = current_period(staff)
        first_possible = current.start_date if current else staff.start_date
        if on < first_possible:
            raise NotAllowed(
                _("The last day must be on or after %(day)s") % {"day": day_text(first_possible)},
                field="end_date",
            )
        staff.end_date = on
        staff.leaving_reason = reason
        staff.leaving_note = note
        _checked(staff)
        staff.save(update_fields=["end_date", "leaving_reason", "leaving_note"])
        if current is not None:
            current.end_date = on
            current.save(update_fields=["end_date"])
        record(
            staff,
            LEFT,
            by=by,
            data={"on": day_text(on), "reason": staff.get_leaving_reason_display()},
        )
    return staff


# Agency workers -----------------------------------------------------------------------

VETTING_ITEMS: Mapping[str, tuple[str, ...]] = {
    "registration": ("registration_checked_on",),
    "qualification": ("qualification", "qualified_on", "in_asye"),
    "interview": ("interviewed_on",),
    "dbs": ("dbs_certificate_number", "dbs_issued_on", "dbs_barred_list_checked", "dbs_outcome"),
    "references": (
        "first_referee",
        "first_reference_received_on",
        "second_referee",
        "second_reference_received_on",
    ),
}
VETTING_ITEM_NAMES = {
    "registration": _("Social Work England registration"),
    "qualification": _("Qualification and experience"),
    "interview": _("Council interview"),
    "dbs": _("The council's own enhanced DBS check"),
    "references": _("References"),
}
DATES_NOT_IN_THE_FUTURE = (
    "registration_checked_on",
    "qualified_on",
    "interviewed_on",
    "dbs_issued_on",
    "first_reference_received_on",
    "second_reference_received_on",
)


def vetting_facts(vetting: AgencyVetting) -> staffing.VettingFacts:
    references = sum(
        1
        for referee, received in (
            (vetting.first_referee, vetting.first_reference_received_on),
            (vetting.second_referee, vetting.second_reference_received_on),
        )
        if referee and received
    )
    return staffing.VettingFacts(
        swe_number=vetting.staff.swe_number,
        registration_checked_on=vetting.registration_checked_on,
        qualified_on=vetting.qualified_on,
        in_asye=vetting.in_asye,
        interviewed_on=vetting.interviewed_on,
        dbs_certificate_number=vetting.dbs_certificate_number,
        dbs_issued_on=vetting.dbs_issued_on,
        dbs_barred_list_checked=vetting.dbs_barred_list_checked,
        dbs_outcome=vetting.dbs_outcome,
        references_received=references,
    )


def agency_vetting_record(
    *,
    vetting: AgencyVetting,
    item: str,
    values: Mapping[str, object],
    swe_number: str | None = None,
    by: User | None,
) -> AgencyVetting:
    """Record one item of an agency worker's vetting (``VETTING_ITEMS``), with who and when.

    ``values`` holds that item's fields; ``swe_number`` (for "registration") is kept
    on the staff record. Raises NotAllowed (an unknown item or field, a date in
    the future, the worker already started), NqswThroughAgency (less than the
    minimum experience, or in the ASYE), StaffError (a field refused).
    """
    fields = VETTING_ITEMS.get(item)
    if fields is None or set(values) - set(fields):
        raise NotAllowed(_("That is not an item of the vetting"))
    today = timezone.localdate()
    for name in DATES_NOT_IN_THE_FUTURE:
        value = values.get(name)
        if isinstance(value, datetime.date) and value > today:
            raise NotAllowed(_("The date must be today or in the past"), field=name)
    with transaction.atomic():
        staff = _locked_staff(vetting.staff)
        vetting = AgencyVetting.objects.select_for_update().get(pk=vetting.pk)
        vetting.staff = staff
        if staff.start_date is not None:
            raise NotAllowed(
                _("%(person)s has started: the vetting is kept as it was when they started")
                % {"person": staff.person.display_name}
            )
        for name, value in values.items():
            setattr(vetting, name, value)
        if item == "registration" and swe_number is not None:
            staff.swe_number = swe_number
            _checked(staff)
            staff.save(update_fields=["swe_number"])
        if item == "qualification":
            refusal = staffing.nqsw_refusal(
                qualified_on=vetting.qualified_on,
                in_asye=vetting.in_asye,
                on=today,
                minimum_years=minimum_experience_years(),
            )
            if refusal:
                raise NqswThroughAgency(refusal, field="qualified_on")
        _checked(vetting, exclude=("staff",))
        setattr(vetting, f"{item}_recorded_by", by if getattr(by, "pk", None) else None)
        setattr(vetting, f"{item}_recorded_at", timezone.now())
        vetting.save()
        record(vetting, VETTING_RECORDED, by=by, data={"item": VETTING_ITEM_NAMES[item]})
    return vetting


def agency_worker_start(
    *, staff: StaffRecord, team: Team, on: datetime.date, by: User | None
) -> StaffRecord:
    """An agency worker starts in ``team`` on ``on``: only once each vetting item is recorded.

    Raises NotAllowed (not an agency worker, already started or left),
    NqswThroughAgency, AgencyVettingIncomplete (names what is missing).
    """
    with transaction.atomic():
        staff = _locked_staff(staff)
        if not staff.is_agency:
            raise NotAllowed(_("Only an agency worker's start waits for vetting"))
        if staff.start_date is not None:
            raise NotAllowed(
                _("%(person)s already started on %(day)s")
                % {"person": staff.person.display_name, "day": day_text(staff.start_date)}
            )
        vetting = AgencyVetting.objects.select_for_update().get(staff=staff)
        vetting.staff = staff
        facts = vetting_facts(vetting)
        minimum = minimum_experience_years()
        nqsw = staffing.nqsw_refusal(
            qualified_on=facts.qualified_on, in_asye=facts.in_asye, on=on, minimum_years=minimum
        )
        if nqsw:
            raise NqswThroughAgency(nqsw)
        refusal = staffing.start_refusal(facts, on=on, minimum_years=minimum)
        if refusal:
            raise AgencyVettingIncomplete(refusal, field="start_date")
        staff.start_date = on
        staff.save(update_fields=["start_date"])
        StaffTeamPeriod.objects.create(staff=staff, team=team, start_date=on)
        record(staff, STARTED, by=by, data={"team": team.name, "on": day_text(on)})
    return staff


# Progression ------------------------------------------------------------------------


def staff_grade_progress(
    *,
    staff: StaffRecord,
    grade: str,
    on: datetime.date,
    panel_on: datetime.date,
    by: User | None,
) -> StaffRecord:
    """A progression panel's decision takes effect: the record's grade becomes ``grade``
    from ``on``, and History says so. The one way a panel changes a grade
    (``cohorts.services.progression.decision_record`` calls it).

    Raises NotAllowed (left, already at that grade, an unknown grade, a date before
    the panel or before their current grade began).
    """
    with transaction.atomic():
        staff = _locked_staff(staff)
        if staff.end_date is not None:
            raise NotAllowed(
                _("%(person)s left on %(day)s")
                % {"person": staff.person.display_name, "day": day_text(staff.end_date)}
            )
        if grade not in StaffRecord.Grade.values:
            raise NotAllowed(_("Choose a grade"), field="new_grade")
        if grade == staff.grade:
            raise NotAllowed(
                _("%(person)s is already at that grade") % {"person": staff.person.display_name},
                field="new_grade",
            )
        if on < panel_on:
            raise NotAllowed(
                _("The new grade must take effect on or after the panel date"),
                field="effective_on",
            )
        if staff.grade_since and on <= staff.grade_since:
            raise NotAllowed(
                _("The new grade must take effect after %(day)s, when their grade last changed")
                % {"day": day_text(staff.grade_since)},
                field="effective_on",
            )
        before = staff.get_grade_display()
        staff.grade = grade
        staff.grade_since = on
        staff.save(update_fields=["grade", "grade_since"])
        record(
            staff,
            PROGRESSED,
            by=by,
            data={
                "from": str(before),
                "to": str(staff.get_grade_display()),
                "on": day_text(on),
                "panel": day_text(panel_on),
            },
        )
    return staff
