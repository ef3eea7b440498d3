"""Pre-employment checks: the checklist per route, each rule of recording a check, and the
moment an accepted offer becomes unconditional."""

import datetime

import pytest
from django.utils import timezone

from portal import roles
from recruitment import selectors
from recruitment.choices import CheckKind, CheckStatus, OfferState, Status, TimelineAction
from recruitment.errors import CheckError
from recruitment.models import CheckRequirement, PreEmploymentCheck
from recruitment.services import checks
from tests import factories
from tests.recruitment import factories as recruitment_factories

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
QUALIFIED = {
    "swe_registration",
    "dbs",
    "references",
    "right_to_work",
    "occupational_health",
    "qualification",
}
NOT_YET_QUALIFIED = QUALIFIED - {"swe_registration"}


@pytest.fixture
def hr():
    return factories.user_with_role(roles.HR_OFFICER)


def kinds(offer):
    return set(offer.checks.values_list("kind", flat=True))


def check_of(offer, kind):
    return offer.checks.get(kind=kind)


def clear(check, hr, **extra):
    values = {"status": CheckStatus.CLEARED, "checked_on": TODAY(), "note": ""}
    if check.kind == CheckKind.SWE_REGISTRATION:
        values["swe_number"] = "SW123456"
    if check.kind == CheckKind.DBS:
        values.update(
            dbs_certificate_number="001234567890",
            dbs_issue_date=TODAY() - datetime.timedelta(days=3),
            dbs_outcome="clear",
        )
    values.update(extra)
    return checks.check_record(check=check, by=hr, **values)


def satisfactory_references(offer, hr):
    recruitment_factories.satisfactory_references(offer.application, by=hr)


# The checklist per route -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("route", "expected"),
    [
        ("experienced", QUALIFIED),
        ("asye", QUALIFIED),
        ("apprenticeship", NOT_YET_QUALIFIED),
        ("grow_your_own", NOT_YET_QUALIFIED),
    ],
)
def test_each_route_has_its_checklist(site, route, expected):
    offer = factories.offer(route=route)
    assert kinds(offer) == expected
    assert all(check.applicant_action for check in offer.checks.all())


def test_changing_the_checklist_affects_new_offers_only(site):
    old = factories.offer(route="experienced")
    CheckRequirement.objects.filter(route="experienced", kind="occupational_health").delete()
    new = factories.offer(route="experienced")
    assert "occupational_health" in kinds(old)
    assert "occupational_health" not in kinds(new)


def test_the_references_rule_holds_even_when_the_checklist_drops_it(site, hr):
    # DOMAIN.md: two references before any offer is unconditional. HR's checklist is data;
    # the rule is not, so an offer always carries the references check.
    CheckRequirement.objects.filter(route="experienced").delete()
    offer = factories.offer(route="experienced", state=OfferState.ACCEPTED)
    assert kinds(offer) == {"references"}
    checks.offer_conditions_review(offer=offer, by=hr)
    offer.refresh_from_db()
    assert offer.state == OfferState.ACCEPTED
    satisfactory_references(offer, hr)
    checks.offer_conditions_review(offer=offer, by=hr)
    offer.refresh_from_db()
    assert offer.state == OfferState.UNCONDITIONAL


# Recording a check ---------------------------------------------------------------------------


def test_hr_clear_a_check_and_it_says_who_and_when(site, hr):
    offer = factories.offer()
    check = clear(check_of(offer, "right_to_work"), hr, note="Passport seen")
    check.refresh_from_db()
    assert (check.status, check.checked_by, check.checked_on) == ("cleared", hr, TODAY())
    assert check.note == "Passport seen"
    entry = offer.application.timeline.get(action=TimelineAction.CHECK_RECORDED)
    assert entry.by == hr and "Right to work" in entry.reason
    # The applicant's timeline says nothing of it.
    assert entry.applicant_text == ""


def test_only_hr_record_checks(site):
    offer = factories.offer()
    for role in (roles.APPLICANT, roles.PANEL_MEMBER, roles.MENTOR, roles.CONTENT_EDITOR):
        with pytest.raises(CheckError, match="Only HR"):
            clear(check_of(offer, "right_to_work"), factories.user_with_role(role))
    assert check_of(offer, "right_to_work").status == CheckStatus.PENDING


def test_references_cannot_be_recorded_by_hand(site, hr):
    offer = factories.offer()
    with pytest.raises(CheckError, match="References are cleared"):
        clear(check_of(offer, "references"), hr)
    assert check_of(offer, "references").status == CheckStatus.PENDING


def test_references_check_follows_the_rule(site, hr):
    offer = factories.offer()
    satisfactory_references(offer, hr)
    clear(check_of(offer, "right_to_work"), hr)
    assert check_of(offer, "references").status == CheckStatus.CLEARED


@pytest.mark.parametrize("route", ["experienced", "asye"])
def test_swe_needs_the_number(site, hr, route):
    offer = factories.offer(route=route)
    check = check_of(offer, "swe_registration")
    with pytest.raises(CheckError) as refused:
        clear(check, hr, swe_number="")
    assert refused.value.field == "swe_number"
    with pytest.raises(CheckError, match="correct format"):
        clear(check, hr, swe_number="12345")
    clear(check, hr, swe_number="sw765432")
    assert check_of(offer, "swe_registration").swe_number == "SW765432"


@pytest.mark.parametrize("route", ["apprenticeship", "grow_your_own"])
def test_swe_is_not_a_condition_for_learners(site, hr, route):
    offer = factories.offer(route=route)
    assert not offer.checks.filter(kind="swe_registration").exists()


@pytest.mark.parametrize(
    ("missing", "field"),
    [
        ({"dbs_certificate_number": ""}, "dbs_certificate_number"),
        ({"dbs_certificate_number": "12345"}, "dbs_certificate_number"),
        ({"dbs_issue_date": None}, "dbs_issue_date"),
        ({"dbs_outcome": ""}, "dbs_outcome"),
        ({"dbs_outcome": "disclosed everything"}, "dbs_outcome"),
    ],
)
def test_dbs_needs_number_date_and_outcome(site, hr, missing, field):
    offer = factories.offer()
    with pytest.raises(CheckError) as refused:
        clear(check_of(offer, "dbs"), hr, **missing)
    assert refused.value.field == field
    check = check_of(offer, "dbs")
    assert (check.status, check.dbs_certificate_number) == ("pending", "")


def test_dbs_not_suitable_is_never_cleared(site, hr):
    offer = factories.offer()
    with pytest.raises(CheckError, match="not suitable cannot be cleared"):
        clear(check_of(offer, "dbs"), hr, dbs_outcome="not_suitable")
    clear(check_of(offer, "dbs"), hr, dbs_outcome="not_suitable", status="not_cleared")
    check = check_of(offer, "dbs")
    assert (check.status, check.dbs_outcome) == ("not_cleared", "not_suitable")
    # Not even later, with another outcome typed over it.
    with pytest.raises(CheckError, match="not suitable cannot be cleared"):
        clear(check, hr, dbs_outcome="clear")


def test_dates_cannot_be_in_the_future(site, hr):
    offer = factories.offer()
    tomorrow = TODAY() + datetime.timedelta(days=1)
    with pytest.raises(CheckError) as refused:
        clear(check_of(offer, "right_to_work"), hr, checked_on=tomorrow)
    assert refused.value.field == "checked_on"
    with pytest.raises(CheckError) as refused:
        clear(check_of(offer, "dbs"), hr, dbs_issue_date=tomorrow)
    assert refused.value.field == "dbs_issue_date"
    with pytest.raises(CheckError):
        clear(check_of(offer, "right_to_work"), hr, checked_on=None)


def test_pending_is_not_a_recorded_outcome(site, hr):
    offer = factories.offer()
    with pytest.raises(CheckError) as refused:
        clear(check_of(offer, "right_to_work"), hr, status="pending")
    assert refused.value.field == "status"


@pytest.mark.parametrize("state", ["declined", "withdrawn", "unconditional"])
def test_checks_of_a_closed_or_unconditional_offer_stand(site, hr, state):
    offer = factories.offer(state=state)
    with pytest.raises(CheckError, match="can no longer be recorded"):
        clear(check_of(offer, "right_to_work"), hr)


# Unconditional -----------------------------------------------------------------------------------


def clear_everything(offer, hr):
    satisfactory_references(offer, hr)
    for check in offer.checks.exclude(kind="references"):
        clear(check, hr)


@pytest.mark.parametrize("route", ["experienced", "asye", "apprenticeship", "grow_your_own"])
def test_the_last_check_makes_the_offer_unconditional(site, hr, route):
    offer = factories.offer(route=route, proposed_start_date=TODAY() + datetime.timedelta(days=9))
    satisfactory_references(offer, hr)
    last, *others = list(offer.checks.exclude(kind="references"))
    for check in others:
        clear(check, hr)
    offer.refresh_from_db()
    assert offer.state == OfferState.ACCEPTED
    clear(last, hr)
    offer.refresh_from_db()
    assert offer.state == OfferState.UNCONDITIONAL
    assert offer.confirmed_start_date == TODAY() + datetime.timedelta(days=9)
    offer.application.refresh_from_db()
    assert offer.application.status == Status.RECRUITED


def test_a_check_not_cleared_keeps_the_offer_conditional(site, hr):
    offer = factories.offer()
    satisfactory_references(offer, hr)
    for check in offer.checks.exclude(kind="references"):
        clear(check, hr, status="not_cleared" if check.kind == "occupational_health" else "cleared")
    offer.refresh_from_db()
    assert offer.state == OfferState.ACCEPTED


def test_unconditional_on_the_first_day_starts_them_at_once(
    site, hr, django_capture_on_commit_callbacks
):
    offer = factories.offer(proposed_start_date=TODAY())
    with django_capture_on_commit_callbacks(execute=True):
        clear_everything(offer, hr)
    offer.refresh_from_db()
    assert offer.state == OfferState.UNCONDITIONAL
    assert offer.started_at is not None and offer.staff_record is not None


def test_unconditional_before_the_first_day_waits(site, hr, django_capture_on_commit_callbacks):
    offer = factories.offer(proposed_start_date=TODAY() + datetime.timedelta(days=3))
    with django_capture_on_commit_callbacks(execute=True):
        clear_everything(offer, hr)
    offer.refresh_from_db()
    assert offer.state == OfferState.UNCONDITIONAL and offer.started_at is None


# The start date ------------------------------------------------------------------------------


def test_hr_confirm_the_start_date_and_it_is_used(site, hr):
    offer = factories.offer()
    day = TODAY() + datetime.timedelta(days=20)
    checks.offer_start_date_confirm(offer=offer, by=hr, start_date=day)
    clear_everything(offer, hr)
    offer.refresh_from_db()
    assert offer.confirmed_start_date == day


def test_start_date_rules(site, hr):
    offer = factories.offer()
    with pytest.raises(CheckError, match="today or in the future"):
        checks.offer_start_date_confirm(
            offer=offer, by=hr, start_date=TODAY() - datetime.timedelta(days=1)
        )
    with pytest.raises(CheckError, match="within 2 years"):
        checks.offer_start_date_confirm(
            offer=offer, by=hr, start_date=TODAY() + datetime.timedelta(days=800)
        )
    with pytest.raises(CheckError, match="Only HR"):
        checks.offer_start_date_confirm(
            offer=offer, by=offer.application.applicant, start_date=TODAY()
        )
    for state in ("declined", "withdrawn", "draft"):
        with pytest.raises(CheckError, match="can no longer be changed"):
            checks.offer_start_date_confirm(
                offer=factories.offer(state=state), by=hr, start_date=TODAY()
            )


def test_confirming_today_on_an_unconditional_offer_starts_them(
    site, hr, django_capture_on_commit_callbacks
):
    offer = factories.offer(
        state="unconditional", confirmed_start_date=TODAY() + datetime.timedelta(days=5)
    )
    with django_capture_on_commit_callbacks(execute=True):
        checks.offer_start_date_confirm(offer=offer, by=hr, start_date=TODAY())
    offer.refresh_from_db()
    assert offer.started_at is not None


# What the applicant sees ---------------------------------------------------------------------


def test_the_applicant_sees_what_is_still_needed_from_them(site, hr):
    offer = factories.offer()
    clear(check_of(offer, "dbs"), hr)
    needed = selectors.checks_needed_from_applicant(offer)
    assert {check.kind for check in needed} == QUALIFIED - {"dbs"}
    assert all(check.applicant_action for check in needed)


def test_the_applicant_sees_nothing_once_the_offer_is_closed(site):
    assert selectors.checks_needed_from_applicant(factories.offer(state="withdrawn")) == []


def test_only_hr_see_checks(site, hr):
    factories.offer()
    assert selectors.checks_visible_to(hr).count() == len(QUALIFIED)
    assert selectors.checks_pending(hr).count() == len(QUALIFIED)
    for role in roles.ROLES:
        if role != roles.HR_OFFICER:
            assert not selectors.checks_visible_to(factories.user_with_role(role)).exists()
    assert PreEmploymentCheck.objects.count() == len(QUALIFIED)
