"""The one base class for "a rule said no".

Every app's services raise subclasses of ``DomainError``; ``message`` is fit to
show the person (a form error, an admin message), so views never invent their
own wording for a refusal.
"""


class DomainError(Exception):
    """A domain rule refused the action; ``message`` is fit to show the person."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


class TransitionNotAllowed(DomainError):
    """A status may not move from where it is to where it was asked to go."""
