"""The dashboards' row per member: the one screen's figures, each a link to its records.

Pure presenters over a described member, so plain objects stand in for one."""

import datetime
import uuid
from types import SimpleNamespace

import pytest

from cohorts import presenters
from cohorts.coverage import Coverage, KindCoverage
from cohorts.models import Enrolment
from cohorts.supervision_rules import Compliance

DUE = datetime.date(2026, 12, 20)


def described(**overrides):
    member = SimpleNamespace(
        public_id=uuid.UUID("11111111-2222-3333-4444-555555555555"),
        member=SimpleNamespace(display_name="Sam Okafor"),
        status=Enrolment.Status.ACTIVE,
        current_placement=SimpleNamespace(team=SimpleNamespace(name="Duty north")),
        latest_caseload=12,
        caseload_cap=15,
        supervision=Compliance(
            next_due=DUE,
            every="weekly",
            overdue_days=0,
            hours_last_4_weeks=2.5,
            hours_this_month=1.5,
        ),
        evidence_coverage=Coverage(
            kinds=[
                KindCoverage("direct_observation", "Direct observation", 3, 2, 1),
                KindCoverage("written_report", "Assessed written report", 3, 4, 1),
            ],
            domains_covered=set(),
            statements_covered=set(),
            domains_total=9,
            statements_total=10,
            fraction_elapsed=0.5,
        ),
        attendance_percent=90,
        days_required=0,
        days_counted=0,
        next_review={"date": datetime.date(2027, 1, 4)},
        attention=[],
    )
    for name, value in overrides.items():
        setattr(member, name, value)
    return member


def row_html(member, links=presenters.MENTOR_LINKS) -> list[str]:
    table = presenters.members_table([member], caption="Members", links=links)
    return [str(c.html or c.text) for c in table.rows[0]]


def test_the_head_names_the_one_screens_figures():
    table = presenters.members_table([described()], caption="Members")
    assert [str(h.text) for h in table.head] == [
        "Member",
        "Caseload",
        "Supervision",
        "Evidence",
        "Attendance",
        "Days logged",
        "Next review",
        "Needs attention",
    ]


def test_each_figure_links_to_the_mentors_member_page_sections():
    member, caseload, supervision, evidence, *_, review, attention = row_html(described())
    page = "/mentor/members/11111111-2222-3333-4444-555555555555/"
    assert f'href="{page}"' in member and "Placement: Duty north" in member
    assert f'href="{page}#caseload"' in caseload and "12 of 15" in caseload
    assert "Over cap" not in caseload
    assert (
        f'href="{page}#supervision"' in supervision and "Due Sunday 20 December 2026" in supervision
    )
    assert "2.5 hours in 4 weeks" in supervision and "Overdue" not in supervision
    # Pieces count up to each kind's requirement: 2 of 3 observations, 3 of 3 reports.
    assert f'href="{page}#evidence-coverage-heading"' in evidence and "5 of 6" in evidence
    assert f'href="{page}#reviews"' in review and "4 January 2027" in review
    assert "On track" in attention


def test_the_managers_rows_lead_to_their_own_records_pages():
    member, caseload, supervision, evidence, *_ = row_html(
        described(), links=presenters.MANAGER_LINKS
    )
    page = "/supervision/learners/11111111-2222-3333-4444-555555555555/"
    assert f'href="{page}"' in member
    assert f'href="{page}#caseload"' in caseload
    assert f'href="{page}supervision/"' in supervision
    assert f'href="{page}evidence/"' in evidence


@pytest.mark.parametrize(
    ("count", "cap", "shows", "over"),
    [
        (15, 15, "15 of 15", False),  # at the cap is within it
        (16, 15, "16 of 15", True),
        (20, None, "20 cases", False),
        (None, 15, "None recorded", False),
    ],
)
def test_caseload_against_the_cap_is_red_when_over(count, cap, shows, over):
    caseload = row_html(described(latest_caseload=count, caseload_cap=cap))[1]
    assert shows in caseload
    assert ("govuk-tag--red" in caseload and "Over cap" in caseload) is over


def test_overdue_supervision_and_evidence_behind_are_tagged():
    member = described(
        supervision=Compliance(
            next_due=DUE, every="weekly", overdue_days=3, hours_last_4_weeks=1, hours_this_month=0
        ),
    )
    member.evidence_coverage.kinds[0].expected_now = 3
    _, _, supervision, evidence, *_ = row_html(member)
    assert "govuk-tag--red" in supervision and "Overdue" in supervision
    assert "1 hour in 4 weeks" in supervision
    assert "Behind" in evidence


def test_a_programme_without_rules_shows_dashes_with_words():
    member = described(supervision=None, evidence_coverage=None, next_review=None)
    _, _, supervision, evidence, *_, review, _ = row_html(member)
    assert "No supervision rule" in supervision and "aria-hidden" in supervision
    assert "No evidence required" in evidence
    assert review == "None"
