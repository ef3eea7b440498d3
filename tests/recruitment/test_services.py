import datetime
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone

from cms.choices import Route
from portal import roles
from portal.calendar import add_working_days, previous_working_day
from recruitment import errors, fast_track, history, selectors, tasks
from recruitment.choices import TRANSITIONS, AsyeStatus, Status
from recruitment.models import Application, EqualityMonitoring, TimelineEntry
from recruitment.services import drafts, retention, screening, submission
from recruitment.services import interviews as interview_services
from tests.recruitment import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr(user_for_role):
    return user_for_role(roles.HR_OFFICER)


def test_submit_fast_tracks_and_sets_due_date(site, hr, django_capture_on_commit_callbacks):
    application = factories.ApplicationFactory()
    with django_capture_on_commit_callbacks(execute=True):
        application, submitted_now = submission.application_submit(
            application=application, by=application.applicant
        )
    assert submitted_now
    assert application.status == Status.FAST_TRACKED
    assert application.fast_track_due == add_working_days(timezone.localdate(), 5)
    statuses = list(application.timeline.values_list("from_status", "to_status"))
    assert (Status.DRAFT, Status.SUBMITTED) in statuses
    assert (Status.SUBMITTED, Status.FAST_TRACKED) in statuses
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([application.email, hr.email])


def test_submit_twice_makes_one_submission_and_one_email(site, django_capture_on_commit_callbacks):
    application = factories.ApplicationFactory()
    with django_capture_on_commit_callbacks(execute=True):
        submission.application_submit(application=application, by=application.applicant)
        again, submitted_now = submission.application_submit(
            application=application, by=application.applicant
        )
    assert not submitted_now
    assert again.status == Status.FAST_TRACKED
    assert TimelineEntry.objects.filter(application=application, action="submitted").count() == 1
    assert len(mail.outbox) == 1


def test_submit_refuses_incomplete_application(site):
    application = factories.ApplicationFactory(completed_sections=["personal-details"])
    with pytest.raises(errors.ApplicationIncomplete):
        submission.application_submit(application=application, by=application.applicant)
    application.refresh_from_db()
    assert application.status == Status.DRAFT


def test_misfit_gets_a_suggested_route_and_hr_moves_it(
    site, hr, django_capture_on_commit_callbacks
):
    application = factories.ApplicationFactory(
        qualified_on=timezone.localdate() - datetime.timedelta(days=200),
        asye_status=AsyeStatus.NOT_STARTED,
        post_qualifying_months=6,
    )
    application, _ = submission.application_submit(
        application=application, by=application.applicant
    )
    assert application.status == Status.AWAITING_SHORTLISTING
    assert application.suggested_route == Route.ASYE
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        moved = screening.application_move_route(application=application, route=Route.ASYE, by=hr)
    assert moved.route == Route.ASYE
    assert moved.suggested_route == ""
    assert moved.timeline.filter(action="route moved").exists()
    assert [m.to for m in mail.outbox] == [[application.email]]


def test_agency_applicant_cannot_be_moved_to_asye(site, hr):
    application = factories.submitted(through_agency=True, agency_name="Social Care Staff Ltd")
    with pytest.raises(errors.RouteNotAllowed):
        screening.application_move_route(application=application, route=Route.ASYE, by=hr)


def test_record_interview_offered_stops_the_clock(site, hr):
    application = factories.submitted()
    application = interview_services.application_record_interview_offered(
        application=application, by=hr
    )
    assert application.status == Status.INTERVIEWING
    assert application.interview_offered_at is not None
    assert application.screening_started_at is not None
    assert not application.can_be_changed_by_applicant


def test_reject_needs_reasons_and_message(site, hr, django_capture_on_commit_callbacks):
    application = factories.submitted(post_qualifying_months=12)
    with pytest.raises(errors.ApplicationError):
        screening.application_reject(application=application, by=hr, reasons=[], message="x")
    with pytest.raises(errors.ApplicationError):
        screening.application_reject(
            application=application, by=hr, reasons=[factories.rejection_reason()], message=" "
        )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        application = screening.application_reject(
            application=application,
            by=hr,
            reasons=[factories.rejection_reason()],
            message="Thank you for your time.",
        )
    assert application.status == Status.REJECTED
    assert "Thank you for your time." in mail.outbox[0].body


ALL_PAIRS = [(a, b) for a in Status.values for b in Status.values]


@pytest.mark.parametrize(("from_status", "to_status"), ALL_PAIRS)
def test_every_transition_allowed_or_refused(site, hr, from_status, to_status):
    application = factories.in_status(from_status)
    allowed = to_status in TRANSITIONS[from_status]
    if from_status == Status.DRAFT:
        # A draft moves only when its applicant submits it.
        with pytest.raises(errors.TransitionNotAllowed):
            screening.application_transition(application=application, to=to_status, by=hr)
        if allowed:
            application, _ = submission.application_submit(
                application=application, by=application.applicant
            )
            assert application.timeline.filter(from_status=from_status, to_status=to_status)
        return
    if allowed:
        screening.application_transition(application=application, to=to_status, by=hr, reason="r")
        application.refresh_from_db()
        assert application.status == to_status
        entry = application.timeline.get()
        assert (entry.from_status, entry.to_status, entry.by) == (from_status, to_status, hr)
    else:
        with pytest.raises(errors.TransitionNotAllowed) as error:
            screening.application_transition(application=application, to=to_status, by=hr)
        assert "cannot become" in str(error.value.message)
        application.refresh_from_db()
        assert application.status == from_status
        assert not application.timeline.exists()


def test_withdraw_with_reason(site):
    application = factories.submitted()
    application = screening.application_withdraw(
        application=application, by=application.applicant, reason="another_job", detail="Sorry"
    )
    assert application.status == Status.WITHDRAWN
    assert application.withdrawal_reason == "another_job"


def test_draft_cannot_be_withdrawn_but_can_be_deleted(site):
    application = factories.ApplicationFactory()
    with pytest.raises(errors.TransitionNotAllowed):
        screening.application_withdraw(
            application=application, by=application.applicant, reason="x"
        )
    drafts.application_delete_draft(application=application, by=application.applicant)
    assert not Application.objects.filter(pk=application.pk).exists()


def test_submitted_cannot_be_deleted(site):
    application = factories.submitted()
    with pytest.raises(errors.TransitionNotAllowed):
        drafts.application_delete_draft(application=application, by=application.applicant)


def test_editing_allowed_until_screening_starts(site, hr):
    application = factories.submitted(post_qualifying_months=12)
    drafts.application_save_section(
        application=application,
        section="statement",
        values={"supporting_statement": "New"},
        by=application.applicant,
    )
    assert application.timeline.filter(action="changed answers").exists()
    screening.application_shortlist(application=application, by=hr)
    with pytest.raises(errors.ApplicationLocked):
        drafts.application_save_section(
            application=application,
            section="statement",
            values={"supporting_statement": "x"},
            by=application.applicant,
        )


def test_one_application_per_vacancy(site):
    application = factories.ApplicationFactory()
    again = drafts.application_start(applicant=application.applicant, vacancy=application.vacancy)
    assert again.pk == application.pk


def test_start_records_channel_and_gives_applicant_role(site):
    from tests.factories import UserFactory, make_campaign, make_vacancy

    campaign = make_campaign(tracking_code="press-autumn")
    user = UserFactory()
    application = drafts.application_start(
        applicant=user,
        vacancy=make_vacancy(),
        channel={"tracking_code": "press-autumn", "utm_source": "twitter"},
    )
    assert application.campaign == campaign
    assert application.utm_source == "twitter"
    assert roles.has_role(user, roles.APPLICANT)


def test_start_refuses_closed_vacancy(site):
    from tests.factories import UserFactory, make_vacancy

    vacancy = make_vacancy(closing_date=timezone.localdate() - datetime.timedelta(days=1))
    with pytest.raises(errors.VacancyClosed):
        drafts.application_start(applicant=UserFactory(), vacancy=vacancy)


def test_employment_gaps_must_be_explained(site):
    application = factories.ApplicationFactory(extras=False)
    today = timezone.localdate()
    drafts.employment_save(
        application=application,
        by=application.applicant,
        values={
            "employer": "A",
            "job_title": "B",
            "started_on": today - datetime.timedelta(days=800),
            "ended_on": today - datetime.timedelta(days=400),
            "is_social_work": True,
        },
    )
    drafts.employment_save(
        application=application,
        by=application.applicant,
        values={
            "employer": "C",
            "job_title": "D",
            "started_on": today - datetime.timedelta(days=200),
            "is_social_work": True,
        },
    )
    application.refresh_from_db()
    assert "employment" not in application.completed_sections
    gaps = selectors.employment_gaps(application)
    assert len(gaps) == 1
    with pytest.raises(errors.ApplicationIncomplete):
        drafts.employment_confirm(
            application=application, explanations={}, by=application.applicant
        )
    drafts.employment_confirm(
        application=application,
        explanations={history.gap_key(gaps[0]): "Travelling"},
        by=application.applicant,
    )
    application.refresh_from_db()
    assert "employment" in application.completed_sections
    assert application.post_qualifying_months_calculated in (19, 20)


def test_referees_need_one_from_current_employer(site):
    application = factories.ApplicationFactory(extras=False)
    referee = {
        "name": "R",
        "job_title": "M",
        "organisation": "O",
        "email": "r@example.org",
        "relationship": "Manager",
        "is_current_employer": False,
    }
    with pytest.raises(errors.ApplicationIncomplete):
        drafts.referees_save(application=application, referees=[referee, referee], by=None)
    drafts.referees_save(
        application=application,
        referees=[referee, {**referee, "is_current_employer": True}],
        by=None,
    )
    assert application.referees.count() == 2


def test_reminder_sweep_sends_once(site, hr):
    application = factories.submitted()
    mail.outbox.clear()
    later = timezone.now() + datetime.timedelta(days=30)
    with mock.patch("recruitment.tasks.timezone.now", return_value=later):
        assert tasks.fast_track_reminder_sweep.call() == 1
        assert tasks.fast_track_reminder_sweep.call() == 0
        assert tasks.fast_track_reminder.call(str(application.pk)) is False
    assert [m.to for m in mail.outbox] == [[hr.email]]


def test_reminder_sweep_waits_until_the_day_before(site, hr):
    factories.submitted()
    mail.outbox.clear()
    assert tasks.fast_track_reminder_sweep.call() == 0
    assert mail.outbox == []


def test_no_reminder_once_interview_offered(site, hr):
    application = factories.submitted()
    interview_services.application_record_interview_offered(application=application, by=hr)
    mail.outbox.clear()
    later = timezone.now() + datetime.timedelta(days=30)
    with mock.patch("recruitment.tasks.timezone.now", return_value=later):
        assert tasks.fast_track_reminder_sweep.call() == 0


def test_changed_answers_after_submission_are_routed_again(
    site, hr, django_capture_on_commit_callbacks
):
    application = factories.submitted(post_qualifying_months=20)
    assert application.status == Status.AWAITING_SHORTLISTING
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        drafts.application_save_section(
            application=application,
            section="experience",
            values={"post_qualifying_months": 26},
            by=application.applicant,
        )
    application.refresh_from_db()
    assert application.status == Status.FAST_TRACKED
    assert application.fast_track_due == add_working_days(timezone.localdate(), 5)
    assert [m.to for m in mail.outbox] == [[hr.email]]


def test_unrelated_changes_keep_the_fast_track_clock(site):
    application = factories.submitted()
    due = application.fast_track_due
    drafts.application_save_section(
        application=application,
        section="registration",
        values={"awarding_body": "Another University"},
        by=application.applicant,
    )
    application.refresh_from_db()
    assert application.status == Status.FAST_TRACKED
    assert application.fast_track_due == due


def test_failing_mail_server_never_loses_the_application(
    site, settings, django_capture_on_commit_callbacks
):
    """Mail goes through the task queue; a failure is retried there, the submission stands."""
    settings.EMAIL_BACKEND = "portal.mail.TaskEmailBackend"
    application = factories.ApplicationFactory()
    with (
        mock.patch("portal.mail.deliver_now", side_effect=OSError("mail server down")) as deliver,
        django_capture_on_commit_callbacks(execute=True),
    ):
        application, submitted_now = submission.application_submit(
            application=application, by=application.applicant
        )
    assert submitted_now
    assert deliver.called
    application.refresh_from_db()
    assert application.status == Status.FAST_TRACKED


def test_reminder_is_scheduled_for_the_working_day_before(site, django_capture_on_commit_callbacks):
    application = factories.ApplicationFactory()
    application, _ = submission.application_submit(
        application=application, by=application.applicant
    )
    reminder = mock.Mock()
    reminder.get_backend.return_value.supports_defer = True
    with (
        mock.patch("recruitment.tasks.fast_track_reminder", reminder),
        django_capture_on_commit_callbacks(execute=True),
    ):
        submission.schedule_fast_track_reminder(application)
    run_after = reminder.using.call_args.kwargs["run_after"]
    scheduled = reminder.using.return_value
    assert timezone.localtime(run_after).date() == previous_working_day(application.fast_track_due)
    assert timezone.localtime(run_after).hour == 9
    scheduled.enqueue.assert_called_once_with(str(application.pk))


def test_christmas_reminder_skips_bank_holidays():
    # Due Tuesday 29 December 2026: the working day before is Thursday 24 December.
    when = fast_track.reminder_at(datetime.date(2026, 12, 29), hour=9)
    assert timezone.localtime(when).date() == datetime.date(2026, 12, 24)


def test_a_section_cannot_write_fields_outside_it(site):
    application = factories.ApplicationFactory()
    with pytest.raises(ValueError):
        drafts.application_save_section(
            application=application,
            section="statement",
            values={"status": Status.RECRUITED},
            by=application.applicant,
        )
    application.refresh_from_db()
    assert application.status == Status.DRAFT


def test_unsuccessful_applications_are_anonymised_after_six_months(site, hr):
    from recruitment.models import CV, Referee

    old = factories.submitted(first_name="Old", last_name="Applicant")
    drafts.cv_save(application=old, upload=factories.pdf_upload(), kind="pdf", by=None)
    old.refresh_from_db()
    screening.application_reject(
        application=old, by=hr, reasons=[factories.rejection_reason()], message="No."
    )
    EqualityMonitoring.objects.create(application=old, sex="female")
    recent = factories.submitted()
    screening.application_withdraw(application=recent, by=recent.applicant, reason="other")
    hired = factories.in_status(Status.RECRUITED)
    Application.objects.filter(pk=hired.pk).update(decided_at=timezone.now())

    later = timezone.now() + datetime.timedelta(days=31 * 6 + 1)
    Application.objects.filter(pk=recent.pk).update(decided_at=later - datetime.timedelta(days=30))
    assert retention.applications_anonymise_expired(now=later).applications == 1
    assert retention.applications_anonymise_expired(now=later).applications == 0

    old.refresh_from_db()
    assert old.anonymised_at is not None
    assert (old.first_name, old.email, old.supporting_statement) == ("", "", "")
    assert old.status == Status.REJECTED and old.vacancy_id and old.route
    assert not old.employment.exists()
    assert not Referee.objects.filter(application=old).exists()
    assert not CV.objects.filter(application=old).exists()
    assert not EqualityMonitoring.objects.filter(application=old).exists()
    recent.refresh_from_db()
    assert recent.anonymised_at is None and recent.email
