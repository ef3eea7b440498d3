import pytest
from django.core.exceptions import ValidationError

from tests.cohorts import factories as f

pytestmark = pytest.mark.django_db


def test_programme_rules_must_be_well_formed():
    programme = f.ProgrammeFactory.build(
        review_points=[{"month": 30}],
        evidence_requirements=[{"type": "Direct observation"}],
        supervision_rule=[{"every": "daily"}],
    )
    with pytest.raises(ValidationError) as raised:
        programme.full_clean()
    assert set(raised.value.message_dict) >= {
        "review_points",
        "evidence_requirements",
        "supervision_rule",
    }


def test_well_formed_programme_rules_pass():
    programme = f.ProgrammeFactory.build(
        review_points=[{"month": 6}, {"month": 9, "optional": True}],
        evidence_requirements=[{"type": "Direct observation", "count": 3}],
        supervision_rule=[{"to_week": 6, "every": "week"}, {"every": "month"}],
    )
    programme.full_clean()


def test_a_session_needs_a_place_or_a_link():
    session = f.TaughtSessionFactory.build(cohort=f.CohortFactory(), place="", video_link="")
    with pytest.raises(ValidationError):
        session.full_clean()
