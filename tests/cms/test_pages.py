import datetime

import pytest
from django.utils import timezone

from tests import factories

pytestmark = pytest.mark.django_db


def test_vacancy_page_renders_with_apply_button(client, site):
    vacancy = factories.make_vacancy(title="Duty social worker")
    response = client.get(vacancy.url)
    assert response.status_code == 200
    assert "Duty social worker" in response.text
    assert "Apply" in response.text


def test_closed_vacancy_page_says_closed_and_offers_no_apply(client, site):
    vacancy = factories.make_vacancy(
        closing_date=timezone.localdate() - datetime.timedelta(days=1)
    )
    response = client.get(vacancy.url)
    assert "This vacancy has closed" in response.text
    assert "govuk-button--start" not in response.text
