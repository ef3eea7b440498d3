"""Agency vetting rules (portal.staffing): plain values, no database."""

import datetime

import pytest

from portal import staffing

ON = datetime.date(2026, 3, 2)
COMPLETE = staffing.VettingFacts(
    swe_number="SW123456",
    registration_checked_on=datetime.date(2026, 2, 1),
    qualified_on=datetime.date(2020, 7, 1),
    in_asye=False,
    interviewed_on=datetime.date(2026, 2, 10),
    dbs_certificate_number="001234567890",
    dbs_issued_on=datetime.date(2026, 2, 15),
    dbs_barred_list_checked=True,
    dbs_outcome="clear",
    references_received=2,
)


def facts(**changes) -> staffing.VettingFacts:
    return staffing.VettingFacts(**{**COMPLETE.__dict__, **changes})


def test_complete_vetting_lets_the_worker_start():
    assert staffing.missing_vetting(COMPLETE, on=ON, minimum_years=2) == []
    assert staffing.start_refusal(COMPLETE, on=ON, minimum_years=2) is None


def test_nothing_recorded_names_every_item():
    missing = staffing.missing_vetting(staffing.VettingFacts(), on=ON, minimum_years=2)
    assert len(missing) == 5
    assert any("Social Work England" in item for item in missing)
    assert any("barred list" in item for item in missing)
    assert any("2 full references" in item for item in missing)


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        ({"swe_number": ""}, "Social Work England"),
        ({"registration_checked_on": None}, "Social Work England"),
        ({"qualified_on": None}, "qualification"),
        ({"interviewed_on": None}, "interview"),
        ({"interviewed_on": ON + datetime.timedelta(days=1)}, "interview"),
        ({"dbs_certificate_number": ""}, "DBS"),
        ({"dbs_barred_list_checked": False}, "barred list"),
        ({"dbs_issued_on": None}, "DBS"),
        ({"dbs_outcome": "not_accepted"}, "DBS outcome"),
        ({"dbs_outcome": ""}, "DBS outcome"),
        ({"references_received": 1}, "references"),
    ],
)
def test_each_missing_item_stops_the_start_and_is_named(changes, named):
    refusal = staffing.start_refusal(facts(**changes), on=ON, minimum_years=2)
    assert refusal is not None
    assert refusal.startswith("An agency worker cannot start until")
    assert named in refusal


def test_a_dbs_outcome_accepted_after_a_risk_assessment_is_enough():
    assert staffing.start_refusal(facts(dbs_outcome="accepted"), on=ON, minimum_years=2) is None


def test_an_nqsw_is_refused_naming_the_rule():
    recent = facts(qualified_on=datetime.date(2025, 7, 1))
    refusal = staffing.start_refusal(recent, on=ON, minimum_years=2)
    assert "never employed through an agency" in refusal
    assert "2 years" in refusal and "1 July 2025" in refusal


def test_a_worker_in_their_asye_is_refused_whatever_their_dates():
    refusal = staffing.nqsw_refusal(
        qualified_on=datetime.date(2010, 1, 1), in_asye=True, on=ON, minimum_years=2
    )
    assert "ASYE" in refusal


def test_the_minimum_experience_is_a_setting_not_a_constant():
    qualified = datetime.date(2023, 3, 2)
    assert staffing.nqsw_refusal(qualified_on=qualified, in_asye=False, on=ON, minimum_years=4)
    assert (
        staffing.nqsw_refusal(qualified_on=qualified, in_asye=False, on=ON, minimum_years=3) is None
    )


@pytest.mark.parametrize(
    ("first", "last", "years"),
    [
        (datetime.date(2024, 3, 2), datetime.date(2026, 3, 2), 2),
        (datetime.date(2024, 3, 3), datetime.date(2026, 3, 2), 1),
        (datetime.date(2024, 2, 29), datetime.date(2026, 2, 28), 1),
        (datetime.date(2024, 2, 29), datetime.date(2026, 3, 1), 2),
        (datetime.date(2027, 1, 1), datetime.date(2026, 1, 1), 0),
    ],
)
def test_whole_years(first, last, years):
    assert staffing.whole_years_between(first, last) == years
