"""The referee's pages (public, by link) and HR's reference pages, for every role."""

import csv
import datetime
import io
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portal import roles
from recruitment import reference_links
from recruitment.choices import ReferenceState, Status, Suitability
from recruitment.models import ReferenceRequest
from recruitment.reference_views import BAD_LINKS_PER_HOUR
from recruitment.services import references
from tests.factories import sign_in_with_mfa, user_with_role
from tests.recruitment import factories

pytestmark = pytest.mark.django_db

INDEX = "/admin/recruitment/references/"
STAFF_ROLES = [role for role in roles.ROLES if role != roles.HR_OFFICER]


@pytest.fixture
def application(site):
    return factories.in_status(Status.INTERVIEWING, first_name="Zebedee", last_name="Quartermaine")


@pytest.fixture
def asked(application):
    hr = user_with_role(roles.HR_OFFICER)
    return references.references_request_all(application=application, by=hr)


@pytest.fixture
def request_(asked):
    return asked[0]


@pytest.fixture
def token(request_):
    return reference_links.token_for(request_)


def url(name, token):
    return reverse(f"recruitment:{name}", args=[token])


GOOD = {
    "action": "answers",
    "how_known": "I was their team manager",
    "known_from_day": "6",
    "known_from_month": "1",
    "known_from_year": "2020",
    "applicant_role": "Social worker",
    "suitable_with_children": Suitability.YES,
    "safeguarding_concerns": "False",
    "disciplinary_action": "False",
}


def posted(client, token, **changes):
    data = {**GOOD, **changes}
    return client.post(url("reference", token), {k: v for k, v in data.items() if v is not None})


# The referee's pages ----------------------------------------------------------------


def test_the_referee_sees_who_it_is_about_and_the_page_is_private(client, token, application):
    response = client.get(url("reference", token))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Zebedee Quartermaine" in body
    assert application.vacancy.title in body
    assert response["Referrer-Policy"] == "same-origin"
    assert "no-store" in response["Cache-Control"]
    assert 'name="csrfmiddlewaretoken"' in body


def test_a_missing_answer_shows_errors_and_keeps_what_was_typed(client, token, request_):
    response = posted(client, token, applicant_role="", safeguarding_concerns="True")
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert "Enter the applicant&#x27;s role" in body
    assert "Give details of the safeguarding concerns" in body
    assert "I was their team manager" in body  # nothing lost
    assert "<title>Error:" in body
    request_.refresh_from_db()
    assert request_.state == ReferenceState.REQUESTED


def test_a_good_reference_is_thanked_and_the_link_then_says_it_was_used(client, token, request_):
    response = posted(client, token, safeguarding_concerns="True", safeguarding_detail="One")
    assert response.status_code == 302
    assert response["Location"] == url("reference_done", token)
    done = client.get(response["Location"])
    assert done.status_code == 200
    assert "Reference sent" in done.content.decode()
    assert "Quartermaine" not in done.content.decode()
    request_.refresh_from_db()
    assert request_.state == ReferenceState.RECEIVED
    assert request_.known_from == datetime.date(2020, 1, 6)
    assert request_.safeguarding_detail == "One"

    again = client.get(url("reference", token))
    assert again.status_code == 410
    assert "already been used" in again.content.decode()
    assert "Quartermaine" not in again.content.decode()
    assert posted(client, token).status_code == 410


def test_the_done_page_before_answering_goes_back_to_the_form(client, token):
    response = client.get(url("reference_done", token))
    assert response.status_code == 302
    assert response["Location"] == url("reference", token)


def test_a_date_out_of_bounds_is_an_error_not_a_crash(client, token):
    response = posted(client, token, known_from_year="99999", known_from_month="13")
    assert response.status_code == 200
    assert "Enter a real date" in response.content.decode()


def test_a_referee_declines(client, token, request_):
    page = client.get(url("reference_decline", token))
    assert page.status_code == 200
    empty = client.post(url("reference_decline", token), {"reason": " "})
    assert "Tell us why you cannot give a reference" in empty.content.decode()
    response = client.post(url("reference_decline", token), {"reason": "Barely knew them"})
    assert response["Location"] == url("reference_done", token)
    assert "We have your answer" in client.get(response["Location"]).content.decode()
    request_.refresh_from_db()
    assert request_.state == ReferenceState.DECLINED
    assert client.get(url("reference_decline", token)).status_code == 410


def test_a_letter_instead(client, token, request_):
    response = client.post(
        url("reference", token), {"action": "letter", "letter": factories.pdf_upload("ref.pdf")}
    )
    assert response.status_code == 302
    request_.refresh_from_db()
    assert request_.state == ReferenceState.RECEIVED
    assert request_.letter_name == "ref.pdf"


def test_a_letter_that_is_not_a_pdf_or_word_is_refused(client, token, request_):
    fake = SimpleUploadedFile("ref.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(url("reference", token), {"action": "letter", "letter": fake})
    assert response.status_code == 200
    assert "must be a PDF or a Word document" in response.content.decode()
    request_.refresh_from_db()
    assert request_.state == ReferenceState.REQUESTED


def test_expired_replaced_and_tampered_links_get_a_clear_page(client, asked, application):
    first, second = asked
    expired = reference_links.token_for(first)
    hr = user_with_role(roles.HR_OFFICER)
    replaced = reference_links.token_for(second)
    references.referee_change(
        request=second,
        by=hr,
        name="Sam Patel",
        job_title="Manager",
        organisation="Northshire",
        email="sam@example.org",
        phone="",
        relationship="Manager",
        is_current_employer=False,
    )
    later = timezone.now() + datetime.timedelta(days=29)
    with mock.patch("django.utils.timezone.now", return_value=later):
        response = client.get(url("reference", expired))
    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()

    response = client.get(url("reference", replaced))
    assert response.status_code == 410
    assert "no longer works" in response.content.decode()

    for bad in (expired[:-3] + "abc", "abc:def:ghi", "x"):
        for name in ("reference", "reference_decline", "reference_done"):
            response = client.get(url(name, bad))
            assert response.status_code == 404, (name, bad)
            assert "This link does not work" in response.content.decode()

    for response in (client.get(url("reference", replaced)), client.post(url("reference", "x"))):
        assert "Quartermaine" not in response.content.decode()
        assert application.vacancy.title not in response.content.decode()


def test_an_address_trying_many_bad_links_is_made_to_wait(client, token):
    for n in range(BAD_LINKS_PER_HOUR):
        assert client.get(url("reference", f"guess{n}")).status_code == 404
    assert client.get(url("reference", "guess-again")).status_code == 429
    # Even a good link waits: the page must not tell a guesser which token is real.
    assert client.get(url("reference", token)).status_code == 429
    other = Client(REMOTE_ADDR="203.0.113.9")
    assert other.get(url("reference", token)).status_code == 200


def test_posting_without_the_csrf_token_is_refused(token, request_):
    client = Client(enforce_csrf_checks=True)
    response = client.post(url("reference", token), GOOD)
    assert response.status_code == 403
    request_.refresh_from_db()
    assert request_.state == ReferenceState.REQUESTED


@pytest.mark.parametrize("role", roles.ROLES, ids=lambda r: r.slug)
def test_the_referee_page_is_the_same_for_everyone(client, token, role, staff_with_mfa):
    staff_with_mfa(role, client)
    assert client.get(url("reference", token)).status_code == 200


# The applicant's partial ----------------------------------------------------------


def test_the_applicant_partial_lists_arrivals_only(application, asked):
    from django.template.loader import render_to_string

    from recruitment import selectors

    references.reference_submit(
        request=asked[0],
        answers=references.ReferenceAnswers(
            how_known="Secret manager words",
            known_from=datetime.date(2020, 1, 1),
            known_to=None,
            applicant_role="Social worker",
            suitable_with_children=Suitability.YES,
            safeguarding_concerns=False,
            safeguarding_detail="",
            disciplinary_action=False,
            disciplinary_detail="",
        ),
    )
    html = render_to_string(
        "recruitment/includes/references_arrived.html",
        {"references_arrived": selectors.references_for_applicant(application)},
    )
    assert "Referee 1" in html and "Arrived" in html
    assert "Referee 2" in html and "Not arrived yet" in html
    assert "Secret manager words" not in html


# HR's pages -------------------------------------------------------------------------


@pytest.fixture
def hr(client, staff_with_mfa):
    return staff_with_mfa(roles.HR_OFFICER, client)


@pytest.fixture
def received(asked):
    request = asked[0]
    references.reference_submit(
        request=request,
        answers=references.ReferenceAnswers(
            how_known="Manager for three years",
            known_from=datetime.date(2020, 1, 1),
            known_to=None,
            applicant_role="Social worker",
            suitable_with_children=Suitability.YES,
            safeguarding_concerns=False,
            safeguarding_detail="",
            disciplinary_action=True,
            disciplinary_detail="A written warning in 2021",
        ),
    )
    return request


def hr_urls(reference):
    return [
        INDEX,
        reverse("recruitment_reference:inspect", args=[reference.pk]),
        reverse("recruitment_reference:change_referee", args=[reference.pk]),
    ]


def test_hr_reach_every_reference_page(client, hr, received):
    for address in hr_urls(received):
        assert client.get(address).status_code == 200, address
    body = client.get(hr_urls(received)[1]).content.decode()
    assert "Manager for three years" in body
    assert "A written warning in 2021" in body
    assert "Mark satisfactory or not" in body


@pytest.mark.parametrize("role", STAFF_ROLES, ids=lambda r: r.slug)
def test_other_roles_cannot_reach_hr_reference_pages(
    client, staff_with_mfa, received, application, role
):
    staff_with_mfa(role, client)
    posts = [
        reverse("recruitment_reference:assess", args=[received.pk]),
        reverse("recruitment_reference:change_referee", args=[received.pk]),
        reverse("recruitment_reference:request", args=[application.pk]),
    ]
    for address in [
        *hr_urls(received),
        reverse("recruitment_reference:letter", args=[received.pk]),
    ]:
        response = client.get(address)
        # The one selector finds nothing for them: a 404 for one reference, like any other.
        assert response.status_code in (302, 403, 404), (role.slug, address)
        assert "Manager for three years" not in response.content.decode()
    for address in posts:
        response = client.post(address, {"satisfactory": "yes", "note": ""})
        assert response.status_code in (302, 403, 404), (role.slug, address)
    received.refresh_from_db()
    assert received.satisfactory is None
    assert ReferenceRequest.objects.count() == 2


def test_anonymous_people_and_applicants_are_kept_out(client, received, application):
    for address in hr_urls(received):
        response = client.get(address)
        assert response.status_code == 302
        assert "/login/" in response["Location"]
    sign_in_with_mfa(client, application.applicant)
    for address in hr_urls(received):
        assert client.get(address).status_code in (302, 403)


def test_an_unknown_reference_is_404_for_hr(client, hr):
    import uuid

    for name in ("inspect", "assess", "change_referee", "letter"):
        address = reverse(f"recruitment_reference:{name}", args=[uuid.uuid4()])
        response = client.post(address) if name == "assess" else client.get(address)
        assert response.status_code == 404, name
    address = reverse("recruitment_reference:request", args=[uuid.uuid4()])
    assert client.post(address).status_code == 404


def test_hr_assess_a_reference(client, hr, received):
    assess = reverse("recruitment_reference:assess", args=[received.pk])
    page = reverse("recruitment_reference:inspect", args=[received.pk])
    response = client.post(assess, {"satisfactory": "no", "note": ""}, follow=True)
    assert "Say why the reference is not satisfactory" in response.content.decode()
    received.refresh_from_db()
    assert received.satisfactory is None
    response = client.post(assess, {"satisfactory": "yes", "note": "Checked by phone"})
    assert response["Location"] == page
    received.refresh_from_db()
    assert received.satisfactory is True
    assert received.assessed_by == hr
    history = reverse("recruitment_application:history", args=[received.application_id])
    assert "Reference assessed" in client.get(history).content.decode()


def test_hr_change_a_referee(client, hr, asked):
    reference = asked[1]
    address = reverse("recruitment_reference:change_referee", args=[reference.pk])
    form = client.get(address).content.decode()
    assert "Referee 2" in form
    bad = client.post(address, {"name": "Sam Patel", "email": "not an email"})
    assert bad.status_code == 200
    reference.refresh_from_db()
    assert reference.state == ReferenceState.REQUESTED
    response = client.post(
        address,
        {
            "name": "Sam Patel",
            "job_title": "Service manager",
            "organisation": "Northshire Council",
            "email": "sam@example.org",
            "phone": "",
            "relationship": "Line manager",
        },
    )
    assert response.status_code == 302
    reference.refresh_from_db()
    assert reference.state == ReferenceState.REPLACED
    new = ReferenceRequest.objects.get(state=ReferenceState.REQUESTED, referee_name="Sam Patel")
    assert response["Location"] == reverse("recruitment_reference:inspect", args=[new.pk])
    assert client.get(address).status_code == 404


def test_hr_request_references_from_the_application_page(client, hr, site):
    application = factories.in_status(Status.SHORTLISTED)
    page = client.get(reverse("recruitment_application:inspect", args=[application.pk]))
    assert "Request references" in page.content.decode()
    address = reverse("recruitment_reference:request", args=[application.pk])
    response = client.post(address, follow=True)
    assert "2 referees asked for a reference" in response.content.decode()
    assert ReferenceRequest.objects.filter(application=application).count() == 2
    body = client.get(reverse("recruitment_application:inspect", args=[application.pk]))
    assert "Request references" not in body.content.decode()
    assert "Referee 1" in body.content.decode()
    client.post(address)
    assert ReferenceRequest.objects.filter(application=application).count() == 2


def test_hr_cannot_request_references_too_early(client, hr, site):
    application = factories.in_status(Status.AWAITING_SHORTLISTING)
    page = client.get(reverse("recruitment_application:inspect", args=[application.pk]))
    assert "Request references" not in page.content.decode()
    response = client.post(
        reverse("recruitment_reference:request", args=[application.pk]), follow=True
    )
    assert "once an application is shortlisted" in response.content.decode()
    assert not ReferenceRequest.objects.exists()


def test_hr_download_a_letter(client, hr, asked):
    reference = asked[0]
    references.reference_upload_letter(request=reference, file=factories.pdf_upload("ref.pdf"))
    response = client.get(reverse("recruitment_reference:letter", args=[reference.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert "no-store" in response["Cache-Control"]
    missing = reverse("recruitment_reference:letter", args=[asked[1].pk])
    assert client.get(missing).status_code == 404


def test_the_list_filters_overdue_and_exports(client, hr, received, asked):
    # Asked 15 days ago (moving the clock would end HR's session instead).
    ReferenceRequest.objects.update(requested_at=timezone.now() - datetime.timedelta(days=15))
    overdue = client.get(INDEX, {"overdue": "true"}).content.decode()
    dashboard = client.get("/admin/").content.decode()
    assert "Referee 2" in overdue and "Referee 1" not in overdue
    assert "1 reference overdue" in dashboard
    received_only = client.get(INDEX, {"state": "received"}).content.decode()
    assert "Referee 1" in received_only and "Referee 2" not in received_only
    response = client.get(INDEX, {"export": "csv"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == 3
    assert "Manager for three years" not in str(rows)
    assert "ref1@example.org" not in str(rows)


def _many_references(count):
    from tests.factories import make_vacancy

    hr = user_with_role(roles.HR_OFFICER)
    vacancies = [make_vacancy() for _ in range(3)]
    for n in range(count // 2):
        application = factories.in_status(Status.INTERVIEWING, vacancy=vacancies[n % 3])
        references.references_request_all(application=application, by=hr)


@pytest.mark.parametrize("count", [10, 200])
def test_the_list_query_count_is_constant(client, hr, site, count, django_assert_max_num_queries):
    _many_references(count)
    assert ReferenceRequest.objects.count() == count
    with django_assert_max_num_queries(20):
        response = client.get(INDEX)
    assert response.status_code == 200
    with django_assert_max_num_queries(20):
        response = client.get(INDEX, {"overdue": "false", "state": "requested"})
    assert response.status_code == 200
