"""Mail and reminders, run by the task worker. Sending mail itself retries (portal.mail)."""

import datetime
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import task

from portal import roles
from portal.calendar import previous_working_day
from recruitment import conf
from recruitment.choices import Status
from recruitment.models import Application, Interview, InterviewStatus

logger = logging.getLogger(__name__)


def hr_emails() -> list[str]:
    users = (
        get_user_model()
        .objects.filter(groups__name=roles.HR_OFFICER.name, is_active=True)
        .exclude(email="")
    )
    return sorted(set(users.values_list("email", flat=True)))


def _send(template: str, context: dict, to: list[str]) -> None:
    if not to:
        return
    subject = render_to_string(f"recruitment/email/{template}_subject.txt", context).strip()
    body = render_to_string(f"recruitment/email/{template}.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to)


def _base_url() -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


@task()
def send_submission_emails(application_id: str) -> str:
    application = Application.objects.select_related("vacancy", "applicant").get(pk=application_id)
    context = {"application": application, "base_url": _base_url()}
    _send("submitted", context, [application.email or application.applicant.email])
    if application.is_fast_track:
        _send("hr_fast_track", context, hr_emails())
    return "sent"


@task()
def notify_hr_fast_track(application_id: str) -> str:
    """An application became fast-tracked after submission (HR moved it, or answers changed)."""
    application = Application.objects.select_related("vacancy").get(pk=application_id)
    if application.status != Status.FAST_TRACKED:
        return "no longer fast-tracked"
    _send("hr_fast_track", {"application": application, "base_url": _base_url()}, hr_emails())
    return "sent"


@task()
def send_applicant_update(application_id: str, kind: str) -> str:
    application = Application.objects.select_related("vacancy", "applicant").get(pk=application_id)
    context = {"application": application, "base_url": _base_url()}
    _send(kind, context, [application.email or application.applicant.email])
    return "sent"


def reminder_time(due: datetime.date) -> datetime.datetime:
    day = previous_working_day(due)
    naive = datetime.datetime.combine(day, datetime.time(conf.reminder_hour()))
    return timezone.make_aware(naive)


def schedule_fast_track_reminder(application_id) -> None:
    """Ask the queue to remind HR the working day before the due date, when it can wait.

    Backends that cannot defer rely on ``fast_track_reminder_sweep`` alone.
    """
    application = Application.objects.get(pk=application_id)
    if not application.fast_track_due:
        return
    if fast_track_reminder.get_backend().supports_defer:
        when = reminder_time(application.fast_track_due)
        fast_track_reminder.using(run_after=max(when, timezone.now())).enqueue(str(application_id))


def _remind(application_id) -> bool:
    """Send one reminder at most, however many tasks ask for it."""
    with transaction.atomic():
        application = (
            Application.objects.select_for_update()
            .select_related("vacancy")
            .filter(pk=application_id)
            .first()
        )
        if (
            application is None
            or application.status != Status.FAST_TRACKED
            or application.hr_reminder_sent_at is not None
            or application.fast_track_due is None
        ):
            return False
        application.hr_reminder_sent_at = timezone.now()
        application.save(update_fields=["hr_reminder_sent_at"])
        context = {"application": application, "base_url": _base_url()}
        _send("hr_reminder", context, hr_emails())
    return True


@task()
def fast_track_reminder(application_id: str) -> bool:
    return _remind(application_id)


@task()
def fast_track_reminder_sweep() -> int:
    """Catch up: remind about every fast-track due by the next working day not yet reminded.

    Run it from cron or a periodic worker; safe to run as often as you like.
    """
    now = timezone.now()
    due_ids = [
        application.pk
        for application in Application.objects.filter(
            status=Status.FAST_TRACKED, hr_reminder_sent_at__isnull=True
        ).only("pk", "fast_track_due")
        if application.fast_track_due and reminder_time(application.fast_track_due) <= now
    ]
    return sum(1 for pk in due_ids if _remind(pk))


@task()
def anonymise_expired_applications() -> int:
    """Unsuccessful applicants' personal data goes after the retention period (daily)."""
    from recruitment.services import applications_anonymise_expired

    return applications_anonymise_expired()


# Interviews -----------------------------------------------------------------------


def _interview(interview_id):
    return (
        Interview.objects.select_related("slot", "application__vacancy", "application__applicant")
        .prefetch_related("slot__panel")
        .get(pk=interview_id)
    )


def _interview_people(interview) -> tuple[str, list[str]]:
    application = interview.application
    applicant = application.email or application.applicant.email
    panel = sorted({member.email for member in interview.slot.panel.all() if member.email})
    return applicant, panel


@task()
def send_interview_invites(interview_id: str, method: str) -> str:
    """The applicant and each panel member get the invite (or its cancellation) with a .ics."""
    from django.core.mail import EmailMessage

    from recruitment.calendar import interview_calendar

    interview = _interview(interview_id)
    applicant, panel = _interview_people(interview)
    ics = interview_calendar(interview, method=method, attendees=[applicant, *panel])
    kind = "interview_cancelled" if method == "CANCEL" else "interview_invite"
    context = {"interview": interview, "slot": interview.slot, "base_url": _base_url()}
    for to, audience in [(applicant, "applicant"), *[(email, "panel") for email in panel]]:
        context["audience"] = audience
        subject = render_to_string(f"recruitment/email/{kind}_subject.txt", context).strip()
        body = render_to_string(f"recruitment/email/{kind}.txt", context)
        message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [to])
        message.attach("interview.ics", ics, f"text/calendar; method={method}; charset=UTF-8")
        message.send()
    return "sent"


def interview_reminder_time(interview) -> datetime.datetime:
    return interview.slot.start - datetime.timedelta(hours=conf.interview_reminder_hours())


def schedule_interview_reminder(interview_id) -> None:
    """Ask the queue to remind everyone before the interview, when the backend can wait.

    ``interview_reminder_sweep`` catches up whatever a worker missed.
    """
    interview = _interview(interview_id)
    if interview_reminder.get_backend().supports_defer:
        when = max(interview_reminder_time(interview), timezone.now())
        interview_reminder.using(run_after=when).enqueue(str(interview_id))


def _remind_interview(interview_id) -> bool:
    """One reminder at most per interview, however many tasks ask."""
    with transaction.atomic():
        interview = (
            Interview.objects.select_for_update(of=("self",))
            .select_related("slot")
            .filter(pk=interview_id)
            .first()
        )
        now = timezone.now()
        if (
            interview is None
            or interview.status != InterviewStatus.BOOKED
            or interview.reminder_sent_at is not None
            or interview.slot.start <= now
            or interview_reminder_time(interview) > now
        ):
            return False
        interview.reminder_sent_at = now
        interview.save(update_fields=["reminder_sent_at"])
    interview = _interview(interview_id)
    applicant, panel = _interview_people(interview)
    context = {"interview": interview, "slot": interview.slot, "base_url": _base_url()}
    _send("interview_reminder", context, [applicant])
    for email in panel:
        _send("interview_reminder", {**context, "audience": "panel"}, [email])
    return True


@task()
def interview_reminder(interview_id: str) -> bool:
    return _remind_interview(interview_id)


@task()
def interview_reminder_sweep() -> int:
    """Catch up: remind about every booked interview due a reminder and not yet reminded."""
    now = timezone.now()
    due = Interview.objects.filter(
        status=InterviewStatus.BOOKED,
        reminder_sent_at__isnull=True,
        slot__start__gt=now,
        slot__start__lte=now + datetime.timedelta(hours=conf.interview_reminder_hours()),
    ).values_list("pk", flat=True)
    return sum(1 for pk in list(due) if _remind_interview(pk))


# Download my data -------------------------------------------------------------------


@task()
def prepare_data_export(export_id: str) -> str:
    """Make the person's PDF, then email them that it is ready (the mail is its own task)."""
    from recruitment.services import data_export_prepare

    export = data_export_prepare(export_id=export_id)
    if export is None:
        return "nothing to do"
    context = {
        "user": export.user,
        "base_url": _base_url(),
        "days": conf.data_export_days(),
    }
    _send("data_export_ready", context, [export.user.email])
    return "ready"


@task()
def delete_expired_data_exports() -> int:
    from recruitment.services import data_exports_delete_expired

    return data_exports_delete_expired()
