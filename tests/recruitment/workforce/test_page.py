"""The workforce page: who may open it, its filters in the address, CSV of each table."""

import pytest

from portal import roles
from recruitment.workforce import page

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [roles.WORKFORCE_LEAD, roles.HR_OFFICER, roles.MENTOR])
def test_leaders_hr_and_heads_of_service_open_every_section(client, staff_with_mfa, role):
    staff_with_mfa(role, client)
    assert client.get("/workforce/").status_code == 200
    for slug in page.BUILDERS:
        assert client.get(f"/workforce/{slug}/").status_code == 200


@pytest.mark.parametrize(
    "role",
    [
        roles.APPLICANT,
        roles.PANEL_MEMBER,
        roles.PRACTICE_SUPERVISOR,
        roles.COHORT_MEMBER,
        roles.CONTENT_EDITOR,
        roles.PARTNER_COORDINATOR,
    ],
)
def test_everybody_else_is_refused(client, user_for_role, role):
    user = user_for_role(role)
    client.force_login(user)
    response = client.get("/workforce/")
    assert response.status_code in (302, 403)
    assert client.get("/workforce/headcount/").status_code in (302, 403)


def test_anonymous_people_sign_in_first(client):
    response = client.get("/workforce/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_an_unknown_section_or_table_is_not_found(client, staff_with_mfa):
    staff_with_mfa(roles.WORKFORCE_LEAD, client)
    assert client.get("/workforce/nonsense/").status_code == 404
    assert client.get("/workforce/headcount/nonsense.csv").status_code == 404


def test_filters_the_viewer_may_not_choose_are_dropped(client, staff_with_mfa):
    staff_with_mfa(roles.WORKFORCE_LEAD, client)
    response = client.get("/workforce/?period=999&area=nowhere&team=abc&programme=x&campaign=y")
    assert response.status_code == 200


def test_a_huge_team_id_is_dropped_not_a_server_error(client, staff_with_mfa):
    staff_with_mfa(roles.WORKFORCE_LEAD, client)
    assert client.get("/workforce/?team=99999999999999999999999").status_code == 200
    assert client.get("/workforce/headcount/?team=-1&period=60").status_code == 200
