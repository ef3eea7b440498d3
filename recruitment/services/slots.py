"""Interview slots: HR make them one at a time or in bulk, and remove unbooked ones."""

import dataclasses
import datetime
import logging
from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cms.models import VacancyPage
from portal import audit
from portal.calendar import is_working_day
from portal.models import User
from recruitment import conf, scheduling
from recruitment.choices import InterviewFormat
from recruitment.errors import InterviewError, SlotProblem
from recruitment.models import Application, InterviewSlot

logger = logging.getLogger(__name__)


@dataclasses.dataclass
class SlotDetails:
    vacancy: VacancyPage
    start: datetime.datetime
    end: datetime.datetime
    format: str
    place: str = ""
    video_link: str = ""
    booking_deadline: datetime.datetime | None = None
    bespoke_for: Application | None = None


def slot_problems(
    *,
    start: datetime.datetime,
    end: datetime.datetime,
    format: str,
    place: str = "",
    video_link: str = "",
    panel: Iterable = (),
    confirm_bank_holiday: bool = False,
    exclude_pk=None,
) -> list[SlotProblem]:
    """Every rule a slot breaks, as messages HR can act on. Empty means it may be made."""
    problems = scheduling.time_problems(
        start=start,
        end=end,
        format=format,
        place=place,
        video_link=video_link,
        working_hours=conf.working_hours(),
        confirm_bank_holiday=confirm_bank_holiday,
    )
    if end <= start:
        return problems
    overlapping = InterviewSlot.objects.filter(start__lt=end, end__gt=start)
    if exclude_pk:
        overlapping = overlapping.exclude(pk=exclude_pk)
    panel_ids = [getattr(member, "pk", member) for member in panel]
    if panel_ids:
        busy = (
            overlapping.filter(panel__in=panel_ids)
            .values_list("panel__first_name", "panel__last_name", "panel__email")
            .distinct()
        )
        for first_name, last_name, email in busy:
            name = f"{first_name} {last_name}".strip() or email
            problems.append(
                SlotProblem(_("%(name)s is already on a panel at that time") % {"name": name})
            )
    room = place.strip()
    if (
        format == InterviewFormat.IN_PERSON
        and room
        and overlapping.filter(format=InterviewFormat.IN_PERSON, place__iexact=room).exists()
    ):
        problems.append(
            SlotProblem(
                _("%(place)s is already booked for another interview at that time")
                % {"place": room}
            )
        )
    return problems


def slot_create(
    *, details: SlotDetails, panel: Iterable[User], by: User, confirm_bank_holiday: bool = False
) -> InterviewSlot:
    """Make one slot. Raises SlotProblem (the first rule it breaks)."""
    panel = list(panel)
    if not panel:
        raise SlotProblem(_("Choose at least one panel member"))
    with transaction.atomic():
        problems = slot_problems(
            start=details.start,
            end=details.end,
            format=details.format,
            place=details.place,
            video_link=details.video_link,
            panel=panel,
            confirm_bank_holiday=confirm_bank_holiday,
        )
        if problems:
            raise problems[0]
        slot = InterviewSlot.objects.create(**dataclasses.asdict(details))
        slot.panel.set(panel)
        audit.record(slot, "wagtail.create", by=by)
    logger.info("Interview slot %s made by %s", slot.pk, getattr(by, "pk", None))
    return slot


@dataclasses.dataclass
class BulkResult:
    created: list[InterviewSlot]
    skipped: list[tuple[datetime.datetime, str]]


def slots_bulk_create(
    *,
    vacancy: VacancyPage,
    first_day: datetime.date,
    last_day: datetime.date,
    weekdays: Iterable[int],
    day_start: datetime.time,
    day_end: datetime.time,
    length_minutes: int,
    gap_minutes: int,
    format: str,
    panel: Iterable[User],
    by: User,
    place: str = "",
    video_link: str = "",
    booking_deadline: datetime.datetime | None = None,
) -> BulkResult:
    """Slots on the chosen weekdays between two dates, back to back with a gap.

    Bank holidays are skipped. A slot that clashes is skipped and reported; the
    rest are made. Raises SlotProblem for a run that makes no sense.
    """
    if last_day < first_day:
        raise SlotProblem(_("The last day must be on or after the first day"))
    if length_minutes <= 0:
        raise SlotProblem(_("Enter a length of at least 1 minute"))
    if (last_day - first_day).days > scheduling.BULK_MAX_DAYS:
        raise SlotProblem(_("Make slots for at most a year at a time"))
    panel = list(panel)
    result = BulkResult(created=[], skipped=[])
    times = scheduling.bulk_times(
        first_day=first_day,
        last_day=last_day,
        weekdays=set(weekdays),
        day_start=day_start,
        day_end=day_end,
        length_minutes=length_minutes,
        gap_minutes=gap_minutes,
        is_working_day=is_working_day,
    )
    with transaction.atomic():
        for start, end in times:
            details = SlotDetails(
                vacancy=vacancy,
                start=start,
                end=end,
                format=format,
                place=place,
                video_link=video_link,
                booking_deadline=booking_deadline,
            )
            try:
                result.created.append(slot_create(details=details, panel=panel, by=by))
            except SlotProblem as problem:
                result.skipped.append((start, str(problem.message)))
    return result


def slot_delete(*, slot: InterviewSlot, by: User) -> None:
    """Remove a slot made in error. Raises InterviewError once anyone has booked it."""
    with transaction.atomic():
        slot = InterviewSlot.objects.select_for_update().get(pk=slot.pk)
        if slot.interviews.exists():
            raise InterviewError(
                _(
                    "This slot has been booked, so it cannot be removed. "
                    "Cancel the interview instead."
                )
            )
        audit.record(slot, "wagtail.delete", by=by, deleted=True)
        slot.delete()
    logger.info("Interview slot %s removed by %s", slot.pk, getattr(by, "pk", None))
