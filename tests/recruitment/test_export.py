import datetime
import io
import json

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from portal import roles
from recruitment import conf
from recruitment.models import DataExport, EqualityMonitoring
from recruitment.services import drafts, retention, screening
from tests.factories import UserFactory, make_vacancy, sign_in_with_mfa
from tests.recruitment import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def mine(site, client):
    application = factories.submitted(vacancy=make_vacancy(title="Senior practitioner"))
    EqualityMonitoring.objects.create(application=application, sex="prefer_not")
    sign_in_with_mfa(client, application.applicant)
    return application


@pytest.fixture
def theirs(site):
    return factories.submitted(
        vacancy=make_vacancy(title="Family support lead"), first_name="Other"
    )


def test_json_has_everything_of_mine_and_nothing_of_theirs(client, mine, theirs):
    response = client.get(reverse("recruitment:my_data_json"))
    assert response["Content-Disposition"] == 'attachment; filename="my-data.json"'
    data = json.loads(response.content)
    assert data["account"]["email"] == mine.applicant.email
    [application] = data["applications"]
    assert application["id"] == str(mine.pk)
    assert application["vacancy"] == "Senior practitioner"
    assert application["swe_number"] == "SW123456"
    assert len(application["referees"]) == 2
    assert application["employment"][0]["employer"] == "Example Council"
    assert application["equality_monitoring"]["sex"] == "prefer_not"
    assert any("submitted" in entry["what"] for entry in application["history"])
    assert "Family support lead" not in response.content.decode()


def _prepare_pdf(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("recruitment:my_data_pdf_request"))
    assert response.status_code == 302
    return DataExport.objects.get()


def test_the_pdf_is_made_by_the_worker_then_downloaded(
    client, mine, theirs, mailoutbox, django_capture_on_commit_callbacks
):
    export = _prepare_pdf(client, django_capture_on_commit_callbacks)
    assert export.state == DataExport.State.READY and export.file.name.startswith("exports/")
    [mail] = [m for m in mailoutbox if "ready to download" in m.subject]
    assert mail.to == [mine.applicant.email]
    assert reverse("recruitment:my_data") in mail.body
    page = client.get(reverse("recruitment:my_data")).content.decode()
    download_url = reverse("recruitment:my_data_pdf", args=[export.pk])
    assert download_url in page
    response = client.get(download_url)
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    content = b"".join(response.streaming_content)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    assert "Senior practitioner" in text
    assert "Registration number" in text and "SW123456" in text
    assert "Prefer not to say" in text
    assert "Family support lead" not in text


def test_asking_twice_while_preparing_makes_one_pdf(client, mine):
    # No on-commit callbacks run here, so the first request is still being prepared.
    client.post(reverse("recruitment:my_data_pdf_request"))
    client.post(reverse("recruitment:my_data_pdf_request"))
    assert DataExport.objects.count() == 1
    page = client.get(reverse("recruitment:my_data")).content.decode()
    assert "We are preparing your PDF" in page


def test_a_request_the_worker_never_took_can_be_asked_again(client, mine):
    client.post(reverse("recruitment:my_data_pdf_request"))
    DataExport.objects.update(requested_at=timezone.now() - datetime.timedelta(hours=2))
    client.post(reverse("recruitment:my_data_pdf_request"))
    assert sorted(DataExport.objects.values_list("state", flat=True)) == ["failed", "preparing"]


def test_the_task_run_twice_mails_once(
    client, mine, mailoutbox, django_capture_on_commit_callbacks
):
    from recruitment.tasks import prepare_data_export

    export = _prepare_pdf(client, django_capture_on_commit_callbacks)
    prepare_data_export.call(str(export.pk))
    assert len([m for m in mailoutbox if "ready to download" in m.subject]) == 1


def test_nobody_else_downloads_my_pdf(client, mine, theirs, django_capture_on_commit_callbacks):
    export = _prepare_pdf(client, django_capture_on_commit_callbacks)
    url = reverse("recruitment:my_data_pdf", args=[export.pk])
    sign_in_with_mfa(client, theirs.applicant)
    assert client.get(url).status_code == 404
    hr = UserFactory(roles=[roles.HR_OFFICER])
    sign_in_with_mfa(client, hr)
    assert client.get(url).status_code in (403, 404)


def test_expired_pdfs_are_deleted_with_their_files(
    client, mine, django_capture_on_commit_callbacks
):
    from django.core.files.storage import storages

    export = _prepare_pdf(client, django_capture_on_commit_callbacks)
    name = export.file.name
    later = timezone.now() + datetime.timedelta(days=conf.data_export_days() + 1)
    assert retention.data_exports_delete_expired(now=timezone.now()) == 0
    assert retention.data_exports_delete_expired(now=later) == 1
    assert not DataExport.objects.exists()
    assert not storages["private"].exists(name)


def test_export_includes_interviews_scores_and_staff_notes_without_naming_the_panel(client, site):
    application = factories.invited()
    panel = UserFactory(roles=[roles.PANEL_MEMBER], first_name="Petra", last_name="Panellist")
    factories.scored_interview(application, panel, evidence="Clear court example")
    screening.note_add(application=application, by=panel, text="References chased")
    sign_in_with_mfa(client, application.applicant)
    body = client.get(reverse("recruitment:my_data_json")).content.decode()
    [item] = json.loads(body)["applications"]
    [shown] = item["interviews"]
    assert shown["scorecards"][0]["scores"][0]["evidence"] == "Clear court example"
    assert shown["scorecards"][0]["panel_member"] == "Panel member 1"
    assert item["staff_notes"][0]["text"] == "References chased"
    assert "Panellist" not in body


def test_my_data_page(client, mine):
    body = client.get(reverse("recruitment:my_data")).content.decode()
    assert reverse("recruitment:my_data_pdf_request") in body
    assert reverse("recruitment:my_data_json") in body


def test_deleted_draft_leaves_nothing(client, site):
    draft = factories.ApplicationFactory()
    sign_in_with_mfa(client, draft.applicant)
    drafts.application_delete_draft(application=draft, by=draft.applicant)
    data = json.loads(client.get(reverse("recruitment:my_data_json")).content)
    assert data["applications"] == []


@pytest.mark.parametrize("count", [10, 200])
def test_my_applications_query_count_is_constant(
    client, site, count, django_assert_max_num_queries
):
    from tests.factories import UserFactory

    user = UserFactory()
    vacancies = [make_vacancy() for _ in range(count)]
    for vacancy in vacancies:
        factories.ApplicationFactory(applicant=user, vacancy=vacancy, extras=False)
    sign_in_with_mfa(client, user)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("recruitment:my_applications"))
    assert response.status_code == 200
    assert response.content.decode().count("govuk-table__row") == count + 1


@pytest.mark.parametrize("role", roles.ROLES, ids=lambda r: r.slug)
def test_every_role_sees_its_own_data_page_and_nobody_elses_pdf(
    client, mine, role, user_for_role, django_capture_on_commit_callbacks
):
    export = _prepare_pdf(client, django_capture_on_commit_callbacks)
    sign_in_with_mfa(client, user_for_role(role))
    assert client.get(reverse("recruitment:my_data")).status_code == 200
    assert client.get(reverse("recruitment:my_data_pdf", args=[export.pk])).status_code == 404
    # Asking for a PDF is a POST; a GET changes nothing.
    assert client.get(reverse("recruitment:my_data_pdf_request")).status_code == 405
