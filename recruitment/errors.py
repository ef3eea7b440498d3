"""What a recruitment rule says when it refuses. ``message`` is fit to show the person."""

from django.utils.translation import gettext_lazy as _

from portal.errors import DomainError, TransitionNotAllowed


class ApplicationError(DomainError):
    pass


class EssentialCriteriaReasonRequired(ApplicationError):
    """The guaranteed interview scheme: HR must say why the essential criteria are not met."""


class ApplicationLocked(ApplicationError):
    """Screening has started: the applicant can no longer change their answers."""


class ApplicationIncomplete(ApplicationError):
    pass


class VacancyClosed(ApplicationError):
    pass


class RouteNotAllowed(ApplicationError):
    pass


class InterviewError(ApplicationError):
    pass


class SlotProblem(InterviewError):
    """A slot breaks a scheduling rule. ``needs_confirmation`` when HR may override it."""

    def __init__(self, message, *, needs_confirmation=False):
        super().__init__(message)
        self.needs_confirmation = needs_confirmation


class SlotTaken(InterviewError):
    def __init__(self, message=None):
        super().__init__(
            message
            or _("Sorry, that interview time has just been booked by someone else. Choose another.")
        )


class TooLate(InterviewError):
    pass


# Offers -----------------------------------------------------------------------------


class OfferError(ApplicationError):
    """An offer may not be made, changed, sent or answered now; ``message`` says why."""


class OfferNotAllowed(OfferError):
    """The offer rule (``recruitment.offering``) refuses: the reasons, in HR's words."""

    def __init__(self, reasons):
        self.reasons = [str(reason) for reason in reasons]
        super().__init__(" ".join(self.reasons))


__all__ = [
    "ApplicationError",
    "ApplicationIncomplete",
    "ApplicationLocked",
    "DomainError",
    "CheckError",
    "EssentialCriteriaReasonRequired",
    "FieldProblem",
    "InterviewError",
    "OfferError",
    "OfferNotAllowed",
    "ReferenceProblem",
    "RouteNotAllowed",
    "SlotProblem",
    "SlotTaken",
    "StartRefused",
    "TooLate",
    "TransitionNotAllowed",
    "VacancyClosed",
]


class FieldProblem(ApplicationError):
    """A refusal that belongs beside one form field, which ``field`` names when there is one."""

    def __init__(self, message, *, field: str | None = None):
        super().__init__(message)
        self.field = field


# References -----------------------------------------------------------------------


class ReferenceProblem(FieldProblem):
    """A reference cannot be asked for, given, changed or assessed now."""


# Pre-employment checks and the first day ---------------------------------------------


class CheckError(FieldProblem):
    """A pre-employment check cannot be recorded as asked."""


class StartRefused(ApplicationError):
    """The new starter could not be started (HR are told why; nothing was written)."""
