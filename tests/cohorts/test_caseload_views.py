"""Caseload pages: the panel on the one-screen pages, the manager's entry, the team view."""

import datetime

import pytest
from django.urls import reverse

from cohorts.models import CaseloadCount
from cohorts.services import caseloads
from portal import roles
from tests import factories as tf
from tests.cohorts import factories as f
from tests.factories import give_totp, sign_in_with_mfa

pytestmark = pytest.mark.django_db


def signed_in(client, user):
    give_totp(user)
    sign_in_with_mfa(client, user)
    return client


@pytest.fixture
def world(site):
    today = datetime.date.today()
    team = tf.TeamFactory(name="Duty North")
    neighbour = tf.TeamFactory(name="Duty South", service_area=team.service_area)
    manager = f.user_with_role(roles.PRACTICE_SUPERVISOR)
    f.PracticeSupervisorFactory(user=manager, team=team)
    cohort = f.CohortFactory(start_date=today - datetime.timedelta(days=60))
    learner = f.enrol(cohort=cohort, line_manager=manager)
    tf.staff_record(person=learner.member, team=team)
    colleague = tf.staff_record(team=team).person
    other = tf.staff_record(team=neighbour).person
    caseloads.caseload_record(person=learner.member, day=today, count=18, by=manager)
    caseloads.caseload_record(person=colleague, day=today, count=20, by=manager)
    caseloads.caseload_record(person=other, day=today, count=10, by=None)
    return {
        "today": today,
        "manager": manager,
        "learner": learner,
        "colleague": colleague,
        "mentor": cohort.mentor,
    }


def test_the_breach_is_red_on_all_three_one_screen_pages(client, world):
    learner = world["learner"]
    pages = [
        (learner.member, reverse("cohorts:my_training")),
        (world["mentor"], reverse("cohorts:mentor_member", args=[learner.public_id])),
        (world["manager"], reverse("cohorts:supervision_learner", args=[learner.public_id])),
    ]
    for user, url in pages:
        client.logout()
        html = signed_in(client, user).get(url).content.decode()
        assert "Caseload over cap" in html, url
        assert "govuk-tag--red" in html
        assert "18 cases on" in html and "against a cap of 15" in html
        assert "<svg" in html and "Caseload counts, newest first" in html


def test_the_mentor_dashboard_lists_the_breach_as_a_reason(client, world):
    html = signed_in(client, world["mentor"]).get(reverse("cohorts:mentor_home")).content
    assert b"Caseload over cap" in html


def test_manager_enters_todays_counts_and_bad_ones_are_shown(client, world):
    signed_in(client, world["manager"])
    url = reverse("cohorts:caseload_entry")
    page = client.get(url).content.decode()
    assert world["colleague"].display_name in page
    field = f"worker_{world['colleague'].pk}"
    response = client.post(url, {field: "-3"})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert CaseloadCount.objects.get(person=world["colleague"]).count == 20
    response = client.post(url, {field: "14"})
    assert response.status_code == 302
    assert CaseloadCount.objects.get(person=world["colleague"]).count == 14


def test_team_view_shows_averages_over_cap_and_room(client, world):
    signed_in(client, world["manager"])
    html = client.get(reverse("cohorts:caseload_teams")).content.decode()
    assert "Duty North" in html and "Duty South" in html
    assert "govuk-tag--red" in html and world["learner"].member.display_name in html
    # Everyone: (18 + 20 + 10) / 3 = 16; without the learner: 15.
    assert ">16<" in html and ">15<" in html
    assert "Most room to take on work:" in html and "Duty South (7 cases)" in html


@pytest.mark.parametrize(
    ("role", "entry", "teams"),
    [
        (roles.COHORT_MEMBER, 403, 403),
        (roles.MENTOR, 403, 200),
        (roles.PARTNER_COORDINATOR, 403, 403),
    ],
)
def test_access_by_role(client, world, role, entry, teams):
    signed_in(client, f.user_with_role(role))
    assert client.get(reverse("cohorts:caseload_entry")).status_code == entry
    assert client.get(reverse("cohorts:caseload_teams")).status_code == teams


def test_another_mentor_sees_no_teams_of_ours(client, world):
    signed_in(client, f.user_with_role(roles.MENTOR))
    html = client.get(reverse("cohorts:caseload_teams")).content.decode()
    assert "Duty North" not in html
    assert world["learner"].member.display_name not in html


@pytest.mark.parametrize("workers", [10, 200])
def test_team_view_and_entry_queries_do_not_grow_with_workers(
    client, world, workers, django_assert_max_num_queries
):
    from cohorts.models import CaseloadCount

    team = world["manager"].practice_supervisor.team
    people = [tf.staff_record(team=team).person for _ in range(workers)]
    CaseloadCount.objects.bulk_create(
        CaseloadCount(person=p, date=world["today"], count=n % 20) for n, p in enumerate(people)
    )
    signed_in(client, world["manager"])
    with django_assert_max_num_queries(20):
        assert client.get(reverse("cohorts:caseload_teams")).status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(reverse("cohorts:caseload_entry")).status_code == 200
