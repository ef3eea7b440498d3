"""The applicant's journey through the test client, section by section."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from portal.calendar import add_working_days
from portal.formats import long_date
from recruitment.choices import Status
from recruitment.models import Application
from recruitment.services import interviews as interview_services
from recruitment.services import screening, submission
from tests.factories import UserFactory, make_vacancy, sign_in_with_mfa
from tests.recruitment import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def vacancy(site):
    return make_vacancy(title="Social worker, Duty")


@pytest.fixture
def applicant(client):
    user = UserFactory()
    sign_in_with_mfa(client, user)
    return user


def url(name, application, *args):
    return reverse(f"recruitment:{name}", args=[application.pk, *args])


def test_apply_sends_anonymous_people_to_sign_up_and_back(client, vacancy):
    response = client.get(reverse("recruitment:apply", args=[vacancy.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_signup"))
    assert "next=%2Fapplications%2Fapply%2F" in response["Location"]


def test_vacancy_apply_button_points_at_the_journey(vacancy):
    from portal.links import apply_url

    assert apply_url(vacancy) == reverse("recruitment:apply", args=[vacancy.pk])


def test_start_creates_one_draft_with_channel(client, vacancy, applicant):
    from tests.factories import make_campaign

    make_campaign(tracking_code="radio-2026")
    client.get("/", {"utm_source": "radio"})
    start = reverse("recruitment:apply", args=[vacancy.pk])
    assert client.get(start).status_code == 200
    response = client.post(start)
    application = Application.objects.get(applicant=applicant)
    assert response["Location"] == url("application", application)
    assert application.utm_source == "radio"
    # Starting again finds the same application.
    client.post(start)
    assert Application.objects.filter(applicant=applicant).count() == 1
    assert client.get(start)["Location"] == url("application", application)


def fill_everything(client, application):
    """Post every section as an applicant would, returning nothing; asserts redirects."""
    today = timezone.localdate()
    qualified = today - datetime.timedelta(days=365 * 4)
    posts = [
        (
            "personal-details",
            {
                "first_name": "Sam",
                "last_name": "Jones",
                "email": "sam@example.org",
                "phone": "07700 900123",
                "address": "1 High St",
                "postcode": "ex1 1aa",
            },
        ),
        ("right-to-work", {"right_to_work": "yes"}),
        ("how-you-applied", {"heard_about": "job_board", "through_agency": "False"}),
        (
            "registration",
            {
                "swe_status": "registered",
                "swe_number": "sw 123456",
                "qualification": "BA",
                "awarding_body": "Uni",
                "qualified_on_day": qualified.day,
                "qualified_on_month": qualified.month,
                "qualified_on_year": qualified.year,
                "asye_status": "completed",
            },
        ),
        ("statement", {"supporting_statement": "I meet the criteria."}),
        ("availability", {"interview_availability": "Any day", "needs_adjustments": "False"}),
        ("guaranteed-interview", {"guaranteed_interview": "False"}),
        ("declaration", {"confirm": "on"}),
    ]
    for slug, data in posts:
        response = client.post(url("section", application, slug), data)
        assert response.status_code == 302, (slug, response.context["form"].errors)
    response = client.post(
        url("employment_add", application),
        {
            "employer": "Example Council",
            "job_title": "Social worker",
            "started_on_day": qualified.day,
            "started_on_month": qualified.month,
            "started_on_year": qualified.year,
            "is_social_work": "True",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    assert client.post(url("employment", application)).status_code == 302
    response = client.post(
        url("section", application, "experience"), {"post_qualifying_months": "48"}
    )
    assert response.status_code == 302
    referee = {
        "name": "R",
        "job_title": "M",
        "organisation": "O",
        "email": "r@example.org",
        "relationship": "Manager",
    }
    data = {f"referee1-{k}": v for k, v in referee.items()} | {
        f"referee2-{k}": v for k, v in referee.items()
    }
    data["referee1-is_current_employer"] = "on"
    assert client.post(url("referees", application), data).status_code == 302
    response = client.post(url("cv", application), {"cv": factories.pdf_upload()})
    assert response.status_code == 302
    assert client.post(url("equality", application), {"sex": "prefer_not"}).status_code == 302


def test_whole_journey_then_submit_twice(
    client, vacancy, applicant, django_capture_on_commit_callbacks
):
    client.post(reverse("recruitment:apply", args=[vacancy.pk]))
    application = Application.objects.get(applicant=applicant)
    fill_everything(client, application)
    application.refresh_from_db()
    assert application.swe_number == "SW123456"
    assert application.postcode == "EX1 1AA"
    page = client.get(url("application", application))
    assert "Check your answers and submit" in page.content.decode()
    check = client.get(url("check", application))
    assert check.status_code == 200
    assert "Sam Jones" in check.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url("check", application))
        second = client.post(url("check", application))
    assert first["Location"] == second["Location"] == url("confirmation", application)
    application.refresh_from_db()
    assert application.status == Status.FAST_TRACKED
    assert len([m for m in mail.outbox if m.to == ["sam@example.org"]]) == 1
    due = long_date(add_working_days(timezone.localdate(), 5))
    confirmation = client.get(url("confirmation", application)).content.decode()
    assert f"We will offer you an interview by {due}" in confirmation
    status = client.get(url("application", application)).content.decode()
    assert "We are arranging your interview" in status
    assert due in status
    mine = client.get(reverse("recruitment:my_applications")).content.decode()
    assert "Social worker, Duty" in mine and due in mine


def test_errors_keep_what_was_entered(client, vacancy, applicant):
    application = factories.ApplicationFactory(
        applicant=applicant, vacancy=vacancy, completed_sections=[]
    )
    response = client.post(
        url("section", application, "registration"),
        {"swe_status": "registered", "swe_number": "12345", "qualification": "BA Social Work"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert "Enter your registration number in the correct format" in body
    assert 'value="BA Social Work"' in body
    assert "<title>Error:" in body


def test_asye_applicant_cannot_apply_through_agency(client, site, applicant):
    application = factories.ApplicationFactory(
        applicant=applicant, vacancy=make_vacancy(recruitment_route="asye")
    )
    response = client.post(
        url("section", application, "how-you-applied"),
        {"heard_about": "agency", "through_agency": "True", "agency_name": "Temps"},
    )
    assert response.status_code == 200
    assert "cannot be placed through an agency" in response.content.decode()


def test_gaps_must_be_explained(client, vacancy, applicant):
    application = factories.ApplicationFactory(applicant=applicant, vacancy=vacancy, extras=False)
    start = timezone.localdate() - datetime.timedelta(days=900)
    end = timezone.localdate() - datetime.timedelta(days=500)
    client.post(
        url("employment_add", application),
        {
            "employer": "A",
            "job_title": "B",
            "started_on_day": start.day,
            "started_on_month": start.month,
            "started_on_year": start.year,
            "ended_on_day": end.day,
            "ended_on_month": end.month,
            "ended_on_year": end.year,
            "is_social_work": "True",
        },
    )
    response = client.post(url("employment", application))
    assert response.status_code == 200
    assert "Explain this gap" in response.content.decode()
    assert "<title>Error: Employment history" in response.content.decode()
    assert "Error: Error:" not in response.content.decode()
    field = next(iter(response.context["form"].fields))
    assert (
        client.post(url("employment", application), {field: "Caring for a relative"}).status_code
        == 302
    )


def test_submitted_application_can_be_changed_until_screening(
    client, vacancy, applicant, user_for_role
):
    from portal import roles

    application = factories.submitted(applicant=applicant, vacancy=vacancy)
    response = client.post(
        url("section", application, "statement"), {"supporting_statement": "Better"}
    )
    assert response["Location"] == url("check", application)
    interview_services.application_record_interview_offered(
        application=application, by=user_for_role(roles.HR_OFFICER)
    )
    response = client.post(
        url("section", application, "statement"), {"supporting_statement": "Worse"}
    )
    assert response["Location"] == url("application", application)
    application.refresh_from_db()
    assert application.supporting_statement == "Better"


def test_withdraw_with_reason(client, vacancy, applicant):
    application = factories.submitted(applicant=applicant, vacancy=vacancy)
    response = client.post(url("withdraw", application), {})
    assert "Select why you are withdrawing" in response.content.decode()
    client.post(url("withdraw", application), {"reason": "another_job"})
    application.refresh_from_db()
    assert application.status == Status.WITHDRAWN
    assert (
        "You withdrew this application"
        in client.get(url("application", application)).content.decode()
    )


def test_delete_draft(client, vacancy, applicant):
    application = factories.ApplicationFactory(applicant=applicant, vacancy=vacancy)
    assert client.get(url("delete", application)).status_code == 200
    client.post(url("delete", application))
    assert not Application.objects.filter(pk=application.pk).exists()


def test_rejected_applicant_reads_the_message(client, vacancy, applicant, user_for_role):
    from portal import roles

    application = factories.submitted(applicant=applicant, vacancy=vacancy)
    screening.application_reject(
        application=application,
        by=user_for_role(roles.HR_OFFICER),
        reasons=[factories.rejection_reason()],
        message="We chose others this time.",
    )
    body = client.get(url("application", application)).content.decode()
    assert "We chose others this time." in body
    assert "Unsuccessful" in body


def test_closed_vacancy_cannot_be_started(client, site, applicant):
    vacancy = make_vacancy(closing_date=timezone.localdate() - datetime.timedelta(days=1))
    start = reverse("recruitment:apply", args=[vacancy.pk])
    body = client.get(start).content.decode()
    assert "This vacancy has closed" in body
    assert "Start your application" not in body
    client.post(start)
    assert not Application.objects.filter(applicant=applicant).exists()


def test_an_offered_application_cannot_be_withdrawn(client, vacancy, applicant):
    application = factories.in_status(Status.OFFERED, applicant=applicant, vacancy=vacancy)
    assert (
        "Withdraw your application"
        not in client.get(url("application", application)).content.decode()
    )
    assert client.get(url("withdraw", application)).status_code == 404


@pytest.mark.parametrize(
    ("route", "fields"),
    [
        (
            "grow_your_own",
            {"works_for_council_or_partner": "True", "works_with_children_or_families": "True"},
        ),
        (
            "apprenticeship",
            {"has_level_2_english_maths": "True", "works_with_children_or_families": "True"},
        ),
    ],
)
def test_degree_routes_ask_their_eligibility_questions(client, site, applicant, route, fields):

    from recruitment.sections import required_sections

    application = factories.ApplicationFactory(
        applicant=applicant, vacancy=make_vacancy(recruitment_route=route), completed_sections=[]
    )
    page = client.get(url("section", application, "eligibility")).content.decode()
    assert "vulnerable adults" in page
    assert client.get(url("section", application, "registration")).status_code == 404
    assert client.post(url("section", application, "eligibility"), {}).status_code == 200
    assert client.post(url("section", application, "eligibility"), fields).status_code == 302
    application.refresh_from_db()
    application.completed_sections = required_sections(route)
    application.save()
    application, _ = submission.application_submit(application=application, by=applicant)
    assert application.status == Status.AWAITING_SHORTLISTING
    assert application.suggested_route == ""
    assert application.routing_rule.applies_to_route == route


def test_date_error_links_to_the_day_box(client, vacancy, applicant):
    application = factories.ApplicationFactory(applicant=applicant, vacancy=vacancy)
    response = client.post(
        url("section", application, "registration"),
        {"qualified_on_day": "31", "qualified_on_month": "2"},
    )
    body = response.content.decode()
    assert 'href="#id_qualified_on_day"' in body
    assert 'id="id_qualified_on_day"' in body
    assert 'for="id_qualified_on_day"' in body
