"""The offer pages: HR's (make, preview, send, withdraw, the list and its export) and the
applicant's (read, download, accept, decline), each tried by every role."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from portal import roles
from portal.models import StaffRecord
from recruitment import selectors
from recruitment.choices import OfferState, Status
from recruitment.models import Application, Offer
from recruitment.services import offer_letters, offers
from tests.factories import TeamFactory, UserFactory, give_totp, make_vacancy, sign_in_with_mfa
from tests.recruitment import factories

pytestmark = pytest.mark.django_db

LIST = "/admin/recruitment/offers/"


def hr_urls(offer) -> list[str]:
    return [
        reverse("recruitment_application:make_offer", args=[offer.application_id]),
        reverse("recruitment_offers:index"),
        reverse("recruitment_offers:inspect", args=[offer.pk]),
        reverse("recruitment_offers:history", args=[offer.pk]),
        reverse("recruitment_offers:change_terms", args=[offer.pk]),
        reverse("recruitment_offers:preview", args=[offer.pk]),
        reverse("recruitment_offers:withdraw", args=[offer.pk]),
    ]


def applicant_urls(application) -> list[str]:
    return [
        reverse(f"recruitment:{name}", args=[application.pk])
        for name in ("offer", "offer_letter", "offer_accept", "offer_decline")
    ]


@pytest.fixture
def hr(client, staff_with_mfa):
    return staff_with_mfa(roles.HR_OFFICER, client)


def _form(application, **changes) -> dict:
    data = {
        "job_title": "Social worker",
        "team": TeamFactory(name="Fieldwork").pk,
        "grade": StaffRecord.Grade.SOCIAL_WORKER_2,
        "salary_point": "Grade 9, point 32",
        "hours": "full_time",
        "weekly_hours": "",
        "employment_type": "permanent",
        "proposed_start_date": (timezone.localdate() + datetime.timedelta(days=40)).isoformat(),
        "letter_template": factories.default_letter_template().pk,
    }
    data.update(changes)
    return data


# HR ---------------------------------------------------------------------------------


def test_make_an_offer_shows_the_reasons_when_the_rule_refuses(client, hr, site):
    application = factories.invited()
    url = reverse("recruitment_application:make_offer", args=[application.pk])
    body = client.get(url).content.decode()
    assert "An offer cannot be made yet" in body
    assert "No interview has been held." in body
    assert 'name="job_title"' not in body
    assert client.post(url, _form(application)).status_code == 200
    assert not Offer.objects.exists()


def test_hr_make_preview_and_send_an_offer(client, hr, site, django_capture_on_commit_callbacks):
    application = factories.ready_for_offer()
    url = reverse("recruitment_application:make_offer", args=[application.pk])
    assert 'name="cohort"' not in client.get(url).content.decode()  # experienced: no cohort
    response = client.post(url, _form(application))
    offer = Offer.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("recruitment_offers:inspect", args=[offer.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Preview letter" in page
    assert "{# references and checks panels" not in page
    preview = client.get(reverse("recruitment_offers:preview", args=[offer.pk]))
    assert preview["Content-Type"] == "application/pdf"
    assert preview["Content-Disposition"].startswith("inline")
    assert preview.content.startswith(b"%PDF")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("recruitment_offers:send", args=[offer.pk]), follow=True)
    assert "The letter is being sent" in response.content.decode()
    offer.refresh_from_db()
    assert offer.state == OfferState.SENT
    assert len([m for m in mail.outbox if m.to == [application.email]]) == 1
    # Pressing again says so, and sends nothing.
    response = client.post(reverse("recruitment_offers:send", args=[offer.pk]), follow=True)
    assert "already been sent" in response.content.decode()
    letter = client.get(reverse("recruitment_offers:letter", args=[offer.pk]))
    assert b"".join(letter.streaming_content).startswith(b"%PDF")
    # History shows who did what.
    history = client.get(reverse("recruitment_offers:history", args=[offer.pk])).content.decode()
    assert "Conditional offer drafted" in history
    assert "Offer letter sent" in history


def test_the_terms_form_refuses_bad_input_on_the_form(client, hr, site):
    application = factories.ready_for_offer("asye")
    url = reverse("recruitment_application:make_offer", args=[application.pk])
    body = client.post(url, _form(application, hours="part_time")).content.decode()
    assert "Choose the cohort the new starter will join" in body
    cohort = factories.future_cohort("asye")
    body = client.post(url, _form(application, hours="part_time", cohort=cohort.pk)).content
    assert "Enter the hours a week for a part-time post" in body.decode()
    assert not Offer.objects.exists()
    response = client.post(url, _form(application, cohort=cohort.pk, proposed_start_date="x"))
    assert response.status_code == 200
    assert client.post(url, _form(application, cohort=cohort.pk)).status_code == 302
    assert Offer.objects.get().cohort == cohort


def test_a_failed_letter_shows_why_and_can_be_sent_again(client, hr, site):
    offer = factories.drafted_offer()
    offers.offer_send(offer=offer, by=offer.made_by)
    offer_letters.offer_send_failed(offer.pk, reason="The letter could not be sent: refused")
    body = client.get(reverse("recruitment_offers:inspect", args=[offer.pk])).content.decode()
    assert "The letter could not be sent: refused" in body
    assert "Send again" in body


def test_withdraw_needs_a_reason_on_the_form(client, hr, site):
    offer = factories.sent_offer()
    url = reverse("recruitment_offers:withdraw", args=[offer.pk])
    assert "Enter why the offer is withdrawn" in client.post(url, {"reason": ""}).content.decode()
    offer.refresh_from_db()
    assert offer.state == OfferState.SENT
    response = client.post(url, {"reason": "Funding withdrawn"})
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.state == OfferState.WITHDRAWN


def test_the_offer_policy_is_edited_with_history(client, hr, site):
    url = reverse("recruitment_offer_policy:edit", args=[1])
    assert client.post(url, {"response_working_days": "31"}).status_code == 200
    assert client.post(url, {"response_working_days": "15"}).status_code == 302
    assert selectors.offer_response_working_days() == 15
    history = client.get(reverse("recruitment_offer_policy:history", args=[1])).content.decode()
    assert "Applicants have 15 working days to answer an offer (was 10)" in history
    assert client.get(reverse("recruitment_offer_policy:add")).status_code in (302, 403)


def _offers(count: int) -> list[Offer]:
    """``count`` offers in mixed states, made directly (the list is what is measured)."""
    vacancy = make_vacancy()
    team = TeamFactory()
    template = factories.default_letter_template()
    states = [OfferState.SENT, OfferState.ACCEPTED, OfferState.SEND_FAILED, OfferState.DRAFT]
    today = timezone.localdate()
    made = []
    for n in range(count):
        application = factories.in_status(Status.OFFERED, vacancy=vacancy, extras=False)
        made.append(
            Offer(
                application=application,
                state=states[n % len(states)],
                job_title=f"Post {n}",
                team=team,
                grade="sw2",
                salary_point="Grade 9",
                employment_type="permanent",
                proposed_start_date=today + datetime.timedelta(days=n % 60),
                response_deadline=today + datetime.timedelta(days=5),
                letter_template=template,
            )
        )
    return Offer.objects.bulk_create(made)


@pytest.mark.parametrize("count", [10, 200])
def test_offer_list_query_count_is_constant(client, hr, site, count, django_assert_max_num_queries):
    _offers(count)
    for query in ["", "?state=sent", "?state=send_failed", "?starting_within=30"]:
        with django_assert_max_num_queries(20):
            response = client.get(LIST + query)
        assert response.status_code == 200, query


def test_offer_list_filters_use_the_dashboard_selectors(client, hr, site):
    made = _offers(8)
    sent = [o for o in made if o.state == OfferState.SENT]
    failed = [o for o in made if o.state == OfferState.SEND_FAILED]
    body = client.get(LIST + "?state=sent").content.decode()
    assert all(o.job_title in body for o in sent)
    assert not any(o.job_title in body for o in failed)
    body = client.get(LIST + "?state=send_failed").content.decode()
    assert all(o.job_title in body for o in failed)
    # Accepted offers starting within 3 days: posts 1 (day 1) only, of those made.
    body = client.get(LIST + "?starting_within=3").content.decode()
    assert re.search(r">\s*Post 1\s*<", body)
    assert not re.search(r">\s*Post 5\s*<", body)


def test_offer_list_exports_csv_and_xlsx(client, hr, site):
    _offers(3)
    response = client.get(LIST + "?export=csv")
    content = b"".join(response.streaming_content).decode()
    assert content.splitlines()[0].startswith("Applicant,Reference,Post,Team,State")
    assert "Waiting for an answer" in content
    response = client.get(LIST + "?export=xlsx")
    assert response.status_code == 200
    assert "spreadsheetml" in response["Content-Type"]


# Every role ------------------------------------------------------------------------


@pytest.mark.parametrize("role", roles.ROLES, ids=lambda r: r.slug)
def test_hr_offer_pages_for_each_role(client, site, role, user_for_role):
    offer = factories.drafted_offer()
    user = user_for_role(role)
    give_totp(user)
    sign_in_with_mfa(client, user)
    may = role == roles.HR_OFFICER
    for url in hr_urls(offer):
        response = client.get(url)
        if may:
            assert response.status_code == 200, (role.slug, url)
        else:
            assert response.status_code in (302, 403, 404), (role.slug, url, response.status_code)
    if may:
        return
    for url in [
        reverse("recruitment_offers:send", args=[offer.pk]),
        reverse("recruitment_offers:withdraw", args=[offer.pk]),
        reverse("recruitment_offers:change_terms", args=[offer.pk]),
        reverse("recruitment_application:make_offer", args=[offer.application_id]),
    ]:
        response = client.post(url, {"reason": "r"})
        assert response.status_code in (302, 403, 404), (role.slug, url, response.status_code)
    offer.refresh_from_db()
    assert offer.state == OfferState.DRAFT


def test_anonymous_people_are_asked_to_sign_in(client, site):
    offer = factories.sent_offer()
    for url in applicant_urls(offer.application):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/"), url


@pytest.mark.parametrize("role", roles.ROLES, ids=lambda r: r.slug)
def test_nobody_but_the_applicant_reaches_their_offer(client, site, role, user_for_role):
    offer = factories.sent_offer()
    sign_in_with_mfa(client, user_for_role(role))
    for url in applicant_urls(offer.application):
        assert client.get(url).status_code == 404, (role.slug, url)
        assert client.post(url, {"confirm": "on", "reason": "x"}).status_code == 404, url
    offer.refresh_from_db()
    assert offer.state == OfferState.SENT


def test_another_applicants_offer_is_a_404(client, site):
    offer = factories.sent_offer()
    other = factories.submitted()
    sign_in_with_mfa(client, other.applicant)
    for url in applicant_urls(offer.application):
        assert client.get(url).status_code == 404, url
    # Their own application, with no offer of its own, is a 404 too.
    for url in applicant_urls(other):
        assert client.get(url).status_code == 404, url


def test_a_draft_or_failed_offer_is_not_the_applicants_yet(client, site):
    offer = factories.drafted_offer()
    sign_in_with_mfa(client, offer.application.applicant)
    for url in applicant_urls(offer.application):
        assert client.get(url).status_code == 404, url
    offers.offer_send(offer=offer, by=offer.made_by)
    assert client.get(applicant_urls(offer.application)[0]).status_code == 404


# The applicant --------------------------------------------------------------------------


def test_the_applicant_reads_downloads_and_declines_with_a_reason(client, site):
    offer = factories.sent_offer(job_title="Senior practitioner")
    application = offer.application
    sign_in_with_mfa(client, application.applicant)
    status = client.get(reverse("recruitment:application", args=[application.pk])).content
    assert reverse("recruitment:offer", args=[application.pk]) in status.decode()
    page = client.get(reverse("recruitment:offer", args=[application.pk])).content.decode()
    assert "Senior practitioner" in page
    assert "Accept the offer" in page
    download = client.get(reverse("recruitment:offer_letter", args=[application.pk]))
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    url = reverse("recruitment:offer_decline", args=[application.pk])
    body = client.post(url, {"reason": "  "}).content.decode()
    assert "govuk-error-summary" in body
    assert "Tell us why you are declining the offer" in body
    assert "<title>Error:" in body
    offer.refresh_from_db()
    assert offer.state == OfferState.SENT
    assert client.post(url, {"reason": "I am moving abroad"}).status_code == 302
    offer.refresh_from_db()
    assert offer.state == OfferState.DECLINED


def test_the_applicant_accepts_once(client, site):
    offer = factories.sent_offer()
    application = offer.application
    sign_in_with_mfa(client, application.applicant)
    url = reverse("recruitment:offer_accept", args=[application.pk])
    body = client.post(url, {}).content.decode()
    assert "Confirm that you accept the offer" in body
    response = client.post(url, {"confirm": "on"}, follow=True)
    assert "You have accepted the offer" in response.content.decode()
    assert Application.objects.get(pk=application.pk).status == Status.CONDITIONS_PENDING
    response = client.post(url, {"confirm": "on"}, follow=True)
    assert "already accepted" in response.content.decode()


def test_accepting_after_the_deadline_says_so(client, site):
    offer = factories.sent_offer()
    Offer.objects.filter(pk=offer.pk).update(
        response_deadline=timezone.localdate() - datetime.timedelta(days=1)
    )
    sign_in_with_mfa(client, offer.application.applicant)
    url = reverse("recruitment:offer_accept", args=[offer.application.pk])
    response = client.post(url, {"confirm": "on"}, follow=True)
    assert "has passed" in response.content.decode()
    offer.refresh_from_db()
    assert offer.state == OfferState.SENT


def test_a_withdrawn_offer_cannot_be_accepted_through_the_page(client, site):
    offer = factories.sent_offer()
    offers.offer_withdraw(offer=offer, by=UserFactory(roles=[roles.HR_OFFICER]), reason="Gone")
    sign_in_with_mfa(client, offer.application.applicant)
    page = client.get(reverse("recruitment:offer", args=[offer.application.pk])).content.decode()
    assert "We withdrew this offer." in page
    url = reverse("recruitment:offer_accept", args=[offer.application.pk])
    response = client.post(url, {"confirm": "on"}, follow=True)
    assert "withdrawn" in response.content.decode()


def test_the_dashboard_counts_link_to_the_filtered_list(client, hr, site):
    _offers(8)
    body = client.get("/admin/").content.decode()
    assert "2 offers waiting for an answer" in body
    assert "2 letters not sent" in body
    assert f"{LIST}?state=send_failed" in body
    assert f"{LIST}?starting_within=30" in body
    # The same panel counts references overdue and checks pending, each linking to its list.
    assert "0 references overdue" in body
    assert reverse("recruitment_reference:index") + "?overdue=true" in body
    pending = selectors.checks_pending(hr).count()
    assert f"{pending} checks pending" in body
    assert reverse("recruitment_checks:index") + "?status=pending" in body
