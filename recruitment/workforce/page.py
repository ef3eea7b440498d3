"""The sections of the workforce page, in the order leaders read them."""

from recruitment.workforce import caseloads, funnel, growth, headcount, outcomes
from recruitment.workforce.sections import Scope, Section

BUILDERS = {
    module.SLUG: module.build for module in (headcount, caseloads, funnel, outcomes, growth)
}
TITLES = {module.SLUG: module.TITLE for module in (headcount, caseloads, funnel, outcomes, growth)}


def section(slug: str, scope: Scope) -> Section | None:
    builder = BUILDERS.get(slug)
    return builder(scope) if builder else None


def every_section(scope: Scope) -> list[Section]:
    return [builder(scope) for builder in BUILDERS.values()]
