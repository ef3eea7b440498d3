"""When a conditional offer becomes unconditional (DOMAIN.md: references and checks).

The rule: every check the route requires (``CheckRequirement``) is cleared, and the
references check is met only by two satisfactory references, one of them from the
current or most recent employer. Pure: the callers bring the facts
(``recruitment.services.checks.condition_facts``).
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from recruitment.choices import CheckKind, CheckStatus

REFERENCES_NEEDED = 2


@dataclass(frozen=True)
class ReferenceFacts:
    """One reference received and assessed by HR (``satisfactory`` None until assessed)."""

    satisfactory: bool | None
    is_current_employer: bool


def references_met(references: Iterable[ReferenceFacts]) -> bool:
    """Two satisfactory references, one from the current or most recent employer."""
    good = [reference for reference in references if reference.satisfactory]
    return len(good) >= REFERENCES_NEEDED and any(r.is_current_employer for r in good)


def references_shortfall(references: Iterable[ReferenceFacts]) -> str:
    """What is still missing, in HR's words ("" when the rule is met)."""
    references = list(references)
    good = [reference for reference in references if reference.satisfactory]
    if len(good) < REFERENCES_NEEDED:
        return str(
            _("%(have)d of %(need)d satisfactory references")
            % {"have": len(good), "need": REFERENCES_NEEDED}
        )
    if not any(reference.is_current_employer for reference in good):
        return str(_("No satisfactory reference from the current or most recent employer"))
    return ""


@dataclass(frozen=True)
class CheckFacts:
    kind: str
    status: str


def outstanding(checks: Iterable[CheckFacts]) -> list[str]:
    """The kinds of check not yet cleared, in the order of ``CheckKind``."""
    not_cleared = {check.kind for check in checks if check.status != CheckStatus.CLEARED}
    return [kind for kind in CheckKind.values if kind in not_cleared]


def all_met(checks: Iterable[CheckFacts]) -> bool:
    return not outstanding(checks)
