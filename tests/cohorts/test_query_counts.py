"""The dashboards cost the same number of queries at 10 members as at 200."""

import datetime
import re

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from cohorts import conf
from cohorts.models import Attendance, Placement, PlacementDayLog
from cohorts.services import sessions
from portal import roles
from tests.cohorts import factories as f
from tests.factories import give_totp, sign_in_with_mfa

pytestmark = pytest.mark.django_db

# One bound for both sizes: a query per member would break it at 200. The one screen's
# caseloads, supervision, evidence and review points (issue 10) are prefetched once for all
# members.
MAX_QUERIES = 18


@pytest.fixture(autouse=True)
def content_types_cached(db):
    """Content types are cached per process, as a serving worker has them after its first
    page: filled here, so the test that happens to run first in a worker does not pay
    the one lookup the page header makes."""
    ContentType.objects.clear_cache()
    ContentType.objects.get_for_models(*apps.get_models())


def members_linked(response, prefix: str) -> int:
    """Members listed: each row links to its member's page once without a section (its
    figures link to the page's sections, or to records under it)."""
    return len(re.findall(re.escape(prefix) + r'[0-9a-f-]{36}/"', response.text))


def build_cohort(size: int):
    today = datetime.date.today()
    start = today - datetime.timedelta(days=40)
    cohort = f.CohortFactory(start_date=start, capacity=size + 5)
    supervisor = f.user_with_role(roles.PRACTICE_SUPERVISOR)
    team = f.TeamFactory(learner_capacity=size)
    taught = [
        f.TaughtSessionFactory(cohort=cohort, date=today + datetime.timedelta(days=d))
        for d in (-14, -7, 7)
    ]
    members = []
    for n in range(size):
        enrolment = f.enrol(cohort=cohort)
        placement = Placement.objects.create(
            enrolment=enrolment,
            team=team,
            supervisor=supervisor,
            start_date=start,
            end_date=start + datetime.timedelta(days=90),
            planned_days=60,
        )
        PlacementDayLog.objects.create(
            placement=placement, week_starting=start, days=3, logged_by=supervisor
        )
        for session in taught[:2]:
            sessions.attendance_record(
                session=session,
                enrolment=enrolment,
                status=Attendance.Status.PRESENT if n % 3 else Attendance.Status.ABSENT,
                by=cohort.mentor,
            )
        f.MentoringMeetingFactory(enrolment=enrolment, date=start)
        members.append(enrolment)
    return cohort, members, supervisor


@pytest.mark.parametrize("size", [10, 200])
def test_my_training_queries_do_not_grow(client, site, size, django_assert_max_num_queries):
    cohort, members, _supervisor = build_cohort(size)
    sign_in_with_mfa(client, members[0].member)
    # The review panel reads the member's review points with their PDFs once.
    with django_assert_max_num_queries(MAX_QUERIES + 1):
        response = client.get(reverse("cohorts:my_training"))
    assert response.status_code == 200


@pytest.mark.parametrize("size", [10, 200])
def test_mentor_dashboard_queries_do_not_grow(client, site, size, django_assert_max_num_queries):
    cohort, members, _supervisor = build_cohort(size)
    give_totp(cohort.mentor)
    sign_in_with_mfa(client, cohort.mentor)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(reverse("cohorts:mentor_home"))
    assert response.status_code == 200
    assert members_linked(response, "/mentor/members/") == size


@pytest.mark.parametrize("size", [10, 200])
def test_mentor_cohort_page_queries_do_not_grow(client, site, size, django_assert_max_num_queries):
    cohort, members, _supervisor = build_cohort(size)
    give_totp(cohort.mentor)
    sign_in_with_mfa(client, cohort.mentor)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(reverse("cohorts:mentor_cohort", args=[cohort.public_id]))
    assert members_linked(response, "/mentor/members/") == size


@pytest.mark.parametrize("size", [10, 200])
def test_supervision_page_queries_do_not_grow(client, site, size, django_assert_max_num_queries):
    _cohort, _members, supervisor = build_cohort(size)
    give_totp(supervisor)
    sign_in_with_mfa(client, supervisor)
    # Its learners' table (everyone placed with them now) takes a few more, once: their
    # cohorts read once for all, and the supervisor's own restorative training.
    with django_assert_max_num_queries(MAX_QUERIES + 5):
        response = client.get(reverse("cohorts:supervision_home"))
    assert members_linked(response, "/supervision/learners/") == size
    # One page of placements, however many there are; the heading counts them all.
    assert response.text.count("/supervision/placements/") == min(
        size, conf.supervision_placements_per_page()
    )
    assert f"{size} placements" in response.text


@pytest.mark.parametrize("size", [10, 200])
def test_mentor_register_queries_do_not_grow(client, site, size, django_assert_max_num_queries):
    cohort, members, _supervisor = build_cohort(size)
    session = cohort.sessions.filter(date__lt=datetime.date.today()).first()
    give_totp(cohort.mentor)
    sign_in_with_mfa(client, cohort.mentor)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(reverse("cohorts:mentor_register", args=[session.public_id]))
    assert response.text.count('type="radio"') == size * len(Attendance.Status.choices)
    # Everyone was marked at this session; the page shows each mark.
    assert response.text.count(" checked>") == size
