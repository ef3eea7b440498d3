"""One selector per model decides who sees what."""

import datetime

import pytest

from cohorts import progress, selectors
from cohorts.models import Organisation, Programme
from portal import roles
from tests.cohorts import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_cohorts():
    shire = f.OrganisationFactory(name="Shire", kind=Organisation.Kind.PARTNER_COUNCIL)
    mine = f.CohortFactory()
    theirs = f.CohortFactory()
    supervisor = f.user_with_role(roles.PRACTICE_SUPERVISOR)
    a = f.enrol(cohort=mine)
    b = f.enrol(cohort=mine, employer=shire)
    c = f.enrol(cohort=theirs)
    placement = f.place(a, supervisor=supervisor)
    f.place(c)
    meeting = f.MentoringMeetingFactory(enrolment=a)
    coordinator = f.PartnerCoordinatorFactory(organisation=shire).user
    return {
        "mine": mine,
        "theirs": theirs,
        "a": a,
        "b": b,
        "c": c,
        "supervisor": supervisor,
        "placement": placement,
        "meeting": meeting,
        "coordinator": coordinator,
    }


def pks(queryset):
    return set(queryset.values_list("pk", flat=True))


def test_members_see_only_their_own_records(two_cohorts):
    w = two_cohorts
    member = w["a"].member
    assert pks(selectors.enrolments_visible_to(member)) == {w["a"].pk}
    assert pks(selectors.placements_visible_to(member)) == {w["placement"].pk}
    assert pks(selectors.cohorts_visible_to(member)) == {w["mine"].pk}
    assert pks(selectors.meetings_visible_to(member)) == {w["meeting"].pk}
    assert not selectors.meetings_visible_to(w["b"].member).exists()


def test_mentors_see_their_cohorts_only(two_cohorts):
    w = two_cohorts
    mentor = w["mine"].mentor
    assert pks(selectors.enrolments_visible_to(mentor)) == {w["a"].pk, w["b"].pk}
    assert pks(selectors.cohorts_visible_to(mentor)) == {w["mine"].pk}
    assert pks(selectors.mentored_enrolments(mentor)) == {w["a"].pk, w["b"].pk}
    assert w["c"].pk not in pks(selectors.placements_visible_to(mentor))


def test_supervisors_see_their_placements_only(two_cohorts):
    w = two_cohorts
    assert pks(selectors.placements_visible_to(w["supervisor"])) == {w["placement"].pk}
    assert pks(selectors.enrolments_visible_to(w["supervisor"])) == {w["a"].pk}
    assert pks(selectors.supervised_placements(w["supervisor"])) == {w["placement"].pk}


def test_partner_coordinators_see_their_organisation_only(two_cohorts):
    w = two_cohorts
    assert pks(selectors.enrolments_visible_to(w["coordinator"])) == {w["b"].pk}
    assert not selectors.placements_visible_to(w["coordinator"]).exists()
    assert pks(selectors.cohorts_visible_to(w["coordinator"])) == {w["mine"].pk}


@pytest.mark.parametrize("role", [roles.HR_OFFICER, roles.WORKFORCE_LEAD])
def test_hr_and_workforce_leads_see_all_but_not_mentoring_notes(two_cohorts, role):
    w = two_cohorts
    user = f.user_with_role(role)
    assert pks(selectors.enrolments_visible_to(user)) == {w["a"].pk, w["b"].pk, w["c"].pk}
    assert pks(selectors.cohorts_visible_to(user)) == {w["mine"].pk, w["theirs"].pk}
    assert not selectors.meetings_visible_to(user).exists()


def test_anonymous_and_roleless_people_see_nothing(two_cohorts):
    from django.contrib.auth.models import AnonymousUser

    for user in (AnonymousUser(), f.UserFactory()):
        assert not selectors.enrolments_visible_to(user).exists()
        assert not selectors.placements_visible_to(user).exists()
        assert not selectors.cohorts_visible_to(user).exists()
        assert not selectors.meetings_visible_to(user).exists()


def test_a_data_change_gives_the_24_month_ecdp_its_own_dates():
    ecdp = Programme.objects.get(slug="ecdp")
    cohort = f.CohortFactory(programme=ecdp, start_date=datetime.date(2027, 9, 1))
    enrolment = f.enrol(cohort=cohort)
    assert enrolment.expected_end_date == datetime.date(2029, 8, 31)
    described = progress.describe(
        selectors.with_progress(type(enrolment).objects.filter(pk=enrolment.pk)).get(),
        today=datetime.date(2028, 12, 1),
    )
    assert {key: described.next_review[key] for key in ("month", "optional", "date")} == {
        "month": 18,
        "optional": False,
        "date": datetime.date(2029, 3, 1),
    }


def test_described_enrolment_counts_days_with_skills_days_capped():
    from decimal import Decimal

    from cohorts.models import Enrolment, PlacementDayLog

    cohort = f.CohortFactory(programme=f.grow_your_own(), start_date=datetime.date(2026, 9, 1))
    enrolment = f.enrol(cohort=cohort)
    placement = f.place(enrolment, start=datetime.date(2026, 9, 1), end=datetime.date(2027, 6, 30))
    PlacementDayLog.objects.create(placement=placement, week_starting=placement.start_date, days=5)
    # Skills days above the cap, as if logged before the cap was lowered.
    for week in range(7):
        PlacementDayLog.objects.create(
            placement=placement,
            week_starting=placement.start_date + datetime.timedelta(weeks=week),
            days=5,
            kind=PlacementDayLog.Kind.SKILLS,
        )
    described = progress.describe(
        selectors.with_progress(Enrolment.objects.filter(pk=enrolment.pk)).get(),
        today=datetime.date(2026, 11, 1),
    )
    assert described.skills_days == Decimal("35")
    assert described.days_counted == Decimal("35")  # 5 practice + 30 skills that count
    assert described.days_required == 200
    assert described.current_placement == placement
