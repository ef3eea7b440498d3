import io
import json

import pytest
from django.urls import reverse
from pypdf import PdfReader

from recruitment import services
from recruitment.models import EqualityMonitoring
from tests.factories import make_vacancy
from tests.recruitment import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def mine(site, client):
    application = factories.submitted(vacancy=make_vacancy(title="Senior practitioner"))
    EqualityMonitoring.objects.create(application=application, sex="prefer_not")
    client.force_login(application.applicant)
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


def test_pdf_is_readable(client, mine, theirs):
    response = client.get(reverse("recruitment:my_data_pdf"))
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Senior practitioner" in text
    assert "Registration number" in text and "SW123456" in text
    assert "Prefer not to say" in text
    assert "Family support lead" not in text


def test_my_data_page(client, mine):
    body = client.get(reverse("recruitment:my_data")).content.decode()
    assert reverse("recruitment:my_data_pdf") in body


def test_deleted_draft_leaves_nothing(client, site):
    draft = factories.ApplicationFactory()
    client.force_login(draft.applicant)
    services.application_delete_draft(application=draft, by=draft.applicant)
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
    client.force_login(user)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("recruitment:my_applications"))
    assert response.status_code == 200
    assert response.content.decode().count("govuk-table__row") == count + 1
