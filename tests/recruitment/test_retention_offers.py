"""Retention of offers, references and checks: what goes from an unsuccessful application,
and DBS certificate details 6 months after the check on every offer."""

import datetime
import io

import pytest
from dateutil.relativedelta import relativedelta
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import call_command
from django.utils import timezone

from recruitment.models import Application, Offer, PreEmploymentCheck, ReferenceRequest
from recruitment.services import retention
from tests import factories
from tests.recruitment.test_retention import ANONYMISED, KEPT, MODELS

pytestmark = pytest.mark.django_db

NOW = timezone.now


def fields_of(label, kind):
    return [name for name, what in MODELS[label].items() if what == kind]


def declined_offer(*, decided_at, state="declined"):
    """A declined offer with a letter, a reference with a letter, and recorded checks."""
    offer = factories.offer(
        state=state,
        decline_reason="My partner's job is moving to Leeds",
        withdrawal_reason="",
        send_failure="Mail to zebedee@example.org bounced",
    )
    offer.letter.save("offer.pdf", ContentFile(b"%PDF offer for Zebedee"), save=True)
    request = ReferenceRequest.objects.create(
        application=offer.application,
        referee_name="Dr Quartermaine",
        referee_email="q@example.org",
        referee_organisation="Example Council",
        is_current_employer=True,
        state="received",
        expires_at=NOW() + datetime.timedelta(days=28),
        how_known="Her manager",
        safeguarding_detail="None",
        sickness_absence="3 days",
        assessment_note="Glowing",
    )
    request.letter.save("reference.pdf", ContentFile(b"%PDF reference"), save=True)
    day = timezone.localdate() - datetime.timedelta(days=5)
    offer.checks.filter(kind="swe_registration").update(
        status="cleared", swe_number="SW123456", checked_on=day, note="Register checked"
    )
    offer.checks.filter(kind="dbs").update(
        status="cleared",
        dbs_certificate_number="001234567890",
        dbs_issue_date=day,
        dbs_outcome="clear",
        checked_on=day,
    )
    Application.objects.filter(pk=offer.application_id).update(decided_at=decided_at)
    offer.refresh_from_db()
    return offer, request


def test_an_unsuccessful_applications_offers_references_and_checks_go(
    site, django_capture_on_commit_callbacks
):
    offer, request = declined_offer(decided_at=NOW() - relativedelta(months=7))
    private = storages["private"]
    letter, reference_letter = offer.letter.name, request.letter.name
    assert private.exists(letter) and private.exists(reference_letter)
    kept_offer = {
        n: getattr(offer, n) for n in fields_of("recruitment.Offer", KEPT) if n != "checks"
    }
    checks_before = list(offer.checks.values_list("kind", "status", "checked_on", "dbs_outcome"))

    with django_capture_on_commit_callbacks(execute=True):
        result = retention.applications_anonymise_expired()

    assert (result.offers, result.offer_letters, result.reference_requests) == (1, 1, 1)
    assert result.checks == offer.checks.count()
    offer.refresh_from_db()
    for name in fields_of("recruitment.Offer", ANONYMISED):
        assert not getattr(offer, name), name
    assert {n: getattr(offer, n) for n in kept_offer} == kept_offer
    assert not private.exists(letter) and not private.exists(reference_letter)
    assert not ReferenceRequest.objects.filter(pk=request.pk).exists()
    for check in offer.checks.all():
        for name in fields_of("recruitment.PreEmploymentCheck", ANONYMISED):
            assert not getattr(check, name), (check.kind, name)
    # Reports still count which checks there were, their outcome and dates.
    assert (
        list(offer.checks.values_list("kind", "status", "checked_on", "dbs_outcome"))
        == checks_before
    )
    assert Offer.objects.get(pk=offer.pk).state == "declined"


def test_a_withdrawn_offer_goes_too(site):
    offer, _request = declined_offer(decided_at=NOW() - relativedelta(months=7), state="withdrawn")
    Offer.objects.filter(pk=offer.pk).update(withdrawal_reason="Failed the DBS check")
    assert retention.applications_anonymise_expired().offers == 1
    offer.refresh_from_db()
    assert offer.withdrawal_reason == "" and offer.decline_reason == ""


def test_before_the_period_ends_everything_stays(site):
    offer, request = declined_offer(decided_at=NOW() - relativedelta(months=5))
    result = retention.applications_anonymise_expired()
    assert result.offers == 0 and result.dbs_details == 0
    offer.refresh_from_db()
    assert offer.decline_reason and offer.letter
    assert ReferenceRequest.objects.filter(pk=request.pk).exists()
    assert offer.checks.get(kind="dbs").dbs_certificate_number == "001234567890"


def test_a_hired_persons_offer_keeps_everything_but_old_dbs_details(site):
    offer = factories.offer(state="unconditional", decline_reason="")
    Application.objects.filter(pk=offer.application_id).update(
        decided_at=NOW() - relativedelta(months=8)
    )
    dbs = offer.checks.get(kind="dbs")
    checked = timezone.localdate() - relativedelta(months=6, days=1)
    hr = factories.UserFactory()
    PreEmploymentCheck.objects.filter(pk=dbs.pk).update(
        status="cleared",
        dbs_certificate_number="001234567890",
        dbs_issue_date=checked,
        dbs_outcome="considered_suitable",
        checked_on=checked,
        checked_by=hr,
    )
    offer.checks.filter(kind="swe_registration").update(swe_number="SW123456")
    result = retention.applications_anonymise_expired()
    assert (result.applications, result.dbs_details) == (0, 1)
    dbs.refresh_from_db()
    assert dbs.dbs_certificate_number == "" and dbs.dbs_issue_date is None
    assert (dbs.checked_on, dbs.dbs_outcome, dbs.checked_by, dbs.status) == (
        checked,
        "considered_suitable",
        hr,
        "cleared",
    )
    assert dbs.dbs_details_removed_at is not None
    assert offer.checks.get(kind="swe_registration").swe_number == "SW123456"
    # Safe to run twice.
    again = retention.applications_anonymise_expired()
    assert again.dbs_details == 0


def test_dbs_details_of_a_recent_check_stay(site):
    offer = factories.offer()
    recent = timezone.localdate() - relativedelta(months=5, days=28)
    offer.checks.filter(kind="dbs").update(
        dbs_certificate_number="001234567890", dbs_issue_date=recent, checked_on=recent
    )
    assert retention.dbs_details_remove_expired() == 0
    assert offer.checks.get(kind="dbs").dbs_certificate_number == "001234567890"


def test_dbs_removal_with_the_clock_moved_forward(site):
    offer = factories.offer()
    today = timezone.localdate()
    offer.checks.filter(kind="dbs").update(
        dbs_certificate_number="001234567890", dbs_issue_date=today, checked_on=today
    )
    assert retention.dbs_details_remove_expired(now=NOW() + relativedelta(months=5)) == 0
    assert retention.dbs_details_remove_expired(now=NOW() + relativedelta(months=6, days=1)) == 1
    assert offer.checks.get(kind="dbs").dbs_certificate_number == ""


def test_dry_run_reports_offers_references_checks_and_dbs(site):
    offer, _request = declined_offer(decided_at=NOW() - relativedelta(months=7))
    old = factories.offer(state="unconditional")
    old.checks.filter(kind="dbs").update(
        dbs_certificate_number="001234567890",
        checked_on=timezone.localdate() - relativedelta(months=7),
    )
    out = io.StringIO()
    call_command("recruitment_anonymise", "--dry-run", stdout=out)
    text = out.getvalue()
    assert "offers: 1" in text and "offer letters: 1" in text
    assert "reference requests: 1" in text and "dbs details: 1" in text
    offer.refresh_from_db()
    assert offer.decline_reason and offer.letter
    assert old.checks.get(kind="dbs").dbs_certificate_number == "001234567890"


def test_the_daily_task_logs_the_dbs_removal(site, caplog):
    offer = factories.offer(state="unconditional")
    offer.checks.filter(kind="dbs").update(
        dbs_certificate_number="001234567890",
        checked_on=timezone.localdate() - relativedelta(months=7),
    )
    from recruitment.tasks import anonymise_expired_applications

    with caplog.at_level("INFO", logger="recruitment.services.retention"):
        counts = anonymise_expired_applications.call()
    assert counts["dbs_details"] == 1
    assert "Removed the DBS certificate details of 1 checks" in caplog.text
