"""'Download my data' with offers, references received, checks' statuses and staff records."""

import datetime
import io
import json

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from recruitment.models import ReferenceRequest
from recruitment.pdf import applicant_data_pdf
from tests import factories

pytestmark = pytest.mark.django_db

REFEREE_WORDS = "She once left a child's file on the bus"


@pytest.fixture
def hired(site):
    """An unconditional offer, a reference received (with words the applicant never sees),
    a cleared DBS check with its details, and the staff record of the person."""
    offer = factories.offer(state="unconditional", salary_point="Grade 10, point 36")
    offer.checks.filter(kind="dbs").update(
        status="cleared",
        dbs_certificate_number="001234567890",
        dbs_outcome="considered_suitable",
        checked_on=timezone.localdate(),
        note="Spoke about a caution from 2009",
    )
    ReferenceRequest.objects.create(
        application=offer.application,
        referee_name="Dr Helen Marsh",
        referee_email="h.marsh@example.org",
        referee_organisation="Northshire Council",
        is_current_employer=True,
        state="received",
        received_at=timezone.now(),
        expires_at=timezone.now() + datetime.timedelta(days=28),
        how_known=REFEREE_WORDS,
        safeguarding_detail=REFEREE_WORDS,
        assessment_note="HR's own view",
    )
    ReferenceRequest.objects.create(
        application=offer.application,
        referee_name="Not yet arrived",
        referee_email="late@example.org",
        referee_organisation="Elsewhere",
        expires_at=timezone.now() + datetime.timedelta(days=28),
    )
    factories.staff_record(
        person=offer.application.applicant, job_title="Senior social worker", swe_number="SW123456"
    )
    return offer


def test_the_json_has_offers_references_received_checks_and_the_staff_record(client, hired):
    client.force_login(hired.application.applicant)
    body = client.get(reverse("recruitment:my_data_json")).content.decode()
    data = json.loads(body)
    [application] = data["applications"]
    [offer] = application["offers"]
    assert offer["state"] == "unconditional" and offer["salary_point"] == "Grade 10, point 36"
    assert offer["job_title"] == "Senior social worker" and offer["team"] == str(hired.team)
    assert offer["proposed_start_date"] == hired.proposed_start_date.isoformat()
    statuses = {check["check"]: check["status"] for check in offer["checks"]}
    assert statuses["dbs"] == "cleared" and statuses["references"] == "pending"
    # That a reference arrived and from whom; never what the referee wrote or HR thought.
    [reference] = application["references_received"]
    assert reference["from"] == "Dr Helen Marsh"
    assert reference["organisation"] == "Northshire Council"
    [record] = data["staff_records"]
    assert record["job_title"] == "Senior social worker" and record["swe_number"] == "SW123456"
    assert record["teams"][0]["start_date"] == "2024-01-08"
    for secret in (
        REFEREE_WORDS,
        "HR's own view",
        "001234567890",
        "considered_suitable",
        "caution from 2009",
        "Not yet arrived",
    ):
        assert secret not in body, secret


def test_the_pdf_reads_them_too(hired):
    content = applicant_data_pdf(hired.application.applicant)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    assert "Offers" in text and "Grade 10, point 36" in text
    assert "Enhanced DBS" in text and "Cleared" in text
    assert "Dr Helen Marsh" in text
    assert "Your staff record" in text and "Senior social worker" in text
    assert REFEREE_WORDS not in text and "001234567890" not in text


def test_someone_without_offers_or_records_gets_empty_lists(client, site):
    from tests.recruitment.factories import submitted

    application = submitted()
    client.force_login(application.applicant)
    data = json.loads(client.get(reverse("recruitment:my_data_json")).content)
    assert data["staff_records"] == []
    assert data["applications"][0]["offers"] == []
    assert data["applications"][0]["references_received"] == []
