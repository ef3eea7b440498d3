"""Offers: the rule for making one, each transition and each refusal, the letter's worker,
the reminder and the decline by default."""

import datetime
import smtplib

import pytest
from django.core import mail
from django.utils import timezone

from cms.choices import Route
from portal import roles
from portal.calendar import local_datetime
from portal.errors import DomainError
from portal.states import check_transitions_complete
from recruitment import offering, selectors
from recruitment.choices import (
    OFFER_TRANSITIONS,
    CheckStatus,
    InterviewStatus,
    OfferState,
    Status,
    TimelineAction,
)
from recruitment.errors import OfferError, OfferNotAllowed
from recruitment.models import Application, CheckRequirement, Offer
from recruitment.services import interviews as interview_services
from recruitment.services import offer_letters, offers
from recruitment.tasks import offer_lapse_sweep, offer_reminder_sweep
from tests.factories import UserFactory
from tests.recruitment import factories

NOW = datetime.datetime(2026, 12, 1, 12, tzinfo=datetime.UTC)
PANEL = frozenset({1, 2})


def held(start=NOW - datetime.timedelta(hours=2), scored=PANEL, status=InterviewStatus.HELD):
    return offering.InterviewFacts(status=status, start=start, panel=PANEL, scored_by=scored)


def facts(*interviews, status=Status.INTERVIEWING, live=False):
    return offering.OfferFacts(status=status, interviews=interviews, has_live_offer=live)


# The rule (no database) -------------------------------------------------------------


def test_an_offer_may_follow_a_held_interview_with_every_scorecard_in():
    assert offering.refusals(facts(held()), now=NOW) == []


def test_an_interview_still_in_the_future_refuses_the_offer():
    future = held(start=NOW + datetime.timedelta(days=1), status=InterviewStatus.BOOKED)
    assert offering.refusals(facts(future), now=NOW) == ["The interview has not happened yet."]


def test_held_is_not_enough_while_its_start_is_still_ahead():
    early = held(start=NOW + datetime.timedelta(minutes=5))
    assert not offering.may_offer(facts(early), now=NOW)


def test_a_cancelled_interview_is_no_interview():
    cancelled = held(status=InterviewStatus.CANCELLED)
    reasons = offering.refusals(facts(cancelled), now=NOW)
    assert reasons == ["The interview was cancelled: no interview has been held."]


def test_a_missing_scorecard_refuses_the_offer():
    reasons = offering.refusals(facts(held(scored=frozenset({1}))), now=NOW)
    assert reasons == ["Not every panel member has submitted their scorecard yet."]


def test_an_interview_past_but_not_recorded_as_held_refuses_the_offer():
    booked = held(status=InterviewStatus.BOOKED)
    assert offering.refusals(facts(booked), now=NOW) == ["Record the interview as held first."]


def test_only_an_application_at_interview_without_a_live_offer_gets_one():
    reasons = offering.refusals(facts(held(), status=Status.SHORTLISTED, live=True), now=NOW)
    assert reasons[0] == "This application already has an offer."
    assert "only to an application at interview" in reasons[1]


@pytest.mark.parametrize(
    ("route", "kind", "fits"),
    [
        (Route.ASYE, "asye", True),
        (Route.ASYE, "ecdp", True),
        (Route.ASYE, "apprenticeship", False),
        (Route.APPRENTICESHIP, "apprenticeship", True),
        (Route.GROW_YOUR_OWN, "grow_your_own", True),
        (Route.GROW_YOUR_OWN, "asye", False),
        (Route.EXPERIENCED, "asye", False),
    ],
)
def test_cohorts_follow_the_route(route, kind, fits):
    today = datetime.date(2026, 12, 1)
    refusal = offering.cohort_refusal(
        route=route, kind=kind, starts=datetime.date(2027, 1, 4), offered_on=today
    )
    assert (refusal == "") is fits


def test_a_cohort_route_needs_a_cohort_that_starts_after_the_offer():
    today = datetime.date(2026, 12, 1)
    assert offering.cohort_refusal(route=Route.ASYE, kind=None, starts=None, offered_on=today)
    assert offering.cohort_refusal(route=Route.ASYE, kind="asye", starts=today, offered_on=today)
    assert not offering.cohort_refusal(
        route=Route.EXPERIENCED, kind=None, starts=None, offered_on=today
    )


def test_the_deadline_counts_working_days_and_skips_christmas():
    # Sent Monday 21 December 2026: 25 and 28 December and 1 January are bank holidays.
    deadline = offering.response_deadline(datetime.date(2026, 12, 21), 10)
    assert deadline == datetime.date(2027, 1, 7)
    assert offering.reminder_day(deadline) == datetime.date(2027, 1, 4)
    assert not offering.is_past_deadline(deadline, deadline)
    assert offering.is_past_deadline(deadline, deadline + datetime.timedelta(days=1))


def test_every_offer_state_has_a_row_in_the_transition_table():
    check_transitions_complete(OFFER_TRANSITIONS, OfferState)


# Making an offer -----------------------------------------------------------------------


@pytest.fixture
def hr(db):
    return UserFactory(roles=[roles.HR_OFFICER])


@pytest.mark.django_db
def test_an_offer_before_the_interview_is_refused_and_nothing_is_made(site, hr):
    application = factories.invited()
    panel_member = UserFactory(roles=[roles.PANEL_MEMBER])
    factories.scored_interview(application, panel_member)  # booked, three days ahead
    with pytest.raises(OfferNotAllowed) as refused:
        factories.drafted_offer(application, by=hr)
    assert refused.value.reasons == ["The interview has not happened yet."]
    assert not Offer.objects.exists()


@pytest.mark.django_db
def test_an_offer_after_a_cancelled_interview_is_refused(site, hr):
    application = factories.invited()
    interview = factories.scored_interview(application, UserFactory(roles=[roles.PANEL_MEMBER]))
    interview_services.interview_cancel(interview=interview, by=hr, reason="Panel ill")
    with pytest.raises(OfferNotAllowed, match="cancelled"):
        factories.drafted_offer(application, by=hr)


@pytest.mark.django_db
def test_making_an_offer_drafts_it_with_the_routes_checks(site, hr):
    offer = factories.drafted_offer(by=hr)
    assert offer.state == OfferState.DRAFT
    kinds = set(offer.checks.values_list("kind", flat=True))
    assert kinds == set(
        CheckRequirement.objects.filter(route=Route.EXPERIENCED).values_list("kind", flat=True)
    )
    assert "swe_registration" in kinds
    entry = offer.application.timeline.get(action=TimelineAction.OFFER_MADE)
    assert entry.by == hr
    # The application stays at interview until the letter has gone.
    offer.application.refresh_from_db()
    assert offer.application.status == Status.INTERVIEWING


@pytest.mark.django_db
def test_an_apprentices_offer_has_no_registration_check_and_names_a_cohort(site, hr):
    application = factories.ready_for_offer(Route.APPRENTICESHIP)
    cohort = factories.future_cohort("apprenticeship")
    offer = factories.drafted_offer(application, by=hr, cohort=cohort)
    assert offer.cohort == cohort
    assert not offer.checks.filter(kind="swe_registration").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("route", "cohort_kind", "message"),
    [
        (Route.ASYE, None, "Choose the cohort"),
        (Route.ASYE, "apprenticeship", "not one of this route's programmes"),
        (Route.EXPERIENCED, "asye", "joins no cohort"),
    ],
)
def test_the_cohort_must_fit_the_route(site, hr, route, cohort_kind, message):
    application = factories.ready_for_offer(route)
    cohort = factories.future_cohort(cohort_kind) if cohort_kind else None
    with pytest.raises(OfferError, match=message):
        factories.drafted_offer(application, by=hr, cohort=cohort)
    assert not Offer.objects.exists()


@pytest.mark.django_db
def test_a_cohort_that_has_started_cannot_be_chosen(site, hr):
    application = factories.ready_for_offer(Route.ASYE)
    started = factories.future_cohort("asye", days_ahead=-10)
    with pytest.raises(OfferError, match="starts after today"):
        factories.drafted_offer(application, by=hr, cohort=started)
    assert list(selectors.cohorts_for_offer(Route.ASYE, offered_on=timezone.localdate())) == []


@pytest.mark.django_db
def test_part_time_needs_its_hours_and_a_start_in_the_future(site, hr):
    application = factories.ready_for_offer()
    with pytest.raises(OfferError, match="hours a week"):
        factories.drafted_offer(application, by=hr, hours="part_time")
    with pytest.raises(OfferError, match="must be in the future"):
        factories.drafted_offer(application, by=hr, proposed_start_date=timezone.localdate())


@pytest.mark.django_db
def test_one_live_offer_per_application(site, hr):
    offer = factories.drafted_offer(by=hr)
    with pytest.raises(OfferNotAllowed, match="already has an offer"):
        factories.drafted_offer(offer.application, by=hr)


@pytest.mark.django_db
def test_terms_change_only_before_the_letter_goes(site, hr):
    offer = factories.drafted_offer(by=hr)
    terms = offers.OfferTerms(**factories.offer_terms(offer.application, job_title="Senior SW"))
    assert offers.offer_change(offer=offer, by=hr, terms=terms).job_title == "Senior SW"
    offers.offer_send(offer=offer, by=hr)
    with pytest.raises(OfferError, match="can no longer be changed"):
        offers.offer_change(offer=offer, by=hr, terms=terms)


# Sending the letter --------------------------------------------------------------------


@pytest.mark.django_db
def test_the_worker_sends_the_letter_with_the_pdf_then_marks_it_sent(
    site, hr, django_capture_on_commit_callbacks
):
    offer = factories.drafted_offer(by=hr)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        offers.offer_send(offer=offer, by=hr)
    offer.refresh_from_db()
    assert offer.state == OfferState.SENT
    assert offer.letter.name.endswith(".pdf")
    assert offer.response_deadline == offering.response_deadline(timezone.localdate(), 10)
    [letter] = [m for m in mail.outbox if m.to == [offer.application.email]]
    assert letter.attachments[0][0] == "offer-letter.pdf"
    assert letter.attachments[0][1].startswith(b"%PDF")
    assert f"/applications/{offer.application.pk}/offer/" in letter.body
    offer.application.refresh_from_db()
    assert offer.application.status == Status.OFFERED
    assert offer.application.timeline.filter(action=TimelineAction.OFFER_SENT).count() == 1


@pytest.mark.django_db
def test_sending_is_refused_while_sending_and_once_sent(site, hr):
    offer = factories.drafted_offer(by=hr)
    offers.offer_send(offer=offer, by=hr)
    with pytest.raises(OfferError, match="already being sent"):
        offers.offer_send(offer=offer, by=hr)
    offer_letters.offer_letter_deliver(offer.pk)
    with pytest.raises(OfferError, match="already been sent"):
        offers.offer_send(offer=offer, by=hr)
    # The worker running twice sends nothing twice.
    mail.outbox.clear()
    assert offer_letters.offer_letter_deliver(offer.pk) == "nothing to do"
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_letter_that_cannot_be_rendered_leaves_the_offer_unsent_with_the_reason(
    site, hr, monkeypatch
):
    offer = factories.drafted_offer(by=hr)
    offers.offer_send(offer=offer, by=hr)

    def broken(offer):
        raise ValueError("Unknown or broken placeholder: {{ salary }}")

    monkeypatch.setattr(offer_letters, "offer_letter_pdf", broken)
    mail.outbox.clear()
    assert offer_letters.offer_letter_deliver(offer.pk) == "render failed"
    offer.refresh_from_db()
    assert offer.state == OfferState.SEND_FAILED
    assert "could not be made" in offer.send_failure
    assert "{{ salary }}" in offer.send_failure
    assert offer.send_failed_at is not None
    assert not offer.letter
    assert mail.outbox == []
    offer.application.refresh_from_db()
    assert offer.application.status == Status.INTERVIEWING
    assert selectors.offers_send_failed(hr).get() == offer
    # HR send it again once the template is mended.
    monkeypatch.undo()
    offers.offer_send(offer=offer, by=hr)
    assert offer_letters.offer_letter_deliver(offer.pk) == "sent"
    offer.refresh_from_db()
    assert (offer.state, offer.send_failure) == (OfferState.SENT, "")


@pytest.mark.django_db
def test_a_mail_server_that_refuses_leaves_the_offer_unsent_and_no_letter_stored(
    site, hr, monkeypatch
):
    offer = factories.drafted_offer(by=hr)
    offers.offer_send(offer=offer, by=hr)
    stored = []
    original_save = offer.letter.storage.save

    def remember(name, content, **kwargs):
        stored.append(original_save(name, content, **kwargs))
        return stored[-1]

    monkeypatch.setattr(offer.letter.storage, "save", remember)

    def refuse(data):
        raise smtplib.SMTPRecipientsRefused({offer.application.email: (550, b"No such user")})

    monkeypatch.setattr(offer_letters, "deliver_now", refuse)
    assert offer_letters.offer_letter_deliver(offer.pk) == "mail failed"
    offer.refresh_from_db()
    assert offer.state == OfferState.SEND_FAILED
    assert "could not be sent" in offer.send_failure
    assert "SMTPRecipientsRefused" in offer.send_failure
    assert not offer.letter
    assert stored and not offer.letter.storage.exists(stored[0])
    offer.application.refresh_from_db()
    assert offer.application.status == Status.INTERVIEWING


@pytest.mark.django_db
def test_a_letter_is_not_sent_when_the_application_closed_meanwhile(site, hr):
    offer = factories.drafted_offer(by=hr)
    offers.offer_send(offer=offer, by=hr)
    # The applicant withdraws before the worker runs.
    Application.objects.filter(pk=offer.application_id).update(status=Status.WITHDRAWN)
    mail.outbox.clear()
    assert offer_letters.offer_letter_deliver(offer.pk) == "mail failed"
    offer.refresh_from_db()
    assert offer.state == OfferState.SEND_FAILED
    assert "Withdrawn" in offer.send_failure
    assert mail.outbox == []


# The applicant's answer ---------------------------------------------------------------


@pytest.mark.django_db
def test_accepting_moves_to_conditions_pending_and_tells_hr(site, hr):
    offer = factories.sent_offer()
    applicant = offer.application.applicant
    mail.outbox.clear()
    offer = offers.offer_accept(offer=offer, by=applicant)
    assert offer.state == OfferState.ACCEPTED
    offer.application.refresh_from_db()
    assert offer.application.status == Status.CONDITIONS_PENDING
    assert any("Offer accepted" in m.subject for m in mail.outbox)
    with pytest.raises(OfferError, match="already accepted"):
        offers.offer_accept(offer=offer, by=applicant)


@pytest.mark.django_db
def test_accepting_when_every_condition_is_met_makes_the_offer_unconditional(site, hr):
    # Every check cleared and the references in before the answer.
    offer = factories.sent_offer()
    offer.checks.update(status=CheckStatus.CLEARED)
    factories.satisfactory_references(offer.application, by=hr)
    offer = offers.offer_accept(offer=offer, by=offer.application.applicant)
    assert offer.state == OfferState.UNCONDITIONAL
    offer.application.refresh_from_db()
    assert offer.application.status == Status.RECRUITED


@pytest.mark.django_db
def test_accepting_after_the_deadline_is_refused(site):
    offer = factories.sent_offer()
    after = local_datetime(offer.response_deadline + datetime.timedelta(days=1), datetime.time(9))
    with pytest.raises(OfferError, match="has passed"):
        offers.offer_accept(offer=offer, by=offer.application.applicant, now=after)
    on_the_day = local_datetime(offer.response_deadline, datetime.time(23, 30))
    offers.offer_accept(offer=offer, by=offer.application.applicant, now=on_the_day)


@pytest.mark.django_db
def test_accepting_a_withdrawn_offer_is_refused(site, hr):
    offer = factories.sent_offer()
    offers.offer_withdraw(offer=offer, by=hr, reason="Post no longer funded")
    with pytest.raises(OfferError, match="withdrawn"):
        offers.offer_accept(offer=offer, by=offer.application.applicant)


@pytest.mark.django_db
def test_only_the_applicant_answers(site, hr):
    offer = factories.sent_offer()
    with pytest.raises(OfferError, match="Only the applicant"):
        offers.offer_accept(offer=offer, by=hr)
    with pytest.raises(OfferError, match="Only the applicant"):
        offers.offer_decline(offer=offer, by=UserFactory(), reason="No")


@pytest.mark.django_db
def test_declining_needs_a_reason_and_closes_the_application(site):
    offer = factories.sent_offer()
    applicant = offer.application.applicant
    with pytest.raises(OfferError, match="Tell us why"):
        offers.offer_decline(offer=offer, by=applicant, reason="   ")
    offer.refresh_from_db()
    assert offer.state == OfferState.SENT
    mail.outbox.clear()
    offer = offers.offer_decline(offer=offer, by=applicant, reason="I took another job")
    assert (offer.state, offer.decline_reason) == (OfferState.DECLINED, "I took another job")
    offer.application.refresh_from_db()
    assert offer.application.status == Status.OFFER_DECLINED
    assert offer.application.decided_at is not None
    assert any("Offer declined" in m.subject for m in mail.outbox)
    with pytest.raises(OfferError, match="already been declined"):
        offers.offer_accept(offer=offer, by=applicant)


@pytest.mark.django_db
def test_an_accepted_offer_can_still_be_declined(site):
    offer = factories.sent_offer()
    applicant = offer.application.applicant
    offers.offer_accept(offer=offer, by=applicant)
    offer = offers.offer_decline(offer=offer, by=applicant, reason="Moving away")
    assert offer.state == OfferState.DECLINED


# Withdrawal ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_withdrawing_needs_a_reason(site, hr):
    offer = factories.drafted_offer(by=hr)
    with pytest.raises(OfferError, match="Enter why"):
        offers.offer_withdraw(offer=offer, by=hr, reason="")


@pytest.mark.django_db
def test_withdrawing_a_draft_leaves_the_application_at_interview(site, hr):
    offer = factories.drafted_offer(by=hr)
    offers.offer_withdraw(offer=offer, by=hr, reason="Wrong grade")
    offer.application.refresh_from_db()
    assert offer.application.status == Status.INTERVIEWING
    # A new offer may be made.
    assert factories.drafted_offer(offer.application, by=hr).state == OfferState.DRAFT


@pytest.mark.django_db
def test_withdrawing_a_sent_offer_closes_the_application_and_tells_the_applicant(site, hr):
    offer = factories.sent_offer()
    mail.outbox.clear()
    offer = offers.offer_withdraw(offer=offer, by=hr, reason="Post no longer funded")
    assert (offer.state, offer.withdrawn_by) == (OfferState.WITHDRAWN, hr)
    offer.application.refresh_from_db()
    assert offer.application.status == Status.OFFER_WITHDRAWN
    [notice] = mail.outbox
    assert notice.to == [offer.application.email]
    assert "Post no longer funded" in notice.body


@pytest.mark.django_db
def test_withdrawing_while_the_letter_is_being_sent_is_refused(site, hr):
    offer = factories.drafted_offer(by=hr)
    offers.offer_send(offer=offer, by=hr)
    with pytest.raises(OfferError, match="being sent"):
        offers.offer_withdraw(offer=offer, by=hr, reason="Changed our mind")


@pytest.mark.django_db
def test_a_recruited_application_cannot_have_its_offer_withdrawn(site, hr):
    CheckRequirement.objects.filter(route=Route.EXPERIENCED).delete()
    offer = factories.sent_offer()
    factories.satisfactory_references(offer.application, by=hr)
    offer = offers.offer_accept(offer=offer, by=offer.application.applicant)
    assert offer.state == OfferState.UNCONDITIONAL
    with pytest.raises(DomainError, match="cannot become"):
        offers.offer_withdraw(offer=offer, by=hr, reason="Too late")
    offer.refresh_from_db()
    assert offer.state == OfferState.UNCONDITIONAL


# The reminder and the decline by default -------------------------------------------------


@pytest.mark.django_db
def test_an_unanswered_offer_is_declined_by_default_after_its_deadline(site):
    offer = factories.sent_offer()
    on_the_day = local_datetime(offer.response_deadline, datetime.time(23))
    assert offers.offers_lapse_expired(now=on_the_day) == 0
    mail.outbox.clear()
    next_morning = local_datetime(
        offer.response_deadline + datetime.timedelta(days=1), datetime.time(1)
    )
    assert offers.offers_lapse_expired(now=next_morning) == 1
    offer.refresh_from_db()
    assert offer.state == OfferState.LAPSED
    offer.application.refresh_from_db()
    assert offer.application.status == Status.OFFER_DECLINED
    assert offer.application.timeline.filter(action=TimelineAction.OFFER_LAPSED).count() == 1
    [notice] = mail.outbox
    assert notice.to == [offer.application.email]
    assert "declined by default" in notice.body
    # Running it again lapses nothing twice.
    assert offers.offers_lapse_expired(now=next_morning) == 0


@pytest.mark.django_db
def test_the_lapse_sweep_leaves_answered_offers_alone(site):
    offer = factories.sent_offer()
    offers.offer_accept(offer=offer, by=offer.application.applicant)
    Offer.objects.filter(pk=offer.pk).update(
        response_deadline=timezone.localdate() - datetime.timedelta(days=3)
    )
    assert offer_lapse_sweep.enqueue().return_value == 0
    offer.refresh_from_db()
    assert offer.state == OfferState.ACCEPTED


@pytest.mark.django_db
def test_the_reminder_goes_once_three_working_days_before_the_deadline(site):
    offer = factories.sent_offer()
    deadline = offer.response_deadline
    too_early = offering.reminder_day(deadline) - datetime.timedelta(days=1)
    assert offer_letters.offer_reminder_claim(offer.pk, today=too_early) is None
    # The sweep runs on today's date: move the deadline so that today is the reminder day.
    Offer.objects.filter(pk=offer.pk).update(
        response_deadline=offering.response_deadline(timezone.localdate(), 3)
    )
    mail.outbox.clear()
    assert offer_reminder_sweep.enqueue().return_value == 1
    assert offer_reminder_sweep.enqueue().return_value == 0
    [reminder] = mail.outbox
    assert reminder.to == [offer.application.email]
    assert "Reminder" in reminder.subject
