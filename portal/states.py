"""Status transition tables: one shape for every status the portal keeps.

A table maps each status to the statuses it may move to. ``check_move`` is the
one function that says yes or no; each app's services call it in the single
function that changes that status.
"""

from collections.abc import Mapping

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.errors import TransitionNotAllowed

Transitions = Mapping[str, frozenset[str]]


def check_transitions_complete(table: Transitions, statuses: type[models.TextChoices]) -> None:
    """Every status has a row, and every target is a status (called by the tests)."""
    missing = set(statuses.values) - set(table)
    unknown = {to for targets in table.values() for to in targets} - set(statuses.values)
    if missing or unknown:
        raise ValueError(f"Transition table: no row for {missing}, unknown targets {unknown}")


def may_move(table: Transitions, current: str, to: str) -> bool:
    return to in table.get(current, frozenset())


def check_move(
    table: Transitions,
    *,
    current: str,
    to: str,
    statuses: type[models.TextChoices],
    noun: str,
) -> None:
    """Raise TransitionNotAllowed unless ``table`` lets ``current`` become ``to``.

    ``noun`` names the thing in the message, for example "An application".
    """
    if may_move(table, current, to):
        return
    raise TransitionNotAllowed(
        _("%(noun)s that is '%(current)s' cannot become '%(to)s'.")
        % {
            "noun": noun,
            "current": _label(statuses, current),
            "to": _label(statuses, to),
        }
    )


def _label(statuses: type[models.TextChoices], value: str) -> str:
    try:
        return str(statuses(value).label)
    except ValueError:
        return value
