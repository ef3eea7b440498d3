"""The "Cohorts" back office: who may use it, CSV export, and rules enforced through forms."""

import datetime

import pytest
from django.urls import reverse

from cohorts.models import Enrolment, EnrolmentPause, Placement
from portal import roles
from tests.cohorts import factories as f

pytestmark = pytest.mark.django_db

D = datetime.date

INDEXES = [
    "cohorts_programme:index",
    "cohorts_cohort:index",
    "cohorts_enrolment:index",
    "cohorts_pause:index",
    "cohorts_placement:index",
    "cohorts_day_log:index",
    "cohorts_off_the_job:index",
    "cohorts_session:index",
    "cohorts_supervisor:index",
    "cohorts_partner_coordinator:index",
]


@pytest.mark.parametrize("index", INDEXES)
def test_hr_sees_every_cohorts_listing(client, site, staff_with_mfa, index):
    staff_with_mfa(roles.HR_OFFICER, client)
    enrolment = f.enrol()
    f.place(enrolment)
    f.TaughtSessionFactory(cohort=enrolment.cohort)
    assert client.get(reverse(index)).status_code == 200


@pytest.mark.parametrize("index", INDEXES)
def test_workforce_lead_may_look_but_not_add(client, site, staff_with_mfa, index):
    staff_with_mfa(roles.WORKFORCE_LEAD, client)
    assert client.get(reverse(index)).status_code == 200
    add = reverse(index.replace(":index", ":add"))
    response = client.get(add)
    assert response.status_code in (302, 403)


@pytest.mark.parametrize(
    "role", [roles.MENTOR, roles.PRACTICE_SUPERVISOR, roles.PARTNER_COORDINATOR]
)
def test_other_staff_roles_have_no_cohorts_back_office(client, site, staff_with_mfa, role):
    staff_with_mfa(role, client)
    response = client.get(reverse("cohorts_enrolment:index"))
    assert response.status_code in (302, 403)


def test_cohorts_menu_groups_the_listings(client, site, staff_with_mfa):
    staff_with_mfa(roles.HR_OFFICER, client)
    response = client.get(reverse("wagtailadmin_home"))
    assert "Cohorts" in response.text


def test_enrolments_export_as_csv_with_filters(client, site, staff_with_mfa):
    staff_with_mfa(roles.HR_OFFICER, client)
    first = f.enrol()
    other = f.enrol(cohort=f.CohortFactory(name="Other intake"))
    response = client.get(
        reverse("cohorts_enrolment:index"), {"export": "csv", "cohort": first.cohort.pk}
    )
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()
    assert first.member.email in body
    assert other.member.email not in body
    assert body.splitlines()[0].startswith("Member,Email,Cohort")


def test_adding_an_enrolment_in_the_back_office_computes_the_expected_end(
    client, site, staff_with_mfa
):
    staff_with_mfa(roles.HR_OFFICER, client)
    cohort = f.CohortFactory(start_date=D(2026, 9, 1))
    member = f.user_with_role(roles.COHORT_MEMBER)
    response = client.post(
        reverse("cohorts_enrolment:add"),
        {
            "member": member.pk,
            "cohort": cohort.pk,
            "employer": f.council().pk,
            "service": "childrens",
            "start_date": "2026-09-01",
            "status": "active",
            "status_reason": "",
            "status_changed_on": "",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    enrolment = Enrolment.objects.get(member=member)
    assert enrolment.expected_end_date == D(2027, 8, 31)


def test_back_office_refuses_a_pause_beyond_the_two_year_limit(client, site, staff_with_mfa):
    staff_with_mfa(roles.HR_OFFICER, client)
    enrolment = f.enrol(cohort=f.CohortFactory(start_date=D(2026, 9, 1)))
    response = client.post(
        reverse("cohorts_pause:add"),
        {
            "enrolment": enrolment.pk,
            "reason": "parental_leave",
            "start_date": "2027-01-01",
            "end_date": "2028-12-31",
            "note": "",
        },
    )
    assert response.status_code == 200
    assert "after its limit of 24 months" in response.text
    assert not EnrolmentPause.objects.exists()


def test_back_office_pause_and_removal_move_the_expected_end(client, site, staff_with_mfa):
    staff_with_mfa(roles.HR_OFFICER, client)
    enrolment = f.enrol(cohort=f.CohortFactory(start_date=D(2026, 9, 1)))
    response = client.post(
        reverse("cohorts_pause:add"),
        {
            "enrolment": enrolment.pk,
            "reason": "illness",
            "start_date": "2026-10-01",
            "end_date": "2026-10-10",
            "note": "",
        },
    )
    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.expected_end_date == D(2027, 9, 10)
    pause = EnrolmentPause.objects.get()
    response = client.post(
        reverse("cohorts_pause:edit", args=[pause.pk]),
        {
            "enrolment": enrolment.pk,
            "reason": "illness",
            "start_date": "2026-10-01",
            "end_date": "2026-10-05",
            "note": "",
        },
    )
    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.expected_end_date == D(2027, 9, 5)
    client.post(reverse("cohorts_pause:delete", args=[pause.pk]))
    enrolment.refresh_from_db()
    assert enrolment.expected_end_date == D(2027, 8, 31)


def test_back_office_refuses_a_placement_over_team_capacity(client, site, staff_with_mfa):
    staff_with_mfa(roles.HR_OFFICER, client)
    team = f.TeamFactory(learner_capacity=1)
    f.place(f.enrol(), team=team, start=D(2026, 9, 1), end=D(2026, 12, 31))
    enrolment = f.enrol()
    response = client.post(
        reverse("cohorts_placement:add"),
        {
            "enrolment": enrolment.pk,
            "team": team.pk,
            "supervisor": "",
            "start_date": "2026-10-01",
            "end_date": "2026-11-30",
            "planned_days": "40",
            "status": "planned",
        },
    )
    assert response.status_code == 200
    assert "already has 1 learners" in response.text
    assert not Placement.objects.filter(enrolment=enrolment).exists()


def _nqsw_teams():
    areas = {}
    for slug in ("early-help", "camhs", "family-intervention", "duty", "fieldwork"):
        areas[slug] = f.ServiceAreaFactory(name=slug.replace("-", " ").title(), slug=slug)
    areas["children-in-care"] = f.ServiceAreaFactory(
        name="Children in Care", slug="children-in-care"
    )
    return {
        slug: f.TeamFactory(service_area=area, learner_capacity=3) for slug, area in areas.items()
    }


def test_hr_reviews_and_confirms_a_rotation(
    client, site, staff_with_mfa, django_capture_on_commit_callbacks
):
    staff_with_mfa(roles.HR_OFFICER, client)
    teams = _nqsw_teams()
    supervisor = f.PracticeSupervisorFactory(team=teams["duty"]).user
    cohort = f.CohortFactory(start_date=D(2026, 9, 1))
    members = [f.enrol(cohort=cohort) for _ in range(3)]
    url = reverse("cohorts_cohort:plan", args=[cohort.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert "The planner proposes 18 placements" in response.text
    assert "Early Help" in response.text

    refused = client.post(url, {})
    assert "Tick the box" in refused.text
    assert not Placement.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"confirm": "on"})
    assert response.status_code == 302
    assert Placement.objects.count() == 18
    for enrolment in members:
        assert enrolment.placements.count() == 6
    assert Placement.objects.filter(team=teams["duty"], supervisor=supervisor).count() == 3
    # Planned again, there is nothing left to plan.
    assert "Nothing to plan" in client.get(url).text


def test_rotation_page_says_which_rule_fails_and_where(client, site, staff_with_mfa):
    staff_with_mfa(roles.HR_OFFICER, client)
    teams = _nqsw_teams()
    teams["fieldwork"].learner_capacity = 0
    teams["fieldwork"].save()
    cohort = f.CohortFactory(start_date=D(2026, 9, 1))
    f.enrol(cohort=cohort)
    response = client.get(reverse("cohorts_cohort:plan", args=[cohort.pk]))
    assert "No plan meets every rule" in response.text
    assert "coverage" in response.text
    assert "Fieldwork" in response.text


def test_rotation_page_is_for_people_who_may_add_placements(client, site, staff_with_mfa):
    staff_with_mfa(roles.WORKFORCE_LEAD, client)
    cohort = f.CohortFactory()
    response = client.get(reverse("cohorts_cohort:plan", args=[cohort.pk]))
    # Wagtail answers a permission refusal in the admin with a redirect home.
    assert response.status_code in (302, 403)
    assert "Plan rotations" not in response.content.decode()


def test_cohort_listing_shows_members_and_the_size_warning(client, site, staff_with_mfa):
    staff_with_mfa(roles.HR_OFFICER, client)
    cohort = f.CohortFactory(name="ASYE intake March 2027", capacity=10)
    for _ in range(3):
        f.enrol(cohort=cohort)
    text = client.get(reverse("cohorts_cohort:index")).text
    assert "3 of 10" in text
    assert "Intakes of 7 to 10 work best" in text


def test_attendance_is_recorded_on_the_session_in_the_back_office(client, site, staff_with_mfa):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    from cohorts.models import Attendance

    staff_with_mfa(roles.HR_OFFICER, client)
    enrolment = f.enrol()
    session = f.TaughtSessionFactory(cohort=enrolment.cohort)
    data = nested_form_data(
        {
            "cohort": session.cohort.pk,
            "kind": "taught",
            "topic": session.topic,
            "date": str(session.date),
            "start_time": "09:30",
            "end_time": "12:30",
            "place": session.place,
            "video_link": "",
            "facilitator": session.facilitator,
            "attendances": inline_formset([{"enrolment": enrolment.pk, "status": "late"}]),
        }
    )
    response = client.post(reverse("cohorts_session:edit", args=[session.pk]), data)
    assert response.status_code == 302, response.content[:3000]
    assert Attendance.objects.get(enrolment=enrolment).status == "late"


@pytest.mark.parametrize("size", [10, 200])
@pytest.mark.parametrize("index", ["cohorts_enrolment:index", "cohorts_placement:index"])
def test_back_office_listings_cost_the_same_queries_at_any_size(
    client, site, staff_with_mfa, size, index, django_assert_max_num_queries
):
    staff_with_mfa(roles.HR_OFFICER, client)
    cohort = f.CohortFactory()
    team = f.TeamFactory(learner_capacity=size)
    for _ in range(size):
        f.place(f.enrol(cohort=cohort), team=team)
    with django_assert_max_num_queries(40):
        response = client.get(reverse(index))
    assert response.status_code == 200


@pytest.mark.parametrize("size", [10, 200])
def test_placement_form_costs_the_same_queries_at_any_size(
    client, site, staff_with_mfa, size, django_assert_max_num_queries
):
    staff_with_mfa(roles.HR_OFFICER, client)
    cohort = f.CohortFactory()
    for _ in range(size):
        f.enrol(cohort=cohort)
    with django_assert_max_num_queries(40):
        response = client.get(reverse("cohorts_placement:add"))
    assert response.status_code == 200


def test_hr_moves_a_proposed_placement_to_another_team_before_confirming(
    client, site, staff_with_mfa
):
    from cohorts import planner

    staff_with_mfa(roles.HR_OFFICER, client)
    teams = _nqsw_teams()
    second_duty = f.TeamFactory(
        service_area=teams["duty"].service_area, name="Duty South", learner_capacity=3
    )
    cohort = f.CohortFactory(start_date=D(2026, 9, 1))
    enrolment = f.enrol(cohort=cohort)
    proposal = planner.plan_for_cohort(cohort)
    duty = next(p for p in proposal.placements if p.area == "duty")
    field = f"team-{duty.member}-{duty.start.isoformat()}"
    url = reverse("cohorts_cohort:plan", args=[cohort.pk])
    assert f'name="{field}"' in client.get(url).text

    # A team in another service area is refused, and nothing is created.
    response = client.post(url, {"confirm": "on", field: teams["fieldwork"].pk})
    assert response.status_code == 302
    assert not Placement.objects.exists()

    response = client.post(url, {"confirm": "on", field: second_duty.pk})
    assert response.status_code == 302
    moved = enrolment.placements.get(start_date=duty.start)
    assert moved.team == second_duty
    assert enrolment.placements.count() == 6


def test_back_office_home_shows_what_needs_doing_in_cohorts(client, site, staff_with_mfa):
    staff_with_mfa(roles.HR_OFFICER, client)
    cohort = f.CohortFactory(name="Small intake", start_date=datetime.date.today())
    f.enrol(cohort=cohort)
    text = client.get(reverse("wagtailadmin_home")).text
    assert "without sign-off" in text
    assert "Small intake" in text


def test_back_office_home_has_no_cohorts_panel_for_content_editors(client, site, staff_with_mfa):
    staff_with_mfa(roles.CONTENT_EDITOR, client)
    assert "without sign-off" not in client.get(reverse("wagtailadmin_home")).text


def test_editing_an_enrolment_dates_the_status_and_moves_the_end(client, site, staff_with_mfa):
    staff_with_mfa(roles.HR_OFFICER, client)
    enrolment = f.enrol(cohort=f.CohortFactory(start_date=D(2026, 9, 1)))
    response = client.post(
        reverse("cohorts_enrolment:edit", args=[enrolment.pk]),
        {
            "member": enrolment.member.pk,
            "cohort": enrolment.cohort.pk,
            "employer": enrolment.employer.pk,
            "service": "childrens",
            "start_date": "2026-10-01",
            "status": "withdrawn",
            "status_reason": "Moved to another council",
            "status_changed_on": "",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    enrolment.refresh_from_db()
    assert enrolment.expected_end_date == D(2027, 9, 30)
    assert enrolment.status == "withdrawn"
    assert enrolment.status_changed_on == datetime.date.today()


def test_rotation_page_for_a_programme_without_placements(client, site, staff_with_mfa):
    from cohorts.models import Programme

    staff_with_mfa(roles.HR_OFFICER, client)
    cohort = f.CohortFactory(programme=Programme.objects.get(slug="psdp"))
    f.enrol(cohort=cohort)
    text = client.get(reverse("cohorts_cohort:plan", args=[cohort.pk])).text
    assert "This programme has no placement rotation" in text


def test_hr_schedules_two_sessions_a_month_avoiding_bank_holidays(client, site, staff_with_mfa):
    from cohorts.models import TaughtSession

    staff_with_mfa(roles.HR_OFFICER, client)
    cohort = f.CohortFactory()
    url = reverse("cohorts_cohort:schedule_sessions", args=[cohort.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "kind": "taught",
            "topic": "Law and social work",
            "first_date": "2026-12-14",
            "every_weeks": 2,
            "count": 4,
            "start_time": "09:30",
            "end_time": "12:30",
            "place": "",
            "video_link": "https://video.example.org/law",
            "facilitator": "Dr Marsh",
        },
    )
    assert response.status_code == 302
    dates = list(TaughtSession.objects.filter(cohort=cohort).values_list("date", flat=True))
    # 28 December 2026 is the Boxing Day bank holiday (substitute day): moved to the 29th.
    assert dates == [D(2026, 12, 14), D(2026, 12, 29), D(2027, 1, 11), D(2027, 1, 25)]


def test_schedule_sessions_needs_a_place_or_link(client, site, staff_with_mfa):
    staff_with_mfa(roles.HR_OFFICER, client)
    cohort = f.CohortFactory()
    response = client.post(
        reverse("cohorts_cohort:schedule_sessions", args=[cohort.pk]),
        {
            "kind": "taught",
            "topic": "Law",
            "first_date": "2026-12-14",
            "every_weeks": 2,
            "count": 2,
            "start_time": "09:30",
            "end_time": "12:30",
        },
    )
    assert response.status_code == 200
    assert "Give a place or a video call link" in response.text
