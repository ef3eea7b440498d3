"""The back office Progression list and its CSV cost the same at 10 staff as at 200."""

import datetime

import pytest
from django.urls import reverse

from cohorts.models import DevelopmentConversation, StaffMentorship
from portal.models import StaffRecord, User
from tests.factories import TeamFactory, UserFactory

pytestmark = pytest.mark.django_db

MAX_QUERIES = 20


def build_staff(size: int):
    team = TeamFactory()
    holder = UserFactory()
    people = User.objects.bulk_create(
        User(email=f"worker{n}@example.gov.uk", first_name="Worker", last_name=f"N{n:04}")
        for n in range(size + 1)
    )
    grades = [StaffRecord.Grade.SOCIAL_WORKER_3, StaffRecord.Grade.SENIOR_PRACTITIONER]
    records = StaffRecord.objects.bulk_create(
        StaffRecord(
            person=person,
            job_title="Social worker",
            grade=grades[n % 2],
            employment_type=StaffRecord.EmploymentType.PERMANENT,
            start_date=datetime.date(2020, 1, 6),
        )
        for n, person in enumerate(people)
    )
    mentor, *records = records
    StaffRecord.objects.filter(pk=mentor.pk).update(grade=StaffRecord.Grade.SENIOR_PRACTITIONER)
    DevelopmentConversation.objects.bulk_create(
        DevelopmentConversation(
            staff=record, held_on=datetime.date(2026, 3, 2), held_by=holder, aspirations="x"
        )
        for record in records[::2]
    )
    StaffMentorship.objects.bulk_create(
        StaffMentorship(mentor=mentor, mentee=record.person, start_date=datetime.date(2026, 1, 5))
        for record in records[1::2]
    )
    del team


@pytest.mark.parametrize("size", [10, 200])
def test_progression_list_queries_do_not_grow_with_staff(
    client, site, staff_with_mfa, django_assert_max_num_queries, size
):
    from portal import roles

    build_staff(size)
    staff_with_mfa(roles.HR_OFFICER, client)
    url = reverse("cohorts_progression:index")
    with django_assert_max_num_queries(MAX_QUERIES):
        assert client.get(url, {"p": 1}).status_code == 200
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(url, {"export": "csv"})
        body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body.decode().count("@example.gov.uk") >= size
