"""Background work for cohorts: the mail people get when something changes for them.

Tasks only deliver. Each finds its row again (it may have changed, or gone,
since it was queued) and sends through ``portal.notify.send_mail_template``,
whose templates are ``<name>_subject.txt`` and ``<name>.txt`` and whose links
start at the portal's public address. No mail says anything private: people
sign in to see the details.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Model, QuerySet
from django.utils import timezone
from django_tasks import task

from cohorts import progress, selectors
from cohorts.models import (
    CaseloadBreach,
    Enrolment,
    EnrolmentPause,
    EvidenceReminder,
    MentoringMeeting,
    Placement,
)
from cohorts.services import review_records
from portal.notify import send_mail_template


@dataclass(frozen=True)
class Notice:
    """One kind of notice: where its row is, its name in the templates, and who gets what."""

    rows: Callable[[], QuerySet]
    name: str
    # (template, the row's recipient or None); one mail each.
    mails: tuple[tuple[str, Callable[[Model], str | None]], ...]


PLACEMENT_NOTICE = "placement"
ROTATION_PLAN = "rotation"
PAUSE_CONFIRMATION = "pause"
MEETING_ACTIONS = "meeting"


NOTICES: dict[str, Notice] = {
    PLACEMENT_NOTICE: Notice(
        rows=lambda: Placement.objects.select_related("enrolment__member", "team", "supervisor"),
        name="placement",
        mails=(
            ("cohorts/email/placement_member", lambda p: p.enrolment.member.email),
            ("cohorts/email/placement_supervisor", lambda p: p.supervisor and p.supervisor.email),
        ),
    ),
    # A rotation's placements, one mail per member listing all of theirs.
    ROTATION_PLAN: Notice(
        rows=selectors.enrolments_with_placements,
        name="enrolment",
        mails=(("cohorts/email/rotation_member", lambda e: e.member.email),),
    ),
    PAUSE_CONFIRMATION: Notice(
        rows=lambda: EnrolmentPause.objects.select_related(
            "enrolment__member", "enrolment__cohort"
        ),
        name="pause",
        mails=(("cohorts/email/pause_member", lambda p: p.enrolment.member.email),),
    ),
    MEETING_ACTIONS: Notice(
        rows=lambda: MentoringMeeting.objects.select_related("enrolment__member", "mentor"),
        name="meeting",
        mails=(("cohorts/email/meeting_member", lambda m: m.enrolment.member.email),),
    ),
}


@task()
def send_notice(notice: str, pk: int) -> str:
    """Send the mails of ``NOTICES[notice]`` about row ``pk``; "gone" when it no longer exists."""
    kind = NOTICES[notice]
    row = kind.rows().filter(pk=pk).first()
    if row is None:
        return "gone"
    for template, recipient in kind.mails:
        send_mail_template(template, {kind.name: row}, [recipient(row)])
    return "sent"


@task()
def send_sign_off_reminders(today_iso: str | None = None) -> int:
    """Remind each practice supervisor of their placements due for sign-off.

    Due as ``cohorts.progress.sign_off_due_by`` says: ending within a week, or
    ended and still not signed off, however long ago.

    Meant to run once a working day (``manage.py cohorts_reminders`` from cron).
    Returns how many supervisors were reminded.
    """
    today = datetime.date.fromisoformat(today_iso) if today_iso else timezone.localdate()
    by_supervisor: dict = {}
    for placement in selectors.placements_due_sign_off(today).filter(supervisor__isnull=False):
        by_supervisor.setdefault(placement.supervisor, []).append(placement)
    for supervisor, placements in by_supervisor.items():
        send_mail_template(
            "cohorts/email/sign_off_reminder",
            {"placements": placements, "today": today},
            [supervisor.email],
        )
    return len(by_supervisor)


# Reviews part ---------------------------------------------------------------------------


@task()
def render_review_record(review_id: int) -> str:
    """Make a recorded review's PDF and store it privately."""
    return review_records.review_render_record(review_id)


@task()
def send_review_reminders(today_iso: str | None = None) -> int:
    """Reviews due in ``COHORTS_REVIEW_REMINDER_DAYS`` (14) days or fewer, not yet held:
    one mail each to the member, their line manager and their assessor, once per review
    (``ReviewPoint.reminded_at``). Returns how many reviews were reminded."""
    today = datetime.date.fromisoformat(today_iso) if today_iso else timezone.localdate()
    sent = 0
    for review_id in selectors.reviews_to_remind(today).values_list("pk", flat=True):
        review = review_records.review_reminder_claim(review_id, now=timezone.now())
        if review is None:
            continue
        enrolment = review.enrolment
        for person in (enrolment.member, enrolment.line_manager, enrolment.assessor):
            if person is not None and person.email:
                send_mail_template(
                    "cohorts/email/review_reminder", {"review": review}, [person.email]
                )
        sent += 1
    return sent


# Protected caseloads ---------------------------------------------------------------


def breach_recipients(breach) -> list[str]:
    """The line manager (or, without one, the current placement supervisor) and the mentor."""
    enrolment = breach.enrolment
    manager = enrolment.line_manager
    if manager is None:
        today = timezone.localdate()
        placement = next(
            (
                p
                for p in enrolment.placements.select_related("supervisor")
                if p.is_current_on(today) and p.supervisor
            ),
            None,
        )
        manager = placement and placement.supervisor
    people = [manager, enrolment.cohort.mentor]
    return list(dict.fromkeys(p.email for p in people if p is not None and p.email))


@task()
def send_caseload_breach(pk: int) -> str:
    """Mail a new caseload breach to the people who can act, once: "sent", "done" or "gone"."""
    with transaction.atomic():
        breach = (
            CaseloadBreach.objects.select_for_update(of=("self",))
            .select_related(
                "enrolment__member", "enrolment__line_manager", "enrolment__cohort__mentor"
            )
            .filter(pk=pk)
            .first()
        )
        if breach is None:
            return "gone"
        if breach.notified_at is not None:
            return "done"
        send_mail_template(
            "cohorts/email/caseload_breach", {"breach": breach}, breach_recipients(breach)
        )
        breach.notified_at = timezone.now()
        breach.save(update_fields=["notified_at"])
    return "sent"


# Evidence (issue 10) -----------------------------------------------------------

# A review date missed by cron for up to this many days is still reminded of.
EVIDENCE_REMINDER_GRACE_DAYS = 7


@task()
def send_evidence_reminders(today_iso: str | None = None) -> int:
    """At each review date, remind the member and their assessor when evidence is behind pace.

    Once per enrolment and review date: an ``EvidenceReminder`` row is the sent-marker, so
    a second run sends nothing. Meant to run daily (``manage.py cohorts_reminders``).
    Returns how many enrolments were reminded.
    """
    today = datetime.date.fromisoformat(today_iso) if today_iso else timezone.localdate()
    since = today - datetime.timedelta(days=EVIDENCE_REMINDER_GRACE_DAYS)
    enrolments = selectors.with_progress(
        Enrolment.objects.filter(status=Enrolment.Status.ACTIVE).select_related(
            "member", "assessor", "cohort__programme"
        )
    )
    sent = 0
    for enrolment in enrolments:
        progress.describe(enrolment, today)
        review = next((r for r in reversed(enrolment.reviews) if since <= r["date"] <= today), None)
        coverage = enrolment.evidence_coverage
        if review is None or coverage is None or not coverage.behind:
            continue
        try:
            with transaction.atomic():
                EvidenceReminder.objects.create(enrolment=enrolment, review_date=review["date"])
        except IntegrityError:
            continue  # already reminded for this review date
        context = {
            "enrolment": enrolment,
            "review": review,
            "still_needed": coverage.still_needed(),
        }
        send_mail_template("cohorts/email/evidence_member", context, [enrolment.member.email])
        if enrolment.assessor_id and enrolment.assessor.email:
            send_mail_template(
                "cohorts/email/evidence_assessor", context, [enrolment.assessor.email]
            )
        sent += 1
    return sent
