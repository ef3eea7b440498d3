"""Whatever is typed into a cohorts form or address: a form error or a 404, never a server error,
and nothing half-saved. One test per class of input."""

import datetime
import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from cohorts import selectors
from cohorts.models import Attendance, MentoringMeeting, Placement, PlacementDayLog, TaughtSession
from portal import roles
from portal.converters import IdConverter
from tests.cohorts import factories as f
from tests.factories import give_totp, sign_in_with_mfa

pytestmark = pytest.mark.django_db

D = datetime.date
TOO_LONG_FOR_A_KEY = "9" * 19  # one more than a 64-bit column's digits allow, nearly always
THIRTY_DIGITS = "9" * 30


@pytest.fixture
def hr(client, site, staff_with_mfa):
    return staff_with_mfa(roles.HR_OFFICER, client)


# Ids in addresses ------------------------------------------------------------------------


def cohorts_patterns(patterns=None, prefix=""):
    """Every address pattern whose view is cohorts' own, with its full route."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from cohorts_patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            module = getattr(pattern.callback, "__module__", "")
            view_class = getattr(pattern.callback, "view_class", None)
            if view_class is not None:
                module = view_class.__module__
            if module.startswith("cohorts."):
                yield prefix + str(pattern.pattern), pattern


def test_every_id_in_a_cohorts_address_is_bounded_to_18_digits():
    routes = dict(cohorts_patterns())
    assert any(route.endswith("/plan/") for route in routes)
    with_ids = {
        route: pattern.pattern.converters["pk"]
        for route, pattern in routes.items()
        if "pk" in pattern.pattern.converters
    }
    assert len(with_ids) >= 3
    for route, converter in with_ids.items():
        assert isinstance(converter, IdConverter), route


@pytest.mark.parametrize(
    "path",
    [
        "/admin/cohorts/cohorts/{id}/plan/",
        "/admin/cohorts/cohorts/{id}/sessions/",
        "/admin/cohorts/sessions/{id}/register/",
        "/admin/cohorts/placements/edit/{id}/",
        "/admin/cohorts/enrolments/inspect/{id}/",
    ],
)
def test_an_id_no_column_can_hold_matches_no_address(client, hr, path):
    # The admin's and the site's catch-alls match any path; only cohorts' own take an id.
    assert "pk" not in resolve(path.format(id=TOO_LONG_FOR_A_KEY)).kwargs
    assert resolve(path.format(id="12")).kwargs["pk"] == 12
    assert client.get(path.format(id=THIRTY_DIGITS)).status_code == 404
    assert client.get(path.format(id="123456789012345678")).status_code == 404


# Dates and counts in the schedule-sessions form ---------------------------------------------


def schedule(client, cohort, **changes):
    data = {
        "kind": "taught",
        "topic": "Law",
        "first_date": "2026-12-14",
        "every_weeks": 2,
        "count": 2,
        "start_time": "09:30",
        "end_time": "12:30",
        "place": "Room 2",
        **changes,
    }
    return client.post(reverse("cohorts_cohort:schedule_sessions", args=[cohort.pk]), data)


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"first_date": "9999-12-31"}, "Enter a date between 1900 and 2100"),
        ({"first_date": "0001-01-01"}, "Enter a date between 1900 and 2100"),
        ({"first_date": "2026-02-31"}, "Enter a valid date"),
        ({"count": "9" * 18}, "Ensure this value is less than or equal to 60"),
        ({"count": "-1"}, "Ensure this value is greater than or equal to 1"),
        ({"every_weeks": "0"}, "Ensure this value is greater than or equal to 1"),
        ({"every_weeks": "1e309"}, "Enter a whole number"),
        ({"start_time": "25:61"}, "Enter a valid time"),
    ],
)
def test_schedule_sessions_refuses_impossible_dates_and_counts(client, hr, changes, error):
    cohort = f.CohortFactory()
    response = schedule(client, cohort, **changes)
    assert response.status_code == 200
    assert error in response.text
    assert not TaughtSession.objects.exists()


def test_schedule_sessions_takes_the_last_year_it_allows(client, hr):
    cohort = f.CohortFactory()
    response = schedule(client, cohort, first_date="2100-12-01", every_weeks=12, count=60)
    assert response.status_code == 302
    assert TaughtSession.objects.filter(cohort=cohort).count() == 60


# The rotation planner's team choices ---------------------------------------------------------


@pytest.fixture
def proposal(hr):
    areas = {}
    for slug in ("early-help", "camhs", "family-intervention", "duty", "fieldwork"):
        areas[slug] = f.ServiceAreaFactory(name=slug.replace("-", " ").title(), slug=slug)
    areas["children-in-care"] = f.ServiceAreaFactory(
        name="Children in Care", slug="children-in-care"
    )
    teams = {slug: f.TeamFactory(service_area=a, learner_capacity=3) for slug, a in areas.items()}
    cohort = f.CohortFactory(start_date=D(2026, 9, 1))
    f.enrol(cohort=cohort)
    plan = selectors.plan_for_cohort(cohort)
    duty = next(p for p in plan.placements if p.area == "duty")
    return {
        "cohort": cohort,
        "teams": teams,
        "field": f"team-{duty.member}-{duty.start.isoformat()}",
        "url": reverse("cohorts_cohort:plan", args=[cohort.pk]),
    }


@pytest.mark.parametrize("value", ["abc", THIRTY_DIGITS, "-1", "", "1.5", "\x00"])
def test_a_team_choice_that_is_not_a_team_is_refused_not_ignored(client, proposal, value):
    response = client.post(proposal["url"], {"confirm": "on", proposal["field"]: value})
    if value == "":
        # An empty choice is no choice: the proposed team (no drop-down offers one).
        assert response.status_code == 302
        assert Placement.objects.count() == 6
        return
    assert response.status_code == 200
    assert "Choose a team in the same service area" in response.text
    assert "The placements were not created" in response.text
    assert not Placement.objects.exists()


def test_team_choices_for_placements_not_proposed_are_not_read(client, proposal):
    response = client.post(
        proposal["url"],
        {
            "confirm": "on",
            f"team-{THIRTY_DIGITS}-9999-12-31": proposal["teams"]["duty"].pk,
            "team-1-not-a-date": "x",
            "team-": "",
        },
    )
    assert response.status_code == 302
    assert Placement.objects.count() == 6


def test_the_chosen_team_is_shown_again_when_the_box_is_not_ticked(client, proposal):
    other_duty = f.TeamFactory(
        service_area=proposal["teams"]["duty"].service_area, name="Duty South"
    )
    response = client.post(proposal["url"], {proposal["field"]: other_duty.pk})
    assert "Tick the box to confirm the placements" in response.text
    assert f'<option value="{other_duty.pk}" selected>Duty South</option>' in response.text
    assert not Placement.objects.exists()


# The register's marks ------------------------------------------------------------------------


@pytest.fixture
def register(hr):
    enrolment = f.enrol()
    session = f.TaughtSessionFactory(cohort=enrolment.cohort)
    return {"enrolment": enrolment, "session": session}


@pytest.mark.parametrize(
    "marks",
    [
        {"learner-{enrolment}": THIRTY_DIGITS},
        {"learner-{enrolment}": "asleep"},
        {"learner-{enrolment}": "\x00"},
        {"learner-not-a-uuid": "present"},
        {f"learner-{uuid.UUID(int=0)}": "present"},
        {"learner-{enrolment}": "present", f"learner-{THIRTY_DIGITS}": "present"},
    ],
)
@pytest.mark.parametrize("where", ["back office", "mentor"])
def test_a_mark_that_is_not_a_mark_for_a_learner_on_the_register_saves_nothing(
    client, register, marks, where
):
    enrolment, session = register["enrolment"], register["session"]
    data = {key.format(enrolment=enrolment.public_id): value for key, value in marks.items()}
    if where == "mentor":
        mentor = session.cohort.mentor
        give_totp(mentor)
        sign_in_with_mfa(client, mentor)
        url = reverse("cohorts:mentor_register", args=[session.public_id])
    else:
        url = reverse("cohorts_session:register", args=[session.pk])
    response = client.post(url, data)
    assert response.status_code == 200
    assert not Attendance.objects.exists()


# The mentor's and the supervisor's forms -------------------------------------------------------


@pytest.fixture
def mentor_page(client, site):
    enrolment = f.enrol(cohort=f.CohortFactory(start_date=datetime.date.today()))
    mentor = enrolment.cohort.mentor
    give_totp(mentor)
    sign_in_with_mfa(client, mentor)
    return reverse("cohorts:mentor_member", args=[enrolment.public_id])


@pytest.mark.parametrize(
    ("day", "month", "year", "error"),
    [
        ("31", "12", "9999", "Enter a real date"),
        ("1", "1", "1", "Enter a real date"),
        ("31", "2", "2026", "Enter a real date"),
        (THIRTY_DIGITS, "1", "2026", "Enter a real date"),
        ("1", "", "2026", "Enter a full date, with a day, month and year"),
    ],
)
def test_the_mentors_meeting_date_is_a_real_date(client, mentor_page, day, month, year, error):
    response = client.post(
        mentor_page, {"date_day": day, "date_month": month, "date_year": year, "notes": "x"}
    )
    assert response.status_code == 200
    assert error in response.text
    assert not MentoringMeeting.objects.exists()


@pytest.fixture
def supervisor_page(client, site):
    today = datetime.date.today()
    cohort = f.CohortFactory(programme=f.grow_your_own(), start_date=today)
    supervisor = f.user_with_role(roles.PRACTICE_SUPERVISOR)
    placement = f.place(f.enrol(cohort=cohort), supervisor=supervisor)
    give_totp(supervisor)
    sign_in_with_mfa(client, supervisor)
    return reverse("cohorts:supervision_placement", args=[placement.public_id]), today


@pytest.mark.parametrize(
    ("days", "kind", "year", "error"),
    [
        ("9" * 18, "practice", None, "Days must be 7 or fewer"),
        ("1e309", "practice", None, "Days must be 7 or fewer"),
        ("NaN", "practice", None, "Days must be a number, like 3 or 2.5"),
        ("-1", "practice", None, "Days must be at least 0.5"),
        ("2", "holiday", None, "Select a valid choice"),
        ("2", "practice", "9999", "Enter a real date"),
    ],
)
def test_the_supervisors_days_are_bounded(client, supervisor_page, days, kind, year, error):
    url, today = supervisor_page
    response = client.post(
        url,
        {
            "week_starting_day": today.day,
            "week_starting_month": today.month,
            "week_starting_year": year or today.year,
            "days": days,
            "kind": kind,
        },
    )
    assert response.status_code == 200
    assert error in response.text
    assert not PlacementDayLog.objects.exists()


# Query strings read by hand, once ---------------------------------------------------------------


def test_the_cohort_pages_show_filter_takes_only_its_two_values(client, site):
    enrolment = f.enrol()
    mentor = enrolment.cohort.mentor
    give_totp(mentor)
    sign_in_with_mfa(client, mentor)
    url = reverse("cohorts:mentor_cohort", args=[enrolment.cohort.public_id])
    for show in ("attention", "all", "everyone", "\x00", "x" * 5000):
        response = client.get(url, {"show": show})
        assert response.status_code == 200
        # Anything but "attention" lists everyone, and the page says which it shows.
        assert ('value="attention" checked' in response.text) is (show == "attention")
        assert ('value="all" checked' in response.text) is (show != "attention")


@pytest.mark.parametrize(
    "token",
    [pytest.param("x" * 5000, id="very-long"), "\x00", "a:b:c", f"{uuid.UUID(int=7)}:1:forged"],
)
def test_a_calendar_address_that_is_not_one_answers_404(client, site, token):
    assert client.get(reverse("cohorts:calendar"), {"token": token}).status_code == 404


@pytest.mark.parametrize(
    ("index", "name"),
    [
        ("cohorts_cohort:index", "mentor"),
        ("cohorts_cohort:index", "programme"),
        ("cohorts_enrolment:index", "cohort"),
        ("cohorts_enrolment:index", "employer"),
        ("cohorts_placement:index", "team"),
        ("cohorts_placement:index", "stage"),
        ("cohorts_session:index", "cohort"),
        ("cohorts_supervisor:index", "team"),
        ("cohorts_partner_coordinator:index", "organisation"),
    ],
)
@pytest.mark.parametrize("value", [THIRTY_DIGITS, "-1", "abc", "\x00"])
def test_back_office_filters_take_any_value_without_a_server_error(client, hr, index, name, value):
    f.place(f.enrol())
    response = client.get(reverse(index), {name: value})
    assert response.status_code == 200
    export = client.get(reverse(index), {name: value, "export": "csv"})
    assert export.status_code == 200


def test_an_empty_post_of_the_mentors_form_says_what_is_missing(client, mentor_page):
    response = client.post(mentor_page, {})
    assert response.status_code == 200
    assert "Enter the date of the meeting" in response.text
    assert not MentoringMeeting.objects.exists()


@pytest.mark.parametrize("posted_id", [None, "not-a-number", "9" * 30])
def test_a_partner_row_posted_without_a_usable_id_is_refused_not_a_server_error(
    client, hr, posted_id
):
    partner = f.CohortPartnerFactory(contribution_per_learner=1000)
    cohort = partner.cohort
    data = {
        "name": "Changed by a hostile post",
        "partners-TOTAL_FORMS": "1",
        "partners-INITIAL_FORMS": "1",
        "partners-MIN_NUM_FORMS": "0",
        "partners-MAX_NUM_FORMS": "1000",
        "partners-0-organisation": str(partner.organisation_id),
        "partners-0-contribution_per_learner": "2000",
    }
    if posted_id is not None:
        data["partners-0-id"] = posted_id
    response = client.post(reverse("cohorts_cohort:edit", args=[cohort.pk]), data)
    assert response.status_code == 200
    assert "changed outside the form" in response.text
    cohort.refresh_from_db()
    partner.refresh_from_db()
    assert cohort.name != "Changed by a hostile post"
    assert partner.contribution_per_learner == 1000
    assert cohort.partners.count() == 1
