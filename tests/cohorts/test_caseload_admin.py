"""The caseload back office: HR upload a CSV, check the preview, save; breaches listed."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cohorts.models import CaseloadCount, CaseloadImport
from portal import roles
from tests import factories as tf

pytestmark = pytest.mark.django_db

INDEXES = [
    "cohorts_caseload_import:index",
    "cohorts_caseload_count:index",
    "cohorts_caseload_breach:index",
]


@pytest.mark.parametrize("index", INDEXES)
def test_hr_and_workforce_leads_see_the_listings(client, site, staff_with_mfa, index):
    staff_with_mfa(roles.HR_OFFICER, client)
    assert client.get(reverse(index)).status_code == 200
    client.logout()
    staff_with_mfa(roles.WORKFORCE_LEAD, client)
    assert client.get(reverse(index)).status_code == 200
    assert client.get(reverse("cohorts_caseload_import:add")).status_code in (302, 403)


@pytest.mark.parametrize("role", [roles.MENTOR, roles.PRACTICE_SUPERVISOR])
def test_other_staff_have_no_caseload_back_office(client, site, staff_with_mfa, role):
    staff_with_mfa(role, client)
    for index in INDEXES:
        assert client.get(reverse(index)).status_code in (302, 403)


def test_upload_preview_and_confirm(
    client, site, staff_with_mfa, django_capture_on_commit_callbacks
):
    staff_with_mfa(roles.HR_OFFICER, client)
    worker = tf.staff_record(swe_number="SW765432")
    text = b"worker,date,count\nSW765432,2026-10-05,12\nSW000000,2026-10-05,4\n"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("cohorts_caseload_import:add"),
            {"file": SimpleUploadedFile("counts.csv", text, "text/csv")},
        )
    row = CaseloadImport.objects.get()
    assert response.status_code == 302
    page = client.get(reverse("cohorts_caseload_import:preview", args=[row.pk])).text
    assert "1 row refused" in page and "1 row accepted" in page and "No worker" in page
    assert not CaseloadCount.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("cohorts_caseload_import:preview", args=[row.pk]))
    assert CaseloadCount.objects.get().person == worker.person
    page = client.get(reverse("cohorts_caseload_import:preview", args=[row.pk])).text
    assert "Saved: 1 counts" in page


def test_a_file_that_is_not_csv_is_refused(client, site, staff_with_mfa):
    staff_with_mfa(roles.HR_OFFICER, client)
    response = client.post(
        reverse("cohorts_caseload_import:add"),
        {"file": SimpleUploadedFile("counts.csv", b"%PDF-1.7\x00\x00", "text/csv")},
    )
    assert response.status_code == 200
    assert "must be a CSV file" in response.text
    assert not CaseloadImport.objects.exists()
