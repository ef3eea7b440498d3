"""Which route an application belongs to: a pure function of the answers and the rules."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext

from cms.choices import Route
from portal.calendar import months_before
from recruitment.choices import AsyeStatus, SweStatus
from recruitment.models import RoutingRule


@dataclass(frozen=True)
class Facts:
    """What routing needs to know about an applicant, and nothing else."""

    registered: bool
    post_qualifying_months: int | None
    qualified_on: datetime.date | None
    asye_completed: bool
    through_agency: bool
    eligible_for: dict = field(default_factory=dict)

    @classmethod
    def from_application(cls, application) -> "Facts":
        gyo = bool(
            application.works_for_council_or_partner and application.works_with_children_or_families
        )
        apprenticeship = bool(
            application.has_level_2_english_maths and application.works_with_children_or_families
        )
        return cls(
            registered=application.swe_status == SweStatus.REGISTERED
            and bool(application.swe_number),
            post_qualifying_months=application.post_qualifying_months,
            qualified_on=application.qualified_on,
            asye_completed=application.asye_status == AsyeStatus.COMPLETED,
            through_agency=bool(application.through_agency),
            eligible_for={Route.GROW_YOUR_OWN: gyo, Route.APPRENTICESHIP: apprenticeship},
        )


@dataclass(frozen=True)
class Decision:
    route: str
    fits: bool
    fast_track: bool = False
    rule: RoutingRule | None = None
    suggested_route: str = ""
    suggested_rule: RoutingRule | None = None
    note: str = ""
    # Why the vacancy's route does not fit, in the applicant's words (empty when it fits).
    reasons: tuple[str, ...] = ()


def unmet(rule: RoutingRule, facts: Facts, *, today: datetime.date) -> list[str]:
    """What the applicant's answers do not meet in ``rule``, in their words; [] when it fits."""
    reasons = []
    if rule.requires_registration and not facts.registered:
        reasons.append(gettext("you are not registered with Social Work England"))
    if rule.min_post_qualifying_months is not None and (
        facts.post_qualifying_months is None
        or facts.post_qualifying_months < rule.min_post_qualifying_months
    ):
        reasons.append(
            gettext("the post asks for at least %(months)s months' post-qualifying experience")
            % {"months": rule.min_post_qualifying_months}
        )
    if rule.qualified_within_months is not None and (
        facts.qualified_on is None
        or facts.qualified_on < months_before(today, rule.qualified_within_months)
        or facts.qualified_on > today
    ):
        reasons.append(
            gettext("the route is for people who qualified in the last %(months)s months")
            % {"months": rule.qualified_within_months}
        )
    if rule.asye == RoutingRule.Asye.COMPLETED and not facts.asye_completed:
        reasons.append(gettext("the post asks for a completed ASYE"))
    if rule.asye == RoutingRule.Asye.NOT_COMPLETED and facts.asye_completed:
        reasons.append(gettext("you have already completed the ASYE"))
    if rule.requires_eligibility and not facts.eligible_for.get(rule.applies_to_route, False):
        reasons.append(gettext("your answers do not meet the route's eligibility questions"))
    # A newly qualified social worker is never placed through an agency.
    if facts.through_agency and rule.applies_to_route == Route.ASYE:
        reasons.append(gettext("newly qualified social workers cannot be placed through an agency"))
    return reasons


def rule_fits(rule: RoutingRule, facts: Facts, *, today: datetime.date) -> bool:
    return not unmet(rule, facts, today=today)


def _closest_miss(rules, route: str, facts: Facts, today: datetime.date) -> tuple[str, ...]:
    """The reasons of the vacancy route's rule that the applicant came nearest to meeting."""
    misses = [
        (len(reasons), rule.fast_track, reasons)
        for rule in rules
        if rule.applies_to_route == route and (reasons := unmet(rule, facts, today=today))
    ]
    # The plainest bar first: of rules missed by as much, the one that is not a fast track.
    return tuple(min(misses, key=lambda miss: miss[:2])[2]) if misses else ()


def decide(
    *, facts: Facts, vacancy_route: str, rules: Iterable[RoutingRule], today: datetime.date
) -> Decision:
    """Route an applicant who applied to a vacancy on ``vacancy_route``.

    The first active rule for the vacancy's route that fits decides. If none
    fits, the first rule for another route that fits is suggested; HR decide.
    """
    rules = [rule for rule in rules if rule.is_active]
    for rule in rules:
        if rule.applies_to_route == vacancy_route and rule_fits(rule, facts, today=today):
            return Decision(route=vacancy_route, fits=True, fast_track=rule.fast_track, rule=rule)
    reasons = _closest_miss(rules, vacancy_route, facts, today)
    for rule in rules:
        if rule.applies_to_route != vacancy_route and rule_fits(rule, facts, today=today):
            return Decision(
                route=vacancy_route,
                fits=False,
                suggested_route=rule.applies_to_route,
                suggested_rule=rule,
                note=gettext("Does not meet the rules for this route; fits '%(rule)s'.")
                % {"rule": rule.name},
                reasons=reasons,
            )
    return Decision(
        route=vacancy_route,
        fits=False,
        note=gettext("Does not meet the rules for any route."),
        reasons=reasons,
    )


DEFAULT_RULES = [
    {
        "name": "Fast-track experienced social workers",
        "order": 10,
        "applies_to_route": Route.EXPERIENCED,
        "requires_registration": True,
        "min_post_qualifying_months": 24,
        "fast_track": True,
        "interview_within_working_days": 5,
    },
    {
        "name": "Experienced social workers (standard shortlisting)",
        "order": 20,
        "applies_to_route": Route.EXPERIENCED,
        "requires_registration": True,
        "asye": "completed",
    },
    {
        "name": "ASYE intake for newly qualified social workers",
        "order": 30,
        "applies_to_route": Route.ASYE,
        "qualified_within_months": 24,
        "asye": "not_completed",
    },
    {
        "name": "Social work apprenticeship intake",
        "order": 40,
        "applies_to_route": Route.APPRENTICESHIP,
        "requires_eligibility": True,
    },
    {
        "name": "Grow your own degree intake",
        "order": 50,
        "applies_to_route": Route.GROW_YOUR_OWN,
        "requires_eligibility": True,
    },
]
