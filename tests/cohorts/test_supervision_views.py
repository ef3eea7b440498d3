"""The supervision pages: who sees what, logging and confirming through the forms."""

import datetime
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from cohorts.models import SupervisionSession
from cohorts.services import supervision
from portal import roles
from tests.cohorts import factories as f
from tests.factories import give_totp, sign_in_with_mfa

pytestmark = pytest.mark.django_db

NOTES = "Talked about a hard visit PRIVATE-NOTE"


@pytest.fixture
def world(site):
    today = timezone.localdate()
    cohort = f.CohortFactory(start_date=today - datetime.timedelta(days=60))
    manager = f.user_with_role(roles.PRACTICE_SUPERVISOR)
    assessor = f.user_with_role(roles.PRACTICE_SUPERVISOR)
    enrolment = f.enrol(cohort=cohort, line_manager=manager, assessor=assessor)
    session = supervision.supervision_log(
        enrolment=enrolment,
        date=today - datetime.timedelta(days=3),
        minutes=90,
        kind=SupervisionSession.Kind.INDIVIDUAL,
        notes=NOTES,
        by=manager,
    )
    other = f.enrol(cohort=cohort)
    for staff in (manager, assessor, cohort.mentor):
        give_totp(staff)
    return enrolment, manager, assessor, session, other


def member_url():
    return reverse("cohorts:member_supervision")


def learner_url(enrolment):
    return reverse("cohorts:learner_supervision", args=[enrolment.public_id])


def test_member_sees_their_sessions_notes_and_confirms(client, world):
    enrolment, manager, _assessor, session, _other = world
    sign_in_with_mfa(client, enrolment.member)
    page = client.get(member_url()).content.decode()
    assert NOTES in page
    assert "to confirm" not in page or "Confirm this session" in page
    response = client.post(member_url(), {"confirm": str(session.public_id)})
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.confirmed_by == enrolment.member
    assert "Overdue" not in client.get(member_url()).content.decode()


def test_member_logs_a_session_naming_their_manager(client, world):
    enrolment, manager, *_ = world
    sign_in_with_mfa(client, enrolment.member)
    today = timezone.localdate()
    response = client.post(
        member_url(),
        {
            "log": "1",
            "date_day": today.day,
            "date_month": today.month,
            "date_year": today.year,
            "supervisor": manager.pk,
            "minutes": "60",
            "kind": "group",
            "notes": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    logged = SupervisionSession.objects.get(logged_by=enrolment.member)
    assert logged.supervisor == manager and not logged.is_confirmed


def test_bad_length_shows_a_govuk_error(client, world):
    enrolment = world[0]
    sign_in_with_mfa(client, enrolment.member)
    response = client.post(member_url(), {"log": "1", "minutes": "5000"})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()


def test_the_supervisor_sees_notes_the_assessor_does_not(client, world):
    enrolment, manager, assessor, *_ = world
    sign_in_with_mfa(client, manager)
    assert NOTES in client.get(learner_url(enrolment)).content.decode()
    client.logout()
    sign_in_with_mfa(client, assessor)
    page = client.get(learner_url(enrolment))
    assert page.status_code == 200
    assert NOTES not in page.content.decode()


def test_another_members_sessions_are_404(client, world):
    enrolment, manager, _assessor, _session, other = world
    sign_in_with_mfa(client, manager)
    assert client.get(learner_url(other)).status_code == 404
    stranger = f.user_with_role(roles.PRACTICE_SUPERVISOR)
    give_totp(stranger)
    sign_in_with_mfa(client, stranger)
    assert client.get(learner_url(enrolment)).status_code == 404


@pytest.mark.parametrize("who", ["mentor", "hr"])
def test_mentor_and_hr_never_read_notes(client, world, who):
    enrolment = world[0]
    user = enrolment.cohort.mentor
    if who == "hr":
        user = f.hr()
        give_totp(user)
    sign_in_with_mfa(client, user)
    for url in (member_url(), learner_url(enrolment)):
        response = client.get(url)
        assert response.status_code in (403, 404)
        assert NOTES not in response.content.decode()


def test_a_stranger_cannot_confirm_by_posting(client, world):
    enrolment, _manager, _assessor, session, other = world
    sign_in_with_mfa(client, other.member)
    client.post(member_url(), {"confirm": str(session.public_id)})
    session.refresh_from_db()
    assert not session.is_confirmed


def test_the_one_screens_show_compliance_and_the_mentor_never_the_notes(client, world):
    enrolment, manager, _assessor, session, _other = world
    # Unconfirmed, the session does not count: 60 days in with none, supervision is overdue.
    sign_in_with_mfa(client, enrolment.cohort.mentor)
    mentor_page = client.get(
        reverse("cohorts:mentor_member", args=[enrolment.public_id])
    ).content.decode()
    assert "Next supervision due" in mentor_page
    assert "Overdue" in mentor_page
    assert "Supervision overdue" in mentor_page
    assert NOTES not in mentor_page
    supervision.supervision_confirm(session=session, by=enrolment.member)
    mentor_page = client.get(
        reverse("cohorts:mentor_member", args=[enrolment.public_id])
    ).content.decode()
    assert "Supervision overdue" not in mentor_page
    assert "1.5" in mentor_page
    assert NOTES not in mentor_page
    client.logout()
    sign_in_with_mfa(client, enrolment.member)
    page = client.get(reverse("cohorts:my_training")).content.decode()
    assert "Next supervision due" in page and NOTES not in page
    client.logout()
    sign_in_with_mfa(client, manager)
    page = client.get(
        reverse("cohorts:supervision_learner", args=[enrolment.public_id])
    ).content.decode()
    assert "Hours in the last 4 weeks" in page and NOTES not in page


@pytest.mark.parametrize(
    "posted",
    [{"confirm": "not-a-uuid"}, {"done": "9" * 30}, {"done": "x"}, {"confirm": str(uuid.uuid4())}],
)
def test_a_tampered_button_is_not_found_not_a_server_error(client, world, posted):
    enrolment, *_ = world
    sign_in_with_mfa(client, enrolment.member)
    assert client.post(member_url(), posted).status_code == 404
