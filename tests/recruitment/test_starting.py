"""The first day: from an unconditional offer to a member of staff (and a cohort member)."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from cohorts.models import Enrolment
from portal import roles
from portal.accounts import home_path_for
from portal.models import Organisation, StaffRecord
from recruitment.choices import TimelineAction
from recruitment.models import Offer
from recruitment.services import starting
from recruitment.tasks import start_new_starter, start_new_starters
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def council(db):
    return factories.OrganisationFactory(
        name="Example City Council", kind=Organisation.Kind.COUNCIL
    )


@pytest.fixture
def hr():
    return factories.user_with_role(roles.HR_OFFICER)


def unconditional(route, *, start=None, **fields):
    return factories.offer(
        route=route, state="unconditional", confirmed_start_date=start or TODAY(), **fields
    )


def test_an_experienced_social_worker_gets_a_staff_record_only(site, council):
    offer = unconditional("experienced", hours="part_time", weekly_hours="22.5")
    person = offer.application.applicant
    offer = starting.offer_start(offer=offer)
    record = offer.staff_record
    assert record.person == person and record.start_date == TODAY()
    assert (record.job_title, record.grade, record.employment_type) == (
        "Senior social worker",
        "sw3",
        "permanent",
    )
    assert (record.hours, str(record.weekly_hours)) == ("part_time", "22.5")
    assert record.team_periods.get().team == offer.team
    # The number the applicant gave (no SWE check recorded) is the record's.
    assert record.swe_number == "SW123456"
    assert offer.enrolment is None and offer.started_at is not None
    assert not roles.has_role(person, roles.COHORT_MEMBER)
    assert offer.application.timeline.filter(action=TimelineAction.STARTED_WORK).count() == 1


def test_the_verified_swe_number_wins(site, council):
    offer = unconditional("experienced")
    offer.checks.filter(kind="swe_registration").update(status="cleared", swe_number="SW999001")
    assert starting.offer_start(offer=offer).staff_record.swe_number == "SW999001"


@pytest.mark.parametrize("route", ["asye", "apprenticeship", "grow_your_own"])
def test_cohort_routes_get_a_record_the_role_and_an_enrolment_and_the_mentor_is_told(
    site, council, route
):
    offer = unconditional(route)
    person = offer.application.applicant
    person.groups.add(roles.sync_role(roles.APPLICANT))
    assert start_new_starter.call(str(offer.pk)) == "started"
    offer.refresh_from_db()
    assert offer.staff_record.person == person
    enrolment = offer.enrolment
    assert (enrolment.member, enrolment.cohort, enrolment.employer) == (
        person,
        offer.cohort,
        council,
    )
    assert enrolment.start_date == TODAY()
    person.refresh_from_db()
    roles.forget_roles(person)
    assert roles.has_role(person, roles.COHORT_MEMBER)
    # They land on their training, not the applicant's pages.
    assert home_path_for(person) == "/training/"
    [message] = [m for m in mail.outbox if offer.cohort.mentor.email in m.to]
    assert offer.cohort.name in message.subject
    assert person.get_full_name() in message.body


def test_an_applicant_without_a_staff_role_still_lands_on_their_applications(site, council):
    offer = unconditional("experienced")
    person = offer.application.applicant
    person.groups.add(roles.sync_role(roles.APPLICANT))
    starting.offer_start(offer=offer)
    roles.forget_roles(person)
    assert home_path_for(person) == "/applications/"


def test_running_it_twice_creates_nothing_twice(site, council):
    offer = unconditional("asye")
    assert start_new_starter.call(str(offer.pk)) == "started"
    sent = len(mail.outbox)
    assert start_new_starter.call(str(offer.pk)) == "nothing to do"
    starting.offer_start(offer=offer)
    person = offer.application.applicant
    assert StaffRecord.objects.filter(person=person).count() == 1
    assert Enrolment.objects.filter(member=person).count() == 1
    assert len(mail.outbox) == sent
    assert offer.application.timeline.filter(action=TimelineAction.STARTED_WORK).count() == 1


@pytest.mark.parametrize("state", ["accepted", "sent", "withdrawn"])
def test_only_unconditional_offers_start(site, council, state):
    offer = factories.offer(state=state, confirmed_start_date=TODAY())
    assert starting.offer_start(offer=offer).started_at is None
    assert not StaffRecord.objects.exists()


def test_not_before_the_first_day(site, council):
    offer = unconditional("experienced", start=TODAY() + datetime.timedelta(days=1))
    assert starting.offer_start(offer=offer).started_at is None
    assert not StaffRecord.objects.exists()


def test_a_refused_staff_record_writes_nothing_and_hr_are_told(site, council, hr):
    offer = unconditional("asye")
    person = offer.application.applicant
    factories.staff_record(person=person)  # already an open record
    assert start_new_starter.call(str(offer.pk)) == "refused"
    offer.refresh_from_db()
    assert offer.started_at is None and offer.staff_record is None and offer.enrolment is None
    assert StaffRecord.objects.filter(person=person).count() == 1
    assert not Enrolment.objects.filter(member=person).exists()
    roles.forget_roles(person)
    assert not roles.has_role(person, roles.COHORT_MEMBER)
    assert not offer.application.timeline.filter(action=TimelineAction.STARTED_WORK).exists()
    [message] = [m for m in mail.outbox if hr.email in m.to]
    assert offer.application.reference in message.subject
    assert "already has an open staff record" in message.body


def test_a_full_cohort_undoes_the_staff_record_too(site, council, hr):
    offer = unconditional("asye")
    offer.cohort.capacity = 0
    offer.cohort.save()
    assert start_new_starter.call(str(offer.pk)) == "refused"
    assert not StaffRecord.objects.filter(person=offer.application.applicant).exists()
    assert "is full" in mail.outbox[-1].body


def test_a_cohort_route_without_a_cohort_is_refused(site, council, hr):
    offer = unconditional("grow_your_own", cohort=None)
    assert start_new_starter.call(str(offer.pk)) == "refused"
    assert "No cohort was chosen" in mail.outbox[-1].body
    assert not StaffRecord.objects.exists()


def move_clock(monkeypatch, days):
    moment = timezone.now() + datetime.timedelta(days=days)
    monkeypatch.setattr(timezone, "now", lambda: moment)


def test_the_daily_task_with_the_clock_moved_forward(site, council, monkeypatch):
    soon = unconditional("experienced", start=TODAY() + datetime.timedelta(days=3))
    later = unconditional("asye", start=TODAY() + datetime.timedelta(days=10))
    assert start_new_starters.call() == {}
    move_clock(monkeypatch, 4)
    assert start_new_starters.call() == {"started": 1}
    assert Offer.objects.get(pk=soon.pk).started_at is not None
    assert Offer.objects.get(pk=later.pk).started_at is None
    move_clock(monkeypatch, 11)
    assert start_new_starters.call() == {"started": 1}
    assert start_new_starters.call() == {}
    assert StaffRecord.objects.count() == 2


def test_the_sweep_queues_the_daily_task(site):
    out = io.StringIO()
    call_command("recruitment_sweep", stdout=out)
    assert "start_new_starters" in out.getvalue()


def test_after_starting_the_applicant_pages_no_longer_act(site, council, client):
    offer = unconditional("asye")
    starting.offer_start(offer=offer)
    application = offer.application
    client.force_login(application.applicant)
    response = client.post(
        f"/applications/{application.pk}/withdraw/", {"reason": "other", "detail": "x"}
    )
    application.refresh_from_db()
    assert application.status == "recruited"
    assert response.status_code == 404
