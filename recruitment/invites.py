"""iCalendar invites for interviews: one event per interview, updated in place.

Every booking of an interview keeps the first booking's UID; SEQUENCE rises on
each move or cancellation, so calendar programs replace the event they hold.
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

from portal.calendar import local_zone
from recruitment.choices import InterviewFormat
from recruitment.models import Interview

PRODID = "-//Children's social care recruitment portal//Interviews//EN"


def interview_calendar(interview: Interview, *, method: str, attendees: list[str]) -> bytes:
    """The .ics file for one interview, METHOD REQUEST (book, move) or CANCEL."""
    slot = interview.slot
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = Event()
    event.add("uid", interview.uid)
    event.add("sequence", interview.sequence)
    event.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    event.add("dtstart", timezone.localtime(slot.start, local_zone()))
    event.add("dtend", timezone.localtime(slot.end, local_zone()))
    event.add(
        "summary",
        _("Interview: %(vacancy)s") % {"vacancy": interview.application.vacancy.title},
    )
    if slot.format == InterviewFormat.IN_PERSON:
        event.add("location", vText(slot.place))
    elif slot.format == InterviewFormat.VIDEO:
        event.add("location", vText(slot.video_link))
        event.add("url", slot.video_link)
    description = [str(slot.get_format_display()), slot.where]
    event.add("description", "\n".join(part for part in description if part))
    event.add("status", "CANCELLED" if method == "CANCEL" else "CONFIRMED")
    organiser = vCalAddress("MAILTO:recruitment@portal.invalid")
    event.add("organizer", organiser)
    for email in attendees:
        event.add(
            "attendee", vCalAddress(f"MAILTO:{email}"), parameters={"ROLE": "REQ-PARTICIPANT"}
        )
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
