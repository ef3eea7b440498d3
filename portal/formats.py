"""Dates and times in the GOV.UK style, for pages, mails and messages alike.

"Tuesday 3 March 2026" and "2:30pm" (with "midday" and "midnight"), always in
the council's time zone. The template filters ``govuk_date`` and ``govuk_time``
are these functions.
"""

import datetime

from django.utils import timezone
from django.utils.dates import MONTHS, WEEKDAYS


def long_date(value) -> str:
    """'Tuesday 3 March 2026'; '' for nothing."""
    if value in (None, ""):
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    # What date_format(value, "l j F Y") gives, without parsing the format each time:
    # a long table prints hundreds of dates.
    return f"{WEEKDAYS[value.weekday()]} {value.day} {MONTHS[value.month]} {value.year:04d}"


def clock_time(value) -> str:
    """'2:30pm', '9am', 'midday', 'midnight'; '' for nothing."""
    if value in (None, ""):
        return ""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    if value.hour == 12 and value.minute == 0:
        return "midday"
    if value.hour == 0 and value.minute == 0:
        return "midnight"
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    if value.minute:
        return f"{hour}:{value.minute:02d}{suffix}"
    return f"{hour}{suffix}"


def date_and_time(moment: datetime.datetime) -> str:
    """'Tuesday 3 March 2026, 2:30pm'."""
    return f"{long_date(moment)}, {clock_time(moment)}"
