"""Submitting an application and routing it: fast-tracked, or waiting for shortlisting.

Routing itself is a rule (``recruitment.routing``); this step applies its
decision, starts the fast-track clock and tells the people who must act.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from cms.choices import Route
from portal.background import after_commit
from portal.formats import long_date
from portal.models import User
from recruitment import conf, fast_track, routing, selectors, tasks
from recruitment.choices import Status, TimelineAction
from recruitment.errors import ApplicationIncomplete, VacancyClosed
from recruitment.models import Application, RoutingRule
from recruitment.sections import missing_sections
from recruitment.services.common import locked_application, move, now, record


def _decide(application: Application, *, route: str) -> routing.Decision:
    return routing.decide(
        facts=routing.Facts.from_application(application),
        vacancy_route=route,
        rules=selectors.active_routing_rules(),
        today=timezone.localdate(),
    )


def apply_decision(
    application: Application, decision: routing.Decision, *, by: User | None, action
) -> None:
    """Fast-track (the clock starts today) or wait for shortlisting, as routing decided."""
    rule = decision.rule or decision.suggested_rule
    application.routing_rule = rule if rule is not None and rule.pk else None
    application.suggested_route = decision.suggested_route
    application.routing_note = decision.note
    application.route_notice = route_notice(application, decision)
    if decision.fits and decision.fast_track:
        days = decision.rule.interview_within_working_days or conf.fast_track_working_days()
        application.is_fast_track = True
        application.fast_track_due = fast_track.due_date(timezone.localdate(), days)
        to = Status.FAST_TRACKED
        text = _g("We will offer you an interview by %(date)s") % {
            "date": long_date(application.fast_track_due)
        }
    else:
        application.is_fast_track = False
        application.fast_track_due = None
        to = Status.AWAITING_SHORTLISTING
        text = application.route_notice or _g("We are looking at your application")
    if application.status != to:
        move(application, to=to, by=by, action=action, reason=decision.note, applicant_text=text)
    else:
        record(application, by=by, action=action, reason=decision.note, applicant_text=text)


def route_notice(application: Application, decision: routing.Decision) -> str:
    """What the applicant is told when the post's route does not fit their answers:
    which route, why, and what happens next. Empty when it fits."""
    if decision.fits:
        return ""
    applied = Route(decision.route).label
    why = "; ".join(decision.reasons) or _g("your answers do not match what the post asks for")
    if decision.suggested_route:
        return _g(
            "You applied for a post on our %(applied)s route, but %(why)s. From your answers, "
            "our %(suggested)s route may suit you better. We will look at your application "
            "and tell you whether we can consider it for that route instead."
        ) % {"applied": applied, "why": why, "suggested": Route(decision.suggested_route).label}
    return _g(
        "You applied for a post on our %(applied)s route, but %(why)s. We will still look at "
        "your application and tell you what happens next."
    ) % {"applied": applied, "why": why}


def reroute(application: Application, *, route: str, by: User, action) -> None:
    """Route again on ``route`` (HR moved it there); HR are told of a new fast-track."""
    apply_decision(application, _decide(application, route=route), by=by, action=action)
    application.suggested_route = ""
    if application.is_fast_track:
        notify_fast_track(application)


def reroute_after_change(application: Application, *, by: User) -> None:
    """A submitted application whose routing answers changed is routed again.

    A fast-track clock already running keeps its due date; an application still
    waiting for shortlisting only gets a new suggestion for HR.
    """
    decision = _decide(application, route=application.route)
    fast_now = decision.fits and decision.fast_track
    if application.status == Status.FAST_TRACKED and fast_now:
        application.suggested_route = ""
        return
    if application.status == Status.AWAITING_SHORTLISTING and not fast_now:
        rule = decision.rule or decision.suggested_rule
        application.routing_rule = rule if rule is not None and rule.pk else None
        application.suggested_route = decision.suggested_route
        application.routing_note = decision.note
        return
    apply_decision(application, decision, by=by, action=TimelineAction.REROUTED_AFTER_CHANGES)
    if application.status == Status.FAST_TRACKED:
        notify_fast_track(application)


def notify_fast_track(application: Application) -> None:
    """HR hear of a new fast-track at once, and are reminded before it falls due."""
    after_commit(tasks.send_application_mail, str(application.pk), "hr_fast_track")
    schedule_fast_track_reminder(application)


def schedule_fast_track_reminder(application: Application) -> None:
    """Ask the queue to remind HR the working day before the due date, when it can wait.

    Backends that cannot wait rely on ``fast_track_reminder_sweep`` alone.
    """
    if not application.fast_track_due:
        return
    when = fast_track.reminder_at(application.fast_track_due, hour=conf.reminder_hour())
    after_commit(
        tasks.fast_track_reminder, str(application.pk), run_after=max(when, timezone.now())
    )


def application_submit(*, application: Application, by: User) -> tuple[Application, bool]:
    """Submit a complete draft and route it. Idempotent: a second submit changes nothing.

    Returns (application, submitted_now). Raises ApplicationIncomplete when
    sections are missing, VacancyClosed when the vacancy has closed.
    """
    with transaction.atomic():
        application = locked_application(application.pk)
        if not application.is_draft:
            return application, False
        missing = missing_sections(application)
        if missing:
            raise ApplicationIncomplete(
                _("Complete every section before you submit: %(sections)s")
                % {"sections": ", ".join(str(s.title) for s in missing)}
            )
        if not application.vacancy.is_open:
            raise VacancyClosed(_("This vacancy has closed. You can no longer apply for it."))
        application.submitted_at = now()
        move(
            application,
            to=Status.SUBMITTED,
            by=by,
            action=TimelineAction.SUBMITTED,
            applicant_text=_g("You submitted your application"),
        )
        decision = _decide(application, route=application.vacancy.recruitment_route)
        apply_decision(application, decision, by=None, action=TimelineAction.ROUTED)
        application.save()
        after_commit(tasks.send_application_mail, str(application.pk), "submitted")
        if application.is_fast_track:
            notify_fast_track(application)
    return application, True


def ensure_default_rules() -> None:
    """The defaults from DOMAIN.md, made once; HR edit them afterwards."""
    if RoutingRule.objects.exists():
        return
    RoutingRule.objects.bulk_create(RoutingRule(**rule) for rule in routing.DEFAULT_RULES)
