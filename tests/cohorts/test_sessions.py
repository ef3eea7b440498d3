"""Sessions: the register, mentoring meetings and the learner's calendar address."""

import datetime

import pytest
from django.core import mail
from wagtail.models import ModelLogEntry

from cohorts import selectors
from cohorts.models import Attendance, CalendarFeed, Enrolment
from cohorts.services import mentoring, sessions
from cohorts.services.common import NotAllowed
from portal import roles
from tests.cohorts import factories as f

pytestmark = pytest.mark.django_db

D = datetime.date


def test_attendance_is_recorded_once_per_member_and_session():
    enrolment = f.enrol()
    mentor = enrolment.cohort.mentor
    session = f.TaughtSessionFactory(cohort=enrolment.cohort)
    sessions.attendance_record(
        session=session, enrolment=enrolment, status=Attendance.Status.ABSENT, by=mentor
    )
    sessions.attendance_record(
        session=session, enrolment=enrolment, status=Attendance.Status.EXCUSED, by=mentor
    )
    assert Attendance.objects.get().status == Attendance.Status.EXCUSED
    with pytest.raises(NotAllowed):
        sessions.attendance_record(
            session=f.TaughtSessionFactory(),
            enrolment=enrolment,
            status=Attendance.Status.PRESENT,
            by=f.hr(),
        )


def test_a_register_with_a_learner_from_another_cohort_records_nobody():
    cohort = f.CohortFactory()
    mine = [f.enrol(cohort=cohort) for _ in range(2)]
    stranger = f.enrol()
    session = f.TaughtSessionFactory(cohort=cohort)
    marks = {mine[0]: Attendance.Status.PRESENT, stranger: Attendance.Status.PRESENT}
    with pytest.raises(NotAllowed) as refused:
        sessions.attendance_register(session=session, marks=marks, by=cohort.mentor)
    assert refused.value.message == "This person is not in the session's cohort."
    assert not Attendance.objects.exists()


def test_the_register_is_taken_by_the_cohorts_mentor_or_the_workforce_team():
    enrolment = f.enrol()
    session = f.TaughtSessionFactory(cohort=enrolment.cohort)
    marks = {enrolment: Attendance.Status.LATE}
    for someone in (f.user_with_role(roles.MENTOR), enrolment.member):
        with pytest.raises(NotAllowed):
            sessions.attendance_register(session=session, marks=marks, by=someone)
    hr = f.hr()
    sessions.attendance_register(session=session, marks=marks, by=hr)
    entry = ModelLogEntry.objects.get(action="cohorts.session.register")
    assert (entry.object_id, entry.user, entry.data) == (
        str(session.pk),
        hr,
        {"summary": "1 late"},
    )


def test_the_register_lists_current_members_and_anyone_already_marked():
    cohort = f.CohortFactory()
    here, marked, withdrawn = (f.enrol(cohort=cohort) for _ in range(3))
    session = f.TaughtSessionFactory(cohort=cohort)
    sessions.attendance_record(
        session=session, enrolment=marked, status=Attendance.Status.PRESENT, by=cohort.mentor
    )
    Enrolment.objects.filter(pk__in=[withdrawn.pk, marked.pk]).update(
        status=Enrolment.Status.WITHDRAWN
    )
    register = {e.pk: e.marked for e in selectors.register_for(session)}
    assert register == {here.pk: "", marked.pk: Attendance.Status.PRESENT}


def test_scheduling_sessions_is_in_the_cohorts_history():
    hr = f.hr()
    cohort = f.CohortFactory()
    made = sessions.sessions_schedule(
        cohort=cohort,
        first_date=D(2026, 12, 14),
        every_weeks=2,
        count=2,
        start_time=datetime.time(9, 30),
        end_time=datetime.time(12, 30),
        topic="Law",
        place="Room 1",
        by=hr,
    )
    assert [s.date for s in made] == [D(2026, 12, 14), D(2026, 12, 29)]
    entry = ModelLogEntry.objects.get(action="cohorts.cohort.sessions")
    assert entry.data == {
        "count": "2",
        "first": "14 December 2026",
        "last": "29 December 2026",
        "topic": "Law",
    }


def test_only_the_cohorts_mentor_records_meetings_and_the_member_gets_the_actions(
    django_capture_on_commit_callbacks,
):
    enrolment = f.enrol()
    with pytest.raises(NotAllowed):
        mentoring.meeting_record(
            enrolment=enrolment, by=f.user_with_role(roles.MENTOR), date=D(2026, 9, 2)
        )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        mentoring.meeting_record(
            enrolment=enrolment,
            by=enrolment.cohort.mentor,
            date=D(2026, 9, 2),
            notes="Private",
            agreed_actions="Read the court work guide",
        )
    assert [m.to for m in mail.outbox] == [[enrolment.member.email]]
    assert "Private" not in mail.outbox[0].body
    # The history says a meeting took place, never what was said.
    entry = ModelLogEntry.objects.get(action="cohorts.meeting.create")
    assert "Private" not in str(entry.data) and "court" not in str(entry.data)


def test_resetting_the_calendar_address_retires_the_old_one():
    member = f.user_with_role(roles.COHORT_MEMBER)
    old = selectors.calendar_feed_token(member)
    assert selectors.calendar_feed_token(member) == old
    assert not CalendarFeed.objects.exists()  # showing the address writes nothing
    assert selectors.calendar_feed_owner(old) == member
    new = sessions.calendar_feed_reset(by=member)
    assert new != old
    assert selectors.calendar_feed_owner(old) is None
    assert selectors.calendar_feed_owner(new) == member
    assert ModelLogEntry.objects.filter(action="cohorts.calendar_feed.reset").count() == 1
