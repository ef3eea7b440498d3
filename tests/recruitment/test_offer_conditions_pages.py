"""Where offers, references and checks meet: sending the letter asks the referees, the
offer's admin page shows its checks and references, and the applicant sees what is still
needed from them and which references arrived (never what they say)."""

import pytest
from django.core import mail
from django.urls import reverse

from portal import roles
from recruitment.choices import OfferState, ReferenceState, Suitability
from recruitment.models import Referee, ReferenceRequest
from recruitment.services import offers, references
from tests.factories import UserFactory, sign_in_with_mfa
from tests.recruitment import factories

pytestmark = pytest.mark.django_db


def _with_two_referees(application):
    application.referees.all().delete()
    for position, current in ((1, True), (2, False)):
        Referee.objects.create(
            application=application,
            position=position,
            name=f"Referee {position}",
            job_title="Team manager",
            organisation="Northshire Council",
            email=f"referee{position}@example.org",
            relationship="Line manager",
            is_current_employer=current,
        )
    return application


@pytest.fixture
def sent(site, django_capture_on_commit_callbacks):
    """An offer sent as "Send" sends it: through the task queue (immediate in tests)."""
    application = _with_two_referees(factories.ready_for_offer())
    offer = factories.drafted_offer(application)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        offers.offer_send(offer=offer, by=offer.made_by)
    offer.refresh_from_db()
    return offer


def test_sending_the_letter_asks_every_referee_once(sent, django_capture_on_commit_callbacks):
    assert sent.state == OfferState.SENT
    asked = ReferenceRequest.objects.filter(application=sent.application)
    assert sorted(asked.values_list("referee_email", flat=True)) == [
        "referee1@example.org",
        "referee2@example.org",
    ]
    assert {tuple(m.to) for m in mail.outbox} >= {
        ("referee1@example.org",),
        ("referee2@example.org",),
    }
    # Asking again (HR's button) asks nobody twice.
    with django_capture_on_commit_callbacks(execute=True):
        made = references.references_request_all(application=sent.application, by=None)
    assert made == []
    assert asked.count() == 2


def test_hr_see_the_offers_checks_and_references_on_its_page(client, staff_with_mfa, sent):
    staff_with_mfa(roles.HR_OFFICER, client)
    page = client.get(reverse("recruitment_offers:inspect", args=[sent.pk])).content.decode()
    assert "Pre-employment checks" in page
    assert "Follows the references" in page
    assert "Referee 1" in page and "Referee 2" in page
    assert "{# references and checks panels" not in page


def test_the_applicant_sees_what_is_needed_and_which_references_arrived(
    client, sent, django_capture_on_commit_callbacks
):
    applicant = sent.application.applicant
    offers.offer_accept(offer=sent, by=applicant)
    request = ReferenceRequest.objects.get(referee_email="referee1@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        references.reference_submit(
            request=request,
            answers=references.ReferenceAnswers(
                how_known="I managed them",
                known_from=sent.proposed_start_date.replace(year=2019),
                known_to=None,
                applicant_role="Social worker",
                suitable_with_children=Suitability.YES,
                safeguarding_concerns=False,
                safeguarding_detail="",
                disciplinary_action=False,
                disciplinary_detail="",
                sickness_absence="Four days last year",
            ),
        )
    assert ReferenceRequest.objects.get(pk=request.pk).state == ReferenceState.RECEIVED
    sign_in_with_mfa(client, applicant)
    page = client.get(reverse("recruitment:offer", args=[sent.application.pk])).content.decode()
    assert "Before your offer is confirmed" in page
    assert "Enhanced DBS" in page
    assert "Your references" in page
    assert "Arrived" in page and "Not arrived yet" in page
    # Never what the referee wrote.
    assert "Four days last year" not in page and "I managed them" not in page


def test_nobody_else_sees_the_panels(client, sent, staff_with_mfa):
    staff_with_mfa(roles.PANEL_MEMBER, client)
    response = client.get(reverse("recruitment_offers:inspect", args=[sent.pk]))
    assert response.status_code in (302, 403, 404)
    other = UserFactory(roles=[roles.APPLICANT])
    client.force_login(other)
    assert client.get(reverse("recruitment:offer", args=[sent.application.pk])).status_code == 404
