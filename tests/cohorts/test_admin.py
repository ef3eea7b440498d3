"""The "Cohorts" back office: who may use it, CSV export, and rules enforced through forms."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from cohorts import selectors
from cohorts.models import (
    Attendance,
    Enrolment,
    EnrolmentPause,
    OffTheJobLog,
    Placement,
    PlacementDayLog,
    Programme,
    TaughtSession,
)
from cohorts.services import placements
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
    "cohorts_moderation_panel:index",
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
    staff_with_mfa(roles.HR_OFFICER, client)
    teams = _nqsw_teams()
    second_duty = f.TeamFactory(
        service_area=teams["duty"].service_area, name="Duty South", learner_capacity=3
    )
    cohort = f.CohortFactory(start_date=D(2026, 9, 1))
    enrolment = f.enrol(cohort=cohort)
    proposal = selectors.plan_for_cohort(cohort)
    duty = next(p for p in proposal.placements if p.area == "duty")
    field = f"team-{duty.member}-{duty.start.isoformat()}"
    url = reverse("cohorts_cohort:plan", args=[cohort.pk])
    assert f'name="{field}"' in client.get(url).text

    # A team in another service area is refused beside its drop-down, and nothing is created.
    response = client.post(url, {"confirm": "on", field: teams["fieldwork"].pk})
    assert response.status_code == 200
    assert "Choose a team in the same service area" in response.text
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
    staff_with_mfa(roles.HR_OFFICER, client)
    cohort = f.CohortFactory(programme=Programme.objects.get(slug="psdp"))
    f.enrol(cohort=cohort)
    text = client.get(reverse("cohorts_cohort:plan", args=[cohort.pk])).text
    assert "This programme has no placement rotation" in text


def test_hr_schedules_two_sessions_a_month_avoiding_bank_holidays(client, site, staff_with_mfa):
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


# Every back-office write goes through its service and into the object's history ----------


def history_of(instance) -> list[ModelLogEntry]:
    return list(
        ModelLogEntry.objects.filter(
            object_id=str(instance.pk), content_type__model=instance._meta.model_name
        ).order_by("timestamp", "pk")
    )


def grow_your_own_placement(supervisor=None):
    cohort = f.CohortFactory(programme=f.grow_your_own(), start_date=D(2026, 9, 1))
    return f.place(
        f.enrol(cohort=cohort), start=D(2026, 9, 1), end=D(2027, 8, 31), supervisor=supervisor
    )


def test_the_31st_skills_day_entered_in_the_back_office_is_refused(client, site, staff_with_mfa):
    hr = staff_with_mfa(roles.HR_OFFICER, client)
    placement = grow_your_own_placement()
    for week in range(6):
        placements.placement_log_days(
            placement=placement,
            week_starting=D(2026, 9, 7) + datetime.timedelta(weeks=week),
            days=Decimal("5"),
            kind=PlacementDayLog.Kind.SKILLS,
            by=hr,
        )
    url = reverse("cohorts_day_log:add")
    data = {"placement": placement.pk, "week_starting": "2026-11-02", "kind": "skills"}
    response = client.post(url, {**data, "days": "1"})
    assert response.status_code == 200
    assert "At most 30 skills days count; 30 are already logged." in response.text
    assert PlacementDayLog.objects.count() == 6

    response = client.post(url, {**data, "kind": "practice", "days": "4"})
    assert response.status_code == 302
    log = PlacementDayLog.objects.get(kind=PlacementDayLog.Kind.PRACTICE)
    assert log.logged_by == hr
    [entry] = history_of(log)
    assert (entry.action, entry.user) == ("cohorts.day_log.create", hr)
    history = client.get(reverse("cohorts_day_log:history", args=[log.pk]))
    assert history.status_code == 200
    assert "4 practice-learning days logged for the week of 2 November 2026" in history.text


def test_days_logged_are_corrected_and_removed_through_the_service(client, site, staff_with_mfa):
    hr = staff_with_mfa(roles.HR_OFFICER, client)
    placement = grow_your_own_placement()
    logs = [
        placements.placement_log_days(
            placement=placement,
            week_starting=D(2026, 9, 7) + datetime.timedelta(weeks=week),
            days=Decimal("5"),
            kind=PlacementDayLog.Kind.SKILLS,
            by=hr,
        )
        for week in range(6)
    ]
    edit = reverse("cohorts_day_log:edit", args=[logs[0].pk])
    # 30 logged: the edit counts the cap without this row's own 5.
    refused = client.post(edit, {"week_starting": "2026-09-07", "days": "5.5", "kind": "skills"})
    assert "At most 30 skills days count; 25 are already logged." in refused.text
    response = client.post(edit, {"week_starting": "2026-09-07", "days": "4.5", "kind": "skills"})
    assert response.status_code == 302
    logs[0].refresh_from_db()
    assert logs[0].days == Decimal("4.5")
    assert [e.action for e in history_of(logs[0])][-1] == "cohorts.day_log.change"

    response = client.post(reverse("cohorts_day_log:delete", args=[logs[1].pk]))
    assert response.status_code == 302
    assert not PlacementDayLog.objects.filter(pk=logs[1].pk).exists()
    assert [e.action for e in history_of(logs[1])][-1] == "cohorts.day_log.remove"

    # Once the placement is signed off, its days are final: a message, not an error page.
    placements.placement_set_status(placement=placement, status=Placement.Status.CANCELLED, by=hr)
    response = client.post(reverse("cohorts_day_log:delete", args=[logs[2].pk]), follow=True)
    assert response.status_code == 200
    assert "This placement is closed" in response.text
    assert PlacementDayLog.objects.filter(pk=logs[2].pk).exists()


def test_hr_log_off_the_job_hours_for_an_apprentice_and_the_rules_still_hold(
    client, site, staff_with_mfa
):
    hr = staff_with_mfa(roles.HR_OFFICER, client)
    programme = Programme.objects.get(slug="social-work-degree-apprenticeship")
    start = datetime.date.today() - datetime.timedelta(weeks=4)
    apprentice = f.enrol(cohort=f.CohortFactory(programme=programme, start_date=start))
    url = reverse("cohorts_off_the_job:add")
    future = datetime.date.today() + datetime.timedelta(days=14)
    response = client.post(
        url,
        {
            "enrolment": apprentice.pk,
            "week_starting": future.isoformat(),
            "hours": "6",
            "activity": "Lecture",
        },
    )
    assert response.status_code == 200
    assert "The week must be during the programme and not in the future." in response.text
    response = client.post(
        url,
        {"enrolment": apprentice.pk, "week_starting": str(start), "hours": "70", "activity": "x"},
    )
    assert response.status_code == 200
    assert not OffTheJobLog.objects.exists()

    response = client.post(
        url,
        {"enrolment": apprentice.pk, "week_starting": str(start), "hours": "6", "activity": "Law"},
    )
    assert response.status_code == 302
    log = OffTheJobLog.objects.get()
    [entry] = history_of(log)
    assert (entry.action, entry.user) == ("cohorts.off_the_job.create", hr)
    response = client.post(
        reverse("cohorts_off_the_job:edit", args=[log.pk]),
        {"week_starting": str(start), "hours": "7.5", "activity": "Law lecture"},
    )
    assert response.status_code == 302
    log.refresh_from_db()
    assert (log.hours, log.activity) == (Decimal("7.5"), "Law lecture")
    client.post(reverse("cohorts_off_the_job:delete", args=[log.pk]))
    assert not OffTheJobLog.objects.exists()
    assert [e.action for e in history_of(log)] == [
        "cohorts.off_the_job.create",
        "cohorts.off_the_job.change",
        "cohorts.off_the_job.remove",
    ]


def enrolment_form(enrolment, **changes) -> dict:
    return {
        "employer": enrolment.employer.pk,
        "service": enrolment.service,
        "start_date": str(enrolment.start_date),
        "status": enrolment.status,
        "status_reason": enrolment.status_reason,
        "status_changed_on": "",
        **changes,
    }


def test_a_refused_enrolment_status_move_is_shown_in_the_back_office(client, site, staff_with_mfa):
    staff_with_mfa(roles.HR_OFFICER, client)
    enrolment = f.enrol()
    Enrolment.objects.filter(pk=enrolment.pk).update(status=Enrolment.Status.COMPLETED)
    enrolment.refresh_from_db()
    url = reverse("cohorts_enrolment:edit", args=[enrolment.pk])
    response = client.post(url, enrolment_form(enrolment, status="active"))
    assert response.status_code == 200
    assert "An enrolment that is &#x27;Completed&#x27; cannot become &#x27;Active&#x27;." in (
        response.text
    )
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.COMPLETED


def test_the_reason_rule_is_the_services_and_shows_beside_the_reason(client, site, staff_with_mfa):
    staff_with_mfa(roles.HR_OFFICER, client)
    enrolment = f.enrol()
    url = reverse("cohorts_enrolment:edit", args=[enrolment.pk])
    response = client.post(url, enrolment_form(enrolment, status="withdrawn"))
    assert response.status_code == 200
    assert "Give a reason for this status." in response.text
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ACTIVE
    response = client.post(
        url, enrolment_form(enrolment, status="paused", service="adults", start_date="2026-09-08")
    )
    assert response.status_code == 302
    assert [e.action for e in history_of(enrolment)] == [
        "cohorts.enrolment.create",
        "cohorts.enrolment.change",
        "cohorts.enrolment.start",
        "cohorts.enrolment.end",
        "cohorts.enrolment.status",
    ]


def test_an_enrolments_member_and_cohort_are_fixed_once_it_exists(client, site, staff_with_mfa):
    staff_with_mfa(roles.HR_OFFICER, client)
    enrolment = f.enrol()
    other = f.CohortFactory()
    response = client.post(
        reverse("cohorts_enrolment:edit", args=[enrolment.pk]),
        {**enrolment_form(enrolment), "cohort": other.pk, "member": f.UserFactory().pk},
    )
    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.cohort != other


def placement_form(placement, **changes) -> dict:
    return {
        "team": placement.team.pk,
        "supervisor": placement.supervisor.pk if placement.supervisor else "",
        "start_date": str(placement.start_date),
        "end_date": str(placement.end_date),
        "planned_days": placement.planned_days,
        "status": placement.status,
        **changes,
    }


def test_a_refused_placement_status_move_is_shown_in_the_back_office(client, site, staff_with_mfa):
    hr = staff_with_mfa(roles.HR_OFFICER, client)
    placement = f.place(f.enrol())
    placements.placement_set_status(placement=placement, status=Placement.Status.IN_PROGRESS, by=hr)
    placement.refresh_from_db()
    url = reverse("cohorts_placement:edit", args=[placement.pk])
    response = client.post(url, placement_form(placement, status="planned"))
    assert response.status_code == 200
    assert "A placement that is &#x27;In progress&#x27; cannot become &#x27;Planned&#x27;." in (
        response.text
    )
    # Signing off is the supervisor's.
    response = client.post(url, placement_form(placement, status="completed"))
    assert "Only the placement&#x27;s practice supervisor can sign it off." in response.text
    placement.refresh_from_db()
    assert placement.status == Placement.Status.IN_PROGRESS

    response = client.post(url, placement_form(placement, status="cancelled"))
    assert response.status_code == 302
    assert [e.action for e in history_of(placement)][-1] == "cohorts.placement.status"


def test_a_placement_moved_to_a_full_team_is_refused_in_the_back_office(
    client, site, staff_with_mfa
):
    hr = staff_with_mfa(roles.HR_OFFICER, client)
    full = f.TeamFactory(learner_capacity=1)
    f.place(f.enrol(), team=full, start=D(2026, 9, 1), end=D(2026, 12, 31))
    placement = f.place(f.enrol(), start=D(2026, 10, 1), end=D(2026, 11, 30))
    url = reverse("cohorts_placement:edit", args=[placement.pk])
    response = client.post(url, placement_form(placement, team=full.pk))
    assert response.status_code == 200
    assert "already has 1 learners" in response.text
    placement.refresh_from_db()
    assert placement.team != full
    response = client.post(url, placement_form(placement, end_date="2026-11-27"))
    assert response.status_code == 302
    [_made, changed] = history_of(placement)
    assert (changed.action, changed.user) == ("cohorts.placement.change", hr)


def test_back_office_pauses_leave_entries_in_the_pauses_history(client, site, staff_with_mfa):
    hr = staff_with_mfa(roles.HR_OFFICER, client)
    enrolment = f.enrol(cohort=f.CohortFactory(start_date=D(2026, 9, 1)))
    client.post(
        reverse("cohorts_pause:add"),
        {
            "enrolment": enrolment.pk,
            "reason": "illness",
            "start_date": "2026-10-01",
            "end_date": "2026-10-10",
            "note": "",
        },
    )
    pause = EnrolmentPause.objects.get()
    client.post(
        reverse("cohorts_pause:edit", args=[pause.pk]),
        {"reason": "illness", "start_date": "2026-10-01", "end_date": "2026-10-05", "note": ""},
    )
    client.post(reverse("cohorts_pause:delete", args=[pause.pk]))
    entries = history_of(pause)
    assert [e.action for e in entries] == [
        "cohorts.pause.create",
        "cohorts.pause.change",
        "cohorts.pause.remove",
    ]
    assert {e.user for e in entries} == {hr}


# The register ---------------------------------------------------------------------------


def test_hr_take_a_sessions_register_in_the_back_office(client, site, staff_with_mfa):
    hr = staff_with_mfa(roles.HR_OFFICER, client)
    enrolment = f.enrol()
    session = f.TaughtSessionFactory(cohort=enrolment.cohort)
    listing = client.get(reverse("cohorts_session:index")).text
    url = reverse("cohorts_session:register", args=[session.pk])
    assert url in listing
    assert url in client.get(reverse("cohorts_session:inspect", args=[session.pk])).text
    assert enrolment.member.display_name in client.get(url).text
    response = client.post(url, {f"learner-{enrolment.public_id}": "late"})
    assert response.status_code == 302, response.content[:3000]
    assert Attendance.objects.get(enrolment=enrolment).status == "late"
    [entry] = history_of(session)
    assert (entry.action, entry.user) == ("cohorts.session.register", hr)


def test_the_back_office_register_refuses_a_learner_from_another_cohort(
    client, site, staff_with_mfa
):
    staff_with_mfa(roles.HR_OFFICER, client)
    enrolment = f.enrol()
    stranger = f.enrol()
    session = f.TaughtSessionFactory(cohort=enrolment.cohort)
    response = client.post(
        reverse("cohorts_session:register", args=[session.pk]),
        {f"learner-{stranger.public_id}": "present", f"learner-{enrolment.public_id}": "present"},
    )
    assert response.status_code == 200
    assert "Only the learners on this register can be marked" in response.text
    assert not Attendance.objects.exists()


def test_the_back_office_register_is_for_people_who_may_add_attendance(
    client, site, staff_with_mfa
):
    staff_with_mfa(roles.WORKFORCE_LEAD, client)
    session = f.TaughtSessionFactory()
    url = reverse("cohorts_session:register", args=[session.pk])
    assert client.get(url).status_code in (302, 403)
    assert client.post(url, {}).status_code in (302, 403)
    assert url not in client.get(reverse("cohorts_session:inspect", args=[session.pk])).text


@pytest.mark.parametrize("size", [10, 200])
def test_the_back_office_register_costs_the_same_queries_at_any_size(
    client, site, staff_with_mfa, size, django_assert_max_num_queries
):
    staff_with_mfa(roles.HR_OFFICER, client)
    cohort = f.CohortFactory()
    session = f.TaughtSessionFactory(cohort=cohort)
    for n in range(size):
        enrolment = f.enrol(cohort=cohort)
        if n % 2:
            Attendance.objects.create(
                session=session, enrolment=enrolment, status=Attendance.Status.PRESENT
            )
    with django_assert_max_num_queries(30):
        response = client.get(reverse("cohorts_session:register", args=[session.pk]))
    assert response.text.count('type="radio"') == size * len(Attendance.Status.choices)
