"""An application's life: its statuses, what the applicant reads, and its answers' choices.

The routes themselves (``cms.choices.Route``) are shared with the public site.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    FAST_TRACKED = "fast_tracked", _("Fast-tracked")
    AWAITING_SHORTLISTING = "awaiting_shortlisting", _("Awaiting shortlisting")
    SHORTLISTED = "shortlisted", _("Shortlisted")
    INTERVIEWING = "interviewing", _("Interviewing")
    OFFERED = "offered", _("Offered")
    CONDITIONS_PENDING = "conditions_pending", _("Conditions pending")
    RECRUITED = "recruited", _("Recruited")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    OFFER_DECLINED = "offer_declined", _("Offer declined")
    OFFER_WITHDRAWN = "offer_withdrawn", _("Offer withdrawn")


# What the applicant reads, in their words, and the tag colour.
APPLICANT_STATUS = {
    Status.DRAFT: (_("Not submitted yet"), "grey"),
    Status.SUBMITTED: (_("Received"), "blue"),
    Status.FAST_TRACKED: (_("We are arranging your interview"), "turquoise"),
    Status.AWAITING_SHORTLISTING: (_("We are looking at your application"), "blue"),
    Status.SHORTLISTED: (_("You have been shortlisted"), "green"),
    Status.INTERVIEWING: (_("Interview"), "turquoise"),
    Status.OFFERED: (_("We have offered you the job"), "green"),
    Status.CONDITIONS_PENDING: (_("We are doing pre-employment checks"), "yellow"),
    Status.RECRUITED: (_("You have the job"), "green"),
    Status.REJECTED: (_("Unsuccessful"), "red"),
    Status.WITHDRAWN: (_("You withdrew this application"), "grey"),
    Status.OFFER_DECLINED: (_("You declined the offer"), "grey"),
    Status.OFFER_WITHDRAWN: (_("Offer withdrawn"), "red"),
}

TERMINAL = frozenset(
    {
        Status.RECRUITED,
        Status.REJECTED,
        Status.WITHDRAWN,
        Status.OFFER_DECLINED,
        Status.OFFER_WITHDRAWN,
    }
)

# Decisions after which the applicant was not recruited: their personal data goes after
# the retention period. (Offers are not built yet; their statuses are in the state
# machine, so they count as soon as offers use them.)
UNSUCCESSFUL = frozenset(
    {Status.REJECTED, Status.WITHDRAWN, Status.OFFER_DECLINED, Status.OFFER_WITHDRAWN}
)

# Before screening starts, an applicant may still change their answers.
BEFORE_SCREENING = frozenset({Status.SUBMITTED, Status.FAST_TRACKED, Status.AWAITING_SHORTLISTING})

# The whole state machine: from -> the states it may move to.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.DRAFT: frozenset({Status.SUBMITTED}),
    Status.SUBMITTED: frozenset(
        {Status.FAST_TRACKED, Status.AWAITING_SHORTLISTING, Status.WITHDRAWN}
    ),
    Status.FAST_TRACKED: frozenset(
        {Status.INTERVIEWING, Status.AWAITING_SHORTLISTING, Status.REJECTED, Status.WITHDRAWN}
    ),
    Status.AWAITING_SHORTLISTING: frozenset(
        {Status.SHORTLISTED, Status.FAST_TRACKED, Status.REJECTED, Status.WITHDRAWN}
    ),
    Status.SHORTLISTED: frozenset({Status.INTERVIEWING, Status.REJECTED, Status.WITHDRAWN}),
    Status.INTERVIEWING: frozenset({Status.OFFERED, Status.REJECTED, Status.WITHDRAWN}),
    Status.OFFERED: frozenset(
        {Status.CONDITIONS_PENDING, Status.OFFER_DECLINED, Status.OFFER_WITHDRAWN}
    ),
    Status.CONDITIONS_PENDING: frozenset(
        {Status.RECRUITED, Status.OFFER_DECLINED, Status.OFFER_WITHDRAWN}
    ),
    Status.RECRUITED: frozenset(),
    Status.REJECTED: frozenset(),
    Status.WITHDRAWN: frozenset(),
    Status.OFFER_DECLINED: frozenset(),
    Status.OFFER_WITHDRAWN: frozenset(),
}


class SweStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered with Social Work England")
    NOT_YET = "not_yet", _("Not yet registered")


class AsyeStatus(models.TextChoices):
    COMPLETED = "completed", _("I have completed the ASYE")
    IN_PROGRESS = "in_progress", _("I am doing the ASYE now")
    NOT_STARTED = "not_started", _("I have not started the ASYE")
    NOT_APPLICABLE = "not_applicable", _("I am not a qualified social worker")


class RightToWork(models.TextChoices):
    YES = "yes", _("Yes")
    NEEDS_SPONSORSHIP = "sponsorship", _("No, I would need visa sponsorship")
    NO = "no", _("No")


class HeardAbout(models.TextChoices):
    COUNCIL_WEBSITE = "council_website", _("The council's website")
    JOB_BOARD = "job_board", _("A job board")
    SOCIAL_MEDIA = "social_media", _("Social media")
    PRESS = "press", _("Newspaper or trade press")
    UNIVERSITY = "university", _("My university")
    WORD_OF_MOUTH = "word_of_mouth", _("Someone told me")
    AGENCY = "agency", _("An employment agency")
    OTHER = "other", _("Somewhere else")


class WithdrawalReason(models.TextChoices):
    ANOTHER_JOB = "another_job", _("I have accepted another job")
    CIRCUMSTANCES = "circumstances", _("My circumstances have changed")
    NOT_RIGHT = "not_right", _("The job is not right for me")
    OTHER = "other", _("Another reason")


class TimelineAction(models.TextChoices):
    """What happened to an application, in HR's words (the timeline and the admin's History)."""

    STARTED = "started", _("Started the application")
    SUBMITTED = "submitted", _("Submitted")
    ROUTED = "routed", _("Application routed")
    REROUTED = "re-routed", _("Routed again")
    REROUTED_AFTER_CHANGES = "re-routed after changes", _("Routed again after changed answers")
    CHANGED_ANSWERS = "changed answers", _("Changed answers")
    MOVED = "moved", _("Status changed")
    ROUTE_MOVED = "route moved", _("Route changed")
    INTERVIEW_OFFERED = "interview offered", _("Interview offered")
    INTERVIEW_BOOKED = "interview booked", _("Interview booked")
    INTERVIEW_MOVED = "interview moved", _("Interview moved")
    INTERVIEW_CANCELLED = "interview cancelled", _("Interview cancelled")
    INTERVIEW_HELD = "interview held", _("Interview held")
    INTERVIEW_NO_SHOW = "interview no-show", _("Did not attend the interview")
    REJECTED = "rejected", _("Rejected")
    GUARANTEED_INTERVIEW_OVERRIDDEN = (
        "guaranteed interview overridden",
        _("Rejected before interview under the guaranteed interview scheme"),
    )
    WITHDRAWN = "withdrawn", _("Withdrawn by the applicant")
    OFFER_MADE = "offer made", _("Conditional offer drafted")
    OFFER_SENT = "offer sent", _("Offer letter sent")
    OFFER_SEND_FAILED = "offer send failed", _("Offer letter could not be sent")
    OFFER_ACCEPTED = "offer accepted", _("Offer accepted")
    OFFER_DECLINED = "offer declined", _("Offer declined")
    OFFER_LAPSED = "offer lapsed", _("Offer declined by default (no answer by the deadline)")
    OFFER_WITHDRAWN = "offer withdrawn", _("Offer withdrawn")
    REFERENCE_REQUESTED = "reference requested", _("Reference requested")
    REFERENCE_RECEIVED = "reference received", _("Reference received")
    REFERENCE_DECLINED = "reference declined", _("Referee declined to give a reference")
    REFERENCE_ASSESSED = "reference assessed", _("Reference assessed")
    REFEREE_CHANGED = "referee changed", _("Referee changed")
    CHECK_RECORDED = "check recorded", _("Pre-employment check recorded")
    OFFER_UNCONDITIONAL = "offer unconditional", _("Offer unconditional: every condition met")
    STARTED_WORK = "started work", _("Started work")
    ANONYMISED = "anonymised", _("Personal data removed")


# Interviews ---------------------------------------------------------------------


class InterviewFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    VIDEO = "video", _("Video call")
    PHONE = "phone", _("Phone call")


class InterviewStatus(models.TextChoices):
    BOOKED = "booked", _("Booked")
    MOVED = "moved", _("Moved to another time")
    CANCELLED = "cancelled", _("Cancelled")
    HELD = "held", _("Held")
    NO_SHOW = "no_show", _("Did not attend")


# A slot holds at most one of these at a time, and an application at most one.
ACTIVE_INTERVIEW = (InterviewStatus.BOOKED, InterviewStatus.HELD)

# An interview's life: booked, then moved (a new booking takes over), cancelled, held
# or missed. HR may correct "held" and "did not attend" into each other afterwards.
INTERVIEW_TRANSITIONS: dict[str, frozenset[str]] = {
    InterviewStatus.BOOKED: frozenset(
        {
            InterviewStatus.MOVED,
            InterviewStatus.CANCELLED,
            InterviewStatus.HELD,
            InterviewStatus.NO_SHOW,
        }
    ),
    InterviewStatus.HELD: frozenset({InterviewStatus.NO_SHOW}),
    InterviewStatus.NO_SHOW: frozenset({InterviewStatus.HELD}),
    InterviewStatus.MOVED: frozenset(),
    InterviewStatus.CANCELLED: frozenset(),
}


class Recommendation(models.TextChoices):
    APPOINT = "appoint", _("Appoint")
    APPOINT_WITH_SUPPORT = "appoint_with_support", _("Appoint with support")
    DO_NOT_APPOINT = "do_not_appoint", _("Do not appoint")


class DataExportState(models.TextChoices):
    PREPARING = "preparing", _("Preparing")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


# Offers -------------------------------------------------------------------------


class OfferState(models.TextChoices):
    """An offer's life. HR draft and preview it; the worker renders and mails the letter
    (``sending``); a failure leaves it ``send_failed`` with the reason, never half sent."""

    DRAFT = "draft", _("Not sent yet")
    SENDING = "sending", _("Letter being sent")
    SEND_FAILED = "send_failed", _("Letter not sent")
    SENT = "sent", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted: conditions pending")
    UNCONDITIONAL = "unconditional", _("Unconditional")
    DECLINED = "declined", _("Declined")
    LAPSED = "lapsed", _("Declined by default")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# An application has at most one offer in these states.
LIVE_OFFER = (
    OfferState.DRAFT,
    OfferState.SENDING,
    OfferState.SEND_FAILED,
    OfferState.SENT,
    OfferState.ACCEPTED,
    OfferState.UNCONDITIONAL,
)

OFFER_TRANSITIONS: dict[str, frozenset[str]] = {
    OfferState.DRAFT: frozenset({OfferState.SENDING, OfferState.WITHDRAWN}),
    OfferState.SENDING: frozenset({OfferState.SENT, OfferState.SEND_FAILED}),
    OfferState.SEND_FAILED: frozenset({OfferState.SENDING, OfferState.WITHDRAWN}),
    OfferState.SENT: frozenset(
        {OfferState.ACCEPTED, OfferState.DECLINED, OfferState.LAPSED, OfferState.WITHDRAWN}
    ),
    OfferState.ACCEPTED: frozenset(
        {OfferState.UNCONDITIONAL, OfferState.DECLINED, OfferState.WITHDRAWN}
    ),
    OfferState.UNCONDITIONAL: frozenset({OfferState.WITHDRAWN}),
    OfferState.DECLINED: frozenset(),
    OfferState.LAPSED: frozenset(),
    OfferState.WITHDRAWN: frozenset(),
}


# References ---------------------------------------------------------------------


class ReferenceState(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    RECEIVED = "received", _("Received")
    DECLINED = "declined", _("Referee declined")
    # HR changed the referee: this request's link no longer works.
    REPLACED = "replaced", _("Referee changed")


REFERENCE_TRANSITIONS: dict[str, frozenset[str]] = {
    ReferenceState.REQUESTED: frozenset(
        {ReferenceState.RECEIVED, ReferenceState.DECLINED, ReferenceState.REPLACED}
    ),
    ReferenceState.RECEIVED: frozenset({ReferenceState.REPLACED}),
    ReferenceState.DECLINED: frozenset({ReferenceState.REPLACED}),
    ReferenceState.REPLACED: frozenset(),
}


class Suitability(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    DO_NOT_KNOW = "do_not_know", _("I cannot say")


# Pre-employment checks ----------------------------------------------------------


class CheckKind(models.TextChoices):
    SWE_REGISTRATION = "swe_registration", _("Social Work England registration verified")
    DBS = "dbs", _("Enhanced DBS with the children's barred list")
    REFERENCES = "references", _("References")
    RIGHT_TO_WORK = "right_to_work", _("Right to work in the UK")
    OCCUPATIONAL_HEALTH = "occupational_health", _("Occupational health clearance")
    QUALIFICATION = "qualification", _("Qualification verified")


class CheckStatus(models.TextChoices):
    PENDING = "pending", _("Not done yet")
    CLEARED = "cleared", _("Cleared")
    NOT_CLEARED = "not_cleared", _("Not cleared")


class DbsOutcome(models.TextChoices):
    CLEAR = "clear", _("Clear: nothing disclosed")
    CONSIDERED_SUITABLE = "considered_suitable", _("Information disclosed, assessed as suitable")
    NOT_SUITABLE = "not_suitable", _("Not suitable")
