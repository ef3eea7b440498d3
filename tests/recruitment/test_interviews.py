"""Interview scheduling rules: slots, conflicts, bulk creation, offers, booking, moving, cancelling."""

import datetime

import pytest
from django.utils import timezone

from portal import roles
from portal.calendar import local_zone
from recruitment import errors, selectors
from recruitment.choices import InterviewStatus, Status
from recruitment.models import Interview, InterviewSlot, TimelineEntry
from recruitment.services import interviews as interview_services
from recruitment.services import retention, scorecards, screening, slots
from recruitment.services.slots import SlotDetails
from tests.recruitment import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def panel(site):
    return factories.UserFactory(roles=[roles.PANEL_MEMBER])


@pytest.fixture
def hr(site):
    return factories.UserFactory(roles=[roles.HR_OFFICER])


@pytest.fixture
def application(site):
    return factories.invited()


def details(vacancy, start, *, minutes=60, **kwargs):
    fields = {"format": "video", "video_link": "https://meet.example.org/x"}
    fields.update(kwargs)
    return SlotDetails(
        vacancy=vacancy, start=start, end=start + datetime.timedelta(minutes=minutes), **fields
    )


# Slot creation and conflicts ------------------------------------------------------


def test_a_slot_is_made_with_its_panel(application, panel, hr):
    day = factories.working_day_ahead()
    slot = slots.slot_create(
        details=details(application.vacancy, factories.at(day, 10)), panel=[panel], by=hr
    )
    assert list(slot.panel.all()) == [panel]


def test_a_panel_member_cannot_sit_on_two_slots_at_once(application, panel, hr):
    day = factories.working_day_ahead()
    slots.slot_create(
        details=details(application.vacancy, factories.at(day, 10)), panel=[panel], by=hr
    )
    with pytest.raises(errors.SlotProblem) as problem:
        slots.slot_create(
            details=details(application.vacancy, factories.at(day, 10, 30)), panel=[panel], by=hr
        )
    assert "already on a panel" in str(problem.value.message)
    # Back to back is fine.
    slots.slot_create(
        details=details(application.vacancy, factories.at(day, 11)), panel=[panel], by=hr
    )


def test_a_room_cannot_hold_two_interviews_at_once(application, panel, hr):
    day = factories.working_day_ahead()
    other = factories.UserFactory(roles=[roles.PANEL_MEMBER])
    room = {"format": "in_person", "place": "Room 4, Civic Centre", "video_link": ""}
    slots.slot_create(
        details=details(application.vacancy, factories.at(day, 10), **room), panel=[panel], by=hr
    )
    with pytest.raises(errors.SlotProblem) as problem:
        slots.slot_create(
            details=details(application.vacancy, factories.at(day, 10, 15), **room),
            panel=[other],
            by=hr,
        )
    assert "Room 4, Civic Centre is already booked" in str(problem.value.message)


@pytest.mark.parametrize("hour, minutes", [(7, 60), (17, 90)])
def test_slots_outside_working_hours_are_refused(application, panel, hr, hour, minutes):
    day = factories.working_day_ahead()
    with pytest.raises(errors.SlotProblem) as problem:
        slots.slot_create(
            details=details(application.vacancy, factories.at(day, hour), minutes=minutes),
            panel=[panel],
            by=hr,
        )
    assert "between 8:00 and 18:00" in str(problem.value.message)


def test_a_bank_holiday_needs_confirming(application, panel, hr):
    boxing_day = datetime.date(2030, 12, 26)  # a Thursday
    start = factories.at(boxing_day, 10)
    with pytest.raises(errors.SlotProblem) as problem:
        slots.slot_create(details=details(application.vacancy, start), panel=[panel], by=hr)
    assert problem.value.needs_confirmation
    assert "Thursday 26 December 2030 is a bank holiday" in str(problem.value.message)
    slot = slots.slot_create(
        details=details(application.vacancy, start),
        panel=[panel],
        by=hr,
        confirm_bank_holiday=True,
    )
    assert slot.pk


def test_weekends_and_missing_places_are_refused(application, panel, hr):
    saturday = datetime.date(2030, 6, 1)
    problems = slots.slot_problems(
        start=factories.at(saturday, 10),
        end=factories.at(saturday, 11),
        format="in_person",
        place="",
        panel=[panel],
    )
    messages = [str(p.message) for p in problems]
    assert "Interviews cannot be at a weekend" in messages
    assert "Enter the place for an interview in person" in messages


def test_bulk_creation_skips_bank_holidays_and_keeps_wall_clock_time_across_dst(
    application, panel, hr
):
    # Clocks go back on Sunday 27 October 2030; Monday 26 August 2030 is a bank holiday.
    result = slots.slots_bulk_create(
        vacancy=application.vacancy,
        first_day=datetime.date(2030, 10, 24),
        last_day=datetime.date(2030, 10, 29),
        weekdays=[0, 1, 3],  # Monday, Tuesday, Thursday
        day_start=datetime.time(10),
        day_end=datetime.time(12),
        length_minutes=45,
        gap_minutes=15,
        format="video",
        video_link="https://meet.example.org/bulk",
        panel=[panel],
        by=hr,
    )
    starts = [timezone.localtime(s.start, local_zone()) for s in result.created]
    assert [(s.date().isoformat(), s.strftime("%H:%M")) for s in starts] == [
        ("2030-10-24", "10:00"),
        ("2030-10-24", "11:00"),
        ("2030-10-28", "10:00"),
        ("2030-10-28", "11:00"),
        ("2030-10-29", "10:00"),
        ("2030-10-29", "11:00"),
    ]
    # 10am is 9am UTC in summer time and 10am UTC after the change.
    assert result.created[0].start.astimezone(datetime.UTC).hour == 9
    assert result.created[2].start.astimezone(datetime.UTC).hour == 10

    holiday = slots.slots_bulk_create(
        vacancy=application.vacancy,
        first_day=datetime.date(2030, 8, 23),
        last_day=datetime.date(2030, 8, 27),
        weekdays=[0, 1, 2, 3, 4],
        day_start=datetime.time(14),
        day_end=datetime.time(15),
        length_minutes=60,
        gap_minutes=0,
        format="video",
        video_link="https://meet.example.org/bulk",
        panel=[panel],
        by=hr,
    )
    assert [s.start.date().isoformat() for s in holiday.created] == ["2030-08-23", "2030-08-27"]


def test_bulk_creation_reports_clashes_and_makes_the_rest(application, panel, hr):
    day = datetime.date(2030, 6, 4)
    factories.slot(application.vacancy, panel=[panel], start=factories.at(day, 10))
    result = slots.slots_bulk_create(
        vacancy=application.vacancy,
        first_day=day,
        last_day=day,
        weekdays=[day.weekday()],
        day_start=datetime.time(9),
        day_end=datetime.time(12),
        length_minutes=60,
        gap_minutes=0,
        format="video",
        video_link="https://meet.example.org/bulk",
        panel=[panel],
        by=hr,
    )
    assert len(result.created) == 2
    assert len(result.skipped) == 1
    assert "already on a panel" in result.skipped[0][1]


# Bespoke offers ------------------------------------------------------------------------


def test_offering_a_bespoke_interview_stops_the_fast_track_clock(
    site, panel, hr, mailoutbox, django_capture_on_commit_callbacks
):
    application = factories.fast_tracked()
    slots = [
        factories.slot(application.vacancy, panel=[panel], start=factories.at(day, 10))
        for day in (factories.working_day_ahead(2), factories.working_day_ahead(3))
    ]
    with django_capture_on_commit_callbacks(execute=True):
        interview_services.bespoke_interview_offer(application=application, slots=slots, by=hr)
    application.refresh_from_db()
    assert application.status == Status.INTERVIEWING
    assert application.interview_offered_at is not None
    entry = TimelineEntry.objects.filter(application=application, action="interview offered").get()
    assert entry.from_status == Status.FAST_TRACKED
    assert set(InterviewSlot.objects.filter(bespoke_for=application)) == set(slots)
    assert set(selectors.slots_offered_to(application)) == set(slots)
    offers = [m for m in mailoutbox if "Book your interview" in m.subject]
    assert len(offers) == 1
    assert f"/applications/{application.pk}/interview/" in offers[0].body


def test_bespoke_slots_are_offered_to_nobody_else(site, panel, hr):
    application = factories.fast_tracked()
    other = factories.invited(vacancy=application.vacancy)
    slot = factories.slot(application.vacancy, panel=[panel])
    interview_services.bespoke_interview_offer(application=application, slots=[slot], by=hr)
    assert slot not in selectors.slots_offered_to(other)


def test_a_bespoke_offer_is_the_applicants_whole_choice_not_the_general_queue(site, panel, hr):
    application = factories.fast_tracked()
    general = factories.slot(
        application.vacancy, panel=[panel], start=factories.at(factories.working_day_ahead(2), 10)
    )
    bespoke = factories.slot(
        application.vacancy, panel=[panel], start=factories.at(factories.working_day_ahead(2), 14)
    )
    application = interview_services.bespoke_interview_offer(
        application=application, slots=[bespoke], by=hr
    )
    assert list(selectors.slots_offered_to(application)) == [bespoke]
    with pytest.raises(errors.SlotTaken):
        interview_services.interview_book(
            application=application, slot=general, by=application.applicant
        )


def test_only_fast_tracked_applications_get_bespoke_offers(application, panel, hr):
    slot = factories.slot(application.vacancy, panel=[panel])
    with pytest.raises(errors.TransitionNotAllowed):
        interview_services.bespoke_interview_offer(application=application, slots=[slot], by=hr)


# Booking, moving, cancelling ------------------------------------------------------


def test_booking_a_slot(application, panel):
    slot = factories.slot(application.vacancy, panel=[panel])
    interview = interview_services.interview_book(
        application=application, slot=slot, by=application.applicant
    )
    assert interview.status == InterviewStatus.BOOKED
    assert interview.sequence == 0
    assert slot not in selectors.slots_offered_to(application)
    assert application.timeline.filter(action="interview booked").exists()


def test_a_booked_slot_is_theirs_alone(application, panel):
    slot = factories.slot(application.vacancy, panel=[panel])
    interview_services.interview_book(application=application, slot=slot, by=application.applicant)
    rival = factories.invited(vacancy=application.vacancy)
    with pytest.raises(errors.SlotTaken) as taken:
        interview_services.interview_book(application=rival, slot=slot, by=rival.applicant)
    assert "just been booked by someone else" in str(taken.value.message)


def test_the_database_refuses_a_second_active_booking_of_a_slot(application, panel):
    from django.db import IntegrityError, transaction

    slot = factories.slot(application.vacancy, panel=[panel])
    rival = factories.invited(vacancy=application.vacancy)
    Interview.objects.create(slot=slot, application=application)
    with pytest.raises(IntegrityError), transaction.atomic():
        Interview.objects.create(slot=slot, application=rival)


def test_booking_after_the_deadline_is_refused(application, panel):
    slot = factories.slot(
        application.vacancy,
        panel=[panel],
        booking_deadline=timezone.now() - datetime.timedelta(minutes=1),
    )
    with pytest.raises(errors.SlotTaken):
        interview_services.interview_book(
            application=application, slot=slot, by=application.applicant
        )


def test_one_booking_per_application(application, panel):
    first = factories.slot(application.vacancy, panel=[panel])
    second = factories.slot(application.vacancy, start=first.end)
    interview_services.interview_book(application=application, slot=first, by=application.applicant)
    with pytest.raises(errors.InterviewError):
        interview_services.interview_book(
            application=application, slot=second, by=application.applicant
        )


def test_moving_keeps_the_calendar_uid_and_raises_the_sequence(application, panel):
    first = factories.slot(application.vacancy, panel=[panel])
    second = factories.slot(application.vacancy, start=first.end)
    booked = interview_services.interview_book(
        application=application, slot=first, by=application.applicant
    )
    moved = interview_services.interview_move(
        interview=booked, slot=second, by=application.applicant
    )
    booked.refresh_from_db()
    assert booked.status == InterviewStatus.MOVED
    assert moved.uid == booked.uid
    assert moved.sequence == 1
    assert first in selectors.slots_offered_to(application)


def test_the_applicant_cannot_change_within_24_hours(application, panel):
    soon = timezone.now() + datetime.timedelta(hours=23)
    slot = factories.slot(application.vacancy, panel=[panel], start=soon)
    booked = interview_services.interview_book(
        application=application, slot=slot, by=application.applicant
    )
    with pytest.raises(errors.TooLate):
        interview_services.interview_cancel(interview=booked, by=application.applicant)
    other = factories.slot(application.vacancy)
    with pytest.raises(errors.TooLate):
        interview_services.interview_move(interview=booked, slot=other, by=application.applicant)


def test_the_cut_off_is_a_setting(application, panel, settings):
    settings.RECRUITMENT_APPLICANT_CHANGE_HOURS = 2
    soon = timezone.now() + datetime.timedelta(hours=3)
    slot = factories.slot(application.vacancy, panel=[panel], start=soon)
    booked = interview_services.interview_book(
        application=application, slot=slot, by=application.applicant
    )
    cancelled = interview_services.interview_cancel(interview=booked, by=application.applicant)
    assert cancelled.status == InterviewStatus.CANCELLED


def test_hr_cancel_any_time_with_a_reason_the_applicant_sees(application, panel, hr):
    soon = timezone.now() + datetime.timedelta(hours=2)
    slot = factories.slot(application.vacancy, panel=[panel], start=soon)
    booked = interview_services.interview_book(
        application=application, slot=slot, by=application.applicant
    )
    with pytest.raises(errors.InterviewError):
        interview_services.interview_cancel(interview=booked, by=hr, reason="")
    cancelled = interview_services.interview_cancel(
        interview=booked, by=hr, reason="The panel is ill"
    )
    assert cancelled.sequence == 1
    entry = application.timeline.get(action="interview cancelled")
    assert "The panel is ill" in entry.applicant_text


def test_a_cancelled_slot_is_free_again(application, panel):
    slot = factories.slot(application.vacancy, panel=[panel])
    booked = interview_services.interview_book(
        application=application, slot=slot, by=application.applicant
    )
    interview_services.interview_cancel(interview=booked, by=application.applicant)
    rival = factories.invited(vacancy=application.vacancy)
    assert interview_services.interview_book(application=rival, slot=slot, by=rival.applicant)


def test_recording_held_and_no_show(application, panel, hr):
    slot = factories.slot(application.vacancy, panel=[panel])
    booked = interview_services.interview_book(
        application=application, slot=slot, by=application.applicant
    )
    held = interview_services.interview_record_outcome(interview=booked, by=hr, status="no_show")
    assert held.status == InterviewStatus.NO_SHOW
    assert application.timeline.filter(action="interview no-show").exists()


def test_withdrawing_gives_the_slot_back_and_cancels_the_invites(
    application, panel, mailoutbox, django_capture_on_commit_callbacks
):
    slot = factories.slot(application.vacancy, panel=[panel])
    booked = interview_services.interview_book(
        application=application, slot=slot, by=application.applicant
    )
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        screening.application_withdraw(
            application=application, by=application.applicant, reason="another_job"
        )
    booked.refresh_from_db()
    assert booked.status == InterviewStatus.CANCELLED
    assert booked.sequence == 1
    assert any("Cancelled" in m.subject for m in mailoutbox)
    rival = factories.invited(vacancy=application.vacancy)
    assert slot in selectors.slots_offered_to(rival)


def test_anonymising_keeps_scores_but_not_evidence(application, panel):
    from recruitment.models import Application, Scorecard

    slot = factories.slot(application.vacancy, panel=[panel])
    booked = interview_services.interview_book(
        application=application, slot=slot, by=application.applicant
    )
    factories.started(booked)
    scorecards.scorecard_submit(
        interview=booked,
        by=panel,
        scores=[{"criterion": "Risk", "score": 2, "evidence": "Talked about her children"}],
        recommendation="do_not_appoint",
        notes="Personal remark",
    )
    screening.application_reject(
        application=application,
        by=None,
        reasons=[factories.rejection_reason()],
        message="Thank you",
    )
    Application.objects.filter(pk=application.pk).update(
        decided_at=timezone.now() - datetime.timedelta(days=400)
    )
    assert retention.applications_anonymise_expired().applications == 1
    card = Scorecard.objects.get()
    assert card.scores == [{"criterion": "Risk", "score": 2, "evidence": ""}]
    assert card.notes == ""


def test_a_standard_interview_offer_emails_the_booking_link(
    site, hr, mailoutbox, django_capture_on_commit_callbacks
):
    application = factories.in_status(Status.SHORTLISTED)
    with django_capture_on_commit_callbacks(execute=True):
        interview_services.application_record_interview_offered(application=application, by=hr)
    [offer] = [m for m in mailoutbox if "Book your interview" in m.subject]
    assert f"/applications/{application.pk}/interview/" in offer.body
