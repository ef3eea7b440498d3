"""Rules for interview times: pure functions over times and settings' values.

- An interview is on one working day, within working hours (8am to 6pm by
  default, local time); a bank holiday needs HR to confirm it.
- An interview in person needs a place; a video interview needs a link.
- The applicant may move or cancel up to ``hours`` (24) before it starts; HR
  at any time. Everyone is reminded ``hours`` (24) before.

Clashes with other slots (a panel member or a room already taken) need the
database and are checked by ``recruitment.services.slots``.
"""

import datetime

from django.utils.translation import gettext_lazy as _

from portal.calendar import is_bank_holiday, local_zone
from portal.formats import long_date
from recruitment.choices import InterviewFormat
from recruitment.errors import SlotProblem

# A bulk run of slots covers at most this many days: a year of interviews is already a lot.
BULK_MAX_DAYS = 366


def time_problems(
    *,
    start: datetime.datetime,
    end: datetime.datetime,
    format: str,
    place: str = "",
    video_link: str = "",
    working_hours: tuple[int, int],
    confirm_bank_holiday: bool = False,
) -> list[SlotProblem]:
    """Every rule about its time and place that a slot breaks, as messages HR can act on."""
    if end <= start:
        return [SlotProblem(_("The end time must be after the start time"))]
    problems = []
    zone = local_zone()
    local_start, local_end = start.astimezone(zone), end.astimezone(zone)
    first, last = working_hours
    if (
        local_start.date() != local_end.date()
        or local_start.time() < datetime.time(first)
        or local_end.time() > datetime.time(last)
    ):
        problems.append(
            SlotProblem(
                _("Interviews must be between %(first)s:00 and %(last)s:00 on one day")
                % {"first": first, "last": last}
            )
        )
    day = local_start.date()
    if day.weekday() >= 5:
        problems.append(SlotProblem(_("Interviews cannot be at a weekend")))
    elif is_bank_holiday(day) and not confirm_bank_holiday:
        problems.append(
            SlotProblem(
                _("%(date)s is a bank holiday. Confirm if you still want an interview that day")
                % {"date": long_date(day)},
                needs_confirmation=True,
            )
        )
    if format == InterviewFormat.IN_PERSON and not place.strip():
        problems.append(SlotProblem(_("Enter the place for an interview in person")))
    if format == InterviewFormat.VIDEO and not video_link.strip():
        problems.append(SlotProblem(_("Enter the video link for a video interview")))
    return problems


def bulk_times(
    *,
    first_day: datetime.date,
    last_day: datetime.date,
    weekdays: set[int],
    day_start: datetime.time,
    day_end: datetime.time,
    length_minutes: int,
    gap_minutes: int,
    is_working_day,
):
    """(start, end) of each slot of a bulk run: back to back with a gap, on the chosen
    weekdays that are working days. Wall-clock times, so 10am stays 10am across a
    daylight-saving change."""
    zone = local_zone()
    length = datetime.timedelta(minutes=length_minutes)
    step = length + datetime.timedelta(minutes=gap_minutes)
    day = first_day
    while day <= last_day:
        if day.weekday() in weekdays and is_working_day(day):
            local = datetime.datetime.combine(day, day_start)
            while local + length <= datetime.datetime.combine(day, day_end):
                yield local.replace(tzinfo=zone), (local + length).replace(tzinfo=zone)
                local += step
        day += datetime.timedelta(days=1)


def change_cutoff(start: datetime.datetime, *, hours: int) -> datetime.datetime:
    """After this moment the applicant can no longer move or cancel; HR still can."""
    return start - datetime.timedelta(hours=hours)


def reminder_at(start: datetime.datetime, *, hours: int) -> datetime.datetime:
    """When the applicant and the panel are reminded of an interview."""
    return start - datetime.timedelta(hours=hours)
