"""Apprentices log their off-the-job training against the 6-hours-a-week average."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from cohorts import progress, selectors
from cohorts.models import Enrolment, OffTheJobLog, Programme
from cohorts.services import placements
from cohorts.services.common import NotAllowed, OutsideEnrolment
from portal import roles
from tests.cohorts import factories as f
from tests.factories import sign_in_with_mfa

pytestmark = pytest.mark.django_db


@pytest.fixture
def apprentice():
    programme = Programme.objects.get(slug="social-work-degree-apprenticeship")
    start = datetime.date.today() - datetime.timedelta(weeks=4)
    return f.enrol(cohort=f.CohortFactory(programme=programme, start_date=start))


def test_average_hours_a_week_against_the_target(apprentice):
    for week in range(4):
        placements.off_the_job_log(
            enrolment=apprentice,
            by=apprentice.member,
            week_starting=apprentice.start_date + datetime.timedelta(weeks=week),
            hours=Decimal("5"),
            activity="Lecture",
        )
    described = progress.describe(
        selectors.with_progress(Enrolment.objects.filter(pk=apprentice.pk)).get()
    )
    assert described.off_the_job_target == Decimal("6.0")
    assert described.off_the_job_average == Decimal("5.0")
    assert "Off-the-job training below target" in described.attention


def test_only_the_apprentice_logs_and_only_on_programmes_that_ask(apprentice):
    with pytest.raises(NotAllowed):
        placements.off_the_job_log(
            enrolment=apprentice,
            by=f.user_with_role(roles.COHORT_MEMBER),
            week_starting=apprentice.start_date,
            hours=6,
            activity="Lecture",
        )
    asye = f.enrol()
    with pytest.raises(NotAllowed):
        placements.off_the_job_log(
            enrolment=asye,
            by=asye.member,
            week_starting=asye.start_date,
            hours=6,
            activity="Lecture",
        )
    with pytest.raises(OutsideEnrolment):
        placements.off_the_job_log(
            enrolment=apprentice,
            by=apprentice.member,
            week_starting=datetime.date.today() + datetime.timedelta(days=14),
            hours=6,
            activity="Lecture",
        )


def test_apprentice_logs_hours_on_their_page(client, site, apprentice):
    sign_in_with_mfa(client, apprentice.member)
    url = reverse("cohorts:off_the_job")
    week = apprentice.start_date
    response = client.post(
        url,
        {
            "week_starting_day": week.day,
            "week_starting_month": week.month,
            "week_starting_year": week.year,
            "hours": "7.5",
            "activity": "Safeguarding law lecture",
        },
    )
    assert response.status_code == 302
    assert OffTheJobLog.objects.get().hours == Decimal("7.5")
    page = client.get(url).text
    assert "Safeguarding law lecture" in page
    assert "Log hours" in client.get(reverse("cohorts:my_training")).text


def test_off_the_job_form_errors(client, site, apprentice):
    sign_in_with_mfa(client, apprentice.member)
    response = client.post(reverse("cohorts:off_the_job"), {"hours": "70"})
    assert "govuk-error-summary" in response.text
    assert "Hours must be 60 or fewer" in response.text
    assert "Enter what you did" in response.text


def test_off_the_job_page_is_404_for_programmes_without_it(client, site):
    asye = f.enrol()
    sign_in_with_mfa(client, asye.member)
    assert client.get(reverse("cohorts:off_the_job")).status_code == 404
