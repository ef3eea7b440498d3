"""The guaranteed interview scheme: who may not be rejected before interview without a reason.

An applicant who applies under the scheme has disclosed a disability. If they meet the
essential criteria of the post (its route's requirements, ``routing.unmet``: the first
rule for the route that fits means they meet them), the council offers them an
interview. HR may still reject such an application before interview only by recording
why it does not meet the essential criteria; that record is HR's alone (never the
panel's, never a blind reader's) and is listed in HR's interview report.

Pure: the callers bring the facts (``selectors.guaranteed_interview_facts``).
"""

from dataclasses import dataclass

from recruitment.choices import InterviewStatus, Status

# Statuses in which no interview has been offered yet.
BEFORE_INTERVIEW = frozenset(
    {Status.SUBMITTED, Status.FAST_TRACKED, Status.AWAITING_SHORTLISTING, Status.SHORTLISTED}
)
# An interview offered but neither held nor missed is not yet an interview given.
INTERVIEW_GIVEN = frozenset({InterviewStatus.HELD, InterviewStatus.NO_SHOW})


@dataclass(frozen=True)
class SchemeFacts:
    guaranteed_interview: bool
    meets_essential_criteria: bool
    status: str
    interview_statuses: frozenset = frozenset()


def interview_given(facts: SchemeFacts) -> bool:
    if facts.status in BEFORE_INTERVIEW:
        return False
    return bool(facts.interview_statuses & INTERVIEW_GIVEN)


def reason_needed_to_reject(facts: SchemeFacts) -> bool:
    """True when rejecting now needs HR's reason why the essential criteria are not met."""
    return (
        facts.guaranteed_interview and facts.meets_essential_criteria and not interview_given(facts)
    )
