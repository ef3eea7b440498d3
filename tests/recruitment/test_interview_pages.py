"""The applicant's interview pages, the panel's pages, calendar invites and reminders."""

import datetime

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from portal import roles
from recruitment import errors, selectors, tasks
from recruitment.choices import InterviewStatus
from recruitment.models import EqualityMonitoring, Scorecard
from recruitment.services import interviews as interview_services
from recruitment.services import scorecards
from tests.factories import sign_in_with_mfa
from tests.recruitment import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def panel(site):
    return factories.UserFactory(roles=[roles.PANEL_MEMBER], email="panel@example.org")


@pytest.fixture
def application(site):
    application = factories.invited(needs_adjustments=True, adjustments="A ground-floor room")
    # Values whose labels cannot turn up by chance in a generated name.
    EqualityMonitoring.objects.create(
        application=application, ethnicity="white", sex="female", sexual_orientation="bisexual"
    )
    return application


def _url(application, name="interview"):
    return reverse(f"recruitment:{name}", args=[application.pk])


# Applicant ------------------------------------------------------------------------------


def test_the_applicant_books_one_of_the_offered_times(client, application, panel):
    slot = factories.slot(application.vacancy, panel=[panel])
    sign_in_with_mfa(client, application.applicant)
    page = client.get(_url(application))
    assert page.status_code == 200
    assert "Book this time" in page.text
    response = client.post(_url(application), {"slot": str(slot.pk)}, follow=True)
    assert "Your interview is booked" in response.text
    assert application.interviews.get().slot == slot
    assert "Cancel your interview" in response.text


def test_the_loser_of_a_race_is_told_the_slot_has_gone_and_sees_the_rest(
    client, application, panel
):
    taken = factories.slot(application.vacancy, panel=[panel])
    left = factories.slot(application.vacancy, start=taken.end)
    rival = factories.invited(vacancy=application.vacancy)
    interview_services.interview_book(application=rival, slot=taken, by=rival.applicant)
    sign_in_with_mfa(client, application.applicant)
    response = client.post(_url(application), {"slot": str(taken.pk)})
    assert response.status_code == 200
    assert "just been booked by someone else" in response.text
    assert str(left.pk) in response.text
    assert str(taken.pk) not in response.text


def test_the_applicant_moves_and_cancels(client, application, panel, mailoutbox):
    first = factories.slot(application.vacancy, panel=[panel])
    second = factories.slot(application.vacancy, start=first.end)
    interview_services.interview_book(application=application, slot=first, by=application.applicant)
    sign_in_with_mfa(client, application.applicant)
    response = client.post(_url(application), {"slot": str(second.pk)}, follow=True)
    assert "Your interview has been moved" in response.text
    assert selectors.current_interview(application).slot == second
    page = client.get(_url(application, "interview_cancel"))
    assert page.status_code == 200
    response = client.post(_url(application, "interview_cancel"), {})
    assert "Confirm that you want to cancel your interview" in response.text
    response = client.post(_url(application, "interview_cancel"), {"confirm": "on"}, follow=True)
    assert "Your interview has been cancelled" in response.text
    assert selectors.current_interview(application) is None


def test_within_24_hours_the_applicant_is_told_to_contact_us(client, application, panel):
    slot = factories.slot(
        application.vacancy, panel=[panel], start=timezone.now() + datetime.timedelta(hours=5)
    )
    interview_services.interview_book(application=application, slot=slot, by=application.applicant)
    sign_in_with_mfa(client, application.applicant)
    page = client.get(_url(application))
    assert "contact us" in page.text
    assert "Cancel your interview" not in page.text


def test_hr_cancellation_reason_is_shown_to_the_applicant(client, application, panel, site):
    hr = factories.UserFactory(roles=[roles.HR_OFFICER])
    slot = factories.slot(application.vacancy, panel=[panel])
    booked = interview_services.interview_book(
        application=application, slot=slot, by=application.applicant
    )
    interview_services.interview_cancel(
        interview=booked, by=hr, reason="The chair of the panel is ill"
    )
    sign_in_with_mfa(client, application.applicant)
    assert "The chair of the panel is ill" in client.get(_url(application)).text


def test_no_interview_page_before_an_invitation(client, site):
    draft = factories.ApplicationFactory()
    sign_in_with_mfa(client, draft.applicant)
    assert client.get(_url(draft)).status_code == 404


# Panel ----------------------------------------------------------------------------------


def _booked(application, panel, **kwargs):
    slot = factories.slot(application.vacancy, panel=[panel], **kwargs)
    return interview_services.interview_book(
        application=application, slot=slot, by=application.applicant
    )


def _held(application, panel):
    """An interview that has begun, so that it can be scored."""
    return factories.started(_booked(application, panel))


def test_my_interviews_lists_upcoming_with_adjustments_needed_and_never_equality_data(
    client, application, panel, staff_with_mfa
):
    member = staff_with_mfa(roles.PANEL_MEMBER, client)
    slot = factories.slot(application.vacancy, panel=[member])
    interview_services.interview_book(application=application, slot=slot, by=application.applicant)
    page = client.get(reverse("recruitment:my_interviews"))
    assert page.status_code == 200
    assert application.full_name in page.text
    # The panel learns that adjustments are needed; their detail is HR's to arrange.
    assert "HR are arranging them" in page.text
    assert "A ground-floor room" not in page.text
    detail = client.get(
        reverse("recruitment:panel_interview", args=[application.interviews.get().pk])
    )
    assert detail.status_code == 200
    assert "HR are arranging them" in detail.text
    assert "A ground-floor room" not in detail.text
    # The questions and an answer's label; never a surname a faker could generate.
    for secret in ("What is your sex?", "ethnic group", "sexual orientation", "Bisexual"):
        assert secret not in detail.text
    assert application.email not in detail.text


def test_a_panel_member_sees_only_their_own_panels(client, application, panel, staff_with_mfa):
    interview = _booked(application, panel)
    staff_with_mfa(roles.PANEL_MEMBER, client)
    assert application.full_name not in client.get(reverse("recruitment:my_interviews")).text
    for name in ("panel_interview", "scorecard"):
        assert client.get(reverse(f"recruitment:{name}", args=[interview.pk])).status_code == 404


def _score(client, interview, score="3"):
    criteria = interview.application.vacancy.criteria
    data = {"recommendation": "appoint", "notes": ""}
    for index, _criterion in enumerate(criteria):
        data[f"score_{index}"] = score
        data[f"evidence_{index}"] = f"Evidence {index}"
    return client.post(reverse("recruitment:scorecard", args=[interview.pk]), data, follow=True)


def test_scores_stay_hidden_until_you_submit_your_own(client, application, staff_with_mfa, site):
    member = staff_with_mfa(roles.PANEL_MEMBER, client)
    colleague = factories.UserFactory(roles=[roles.PANEL_MEMBER], first_name="Colleague")
    slot = factories.slot(application.vacancy, panel=[member, colleague])
    interview = interview_services.interview_book(
        application=application, slot=slot, by=application.applicant
    )
    factories.started(interview)
    criteria = application.vacancy.criteria
    assert criteria, "the test vacancy needs a person specification"
    scorecards.scorecard_submit(
        interview=interview,
        by=colleague,
        scores=[
            {"criterion": c["criterion"], "score": 4, "evidence": "Colleague secret evidence"}
            for c in criteria
        ],
        recommendation="appoint",
    )
    page = client.get(reverse("recruitment:scorecard", args=[interview.pk]))
    assert "Colleague secret evidence" not in page.text
    assert "Submit scorecard" in page.text
    response = _score(client, interview)
    assert "Your scorecard has been submitted" in response.text
    assert "Colleague secret evidence" in response.text
    card = Scorecard.objects.get(interview=interview, panel_member=member)
    assert [row["score"] for row in card.scores] == [3] * len(criteria)
    # Once submitted, it cannot be submitted again.
    with pytest.raises(errors.InterviewError):
        scorecards.scorecard_submit(
            interview=interview, by=member, scores=card.scores, recommendation="appoint"
        )


def test_a_scorecard_waits_for_the_interview_to_start(client, application, staff_with_mfa):
    member = staff_with_mfa(roles.PANEL_MEMBER, client)
    interview = _booked(application, member)
    page = client.get(reverse("recruitment:scorecard", args=[interview.pk]))
    assert "You can score this interview once it has started" in page.text
    assert "Submit scorecard" not in page.text
    _score(client, interview)
    assert not Scorecard.objects.exists()
    with pytest.raises(errors.InterviewError):
        scorecards.scorecard_submit(
            interview=interview, by=member, scores=[], recommendation="appoint"
        )
    factories.started(interview, minutes_ago=1)
    assert "Your scorecard has been submitted" in _score(client, interview).text


def test_a_scorecard_needs_every_score(client, application, staff_with_mfa):
    member = staff_with_mfa(roles.PANEL_MEMBER, client)
    interview = _held(application, member)
    response = client.post(
        reverse("recruitment:scorecard", args=[interview.pk]), {"recommendation": "appoint"}
    )
    assert "There is a problem" in response.text
    assert not Scorecard.objects.exists()


# Calendar invites and reminders ------------------------------------------------------


def _calendars(mailoutbox):
    found = []
    for message in mailoutbox:
        for name, content, mimetype in message.attachments:
            if name.endswith(".ics"):
                found.append((message.to[0], icalendar.Calendar.from_ical(content), mimetype))
    return found


def test_invites_keep_one_uid_raise_the_sequence_and_cancel(
    application, panel, mailoutbox, django_capture_on_commit_callbacks
):
    # Before and after the clocks go back (Sunday 27 October 2030).
    first = factories.slot(
        application.vacancy, panel=[panel], start=factories.at(datetime.date(2030, 10, 25), 10)
    )
    second = factories.slot(
        application.vacancy,
        panel=[panel],
        start=factories.at(datetime.date(2030, 10, 28), 10),
        format="in_person",
        place="Room 4, Civic Centre",
        video_link="",
    )
    with django_capture_on_commit_callbacks(execute=True):
        booked = interview_services.interview_book(
            application=application, slot=first, by=application.applicant
        )
    sent = _calendars(mailoutbox)
    assert {to for to, _cal, _type in sent} == {application.email, "panel@example.org"}
    calendar = sent[0][1]
    assert calendar["METHOD"] == "REQUEST"
    event = calendar.walk("VEVENT")[0]
    assert str(event["UID"]) == booked.uid
    assert event["SEQUENCE"] == 0
    start = event.decoded("DTSTART")
    assert str(start.tzinfo) == "Europe/London"
    assert (start.hour, start.utcoffset()) == (10, datetime.timedelta(hours=1))
    assert "https://meet.example.org/abc" in str(event["LOCATION"])
    assert calendar.walk("VTIMEZONE")

    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        moved = interview_services.interview_move(
            interview=booked, slot=second, by=application.applicant
        )
    event = _calendars(mailoutbox)[0][1].walk("VEVENT")[0]
    assert str(event["UID"]) == booked.uid
    assert event["SEQUENCE"] == 1
    start = event.decoded("DTSTART")
    assert (start.hour, start.utcoffset()) == (10, datetime.timedelta(0))
    assert "Room 4, Civic Centre" in str(event["LOCATION"])

    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        interview_services.interview_cancel(interview=moved, by=application.applicant)
    calendar = _calendars(mailoutbox)[0][1]
    assert calendar["METHOD"] == "CANCEL"
    event = calendar.walk("VEVENT")[0]
    assert str(event["UID"]) == booked.uid
    assert event["SEQUENCE"] == 2
    assert len(mailoutbox) == 2


def test_reminders_are_sent_once(application, panel, mailoutbox):
    slot = factories.slot(
        application.vacancy, panel=[panel], start=timezone.now() + datetime.timedelta(hours=20)
    )
    later = factories.slot(application.vacancy, start=timezone.now() + datetime.timedelta(days=3))
    booked = interview_services.interview_book(
        application=application, slot=slot, by=application.applicant
    )
    rival = factories.invited(vacancy=application.vacancy)
    interview_services.interview_book(application=rival, slot=later, by=rival.applicant)
    mailoutbox.clear()
    assert tasks.interview_reminder_sweep.call() == 1
    assert tasks.interview_reminder_sweep.call() == 0
    assert tasks.interview_reminder.call(str(booked.pk)) is False
    reminded = sorted(m.to[0] for m in mailoutbox)
    assert reminded == sorted([application.email, "panel@example.org"])
    booked.refresh_from_db()
    assert booked.reminder_sent_at is not None
    assert booked.status == InterviewStatus.BOOKED


def test_a_reminder_task_run_early_does_nothing(application, panel, mailoutbox):
    slot = factories.slot(
        application.vacancy, panel=[panel], start=timezone.now() + datetime.timedelta(days=3)
    )
    booked = interview_services.interview_book(
        application=application, slot=slot, by=application.applicant
    )
    mailoutbox.clear()
    assert tasks.interview_reminder.call(str(booked.pk)) is False
    assert mailoutbox == []


def _deferring_task():
    from unittest import mock

    task = mock.Mock()
    task.get_backend.return_value.supports_defer = True
    return task


def test_a_reminder_is_scheduled_24_hours_before(
    application, panel, django_capture_on_commit_callbacks
):
    from unittest import mock

    slot = factories.slot(application.vacancy, panel=[panel])
    reminder = _deferring_task()
    with (
        mock.patch("recruitment.tasks.interview_reminder", reminder),
        django_capture_on_commit_callbacks(execute=True),
    ):
        booked = interview_services.interview_book(
            application=application, slot=slot, by=application.applicant
        )
    assert reminder.using.call_args.kwargs["run_after"] == slot.start - datetime.timedelta(hours=24)
    reminder.using.return_value.enqueue.assert_called_once_with(str(booked.pk))


def test_booking_schedules_the_reminder_on_commit(
    application, panel, django_capture_on_commit_callbacks
):
    from unittest import mock

    slot = factories.slot(application.vacancy, panel=[panel])
    reminder = _deferring_task()
    with (
        mock.patch("recruitment.tasks.interview_reminder", reminder),
        django_capture_on_commit_callbacks() as callbacks,
    ):
        booked = interview_services.interview_book(
            application=application, slot=slot, by=application.applicant
        )
        assert not reminder.using.called
    for callback in callbacks:
        callback()
    reminder.using.return_value.enqueue.assert_called_once_with(str(booked.pk))
