"""References: the signed link, the referee's answers, chasers, HR's changes and the rule."""

import datetime
import re
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone

from portal import roles
from portal.errors import TransitionNotAllowed
from portal.models import StaffRecord
from portal.states import check_transitions_complete
from recruitment import reference_chasing, reference_links, selectors, tasks
from recruitment.choices import (
    REFERENCE_TRANSITIONS,
    CheckKind,
    CheckStatus,
    OfferState,
    ReferenceState,
    Status,
    Suitability,
    TimelineAction,
)
from recruitment.errors import ReferenceProblem
from recruitment.models import Offer, OfferLetterTemplate, ReferenceRequest
from recruitment.reference_links import LinkProblem
from recruitment.services import checks, references
from tests.factories import TeamFactory, user_with_role
from tests.recruitment import factories

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def hr(db):
    return user_with_role(roles.HR_OFFICER, email="hr@example.org")


@pytest.fixture
def application(site):
    return factories.in_status(Status.INTERVIEWING)


def ask(application, hr, capture):
    with capture(execute=True):
        return references.references_request_all(application=application, by=hr)


def answers(**overrides) -> references.ReferenceAnswers:
    values = {
        "how_known": "I was their team manager",
        "known_from": datetime.date(2020, 1, 6),
        "known_to": None,
        "applicant_role": "Social worker",
        "suitable_with_children": Suitability.YES,
        "safeguarding_concerns": False,
        "safeguarding_detail": "",
        "disciplinary_action": False,
        "disciplinary_detail": "",
        "sickness_absence": "",
    }
    values.update(overrides)
    return references.ReferenceAnswers(**values)


def later(days: float):
    """Move the clock on: everything reading ``timezone.now`` sees ``days`` from now."""
    return mock.patch(
        "django.utils.timezone.now", return_value=timezone.now() + datetime.timedelta(days=days)
    )


# Asking ---------------------------------------------------------------------------


def test_every_referee_is_asked_once_with_a_link(
    application, hr, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    made = ask(application, hr, django_capture_on_commit_callbacks)
    assert [r.referee_name for r in made] == ["Referee 1", "Referee 2"]
    first = made[0]
    assert first.referee_email == "ref1@example.org"
    assert first.is_current_employer is True
    assert first.referee_organisation == "Example Council"
    lasts = first.expires_at - first.requested_at
    assert abs(lasts - datetime.timedelta(days=28)) < datetime.timedelta(seconds=1)
    assert sorted(m.to[0] for m in mail.outbox) == ["ref1@example.org", "ref2@example.org"]
    message = next(m for m in mail.outbox if m.to == ["ref1@example.org"])
    token = re.search(r"/references/([^/\s]+)/", message.body).group(1)
    assert reference_links.reference_for_token(token) == (first, None)
    assert application.first_name in message.subject
    assert application.timeline.filter(action=TimelineAction.REFERENCE_REQUESTED).count() == 2

    mail.outbox.clear()
    assert ask(application, hr, django_capture_on_commit_callbacks) == []
    assert mail.outbox == []
    assert ReferenceRequest.objects.filter(application=application).count() == 2


@pytest.mark.parametrize(
    "status", [Status.AWAITING_SHORTLISTING, Status.SUBMITTED, Status.REJECTED, Status.RECRUITED]
)
def test_references_are_not_asked_before_shortlisting_or_once_closed(site, hr, status):
    application = factories.in_status(status)
    with pytest.raises(ReferenceProblem):
        references.references_request_all(application=application, by=hr)
    assert not ReferenceRequest.objects.exists()


def test_the_transition_table_is_complete_and_enforced(application, hr):
    check_transitions_complete(REFERENCE_TRANSITIONS, ReferenceState)
    request = references.references_request_all(application=application, by=hr)[0]
    request.state = ReferenceState.REPLACED
    with pytest.raises(TransitionNotAllowed):
        references.reference_move(request, to=ReferenceState.RECEIVED)


# The link -------------------------------------------------------------------------


def test_a_link_opens_its_request_until_it_expires(application, hr):
    request = references.references_request_all(application=application, by=hr)[0]
    token = reference_links.token_for(request)
    assert reference_links.reference_for_token(token) == (request, None)
    with later(27.9):
        assert reference_links.reference_for_token(token)[1] is None
    with later(28.1):
        assert reference_links.reference_for_token(token) == (None, LinkProblem.EXPIRED)


def test_the_signature_expires_even_if_the_row_says_otherwise(application, hr):
    request = references.references_request_all(application=application, by=hr)[0]
    token = reference_links.token_for(request)
    ReferenceRequest.objects.filter(pk=request.pk).update(
        expires_at=timezone.now() + datetime.timedelta(days=400)
    )
    with later(29):
        assert reference_links.reference_for_token(token) == (None, LinkProblem.EXPIRED)


def test_a_tampered_or_foreign_token_opens_nothing(application, hr):
    from django.core import signing

    request = references.references_request_all(application=application, by=hr)[0]
    token = reference_links.token_for(request)
    for bad in (
        token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        "nonsense",
        "",
        # Signed by the portal, but for something else.
        signing.TimestampSigner().sign(request.nonce.hex),
        reference_links.ReferenceSigner(salt=reference_links.SALT).sign("not-a-uuid"),
    ):
        assert reference_links.reference_for_token(bad) == (None, LinkProblem.TAMPERED), bad


def test_a_link_works_once(application, hr):
    request = references.references_request_all(application=application, by=hr)[0]
    token = reference_links.token_for(request)
    references.reference_submit(request=request, answers=answers())
    assert reference_links.reference_for_token(token) == (None, LinkProblem.ANSWERED)
    with pytest.raises(ReferenceProblem):
        references.reference_submit(request=request, answers=answers())
    with pytest.raises(ReferenceProblem):
        references.reference_decline(request=request, reason="Changed my mind")
    request.refresh_from_db()
    assert request.state == ReferenceState.RECEIVED


def test_a_replaced_referees_link_stops_working(application, hr):
    request = references.references_request_all(application=application, by=hr)[0]
    token = reference_links.token_for(request)
    replacement = references.referee_change(
        request=request, by=hr, **_new_referee(name="Dana Ortiz", email="dana@example.org")
    )
    assert reference_links.reference_for_token(token) == (None, LinkProblem.REPLACED)
    new_token = reference_links.token_for(replacement)
    assert new_token != token
    assert reference_links.reference_for_token(new_token) == (replacement, None)


# The referee's answer ------------------------------------------------------------


def test_answers_are_kept_and_hr_told(application, hr, django_capture_on_commit_callbacks):
    request = ask(application, hr, django_capture_on_commit_callbacks)[0]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        references.reference_submit(
            request=request,
            answers=answers(
                safeguarding_concerns=True,
                safeguarding_detail="  A concern raised in 2021, resolved.  ",
                sickness_absence="3 days",
            ),
        )
    request.refresh_from_db()
    assert request.state == ReferenceState.RECEIVED
    assert request.received_at is not None
    assert request.safeguarding_detail == "A concern raised in 2021, resolved."
    assert request.sickness_absence == "3 days"
    assert [m.to for m in mail.outbox] == [["hr@example.org"]]
    # HR's notice says where to read it, never what it says.
    assert "resolved" not in mail.outbox[0].body
    assert application.timeline.filter(action=TimelineAction.REFERENCE_RECEIVED).exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"how_known": " "}, "how_known"),
        ({"known_from": None}, "known_from"),
        ({"known_from": datetime.date.today() + DAY}, "known_from"),
        ({"known_to": datetime.date(2019, 1, 1)}, "known_to"),
        ({"applicant_role": ""}, "applicant_role"),
        ({"suitable_with_children": "maybe"}, "suitable_with_children"),
        ({"safeguarding_concerns": None}, "safeguarding_concerns"),
        ({"safeguarding_concerns": True}, "safeguarding_detail"),
        ({"disciplinary_action": True, "disciplinary_detail": " "}, "disciplinary_detail"),
    ],
)
def test_an_incomplete_reference_is_refused_and_nothing_kept(application, hr, overrides, field):
    request = references.references_request_all(application=application, by=hr)[0]
    with pytest.raises(ReferenceProblem) as refused:
        references.reference_submit(request=request, answers=answers(**overrides))
    assert refused.value.field == field
    request.refresh_from_db()
    assert request.state == ReferenceState.REQUESTED
    assert request.how_known == ""


def test_details_are_dropped_when_the_answer_is_no(application, hr):
    request = references.references_request_all(application=application, by=hr)[0]
    references.reference_submit(
        request=request, answers=answers(disciplinary_detail="should not be kept")
    )
    request.refresh_from_db()
    assert request.disciplinary_detail == ""


def test_a_referee_may_decline_with_a_reason(application, hr, django_capture_on_commit_callbacks):
    request = ask(application, hr, django_capture_on_commit_callbacks)[0]
    with pytest.raises(ReferenceProblem):
        references.reference_decline(request=request, reason="  ")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        references.reference_decline(request=request, reason="I only knew them for a month")
    request.refresh_from_db()
    assert request.state == ReferenceState.DECLINED
    assert request.declined_reason == "I only knew them for a month"
    assert [m.to for m in mail.outbox] == [["hr@example.org"]]
    assert "declined" in mail.outbox[0].subject


# A letter instead -------------------------------------------------------------------


def test_a_letter_is_stored_privately_like_a_cv(application, hr, tmp_path, settings):
    request = references.references_request_all(application=application, by=hr)[0]
    references.reference_upload_letter(
        request=request, file=factories.pdf_upload(name="../My letter!.pdf")
    )
    request.refresh_from_db()
    assert request.state == ReferenceState.RECEIVED
    assert request.letter_content_type == "application/pdf"
    assert request.letter_name == "My letter_.pdf"
    assert request.letter.storage is ReferenceRequest._meta.get_field("letter").storage
    assert request.letter.read().startswith(b"%PDF-")


@pytest.mark.parametrize(
    "upload",
    [
        # A script renamed to .pdf: the type is read from the content, not the name.
        SimpleUploadedFile("letter.pdf", b"#!/bin/sh\necho hi\n", content_type="application/pdf"),
        SimpleUploadedFile("letter.pdf", b"", content_type="application/pdf"),
        SimpleUploadedFile("letter.pdf", b"%PDF-1.4" + b"x" * 2048, content_type="application/pdf"),
    ],
    ids=["not a pdf", "empty", "too big"],
)
@override_settings(RECRUITMENT_CV_MAX_BYTES=1024)
def test_a_letter_that_breaks_the_upload_rules_is_refused(application, hr, upload):
    request = references.references_request_all(application=application, by=hr)[0]
    with pytest.raises(ValidationError):
        references.reference_upload_letter(request=request, file=upload)
    request.refresh_from_db()
    assert request.state == ReferenceState.REQUESTED
    assert not request.letter


# Chasers --------------------------------------------------------------------------


def test_chasers_go_at_7_and_14_days_once_each(application, hr):
    references.references_request_all(application=application, by=hr)
    mail.outbox.clear()
    with later(6.9):
        assert tasks.reference_chaser_sweep.call() == 0
    with later(7.1):
        assert tasks.reference_chaser_sweep.call() == 2
        assert tasks.reference_chaser_sweep.call() == 0
    assert len(mail.outbox) == 2
    assert all("Reminder" in m.subject for m in mail.outbox)
    assert all("last reminder" not in m.body for m in mail.outbox)
    mail.outbox.clear()
    with later(13.9):
        assert tasks.reference_chaser_sweep.call() == 0
    with later(14.1):
        assert tasks.reference_chaser_sweep.call() == 2
        assert tasks.reference_chaser_sweep.call() == 0
    assert all("last reminder" in m.body for m in mail.outbox)
    with later(20):
        assert tasks.reference_chaser_sweep.call() == 0
    request = ReferenceRequest.objects.first()
    assert request.first_chaser_sent_at and request.second_chaser_sent_at


def test_a_late_sweep_sends_only_the_last_chaser_due(application, hr):
    references.references_request_all(application=application, by=hr)
    mail.outbox.clear()
    with later(15):
        assert tasks.reference_chaser_sweep.call() == 2
        assert tasks.reference_chaser_sweep.call() == 0
    assert len(mail.outbox) == 2


def test_no_chaser_once_answered_replaced_or_expired(application, hr):
    first, second = references.references_request_all(application=application, by=hr)
    references.reference_submit(request=first, answers=answers())
    references.referee_change(request=second, by=hr, **_new_referee())
    mail.outbox.clear()
    with later(30):
        assert tasks.reference_chaser_sweep.call() == 0
    assert mail.outbox == []


def test_the_chasing_rule():
    now = timezone.now()
    facts = {"waiting": True, "expires_at": now + 10 * DAY, "now": now}
    due = reference_chasing.chaser_due
    assert due(requested_at=now - 6 * DAY, first_sent=False, second_sent=False, **facts) is None
    assert due(requested_at=now - 7 * DAY, first_sent=False, second_sent=False, **facts) == 1
    assert due(requested_at=now - 8 * DAY, first_sent=True, second_sent=False, **facts) is None
    assert due(requested_at=now - 14 * DAY, first_sent=True, second_sent=False, **facts) == 2
    assert due(requested_at=now - 15 * DAY, first_sent=True, second_sent=True, **facts) is None
    assert (
        due(
            requested_at=now - 7 * DAY,
            first_sent=False,
            second_sent=False,
            **facts | {"waiting": False},
        )
        is None
    )


def test_overdue_references_are_listed_for_hr_only(application, hr):
    first, second = references.references_request_all(application=application, by=hr)
    references.reference_submit(request=second, answers=answers())
    assert list(selectors.references_overdue(hr)) == []
    with later(14.5):
        assert list(selectors.references_overdue(hr)) == [first]
        assert selectors.references_visible_to(hr).get(pk=first.pk).overdue is True
        assert selectors.references_visible_to(hr).get(pk=second.pk).overdue is False
        panel = user_with_role(roles.PANEL_MEMBER)
        assert list(selectors.references_overdue(panel)) == []
        assert list(selectors.references_visible_to(application.applicant)) == []


# HR --------------------------------------------------------------------------------


def _new_referee(**overrides) -> dict:
    details = {
        "name": "Sam Patel",
        "job_title": "Service manager",
        "organisation": "Northshire Council",
        "email": "sam@example.org",
        "phone": "",
        "relationship": "Line manager",
        "is_current_employer": True,
    }
    details.update(overrides)
    return details


def test_changing_a_referee_updates_them_and_asks_the_new_one(
    application, hr, django_capture_on_commit_callbacks
):
    request = ask(application, hr, django_capture_on_commit_callbacks)[0]
    referee = request.referee
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        replacement = references.referee_change(request=request, by=hr, **_new_referee())
    request.refresh_from_db()
    referee.refresh_from_db()
    assert request.state == ReferenceState.REPLACED
    assert referee.name == "Sam Patel" and referee.email == "sam@example.org"
    assert replacement.referee == referee
    assert replacement.referee_name == "Sam Patel"
    assert replacement.state == ReferenceState.REQUESTED
    assert replacement.nonce != request.nonce
    assert [m.to for m in mail.outbox] == [["sam@example.org"]]
    assert application.timeline.filter(action=TimelineAction.REFEREE_CHANGED).exists()
    with pytest.raises(ReferenceProblem):
        references.referee_change(request=request, by=hr, **_new_referee())


def test_the_applicant_sees_arrivals_never_content(application, hr):
    first, second = references.references_request_all(application=application, by=hr)
    references.reference_submit(request=first, answers=answers(how_known="Secret words"))
    references.referee_change(request=second, by=hr, **_new_referee())
    rows = selectors.references_for_applicant(application)
    assert rows == [
        selectors.ReferenceArrival(referee_name="Referee 1", arrived=True),
        selectors.ReferenceArrival(referee_name="Sam Patel", arrived=False),
    ]


def test_only_a_received_reference_is_assessed(application, hr):
    request = references.references_request_all(application=application, by=hr)[0]
    with pytest.raises(ReferenceProblem):
        references.reference_assess(request=request, by=hr, satisfactory=True, note="")
    references.reference_submit(request=request, answers=answers())
    with pytest.raises(ReferenceProblem) as refused:
        references.reference_assess(request=request, by=hr, satisfactory=False, note=" ")
    assert refused.value.field == "note"
    references.reference_assess(request=request, by=hr, satisfactory=True, note="Good")
    request.refresh_from_db()
    assert request.satisfactory is True
    assert request.assessed_by == hr
    assert request.assessment_note == "Good"
    assert application.timeline.filter(action=TimelineAction.REFERENCE_ASSESSED).exists()


# The rule through the offer ---------------------------------------------------------


def accepted_offer(application) -> Offer:
    offer = Offer.objects.create(
        application=application,
        state=OfferState.ACCEPTED,
        job_title="Social worker",
        team=TeamFactory(),
        grade=StaffRecord.Grade.SOCIAL_WORKER_2,
        salary_point="Grade 9, point 32",
        employment_type=StaffRecord.EmploymentType.PERMANENT,
        proposed_start_date=timezone.localdate() + 30 * DAY,
        letter_template=OfferLetterTemplate.objects.first(),
    )
    checks.checks_create_for_offer(offer)
    return offer


def _references_check(offer):
    return offer.checks.get(kind=CheckKind.REFERENCES)


def test_the_references_check_clears_only_with_two_satisfactory_one_from_the_employer(site, hr):
    application = factories.in_status(Status.CONDITIONS_PENDING)
    offer = accepted_offer(application)
    employer, other = references.references_request_all(application=application, by=hr)
    assert employer.is_current_employer and not other.is_current_employer
    for request in (employer, other):
        references.reference_submit(request=request, answers=answers())

    references.reference_assess(request=other, by=hr, satisfactory=True, note="")
    assert _references_check(offer).status == CheckStatus.PENDING
    references.reference_assess(request=employer, by=hr, satisfactory=False, note="Gaps")
    assert _references_check(offer).status == CheckStatus.PENDING

    references.reference_assess(request=employer, by=hr, satisfactory=True, note="Resolved")
    check = _references_check(offer)
    assert check.status == CheckStatus.CLEARED
    assert check.checked_by == hr
    # Other checks still pending: the offer stays conditional.
    offer.refresh_from_db()
    assert offer.state == OfferState.ACCEPTED


def test_two_satisfactory_without_the_employer_do_not_clear_it(site, hr):
    application = factories.in_status(Status.CONDITIONS_PENDING)
    application.referees.update(is_current_employer=False)
    offer = accepted_offer(application)
    for request in references.references_request_all(application=application, by=hr):
        references.reference_submit(request=request, answers=answers())
        references.reference_assess(request=request, by=hr, satisfactory=True, note="")
    assert _references_check(offer).status == CheckStatus.PENDING


def test_the_last_reference_makes_the_offer_unconditional_and_a_change_undoes_the_check(site, hr):
    application = factories.in_status(Status.CONDITIONS_PENDING)
    offer = accepted_offer(application)
    offer.checks.exclude(kind=CheckKind.REFERENCES).update(status=CheckStatus.CLEARED)
    requests = references.references_request_all(application=application, by=hr)
    for request in requests:
        references.reference_submit(request=request, answers=answers())
        references.reference_assess(request=request, by=hr, satisfactory=True, note="")
    offer.refresh_from_db()
    application.refresh_from_db()
    assert offer.state == OfferState.UNCONDITIONAL
    assert application.status == Status.RECRUITED


def test_replacing_a_satisfactory_reference_puts_the_check_back_to_pending(site, hr):
    application = factories.in_status(Status.CONDITIONS_PENDING)
    offer = accepted_offer(application)
    requests = references.references_request_all(application=application, by=hr)
    for request in requests:
        references.reference_submit(request=request, answers=answers())
        references.reference_assess(request=request, by=hr, satisfactory=True, note="")
    assert _references_check(offer).status == CheckStatus.CLEARED
    references.referee_change(request=requests[0], by=hr, **_new_referee())
    assert _references_check(offer).status == CheckStatus.PENDING
