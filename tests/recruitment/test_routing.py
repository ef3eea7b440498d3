import datetime

import pytest
from dateutil.relativedelta import relativedelta

from cms.choices import Route
from portal.calendar import add_working_days, is_working_day, working_days_between
from recruitment import routing
from recruitment.models import RoutingRule
from recruitment.services import submission

TODAY = datetime.date(2026, 11, 23)


def rules():
    return [RoutingRule(pk=i + 1, **rule) for i, rule in enumerate(routing.DEFAULT_RULES)]


def facts(**overrides):
    values = {
        "registered": True,
        "post_qualifying_months": 36,
        "qualified_on": TODAY - relativedelta(years=4),
        "asye_completed": True,
        "through_agency": False,
        "eligible_for": {},
    }
    values.update(overrides)
    return routing.Facts(**values)


def decide(route, **overrides):
    return routing.decide(facts=facts(**overrides), vacancy_route=route, rules=rules(), today=TODAY)


@pytest.mark.parametrize(("months", "fast"), [(23, False), (24, True), (25, True)])
def test_fast_track_needs_24_months_post_qualifying_experience(months, fast):
    decision = decide(Route.EXPERIENCED, post_qualifying_months=months)
    assert decision.fits
    assert decision.fast_track is fast


def test_unregistered_experienced_applicant_is_not_fast_tracked():
    decision = decide(Route.EXPERIENCED, registered=False, post_qualifying_months=60)
    assert not decision.fast_track
    assert not decision.fits


def test_newly_qualified_applicant_to_experienced_post_is_suggested_asye():
    decision = decide(
        Route.EXPERIENCED,
        post_qualifying_months=6,
        qualified_on=TODAY - relativedelta(months=6),
        asye_completed=False,
    )
    assert not decision.fits
    assert decision.suggested_route == Route.ASYE


@pytest.mark.parametrize(
    ("qualified_on", "fits"),
    [
        (TODAY - relativedelta(years=2), True),  # exactly 2 years ago is still within
        (TODAY - relativedelta(years=2) - datetime.timedelta(days=1), False),
        (TODAY - relativedelta(years=1), True),
    ],
)
def test_asye_intake_for_those_qualified_within_two_years(qualified_on, fits):
    decision = decide(Route.ASYE, qualified_on=qualified_on, asye_completed=False, registered=False)
    assert decision.fits is fits
    assert not decision.fast_track


def test_asye_completed_does_not_fit_asye_intake_but_fits_experienced():
    decision = decide(
        Route.ASYE, qualified_on=TODAY - relativedelta(months=18), post_qualifying_months=18
    )
    assert not decision.fits
    assert decision.suggested_route == Route.EXPERIENCED


def test_newly_qualified_never_through_an_agency():
    decision = decide(
        Route.ASYE,
        qualified_on=TODAY - relativedelta(months=3),
        asye_completed=False,
        through_agency=True,
    )
    assert not decision.fits
    assert decision.suggested_route != Route.ASYE


@pytest.mark.parametrize("route", [Route.GROW_YOUR_OWN, Route.APPRENTICESHIP])
def test_degree_routes_need_their_eligibility(route):
    assert decide(route, eligible_for={route: True}).fits
    assert not decide(route, eligible_for={route: False}, registered=False).fits


def test_inactive_rules_are_ignored():
    rule_set = rules()
    rule_set[0].is_active = False
    decision = routing.decide(
        facts=facts(asye_completed=False),
        vacancy_route=Route.EXPERIENCED,
        rules=rule_set,
        today=TODAY,
    )
    assert not decision.fast_track


@pytest.mark.parametrize(
    ("start", "due"),
    [
        # Monday to Monday: five working days later.
        (datetime.date(2026, 11, 23), datetime.date(2026, 11, 30)),
        # Friday 18 December 2026 -> 21, 22, 23, 24, 29: Christmas Day (Fri 25) and
        # Boxing Day (Sat, so the bank holiday is Monday 28) are skipped.
        (datetime.date(2026, 12, 18), datetime.date(2026, 12, 29)),
        # Tuesday 22 December 2026 -> 23, 24, 29, 30, 31.
        (datetime.date(2026, 12, 22), datetime.date(2026, 12, 31)),
        # Easter 2027: Good Friday 26 March, Easter Monday 29 March.
        (datetime.date(2027, 3, 24), datetime.date(2027, 4, 2)),
        # Submitted on a Saturday: counting starts on Monday.
        (datetime.date(2026, 11, 28), datetime.date(2026, 12, 4)),
        # Early May bank holiday 2027 is Monday 3 May.
        (datetime.date(2027, 4, 30), datetime.date(2027, 5, 10)),
    ],
)
def test_due_date_skips_weekends_and_bank_holidays(start, due):
    assert add_working_days(start, 5) == due


def test_bank_holidays_are_not_working_days():
    assert not is_working_day(datetime.date(2026, 12, 25))
    assert not is_working_day(datetime.date(2026, 12, 28))  # Boxing Day substitute
    assert not is_working_day(datetime.date(2027, 3, 29))  # Easter Monday
    assert is_working_day(datetime.date(2026, 12, 24))


def test_working_days_between_counts_both_ways():
    assert working_days_between(datetime.date(2026, 11, 23), datetime.date(2026, 11, 30)) == 5
    assert working_days_between(datetime.date(2026, 11, 30), datetime.date(2026, 11, 23)) == -5


def test_rule_validation():
    from django.core.exceptions import ValidationError

    rule = RoutingRule(name="x", applies_to_route=Route.ASYE, fast_track=True)
    with pytest.raises(ValidationError):
        rule.clean()
    rule = RoutingRule(
        name="x", applies_to_route=Route.EXPERIENCED, interview_within_working_days=3
    )
    with pytest.raises(ValidationError):
        rule.clean()
    RoutingRule(
        name="x",
        applies_to_route=Route.EXPERIENCED,
        fast_track=True,
        interview_within_working_days=3,
    ).clean()


@pytest.mark.django_db
def test_hr_edited_rules_change_routing(site):

    from tests.recruitment import factories

    submission.ensure_default_rules()
    RoutingRule.objects.filter(fast_track=True).update(
        min_post_qualifying_months=36, interview_within_working_days=3
    )
    assert factories.submitted(post_qualifying_months=30).status == "awaiting_shortlisting"
    fast = factories.submitted(post_qualifying_months=36)
    assert fast.status == "fast_tracked"
    assert fast.fast_track_due == add_working_days(fast.submitted_at.date(), 3)
