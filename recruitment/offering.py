"""When HR may make a conditional offer, which cohorts it may name, and its deadline.

The rules (issue 9, "Offers"):

- An offer is made only to an application that is interviewing, whose interview was
  held (its start time has passed, HR recorded it as held, it was not cancelled) and
  whose every panel member has submitted a scorecard. An application has at most one
  live offer.
- The ASYE, apprenticeship and grow-your-own routes lead into a cohort of that route's
  programme (ASYE: the ASYE or its successor, the Early Career Development Programme),
  one that starts after the offer is made; the experienced route joins no cohort.
- The applicant answers within ``OfferPolicy.response_working_days`` working days of the
  day the letter is sent (10 by default; England and Wales bank holidays excluded), and
  is reminded 3 working days before that deadline. No answer by the end of the
  deadline's day declines the offer by default.

Pure: the callers bring the facts (``selectors.offer_facts``).
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from cms.choices import Route
from cohorts.models import Programme
from portal import calendar
from recruitment.choices import InterviewStatus, Status

REMINDER_WORKING_DAYS_BEFORE = 3
DEFAULT_RESPONSE_WORKING_DAYS = 10

# The programme kinds whose cohorts each route leads into.
COHORT_KINDS: dict[str, tuple[str, ...]] = {
    Route.EXPERIENCED: (),
    Route.ASYE: (Programme.Kind.ASYE, Programme.Kind.ECDP),
    Route.APPRENTICESHIP: (Programme.Kind.APPRENTICESHIP,),
    Route.GROW_YOUR_OWN: (Programme.Kind.GROW_YOUR_OWN,),
}


@dataclass(frozen=True)
class InterviewFacts:
    status: str
    start: datetime.datetime
    panel: frozenset = frozenset()
    # Panel members whose scorecard is submitted.
    scored_by: frozenset = frozenset()


@dataclass(frozen=True)
class OfferFacts:
    status: str
    interviews: tuple[InterviewFacts, ...] = ()
    has_live_offer: bool = False


def refusals(facts: OfferFacts, *, now: datetime.datetime) -> list[str]:
    """Why an offer may not be made now, in HR's words (empty: it may)."""
    reasons = []
    if facts.has_live_offer:
        reasons.append(str(_("This application already has an offer.")))
    if facts.status != Status.INTERVIEWING:
        reasons.append(
            str(_("An offer is made only to an application at interview (this one is '%s')."))
            % Status(facts.status).label
        )
    held = [i for i in facts.interviews if i.status == InterviewStatus.HELD and i.start <= now]
    if not held:
        reasons.append(_interview_missing(facts.interviews, now))
    elif not any(interview.panel and interview.panel <= interview.scored_by for interview in held):
        reasons.append(str(_("Not every panel member has submitted their scorecard yet.")))
    return reasons


def _interview_missing(interviews, now) -> str:
    if any(i.start > now and i.status == InterviewStatus.BOOKED for i in interviews):
        return str(_("The interview has not happened yet."))
    if any(i.status == InterviewStatus.BOOKED for i in interviews):
        return str(_("Record the interview as held first."))
    if any(i.status == InterviewStatus.CANCELLED for i in interviews):
        return str(_("The interview was cancelled: no interview has been held."))
    return str(_("No interview has been held."))


def may_offer(facts: OfferFacts, *, now: datetime.datetime) -> bool:
    return not refusals(facts, now=now)


# Cohorts ----------------------------------------------------------------------------


def needs_cohort(route: str) -> bool:
    return bool(COHORT_KINDS.get(route))


def cohort_kinds(route: str) -> tuple[str, ...]:
    return COHORT_KINDS.get(route, ())


def cohort_refusal(
    *, route: str, kind: str | None, starts: datetime.date | None, offered_on: datetime.date
) -> str:
    """Why this cohort (its programme ``kind`` and start date; None: no cohort) does not fit
    an offer on ``route`` made on ``offered_on``, in HR's words ("" when it fits)."""
    if not needs_cohort(route):
        if kind is not None:
            return str(_("The experienced route joins no cohort: leave the cohort empty."))
        return ""
    if kind is None:
        return str(_("Choose the cohort the new starter will join."))
    if kind not in cohort_kinds(route):
        return str(_("That cohort is not one of this route's programmes."))
    if starts is None or starts <= offered_on:
        return str(_("Choose a cohort that starts after today."))
    return ""


# Deadline and reminder --------------------------------------------------------------


def response_deadline(sent_on: datetime.date, working_days: int) -> datetime.date:
    """The last day to answer: ``working_days`` working days after the letter was sent."""
    return calendar.add_working_days(sent_on, working_days)


def reminder_day(deadline: datetime.date) -> datetime.date:
    """The applicant is reminded 3 working days before the deadline."""
    return calendar.subtract_working_days(deadline, REMINDER_WORKING_DAYS_BEFORE)


def reminder_due(deadline: datetime.date, today: datetime.date) -> bool:
    return reminder_day(deadline) <= today <= deadline


def is_past_deadline(deadline: datetime.date, today: datetime.date) -> bool:
    """The deadline's whole day counts: an answer on that day is in time."""
    return today > deadline
