"""The fast-track promise, as rules over dates (DOMAIN.md).

An experienced, registered social worker who is fast-tracked is offered an
interview within 5 working days of applying (the routing rule may say its own
number), England and Wales bank holidays excluded. HR are reminded at
``conf.reminder_hour()`` on the working day before it falls due.
"""

import datetime

from portal.calendar import add_working_days, local_datetime, previous_working_day


def due_date(applied_on: datetime.date, working_days: int) -> datetime.date:
    return add_working_days(applied_on, working_days)


def reminder_at(due: datetime.date, *, hour: int) -> datetime.datetime:
    """When HR are reminded: ``hour`` o'clock on the working day before ``due``."""
    return local_datetime(previous_working_day(due), datetime.time(hour))
