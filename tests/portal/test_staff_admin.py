"""The "Staff" back office: who may see and edit, saves through the services, History."""

import datetime

import pytest
from wagtail.models import ModelLogEntry

from portal import roles
from portal import staff as services
from portal.models import StaffRecord
from tests import factories
from tests.factories import (
    TeamFactory,
    UserFactory,
    sign_in_with_mfa,
    staff_record,
    vetted_agency_worker,
)

pytestmark = pytest.mark.django_db

LIST = "/admin/staff/records/"
VETTING = "/admin/staff/agency-vetting/"


def signed_in(client, role):
    user = factories.user_with_role(role)
    factories.give_totp(user)
    sign_in_with_mfa(client, user)
    return user


def addresses(record, vetting) -> dict[str, str]:
    return {
        "list": LIST,
        "export": LIST + "?export=csv",
        "inspect": f"{LIST}inspect/{record.pk}/",
        "history": f"{LIST}history/{record.pk}/",
        "add": f"{LIST}new/",
        "edit": f"{LIST}edit/{record.pk}/",
        "vetting list": VETTING,
        "vetting inspect": f"{VETTING}inspect/{vetting.pk}/",
        "vetting edit": f"{VETTING}edit/{vetting.pk}/",
    }


READ = {"list", "export", "inspect", "history", "vetting list", "vetting inspect"}
WRITE = {"add", "edit", "vetting edit"}


@pytest.mark.parametrize("role", roles.ROLES, ids=lambda r: r.slug)
def test_each_role_against_each_staff_address(client, role):
    record = staff_record()
    agency_worker = vetted_agency_worker()
    signed_in(client, role)
    for name, url in addresses(record, agency_worker.vetting).items():
        response = client.get(url)
        if role == roles.HR_OFFICER:
            expected_ok = True
        elif role == roles.WORKFORCE_LEAD:
            expected_ok = name in READ
        else:
            expected_ok = False
        if expected_ok:
            assert response.status_code == 200, (role.slug, name, response.status_code)
        else:
            assert response.status_code in (302, 403), (role.slug, name, response.status_code)
            if response.status_code == 302:
                assert not response.url.startswith(url)


def test_nobody_deletes_a_staff_record(client):
    record = staff_record()
    signed_in(client, roles.HR_OFFICER)
    response = client.get(f"{LIST}delete/{record.pk}/")
    assert response.status_code in (302, 403, 404)
    assert StaffRecord.objects.filter(pk=record.pk).exists()


def test_the_workforce_lead_sees_no_edit_button(client):
    record = staff_record()
    signed_in(client, roles.WORKFORCE_LEAD)
    html = client.get(f"{LIST}inspect/{record.pk}/").content.decode()
    assert f"{LIST}edit/{record.pk}/" not in html


def test_hr_add_a_record_through_the_service_and_history_shows_it(client):
    hr = signed_in(client, roles.HR_OFFICER)
    person = factories.user_with_role(roles.COHORT_MEMBER)
    team = TeamFactory()
    response = client.post(
        f"{LIST}new/",
        {
            "person": person.pk,
            "job_title": "Social worker",
            "grade": "sw2",
            "employment_type": "permanent",
            "hours": "full_time",
            "start_date": "2025-04-01",
            "team": team.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    record = StaffRecord.objects.get(person=person)
    assert record.current_team == team
    entry = ModelLogEntry.objects.for_instance(record).get()
    assert entry.action == services.CREATED and entry.user == hr
    history = client.get(f"{LIST}history/{record.pk}/").content.decode()
    assert "Staff record created" in history


def test_a_refusal_comes_back_on_the_form(client):
    signed_in(client, roles.HR_OFFICER)
    existing = staff_record()
    existing.person.groups.add(roles.sync_role(roles.COHORT_MEMBER))
    response = client.post(
        f"{LIST}new/",
        {
            "person": existing.person.pk,
            "job_title": "Social worker",
            "grade": "sw2",
            "employment_type": "permanent",
            "hours": "full_time",
            "start_date": "2025-04-01",
            "team": TeamFactory().pk,
        },
    )
    assert response.status_code == 200
    assert "already has an open staff record" in response.content.decode()
    assert existing.person.staff_records.count() == 1


def edit_data(record, **changes):
    data = {
        "job_title": record.job_title,
        "grade": record.grade,
        "hours": record.hours,
        "weekly_hours": "",
        "swe_number": record.swe_number,
        "team": record.current_team.pk if record.current_team else "",
        "moved_on": "",
        "end_date": "",
        "leaving_reason": "",
        "leaving_note": "",
    }
    data.update(changes)
    return data


def test_changing_the_team_on_the_edit_form_records_a_move(client):
    signed_in(client, roles.HR_OFFICER)
    first, second = TeamFactory(), TeamFactory()
    record = staff_record(team=first)
    response = client.post(
        f"{LIST}edit/{record.pk}/", edit_data(record, team=second.pk, moved_on="2024-06-03")
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    periods = list(record.team_periods.order_by("start_date"))
    assert [(p.team, p.end_date) for p in periods] == [
        (first, datetime.date(2024, 6, 2)),
        (second, None),
    ]
    html = client.get(f"{LIST}inspect/{record.pk}/").content.decode()
    assert first.name in html and second.name in html
    assert "Team move" in client.get(f"{LIST}history/{record.pk}/").content.decode()


def test_a_move_without_a_date_is_refused_on_the_form(client):
    signed_in(client, roles.HR_OFFICER)
    record = staff_record()
    response = client.post(f"{LIST}edit/{record.pk}/", edit_data(record, team=TeamFactory().pk))
    assert response.status_code == 200
    assert "Enter the date of the team move" in response.content.decode()
    assert record.team_periods.count() == 1


def test_leaving_from_the_edit_form_keeps_the_history(client):
    signed_in(client, roles.HR_OFFICER)
    record = staff_record()
    response = client.post(
        f"{LIST}edit/{record.pk}/",
        edit_data(record, end_date="2024-12-31", leaving_reason="retired"),
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.end_date == datetime.date(2024, 12, 31)
    assert record.team_periods.get().end_date == datetime.date(2024, 12, 31)


def test_an_unvetted_agency_worker_cannot_be_started_from_the_form(client):
    signed_in(client, roles.HR_OFFICER)
    record = staff_record(employment_type="agency", agency=factories.agency(), grade="sw3")
    response = client.post(
        f"{LIST}edit/{record.pk}/",
        edit_data(record, start_date="2024-02-01", team=TeamFactory().pk),
    )
    assert response.status_code == 200
    assert "cannot start until" in response.content.decode()
    record.refresh_from_db()
    assert record.start_date is None


def test_hr_record_vetting_through_the_service(client):
    hr = signed_in(client, roles.HR_OFFICER)
    record = staff_record(employment_type="agency", agency=factories.agency(), grade="sw3")
    response = client.post(
        f"{VETTING}edit/{record.vetting.pk}/",
        {
            "registration_checked_on": "",
            "qualification": "",
            "qualified_on": "",
            "interviewed_on": "2024-01-03",
            "dbs_certificate_number": "",
            "dbs_issued_on": "",
            "dbs_outcome": "",
            "first_referee": "",
            "first_reference_received_on": "",
            "second_referee": "",
            "second_reference_received_on": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    record.vetting.refresh_from_db()
    assert record.vetting.interviewed_on == datetime.date(2024, 1, 3)
    assert record.vetting.interview_recorded_by == hr
    assert record.vetting.qualification_recorded_by is None
    entry = ModelLogEntry.objects.for_instance(record.vetting).get()
    assert entry.action == services.VETTING_RECORDED


@pytest.mark.parametrize("rows", [10, 200])
def test_the_staff_list_takes_a_flat_number_of_queries(client, django_assert_max_num_queries, rows):
    signed_in(client, roles.HR_OFFICER)
    team = TeamFactory()
    for _ in range(rows):
        staff_record(team=team)
    with django_assert_max_num_queries(25):
        response = client.get(LIST + "?status=current")
    assert response.status_code == 200
    assert response.content.decode().count(team.name) >= min(rows, 50)


@pytest.mark.parametrize("rows", [10, 200])
def test_the_vetting_list_takes_a_flat_number_of_queries(
    client, django_assert_max_num_queries, rows
):
    signed_in(client, roles.HR_OFFICER)
    for _ in range(min(rows, 60)):
        staff_record(employment_type="agency", agency=factories.agency(), grade="sw3")
    with django_assert_max_num_queries(25):
        response = client.get(VETTING)
    assert response.status_code == 200


def test_the_list_filters_by_team_and_status(client):
    signed_in(client, roles.HR_OFFICER)
    team = TeamFactory()
    # Names no page's own words contain (a random "Page" matched "Page 1 of 1").
    here = staff_record(team=team, person=UserFactory(last_name="Quimbyhere"))
    elsewhere = staff_record(person=UserFactory(last_name="Quimbyelsewhere"))
    gone = staff_record(team=team, person=UserFactory(last_name="Quimbygone"))
    services.staff_record_leave(
        staff=gone, on=datetime.date(2024, 2, 1), reason="resigned", by=None
    )
    html = client.get(f"{LIST}?team={team.pk}&status=current").content.decode()
    assert here.person.last_name in html
    assert elsewhere.person.last_name not in html
    assert gone.person.last_name not in html
    assert client.get(f"{LIST}?team=999999999999999999999999").status_code == 200


def test_the_export_lists_current_teams(client):
    signed_in(client, roles.HR_OFFICER)
    team = TeamFactory()
    record = staff_record(team=team)
    response = client.get(LIST + "?export=csv")
    body = b"".join(response.streaming_content).decode()
    assert record.person.email in body and team.name in body
