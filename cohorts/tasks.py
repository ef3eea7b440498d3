"""Background work for cohorts: the mail people get when something changes for them.

Each task reads the rows again (they may have changed since it was queued) and
says nothing private in the mail: people sign in to see the details.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django_tasks import task


def _send(template: str, to: str, context: dict) -> None:
    subject, _, body = render_to_string(template, context).strip().partition("\n")
    send_mail(subject.strip(), body.strip() + "\n", settings.DEFAULT_FROM_EMAIL, [to])


def _base_url() -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


@task()
def send_placement_notice(placement_pk: int) -> str:
    from cohorts.models import Placement

    placement = (
        Placement.objects.select_related("enrolment__member", "team", "supervisor")
        .filter(pk=placement_pk)
        .first()
    )
    if placement is None:
        return "gone"
    context = {"placement": placement, "base_url": _base_url()}
    _send("cohorts/email/placement_member.txt", placement.enrolment.member.email, context)
    if placement.supervisor:
        _send("cohorts/email/placement_supervisor.txt", placement.supervisor.email, context)
    return "sent"


@task()
def send_rotation_plan(enrolment_pk: int) -> str:
    from cohorts.models import Enrolment

    enrolment = (
        Enrolment.objects.select_related("member", "cohort")
        .prefetch_related("placements__team")
        .filter(pk=enrolment_pk)
        .first()
    )
    if enrolment is None:
        return "gone"
    _send(
        "cohorts/email/rotation_member.txt",
        enrolment.member.email,
        {"enrolment": enrolment, "base_url": _base_url()},
    )
    return "sent"


@task()
def send_pause_confirmation(pause_pk: int) -> str:
    from cohorts.models import EnrolmentPause

    pause = (
        EnrolmentPause.objects.select_related("enrolment__member", "enrolment__cohort")
        .filter(pk=pause_pk)
        .first()
    )
    if pause is None:
        return "gone"
    _send(
        "cohorts/email/pause_member.txt",
        pause.enrolment.member.email,
        {"pause": pause, "base_url": _base_url()},
    )
    return "sent"


@task()
def send_meeting_actions(meeting_pk: int) -> str:
    from cohorts.models import MentoringMeeting

    meeting = (
        MentoringMeeting.objects.select_related("enrolment__member", "mentor")
        .filter(pk=meeting_pk)
        .first()
    )
    if meeting is None:
        return "gone"
    _send(
        "cohorts/email/meeting_member.txt",
        meeting.enrolment.member.email,
        {"meeting": meeting, "base_url": _base_url()},
    )
    return "sent"


@task()
def send_sign_off_reminders(today_iso: str | None = None) -> int:
    """Remind each practice supervisor of placements ending soon or ended, not signed off.

    Meant to run once a working day (``manage.py cohorts_reminders`` from cron).
    Returns how many supervisors were reminded.
    """
    import datetime

    from django.utils import timezone

    from cohorts.selectors import placements_awaiting_sign_off

    today = datetime.date.fromisoformat(today_iso) if today_iso else timezone.localdate()
    by_supervisor: dict = {}
    for placement in placements_awaiting_sign_off(today):
        by_supervisor.setdefault(placement.supervisor, []).append(placement)
    for supervisor, placements in by_supervisor.items():
        _send(
            "cohorts/email/sign_off_reminder.txt",
            supervisor.email,
            {"placements": placements, "base_url": _base_url(), "today": today},
        )
    return len(by_supervisor)
