"""Every interview address tried by anonymous people, each role and another applicant."""

import pytest
from django.urls import reverse

from portal import roles
from recruitment.services import interviews as interview_services
from tests import factories as base_factories
from tests.factories import sign_in_with_mfa
from tests.recruitment import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def booked(site):
    application = factories.invited()
    panel = factories.UserFactory(roles=[roles.PANEL_MEMBER])
    slot = factories.slot(application.vacancy, panel=[panel])
    return interview_services.interview_book(
        application=application, slot=slot, by=application.applicant
    )


def applicant_urls(interview):
    pk = interview.application_id
    return [
        reverse("recruitment:interview", args=[pk]),
        reverse("recruitment:interview_cancel", args=[pk]),
    ]


def panel_urls(interview):
    return [
        reverse("recruitment:panel_interview", args=[interview.pk]),
        reverse("recruitment:scorecard", args=[interview.pk]),
    ]


def test_anonymous_people_are_asked_to_sign_in(client, booked):
    for url in [
        *applicant_urls(booked),
        *panel_urls(booked),
        reverse("recruitment:my_interviews"),
    ]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/"), url


def test_the_owner_and_the_panel_reach_their_pages(client, booked, staff_with_mfa):
    sign_in_with_mfa(client, booked.application.applicant)
    for url in applicant_urls(booked):
        assert client.get(url).status_code == 200, url
    member = booked.slot.panel.get()
    base_factories.give_totp(member)
    sign_in_with_mfa(client, member)
    for url in [*panel_urls(booked), reverse("recruitment:my_interviews")]:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("role", roles.ROLES, ids=lambda r: r.slug)
def test_everyone_else_gets_404_for_the_applicant_pages(client, booked, role, staff_with_mfa):
    staff_with_mfa(role, client)
    for url in applicant_urls(booked):
        assert client.get(url).status_code == 404, (role.slug, url)
        assert client.post(url).status_code == 404, (role.slug, url)


@pytest.mark.parametrize("role", roles.ROLES, ids=lambda r: r.slug)
def test_only_this_panel_reaches_the_panel_pages(client, booked, role, staff_with_mfa):
    staff_with_mfa(role, client)
    expected = 404 if role == roles.PANEL_MEMBER else 403
    for url in panel_urls(booked):
        assert client.get(url).status_code == expected, (role.slug, url)
        assert client.post(url).status_code == expected, (role.slug, url)
    home = client.get(reverse("recruitment:my_interviews")).status_code
    assert home == (200 if role == roles.PANEL_MEMBER else 403)


def test_another_applicant_gets_404(client, booked):
    other = factories.invited(vacancy=booked.application.vacancy)
    sign_in_with_mfa(client, other.applicant)
    for url in [*applicant_urls(booked), *panel_urls(booked)]:
        assert client.get(url).status_code in (403, 404), url
    for url in applicant_urls(booked):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"confirm": "on"}).status_code == 404, url
    booked.refresh_from_db()
    assert booked.status == "booked"


def test_staff_without_mfa_are_sent_to_set_it_up(client, booked):
    member = booked.slot.panel.get()
    sign_in_with_mfa(client, member)
    response = client.get(reverse("recruitment:my_interviews"))
    assert response.status_code == 302
    assert "/accounts/2fa/" in response["Location"] or "mfa" in response["Location"]


@pytest.mark.parametrize("rows", [10, 200])
def test_my_interviews_query_count_does_not_grow(
    client, site, staff_with_mfa, django_assert_max_num_queries, rows
):
    import datetime

    from recruitment.models import Interview

    member = staff_with_mfa(roles.PANEL_MEMBER, client)
    vacancy = base_factories.make_vacancy()
    day = factories.working_day_ahead()
    for index in range(rows):
        application = factories.in_status("interviewing", vacancy=vacancy, extras=False)
        slot = factories.slot(
            vacancy, panel=[member], start=factories.at(day, 9) + datetime.timedelta(hours=index)
        )
        Interview.objects.create(slot=slot, application=application)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("recruitment:my_interviews"))
    assert response.status_code == 200
    assert response.text.count('href="/interviews/') >= rows
