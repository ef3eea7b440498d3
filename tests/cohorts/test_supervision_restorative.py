"""How many practice supervisors are trained in restorative supervision: /mentor/ and HR's panel."""

import datetime

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from cohorts import supervision_selectors
from cohorts.models import PracticeSupervisor
from portal import roles
from tests.cohorts import factories as f
from tests.factories import give_totp, sign_in_with_mfa

pytestmark = pytest.mark.django_db


@pytest.fixture
def supervisors():
    f.PracticeSupervisorFactory(restorative_trained=True)
    f.PracticeSupervisorFactory(restorative_trained=False)
    f.PracticeSupervisorFactory(restorative_trained=False)


def test_counts_people_trained_of_all_practice_supervisors(supervisors):
    assert supervision_selectors.restorative_trained_counts() == (1, 3)


def test_mentor_home_shows_how_many_supervisors_are_trained(client, site, supervisors):
    cohort = f.CohortFactory()
    give_totp(cohort.mentor)
    sign_in_with_mfa(client, cohort.mentor)
    text = client.get(reverse("cohorts:mentor_home")).text
    assert "1 of 3 practice supervisors trained in restorative supervision" in text


def test_hr_back_office_panel_shows_how_many_supervisors_are_trained(
    client, site, staff_with_mfa, supervisors
):
    staff_with_mfa(roles.HR_OFFICER, client)
    text = client.get(reverse("wagtailadmin_home")).text
    assert "1 of 3 practice supervisors trained in restorative supervision" in text


# Supervisors record their own training on their /supervision/ pages --------------


def _supervisor(role_in_enrolment: str):
    """A person who supervises a current learner as line manager, assessor or on placement."""
    person = f.user_with_role(roles.PRACTICE_SUPERVISOR)
    if role_in_enrolment == "placement":
        today = datetime.date.today()
        enrolment = f.enrol(cohort=f.CohortFactory(start_date=today - datetime.timedelta(days=30)))
        f.place(enrolment, start=enrolment.start_date, supervisor=person)
    else:
        f.enrol(**{role_in_enrolment: person})
    return person


@pytest.mark.parametrize("role_in_enrolment", ["line_manager", "assessor", "placement"])
def test_each_kind_of_supervisor_records_their_training(client, site, role_in_enrolment):
    person = _supervisor(role_in_enrolment)
    give_totp(person)
    sign_in_with_mfa(client, person)
    home = client.get(reverse("cohorts:supervision_home")).text
    assert "You are not recorded as trained in restorative supervision." in home
    url = reverse("cohorts:restorative_training")
    assert url in home
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "trained": "yes",
            "trained_on_day": "14",
            "trained_on_month": "3",
            "trained_on_year": "2025",
        },
    )
    assert response.status_code == 302
    row = PracticeSupervisor.objects.get(user=person)
    assert row.restorative_trained and str(row.restorative_trained_on) == "2025-03-14"
    assert ModelLogEntry.objects.filter(
        action="cohorts.practice_supervisor.restorative", user_id=person.pk
    ).exists()
    home = client.get(reverse("cohorts:supervision_home")).text
    assert "You are recorded as trained in restorative supervision since 14 March 2025." in home
    assert supervision_selectors.restorative_trained_counts()[0] == 1


def test_trained_needs_a_past_date_and_untrained_clears_it(client, site):
    person = _supervisor("line_manager")
    give_totp(person)
    sign_in_with_mfa(client, person)
    url = reverse("cohorts:restorative_training")
    response = client.post(url, {"trained": "yes"})
    assert response.status_code == 200
    assert "Enter the date you finished the training" in response.text
    soon = datetime.date.today() + datetime.timedelta(days=30)
    response = client.post(
        url,
        {
            "trained": "yes",
            "trained_on_day": str(soon.day),
            "trained_on_month": str(soon.month),
            "trained_on_year": str(soon.year),
        },
    )

    assert "today or in the past" in response.text
    assert not PracticeSupervisor.objects.filter(user=person).exists()
    f.PracticeSupervisorFactory(
        user=person, restorative_trained=True, restorative_trained_on="2024-01-01"
    )
    assert client.post(url, {"trained": "no"}).status_code == 302
    row = PracticeSupervisor.objects.get(user=person)
    assert not row.restorative_trained and row.restorative_trained_on is None


def test_a_member_may_not_record_supervisor_training(client, site):
    member = f.enrol().member
    sign_in_with_mfa(client, member)
    assert client.get(reverse("cohorts:restorative_training")).status_code in (302, 403, 404)
