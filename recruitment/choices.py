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
