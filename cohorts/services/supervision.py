"""Supervision sessions: logged by the member or a supervisor, confirmed by the other.

Who may log or supervise: the member, their line manager, their assessor and
their current placement supervisor. A session logged by the member names one
of the other three as its supervisor, who confirms it; one logged by a
supervisor is confirmed by the member. Only confirmed sessions count towards
the rule (``cohorts.supervision_rules``). Notes are for the member and the
supervisor alone: the history entry says only the date and length.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cohorts.models import (
    Enrolment,
    Placement,
    PracticeSupervisor,
    SupervisionAction,
    SupervisionSession,
)
from cohorts.services.common import (
    RESTORATIVE_RECORDED,
    SUPERVISION_ACTION_DONE,
    SUPERVISION_CONFIRMED,
    SUPERVISION_LOGGED,
    NotAllowed,
    day_text,
    locked,
)
from portal.audit import record
from portal.models import User

MIN_MINUTES = 15
MAX_MINUTES = 480
MAX_ACTIONS = 10


def supervisor_ids(enrolment: Enrolment, today: datetime.date | None = None) -> set[int]:
    """The people who may supervise the member: line manager, assessor, current placement's supervisor."""
    today = today or timezone.localdate()
    ids = {enrolment.line_manager_id, enrolment.assessor_id}
    ids |= set(
        Placement.objects.filter(enrolment=enrolment, start_date__lte=today, end_date__gte=today)
        .exclude(status=Placement.Status.CANCELLED)
        .values_list("supervisor_id", flat=True)
    )
    ids.discard(None)
    ids.discard(enrolment.member_id)
    return ids


def may_log(enrolment: Enrolment, user: User) -> bool:
    return user.pk == enrolment.member_id or user.pk in supervisor_ids(enrolment)


def supervision_log(
    *,
    enrolment: Enrolment,
    date: datetime.date,
    minutes: int,
    kind: str,
    supervisor: User | None = None,
    notes: str = "",
    actions: list[tuple[str, datetime.date]] = (),
    by: User,
) -> SupervisionSession:
    """Log a session. The member names its supervisor; a supervisor logs their own."""
    allowed = supervisor_ids(enrolment)
    if by.pk == enrolment.member_id:
        if supervisor is None or supervisor.pk not in allowed:
            raise NotAllowed(
                _("Choose your line manager, assessor or placement supervisor."),
                field="supervisor",
            )
    elif by.pk in allowed:
        supervisor = by
    else:
        raise NotAllowed(_("You cannot log supervision for this member."))
    if date > timezone.localdate():
        raise NotAllowed(_("The session date must be today or in the past."), field="date")
    if date < enrolment.start_date:
        raise NotAllowed(_("The session date must be on or after the start."), field="date")
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise NotAllowed(_("The length must be between 15 and 480 minutes."), field="minutes")
    if kind not in SupervisionSession.Kind.values:
        raise NotAllowed(_("Choose the kind of session."), field="kind")
    if len(actions) > MAX_ACTIONS:
        raise NotAllowed(_("Agree at most 10 actions in one session."), field="actions")
    with transaction.atomic():
        session = SupervisionSession.objects.create(
            enrolment=enrolment,
            date=date,
            minutes=minutes,
            kind=kind,
            supervisor=supervisor,
            notes=notes,
            logged_by=by,
        )
        SupervisionAction.objects.bulk_create(
            SupervisionAction(session=session, text=text[:300], due_on=due_on)
            for text, due_on in actions
        )
        record(
            session,
            SUPERVISION_LOGGED,
            by=by,
            data={"date": day_text(date), "minutes": str(minutes)},
        )
    return session


def confirmer_id(session: SupervisionSession) -> int:
    """Who confirms: the supervisor when the member logged it, else the member."""
    member_id = session.enrolment.member_id
    return session.supervisor_id if session.logged_by_id == member_id else member_id


def supervision_confirm(*, session: SupervisionSession, by: User) -> SupervisionSession:
    """The other party confirms the session; from then on it counts."""
    with transaction.atomic():
        session = locked(SupervisionSession.objects.select_related("enrolment"), session.pk)
        if by.pk != confirmer_id(session):
            raise NotAllowed(_("Only the other person in the session can confirm it."))
        if session.is_confirmed:
            raise NotAllowed(_("This session is already confirmed."))
        session.confirmed_by = by
        session.confirmed_at = timezone.now()
        session.save(update_fields=["confirmed_by", "confirmed_at"])
        record(session, SUPERVISION_CONFIRMED, by=by, data={"date": day_text(session.date)})
    return session


def supervision_action_done(
    *, action: SupervisionAction, by: User, done_on: datetime.date | None = None
) -> SupervisionAction:
    """The member or the session's supervisor marks an agreed action done."""
    done_on = done_on or timezone.localdate()
    with transaction.atomic():
        action = locked(SupervisionAction.objects.select_related("session__enrolment"), action.pk)
        session = action.session
        if by.pk not in (session.enrolment.member_id, session.supervisor_id):
            raise NotAllowed(_("Only the member or their supervisor can do that."))
        if done_on > timezone.localdate():
            raise NotAllowed(_("The date must be today or in the past."), field="done_on")
        action.done_on = done_on
        action.save(update_fields=["done_on"])
        record(session, SUPERVISION_ACTION_DONE, by=by, data={"date": day_text(done_on)})
    return action


# Restorative supervision training --------------------------------------------------


def restorative_training_record(
    *,
    supervisor: User,
    trained: bool,
    trained_on: datetime.date | None,
    today: datetime.date | None = None,
) -> PracticeSupervisor:
    """A supervisor records their own restorative supervision training (or that they have
    none). Their practice supervisor record is made when they have none yet (a line manager
    or assessor without a team here), so the mentor's and HR's counts include them.

    Raises NotAllowed when trained without a date, or with a date in the future.
    """
    today = today or timezone.localdate()
    if trained and trained_on is None:
        raise NotAllowed(_("Enter the date you finished the training"), field="trained_on")
    if trained and trained_on > today:
        raise NotAllowed(
            _("The date you finished must be today or in the past"), field="trained_on"
        )
    with transaction.atomic():
        row, _made = PracticeSupervisor.objects.select_for_update().get_or_create(user=supervisor)
        row.restorative_trained = trained
        row.restorative_trained_on = trained_on if trained else None
        row.save(update_fields=["restorative_trained", "restorative_trained_on"])
        record(
            row,
            RESTORATIVE_RECORDED,
            by=supervisor,
            data={
                "trained": _("trained") if trained else _("not trained"),
                "date": day_text(trained_on) if trained else "-",
            },
        )
    return row
