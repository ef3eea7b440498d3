"""Every cohorts page for every role: who gets in, who gets 403, and whose objects 404."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from cohorts import selectors
from cohorts.models import (
    Attendance,
    MentoringMeeting,
    Organisation,
    Placement,
    PlacementDayLog,
    SupervisionSession,
)
from cohorts.services import sessions
from portal import roles
from portal.templatetags.govuk import govuk_date
from tests.cohorts import factories as f
from tests.factories import give_totp, sign_in_with_mfa

pytestmark = pytest.mark.django_db

D = datetime.date


class World:
    """Two cohorts with their own mentors, members, supervisors and a partner council."""

    def __init__(self):
        self.shire = f.OrganisationFactory(
            name="Shire County Council", kind=Organisation.Kind.PARTNER_COUNCIL
        )
        today = datetime.date.today()
        self.start = today - datetime.timedelta(days=60)
        self.cohort = f.CohortFactory(
            name="ASYE intake September 2026",
            start_date=self.start,
            fee_per_learner=Decimal("8000"),
            council_contribution_per_learner=Decimal("1000"),
        )
        f.CohortPartnerFactory(
            cohort=self.cohort, organisation=self.shire, contribution_per_learner=2000
        )
        self.other_cohort = f.CohortFactory(name="ASYE intake January 2027", start_date=self.start)
        self.mentor = self.cohort.mentor
        self.other_mentor = self.other_cohort.mentor
        self.member = f.user_with_role(roles.COHORT_MEMBER, first_name="Niamh", last_name="Quinn")
        self.enrolment = f.enrol(cohort=self.cohort, member=self.member)
        self.partner_member = f.user_with_role(roles.COHORT_MEMBER, first_name="Sam")
        self.partner_enrolment = f.enrol(
            cohort=self.cohort, member=self.partner_member, employer=self.shire
        )
        self.stranger = f.user_with_role(roles.COHORT_MEMBER, first_name="Olu")
        self.stranger_enrolment = f.enrol(cohort=self.other_cohort, member=self.stranger)
        self.supervisor = f.user_with_role(roles.PRACTICE_SUPERVISOR)
        self.other_supervisor = f.user_with_role(roles.PRACTICE_SUPERVISOR)
        self.placement = f.place(
            self.enrolment,
            supervisor=self.supervisor,
            start=self.start,
            end=self.start + datetime.timedelta(days=120),
        )
        self.other_placement = f.place(
            self.stranger_enrolment, supervisor=self.other_supervisor, start=self.start
        )
        soon = today + datetime.timedelta(days=7)
        self.session = f.TaughtSessionFactory(
            cohort=self.cohort,
            topic="Court skills",
            video_link="https://video.example.org/x",
            date=soon,
        )
        self.other_session = f.TaughtSessionFactory(
            cohort=self.other_cohort, topic="Secret topic", date=soon
        )
        self.coordinator = f.PartnerCoordinatorFactory(organisation=self.shire).user
        self.hr = f.user_with_role(roles.HR_OFFICER)
        self.lead = f.user_with_role(roles.WORKFORCE_LEAD)
        for staff in (
            self.mentor,
            self.other_mentor,
            self.supervisor,
            self.other_supervisor,
            self.coordinator,
            self.hr,
            self.lead,
        ):
            give_totp(staff)


@pytest.fixture
def world(site):
    return World()


def urls(w: World) -> dict[str, str]:
    return {
        "training": reverse("cohorts:my_training"),
        "calendar": reverse("cohorts:calendar"),
        "off_the_job": reverse("cohorts:off_the_job"),
        "mentor": reverse("cohorts:mentor_home"),
        "mentor_cohort": reverse("cohorts:mentor_cohort", args=[w.cohort.public_id]),
        "mentor_member": reverse("cohorts:mentor_member", args=[w.enrolment.public_id]),
        "supervision": reverse("cohorts:supervision_home"),
        "supervision_placement": reverse(
            "cohorts:supervision_placement", args=[w.placement.public_id]
        ),
        "supervision_learner": reverse("cohorts:supervision_learner", args=[w.enrolment.public_id]),
        "partner": reverse("cohorts:partner_home"),
        "register": reverse("cohorts:mentor_register", args=[w.session.public_id]),
    }


# Who may open which page: 200, 403 (wrong role) or 404 (not their object).
EXPECTED = {
    "member": {
        "training": 200,
        "calendar": 200,
        # An ASYE member: their programme has no off-the-job hours.
        "off_the_job": 404,
        "mentor": 403,
        "mentor_cohort": 403,
        "mentor_member": 403,
        "supervision": 403,
        "supervision_placement": 403,
        "supervision_learner": 403,
        "partner": 403,
        "register": 403,
    },
    "mentor": {
        "training": 403,
        "calendar": 200,
        "off_the_job": 403,
        "mentor": 200,
        "mentor_cohort": 200,
        "mentor_member": 200,
        "supervision": 403,
        "supervision_placement": 403,
        "partner": 403,
        "register": 200,
    },
    "other_mentor": {"mentor": 200, "mentor_cohort": 404, "mentor_member": 404, "register": 404},
    "supervisor": {
        "training": 403,
        "mentor": 403,
        "supervision": 200,
        "supervision_placement": 200,
        "supervision_learner": 200,
        "partner": 403,
        "register": 403,
    },
    "other_supervisor": {
        "supervision": 200,
        "supervision_placement": 404,
        "supervision_learner": 404,
    },
    "coordinator": {
        "training": 403,
        "mentor": 403,
        "mentor_member": 403,
        "supervision": 403,
        "partner": 200,
        "register": 403,
    },
    "hr": {
        "training": 403,
        "mentor": 403,
        "mentor_member": 403,
        "supervision_placement": 403,
        "supervision_learner": 403,
        "partner": 403,
        # HR take registers in the back office.
        "register": 403,
    },
    "lead": {"training": 403, "mentor": 403, "supervision": 403, "partner": 403, "register": 403},
}


@pytest.mark.parametrize(
    ("who", "page", "status"),
    [(who, page, status) for who, pages in EXPECTED.items() for page, status in pages.items()],
)
def test_each_role_on_each_page(client, world, who, page, status):
    sign_in_with_mfa(client, getattr(world, who))
    response = client.get(urls(world)[page])
    assert response.status_code == status


@pytest.mark.parametrize(
    "page",
    [
        "training",
        "calendar",
        "off_the_job",
        "mentor",
        "mentor_cohort",
        "mentor_member",
        "supervision",
        "supervision_placement",
        "supervision_learner",
        "partner",
        "register",
    ],
)
def test_anonymous_people_are_sent_to_sign_in(client, world, page):
    response = client.get(urls(world)[page])
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_staff_without_an_authenticator_app_are_sent_to_set_one_up(client, world):
    mentor = f.user_with_role(roles.MENTOR)
    sign_in_with_mfa(client, mentor)
    response = client.get(reverse("cohorts:mentor_home"))
    assert response.status_code == 302
    assert "/accounts/2fa/" in response.url


def test_my_training_shows_the_members_own_programme_placements_and_sessions(client, world):
    sign_in_with_mfa(client, world.member)
    response = client.get(reverse("cohorts:my_training"))
    text = response.text
    assert "Assessed and Supported Year in Employment" in text
    assert "ASYE intake September 2026" in text
    assert world.mentor.display_name in text
    assert world.placement.team.name in text
    assert govuk_date(world.placement.start_date) in text
    assert "No more than 15 cases" in text
    # Nine weeks in: the ASYE rule says fortnightly after week 6.
    assert "You should have supervision every fortnight at this stage" in text
    assert "Court skills" in text
    assert "Secret topic" not in text
    assert world.other_placement.team.name not in text


def test_my_training_without_an_enrolment_says_what_happens_next(client, world):
    sign_in_with_mfa(client, f.user_with_role(roles.COHORT_MEMBER))
    response = client.get(reverse("cohorts:my_training"))
    assert response.status_code == 200
    assert "You are not in a training cohort yet" in response.text


def test_calendar_feed_lists_only_the_members_sessions_in_london_time(client, world):
    sign_in_with_mfa(client, world.member)
    response = client.get(reverse("cohorts:calendar"))
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    assert [str(e["summary"]) for e in events] == ["Court skills (ASYE intake September 2026)"]
    start = events[0].decoded("dtstart")
    assert str(start.tzinfo) == "Europe/London"
    assert (start.hour, start.minute) == (9, 30)
    assert calendar.walk("VTIMEZONE")


def test_calendar_feed_by_signed_token_for_calendar_apps(client, world):
    token = selectors.calendar_feed_token(world.member)
    response = client.get(reverse("cohorts:calendar"), {"token": token})
    assert response.status_code == 200
    assert b"Court skills" in response.content
    forged = client.get(reverse("cohorts:calendar"), {"token": token[:-3] + "abc"})
    assert forged.status_code == 404


def feed_address(page_text: str) -> str:
    """The calendar address shown on My training, as a path with its query."""
    start = page_text.index("http://testserver/training/calendar.ics?token=")
    address = page_text[start : page_text.index('"', start)].replace("&amp;", "&")
    return address.removeprefix("http://testserver")


def test_the_member_resets_their_calendar_address_and_the_old_one_answers_404(client, world):
    sign_in_with_mfa(client, world.member)
    page = client.get(reverse("cohorts:my_training")).text
    assert "If someone else may have this address, reset it" in page
    old = feed_address(page)
    client.logout()
    assert client.get(old).status_code == 200

    sign_in_with_mfa(client, world.member)
    response = client.post(reverse("cohorts:calendar_reset"), follow=True)
    assert "Your calendar address has changed" in response.text
    new = feed_address(response.text)
    assert new != old
    client.logout()
    assert client.get(old).status_code == 404
    fresh = client.get(new)
    assert fresh.status_code == 200
    assert b"Court skills" in fresh.content


def test_only_members_reset_a_calendar_address_and_only_by_post(client, world):
    sign_in_with_mfa(client, world.member)
    assert client.get(reverse("cohorts:calendar_reset")).status_code == 405
    sign_in_with_mfa(client, world.mentor)
    assert client.post(reverse("cohorts:calendar_reset")).status_code == 403
    client.logout()
    response = client.post(reverse("cohorts:calendar_reset"))
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def register_data(marks: dict) -> dict:
    return {f"learner-{enrolment.public_id}": status for enrolment, status in marks.items()}


def test_mentor_takes_the_register_from_their_cohort_page(client, world):
    sign_in_with_mfa(client, world.mentor)
    past = f.TaughtSessionFactory(
        cohort=world.cohort, topic="Chronologies", date=datetime.date.today()
    )
    cohort_page = client.get(reverse("cohorts:mentor_cohort", args=[world.cohort.public_id]))
    url = reverse("cohorts:mentor_register", args=[past.public_id])
    assert url in cohort_page.text
    page = client.get(url).text
    assert "Register: Chronologies" in page
    assert world.member.display_name in page and world.partner_member.display_name in page
    assert world.stranger.display_name not in page
    response = client.post(
        url,
        register_data(
            {world.enrolment: Attendance.Status.PRESENT, world.partner_enrolment: "late"}
        ),
        follow=True,
    )
    assert "Register saved" in response.text
    assert dict(past.attendances.values_list("enrolment", "status")) == {
        world.enrolment.pk: Attendance.Status.PRESENT,
        world.partner_enrolment.pk: Attendance.Status.LATE,
    }
    # The page shows the marks it has, and the mentor may change one.
    client.post(url, register_data({world.enrolment: Attendance.Status.ABSENT}))
    assert past.attendances.get(enrolment=world.enrolment).status == Attendance.Status.ABSENT
    assert past.attendances.get(enrolment=world.partner_enrolment).status == "late"


def test_the_register_refuses_a_learner_from_another_cohort(client, world):
    sign_in_with_mfa(client, world.mentor)
    url = reverse("cohorts:mentor_register", args=[world.session.public_id])
    response = client.post(
        url,
        register_data(
            {world.stranger_enrolment: Attendance.Status.PRESENT, world.enrolment: "present"}
        ),
    )
    assert response.status_code == 200
    assert "Only the learners on this register can be marked" in response.text
    assert not Attendance.objects.exists()


def test_an_unknown_mark_is_a_form_error(client, world):
    sign_in_with_mfa(client, world.mentor)
    url = reverse("cohorts:mentor_register", args=[world.session.public_id])
    response = client.post(url, register_data({world.enrolment: "asleep"}))
    assert response.status_code == 200
    assert "govuk-error-summary" in response.text
    assert not Attendance.objects.exists()


def test_mentor_dashboard_lists_their_cohort_members_only(client, world):
    sign_in_with_mfa(client, world.mentor)
    response = client.get(reverse("cohorts:mentor_home"))
    assert "ASYE intake September 2026" in response.text
    assert world.member.display_name in response.text
    assert world.stranger.display_name not in response.text
    # Two members in an NQSW intake: the 7-10 guidance shows as a warning.
    assert "Intakes of 7 to 10 work best" in response.text


def test_mentor_sees_who_needs_attention_first(client, world):
    for attended in (
        Attendance.Status.ABSENT,
        Attendance.Status.ABSENT,
        Attendance.Status.PRESENT,
    ):
        session = f.TaughtSessionFactory(cohort=world.cohort)
        sessions.attendance_record(
            session=session, enrolment=world.partner_enrolment, status=attended, by=world.mentor
        )
    sign_in_with_mfa(client, world.mentor)
    response = client.get(reverse("cohorts:mentor_cohort", args=[world.cohort.public_id]))
    text = response.text
    assert "Attendance 33%" in text
    assert text.index(world.partner_member.display_name) < text.index(world.member.display_name)


def test_mentor_filters_the_cohort_to_members_who_need_attention(client, world):
    for _ in range(2):
        session = f.TaughtSessionFactory(cohort=world.cohort)
        sessions.attendance_record(
            session=session,
            enrolment=world.partner_enrolment,
            status=Attendance.Status.ABSENT,
            by=world.mentor,
        )
    f.MentoringMeetingFactory(enrolment=world.enrolment, date=datetime.date.today())
    # Supervised today, so supervision is not overdue either.
    SupervisionSession.objects.create(
        enrolment=world.enrolment,
        date=datetime.date.today(),
        minutes=60,
        kind=SupervisionSession.Kind.INDIVIDUAL,
        supervisor=world.mentor,
        logged_by=world.member,
        confirmed_by=world.mentor,
        confirmed_at=timezone.now(),
    )
    sign_in_with_mfa(client, world.mentor)
    url = reverse("cohorts:mentor_cohort", args=[world.cohort.public_id])
    everyone = client.get(url).text
    assert "Showing 2 of 2 members" in everyone
    needing = client.get(url, {"show": "attention"}).text
    assert "Showing 1 of 2 members" in needing
    assert world.partner_member.display_name in needing
    assert world.member.display_name not in needing


def test_mentor_sees_a_members_attendance_session_by_session(client, world):
    sessions.attendance_record(
        session=world.session,
        enrolment=world.enrolment,
        status=Attendance.Status.LATE,
        by=world.mentor,
    )
    sign_in_with_mfa(client, world.mentor)
    text = client.get(reverse("cohorts:mentor_member", args=[world.enrolment.public_id])).text
    assert "Court skills" in text
    assert "Late" in text


def test_mentor_records_a_meeting_that_only_mentor_and_member_see(client, world):
    sign_in_with_mfa(client, world.mentor)
    url = reverse("cohorts:mentor_member", args=[world.enrolment.public_id])
    today = datetime.date.today()
    response = client.post(
        url,
        {
            "date_day": today.day,
            "date_month": today.month,
            "date_year": today.year,
            "notes": "Worried about court work",
            "agreed_actions": "Shadow a Legal Planning Meeting",
        },
    )
    assert response.status_code == 302
    meeting = MentoringMeeting.objects.get()
    assert meeting.mentor == world.mentor
    assert "Worried about court work" in client.get(url).text
    # The member reads the notes and actions on their own page; nobody else does.
    sign_in_with_mfa(client, world.member)
    own = client.get(reverse("cohorts:my_training")).text
    assert "Worried about court work" in own
    assert "Shadow a Legal Planning Meeting" in own
    sign_in_with_mfa(client, world.partner_member)
    assert "Worried about court work" not in client.get(reverse("cohorts:my_training")).text


def test_meeting_form_errors_show_in_an_error_summary(client, world):
    sign_in_with_mfa(client, world.mentor)
    url = reverse("cohorts:mentor_member", args=[world.enrolment.public_id])
    response = client.post(url, {"date_day": "", "date_month": "", "date_year": ""})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.text
    assert "Enter the date of the meeting" in response.text
    assert not MentoringMeeting.objects.exists()


def test_other_mentor_cannot_post_a_meeting_for_someone_elses_member(client, world):
    sign_in_with_mfa(client, world.other_mentor)
    url = reverse("cohorts:mentor_member", args=[world.enrolment.public_id])
    response = client.post(url, {"date_day": 1, "date_month": 9, "date_year": 2026})
    assert response.status_code == 404


def test_supervisor_logs_days_and_signs_off(client, world):
    sign_in_with_mfa(client, world.supervisor)
    url = reverse("cohorts:supervision_placement", args=[world.placement.public_id])
    response = client.post(
        url,
        {
            "week_starting_day": world.start.day,
            "week_starting_month": world.start.month,
            "week_starting_year": world.start.year,
            "days": "4.5",
            "kind": "practice",
        },
    )
    assert response.status_code == 302
    assert PlacementDayLog.objects.get().days == Decimal("4.5")
    response = client.post(
        reverse("cohorts:supervision_sign_off", args=[world.placement.public_id])
    )
    assert response.status_code == 302
    world.placement.refresh_from_db()
    assert world.placement.status == Placement.Status.COMPLETED


def test_supervisor_log_days_errors(client, world):
    sign_in_with_mfa(client, world.supervisor)
    url = reverse("cohorts:supervision_placement", args=[world.placement.public_id])
    response = client.post(url, {"days": "9"})
    assert "govuk-error-summary" in response.text
    assert "Days must be 7 or fewer" in response.text


def test_other_supervisor_cannot_sign_off(client, world):
    sign_in_with_mfa(client, world.other_supervisor)
    response = client.post(
        reverse("cohorts:supervision_sign_off", args=[world.placement.public_id])
    )
    assert response.status_code == 404
    world.placement.refresh_from_db()
    assert world.placement.status == Placement.Status.PLANNED


def test_partner_sees_only_their_learners_and_costs(client, world):
    sign_in_with_mfa(client, world.coordinator)
    text = client.get(reverse("cohorts:partner_home")).text
    assert world.partner_member.display_name in text
    assert world.member.display_name not in text
    assert world.stranger.display_name not in text
    assert "£2,000" in text  # their contribution per learner
    assert "£6,000" in text  # the learner's loan-funded part
    assert "£1,000" not in text  # the council's own contribution is not theirs to see


def test_partner_without_an_organisation_link_sees_nothing(client, world):
    coordinator = f.user_with_role(roles.PARTNER_COORDINATOR)
    give_totp(coordinator)
    sign_in_with_mfa(client, coordinator)
    response = client.get(reverse("cohorts:partner_home"))
    assert response.status_code == 200
    assert "not linked to an organisation" in response.text


def test_partner_downloads_only_their_learners_as_csv(client, world):
    sign_in_with_mfa(client, world.coordinator)
    response = client.get(reverse("cohorts:partner_export"))
    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode()
    assert world.partner_member.email in body
    assert world.member.email not in body
    assert world.stranger.email not in body
    assert "2000" in body and "6000" in body


def test_partner_csv_is_for_partner_coordinators_only(client, world):
    sign_in_with_mfa(client, world.mentor)
    assert client.get(reverse("cohorts:partner_export")).status_code == 403
    client.logout()
    assert client.get(reverse("cohorts:partner_export")).status_code == 302


def test_the_line_manager_and_assessor_see_their_learner_but_not_others(client, world):
    manager = f.user_with_role(roles.PRACTICE_SUPERVISOR, first_name="Lena", last_name="Moss")
    give_totp(manager)
    world.enrolment.line_manager = manager
    world.enrolment.save()
    sign_in_with_mfa(client, manager)
    home = client.get(reverse("cohorts:supervision_home")).text
    assert "1 learner you manage, assess or supervise" in home
    assert world.member.display_name in home
    assert world.stranger.display_name not in home
    page = client.get(reverse("cohorts:supervision_learner", args=[world.enrolment.public_id]))
    assert page.status_code == 200
    assert "Lena Moss" in page.text
    assert (
        client.get(
            reverse("cohorts:supervision_learner", args=[world.stranger_enrolment.public_id])
        ).status_code
        == 404
    )
    assert world.enrolment in selectors.enrolments_visible_to(manager)
    assert world.stranger_enrolment not in selectors.enrolments_visible_to(manager)
