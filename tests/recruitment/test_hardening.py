"""What a clumsy user or an attacker found in recruitment (issue 12): each holds now."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from cms.choices import Route
from portal import roles
from recruitment.choices import AsyeStatus, InterviewStatus, Status
from recruitment.models import Application, InterviewSlot
from recruitment.services import interviews, screening, submission
from tests import factories as base_factories
from tests.factories import sign_in_with_mfa
from tests.recruitment import factories

pytestmark = pytest.mark.django_db

HUGE = "9" * 30


@pytest.fixture
def hr(client, site, staff_with_mfa):
    return staff_with_mfa(roles.HR_OFFICER, client)


@pytest.fixture
def panel(site):
    return base_factories.UserFactory(roles=[roles.PANEL_MEMBER], first_name="Pat")


# Bad input is a form error, never a server error ------------------------------------------


def test_a_rejection_reason_id_no_row_could_have_is_a_form_error(client, hr):
    application = factories.submitted(post_qualifying_months=12)
    response = client.post(
        reverse("recruitment_application:reject", args=[application.pk]),
        {"reasons": [HUGE], "message": "Thank you."},
    )
    assert response.status_code == 200
    assert "Choose reasons from the list" in response.text
    application.refresh_from_db()
    assert application.status == Status.AWAITING_SHORTLISTING


def test_a_new_slot_with_absurd_ids_is_refused_with_messages(client, hr, panel):
    day = factories.working_day_ahead()
    response = client.post(
        reverse("recruitment_interviews:slot_new"),
        {
            "vacancy": HUGE,
            "date": day.isoformat(),
            "start_time": "10:00",
            "end_time": "11:00",
            "format": "phone",
            "panel": [HUGE],
        },
    )
    assert response.status_code == 200
    assert "Choose a vacancy from the list" in response.text
    assert "Choose panel members from the list" in response.text
    assert not InterviewSlot.objects.exists()


def test_slots_in_bulk_refuse_the_end_of_time_and_absurd_lengths(client, hr, panel):
    vacancy = base_factories.make_vacancy()
    response = client.post(
        reverse("recruitment_interviews:slots_bulk"),
        {
            "vacancy": vacancy.pk,
            "first_day": "9999-12-31",
            "last_day": "9999-12-31",
            "weekdays": ["0", "1"],
            "day_start": "09:30",
            "day_end": "16:30",
            "length_minutes": "9" * 18,
            "gap_minutes": "9" * 18,
            "format": "phone",
            "panel": [panel.pk],
        },
    )
    assert response.status_code == 200
    assert "Enter a date between 1900 and 2100" in response.text
    assert "Ensure this value is less than or equal to 600" in response.text
    assert not InterviewSlot.objects.exists()


@pytest.mark.parametrize(
    "query",
    ["?week=9999-12-31", "?week=0001-01-01", "?week=tomorrow", f"?vacancy={'9' * 31}", "?panel=-1"],
)
def test_the_calendar_treats_nonsense_in_its_address_as_absent(client, hr, query):
    response = client.get(reverse("recruitment_interviews:calendar") + query)
    assert response.status_code == 200
    assert "Interview calendar" in response.text


def test_a_new_slot_for_an_application_that_is_not_one_is_not_found(client, hr):
    response = client.get(reverse("recruitment_interviews:slot_new") + "?application=not-a-uuid")
    assert response.status_code == 404


def test_applying_for_a_vacancy_number_no_page_could_have_is_not_found(client, site):
    assert client.get(f"/applications/apply/{'9' * 20}/").status_code == 404


# Blind shortlisting and the panel ---------------------------------------------------------


def test_the_panel_never_sees_registration_number_scheme_or_adjustment_detail(
    client, site, staff_with_mfa
):
    member = staff_with_mfa(roles.PANEL_MEMBER, client)
    application = factories.invited(
        swe_number="SW987654",
        guaranteed_interview=True,
        needs_adjustments=True,
        adjustments="A hearing loop in the room",
    )
    slot = factories.slot(application.vacancy, panel=[member])
    booked = interviews.interview_book(application=application, slot=slot, by=application.applicant)
    for url in (
        reverse("recruitment:panel_interview", args=[booked.pk]),
        reverse("recruitment:my_interviews"),
    ):
        page = client.get(url).text
        assert "SW987654" not in page
        assert "Guaranteed interview scheme" not in page
        assert "A hearing loop" not in page
        assert "HR are arranging them" in page


def test_hrs_blind_inspect_page_hides_the_registration_number_until_shortlisting(client, hr):
    application = factories.submitted(swe_number="SW987654", post_qualifying_months=12)
    url = reverse("recruitment_application:inspect", args=[application.pk])
    assert application.is_blind
    assert "SW987654" not in client.get(url).text
    screening.application_shortlist(application=application, by=hr)
    assert "SW987654" in client.get(url).text


# The applicant is told about their route ---------------------------------------------------


def test_a_newly_qualified_applicant_to_an_experienced_post_is_told_which_route_and_why(
    client, site, django_capture_on_commit_callbacks
):
    application = factories.ApplicationFactory(
        route=Route.EXPERIENCED,
        qualified_on=datetime.date.today() - datetime.timedelta(days=200),
        asye_status=AsyeStatus.IN_PROGRESS,
        post_qualifying_months=6,
    )
    sign_in_with_mfa(client, application.applicant)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("recruitment:check", args=[application.pk]))
    application.refresh_from_db()
    assert application.suggested_route == Route.ASYE
    told = "Newly qualified social worker (ASYE) route may suit you better"
    assert told in application.route_notice
    assert "the post asks for a completed ASYE" in application.route_notice
    for name in ("confirmation", "application"):
        page = client.get(reverse(f"recruitment:{name}", args=[application.pk])).text
        assert "About your route" in page
        assert told in page
    submitted = next(m for m in mail.outbox if application.email in m.to)
    assert told in submitted.body


def test_an_application_hr_move_to_another_route_says_so_on_its_status_page(client, hr):
    application = factories.submitted(post_qualifying_months=12)
    screening.application_move_route(application=application, route=Route.ASYE, by=hr)
    sign_in_with_mfa(client, application.applicant)
    page = client.get(reverse("recruitment:application", args=[application.pk])).text
    assert "We moved your application from our Experienced social worker route" in page


def test_an_application_that_fits_its_route_has_no_route_banner(client, site):
    application = factories.submitted()
    assert application.status == Status.FAST_TRACKED
    sign_in_with_mfa(client, application.applicant)
    page = client.get(reverse("recruitment:application", args=[application.pk])).text
    assert "About your route" not in page
    assert Application.objects.get(pk=application.pk).route_notice == ""


def test_an_interview_that_is_held_can_be_corrected_to_did_not_attend(hr, panel):
    application = factories.invited()
    slot = factories.slot(application.vacancy, panel=[panel])
    booked = interviews.interview_book(application=application, slot=slot, by=application.applicant)
    interviews.interview_record_outcome(interview=booked, by=hr, status=InterviewStatus.HELD)
    interviews.interview_record_outcome(interview=booked, by=hr, status=InterviewStatus.NO_SHOW)
    booked.refresh_from_db()
    assert booked.status == InterviewStatus.NO_SHOW


def test_each_referee_is_a_fieldset_with_its_own_legend(client, site):
    application = factories.ApplicationFactory()
    sign_in_with_mfa(client, application.applicant)
    page = client.get(reverse("recruitment:referees", args=[application.pk])).text
    assert page.count('<fieldset class="govuk-fieldset"') == 2
    for n in (1, 2):
        assert f'<h2 class="govuk-fieldset__heading">Referee {n}</h2>' in page


def test_mail_links_use_the_public_address(site, settings, django_capture_on_commit_callbacks):
    settings.PORTAL_PUBLIC_URL = "https://careers.example.gov.uk"
    application = factories.ApplicationFactory()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        submission.application_submit(application=application, by=application.applicant)
    assert mail.outbox
    for message in mail.outbox:
        assert "127.0.0.1" not in message.body
    assert any(
        f"https://careers.example.gov.uk/applications/{application.pk}/" in m.body
        for m in mail.outbox
    )
