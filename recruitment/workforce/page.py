"""The sections of the workforce page, in the order leaders read them."""

from functools import partial

from recruitment.workforce import caseloads, funnel, growth, headcount, outcomes
from recruitment.workforce.sections import Scope, Section

BUILDERS = {
    module.SLUG: module.build for module in (headcount, caseloads, funnel, outcomes, growth)
}
TITLES = {module.SLUG: module.TITLE for module in (headcount, caseloads, funnel, outcomes, growth)}
# The home page shows each section's summary and headlines, no chart or table: the
# funnel leaves out its breakdowns, the one costly read those alone need.
HOME_BUILDERS = {**BUILDERS, funnel.SLUG: partial(funnel.build, breakdowns=False)}


def section(slug: str, scope: Scope) -> Section | None:
    builder = BUILDERS.get(slug)
    return builder(scope) if builder else None


def every_section(scope: Scope) -> list[Section]:
    """Every section, as the home page shows them (summary and headlines)."""
    return [builder(scope) for builder in HOME_BUILDERS.values()]
