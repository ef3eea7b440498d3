"""How many practice supervisors are trained in restorative supervision: /mentor/ and HR's panel."""

import pytest
from django.urls import reverse

from cohorts import supervision_selectors
from portal import roles
from tests.cohorts import factories as f
from tests.factories import give_totp, sign_in_with_mfa

pytestmark = pytest.mark.django_db


@pytest.fixture
def supervisors():
    f.PracticeSupervisorFactory(restorative_trained=True)
    f.PracticeSupervisorFactory(restorative_trained=False)
    f.PracticeSupervisorFactory(restorative_trained=False)


def test_counts_people_trained_of_all_practice_supervisors(supervisors):
    assert supervision_selectors.restorative_trained_counts() == (1, 3)


def test_mentor_home_shows_how_many_supervisors_are_trained(client, site, supervisors):
    cohort = f.CohortFactory()
    give_totp(cohort.mentor)
    sign_in_with_mfa(client, cohort.mentor)
    text = client.get(reverse("cohorts:mentor_home")).text
    assert "1 of 3 practice supervisors trained in restorative supervision" in text


def test_hr_back_office_panel_shows_how_many_supervisors_are_trained(
    client, site, staff_with_mfa, supervisors
):
    staff_with_mfa(roles.HR_OFFICER, client)
    text = client.get(reverse("wagtailadmin_home")).text
    assert "1 of 3 practice supervisors trained in restorative supervision" in text
