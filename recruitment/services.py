"""Every write that means something to an application. Views call these and nothing else."""

import datetime
import logging
from collections.abc import Iterable

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from cms.choices import Route
from portal import roles
from portal.calendar import add_working_days, months_before, whole_months
from recruitment import conf, routing
from recruitment.choices import BEFORE_SCREENING, TRANSITIONS, Status
from recruitment.models import (
    Application,
    DataExport,
    EmploymentEntry,
    EqualityMonitoring,
    Note,
    Referee,
    RejectionReason,
    RoutingRule,
    Scorecard,
    TimelineEntry,
)
from recruitment.pdf import applicant_data_pdf
from recruitment.sections import SECTION_FIELDS, SECTIONS_BY_SLUG, missing_sections

logger = logging.getLogger(__name__)


class ApplicationError(Exception):
    """A domain rule refused the action; ``message`` is fit to show the person."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


class TransitionNotAllowed(ApplicationError):
    pass


class ApplicationLocked(ApplicationError):
    pass


class ApplicationIncomplete(ApplicationError):
    pass


class VacancyClosed(ApplicationError):
    pass


class RouteNotAllowed(ApplicationError):
    pass


def _now() -> datetime.datetime:
    return timezone.now()


def _on_commit(func) -> None:
    # robust: a failing queue must never undo or break the request that saved the data.
    transaction.on_commit(func, robust=True)


def _record(
    application: Application,
    *,
    by,
    action: str,
    from_status: str = "",
    to_status: str = "",
    reason: str = "",
    applicant_text: str = "",
) -> TimelineEntry:
    return TimelineEntry.objects.create(
        application=application,
        by=by,
        action=action,
        from_status=from_status,
        to_status=to_status,
        reason=reason,
        applicant_text=str(applicant_text),
    )


def _move(
    application: Application,
    *,
    to: str,
    by,
    action: str,
    reason: str = "",
    applicant_text: str = "",
) -> TimelineEntry:
    """The only place an application's status changes."""
    current = application.status
    if to not in TRANSITIONS[current]:
        raise TransitionNotAllowed(
            _("An application that is '%(current)s' cannot become '%(to)s'.")
            % {"current": Status(current).label, "to": Status(to).label}
        )
    application.status = to
    return _record(
        application,
        by=by,
        action=action,
        from_status=current,
        to_status=to,
        reason=reason,
        applicant_text=applicant_text,
    )


def _locked(application_id) -> Application:
    return Application.objects.select_for_update().get(pk=application_id)


# Starting and filling in -------------------------------------------------------


def application_start(*, applicant, vacancy, channel: dict | None = None) -> Application:
    """Start (or find) the applicant's application for a vacancy.

    Raises VacancyClosed when the vacancy no longer takes applications.
    """
    existing = Application.objects.filter(applicant=applicant, vacancy=vacancy).first()
    if existing:
        return existing
    if not vacancy.is_open or not vacancy.live:
        raise VacancyClosed(_("This vacancy has closed. You can no longer apply for it."))
    channel = channel or {}
    from cms.models import CampaignPage

    tracking_code = str(channel.get("tracking_code", ""))[:60]
    campaign = (
        CampaignPage.objects.filter(tracking_code=tracking_code).first() if tracking_code else None
    )
    campaign = campaign or vacancy.campaign
    try:
        with transaction.atomic():
            application = Application.objects.create(
                applicant=applicant,
                vacancy=vacancy,
                route=vacancy.recruitment_route,
                campaign=campaign,
                tracking_code=tracking_code,
                utm_source=str(channel.get("utm_source", ""))[:100],
                utm_medium=str(channel.get("utm_medium", ""))[:100],
                utm_campaign=str(channel.get("utm_campaign", ""))[:100],
                first_name=applicant.first_name,
                last_name=applicant.last_name,
                email=applicant.email,
            )
            _record(application, by=applicant, action="started", to_status=Status.DRAFT)
            if not roles.has_role(applicant, roles.APPLICANT):
                applicant.groups.add(roles.sync_role(roles.APPLICANT))
                applicant.__dict__.pop("_portal_roles", None)
    except IntegrityError:
        # Two tabs started the same application at once: the constraint keeps one.
        return Application.objects.get(applicant=applicant, vacancy=vacancy)
    return application


def _check_editable(application: Application) -> None:
    if not application.can_be_changed_by_applicant:
        raise ApplicationLocked(
            _("You can no longer change this application because we have started looking at it.")
        )


ROUTING_SECTIONS = frozenset(
    {"registration", "experience", "how-you-applied", "eligibility", "employment"}
)


def _reroute_after_change(application: Application, *, by) -> None:
    """A submitted application whose routing answers changed is routed again.

    A fast-track clock already running keeps its due date.
    """
    decision = routing.decide(
        facts=routing.Facts.from_application(application),
        vacancy_route=application.route,
        rules=active_rules(),
        today=timezone.localdate(),
    )
    keeps_clock = (
        application.status == Status.FAST_TRACKED and decision.fits and decision.fast_track
    )
    if keeps_clock:
        application.suggested_route = ""
        return
    fast_now = decision.fits and decision.fast_track
    if application.status == Status.AWAITING_SHORTLISTING and not fast_now:
        # Still waiting for shortlisting: only HR's suggestion may change.
        rule = decision.rule or decision.suggested_rule
        application.routing_rule = rule if rule is not None and rule.pk else None
        application.suggested_route = decision.suggested_route
        application.routing_note = decision.note
        return
    _apply_decision(application, decision, by=by, action="re-routed after changes")
    if application.status == Status.FAST_TRACKED:
        _notify_fast_track(application.pk)


def _notify_fast_track(application_id) -> None:
    from recruitment import tasks

    _on_commit(lambda: tasks.notify_hr_fast_track.enqueue(str(application_id)))
    _on_commit(lambda: tasks.schedule_fast_track_reminder(application_id))


def _mark_complete(application: Application, slug: str, *, by, complete: bool = True) -> None:
    done = [s for s in application.completed_sections if s != slug]
    if complete:
        done.append(slug)
    application.completed_sections = done
    if not application.is_draft and complete and slug in ROUTING_SECTIONS:
        _reroute_after_change(application, by=by)
    if not application.is_draft and complete:
        _record(
            application,
            by=by,
            action="changed answers",
            reason=str(SECTIONS_BY_SLUG[slug].title),
            applicant_text=_g("You changed your answers: %(section)s")
            % {"section": SECTIONS_BY_SLUG[slug].title},
        )


def application_save_section(
    *, application: Application, section: str, values: dict, by
) -> Application:
    """Save one section's answers on the application itself and mark it complete.

    Raises ApplicationLocked once screening has started.
    """
    allowed = SECTION_FIELDS.get(section)
    if allowed is None or not set(values) <= allowed:
        raise ValueError(
            f"Section {section!r} cannot write {sorted(set(values) - (allowed or set()))}"
        )
    with transaction.atomic():
        application = _locked(application.pk)
        _check_editable(application)
        for name, value in values.items():
            setattr(application, name, value)
        if section == "declaration":
            application.declaration_confirmed_at = _now()
        if section == "registration":
            application.post_qualifying_months_calculated = calculate_post_qualifying_months(
                application
            )
        _mark_complete(application, section, by=by)
        application.save()
    return application


def equality_save(*, application: Application, values: dict, by) -> EqualityMonitoring:
    with transaction.atomic():
        application = _locked(application.pk)
        _check_editable(application)
        answers, _created = EqualityMonitoring.objects.update_or_create(
            application=application, defaults=values
        )
        _mark_complete(application, "equality", by=by)
        application.save(update_fields=["completed_sections", "updated_at"])
    return answers


def calculate_post_qualifying_months(application: Application, *, today=None) -> int | None:
    """Months in social work roles since qualifying, overlaps counted once."""
    if application.qualified_on is None:
        return None
    today = today or timezone.localdate()
    spans = []
    for job in application.employment.filter(is_social_work=True):
        start = max(job.started_on, application.qualified_on)
        end = min(job.ended_on or today, today)
        if end > start:
            spans.append((start, end))
    spans.sort()
    merged: list[list[datetime.date]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return sum(whole_months(start, end) for start, end in merged)


def employment_gaps(
    application: Application, *, today=None
) -> list[tuple[datetime.date, datetime.date]]:
    """Gaps longer than the allowed months between jobs, and since the last job ended."""
    today = today or timezone.localdate()
    jobs = sorted(application.employment.all(), key=lambda j: j.started_on)
    gaps = []
    covered_until = None
    for job in jobs:
        if (
            covered_until is not None
            and months_before(job.started_on, conf.employment_gap_months()) > covered_until
        ):
            gaps.append((covered_until, job.started_on))
        end = job.ended_on or today
        covered_until = end if covered_until is None else max(covered_until, end)
    if (
        covered_until is not None
        and months_before(today, conf.employment_gap_months()) > covered_until
    ):
        gaps.append((covered_until, today))
    return gaps


def gap_key(gap: tuple[datetime.date, datetime.date]) -> str:
    return f"{gap[0].isoformat()}_{gap[1].isoformat()}"


def employment_save(
    *, application: Application, values: dict, by, entry: EmploymentEntry | None = None
) -> EmploymentEntry:
    with transaction.atomic():
        application = _locked(application.pk)
        _check_editable(application)
        entry = entry or EmploymentEntry(application=application)
        for name, value in values.items():
            setattr(entry, name, value)
        entry.full_clean()
        entry.save()
        # The history changed: the applicant confirms it (and any gaps) again.
        _mark_complete(application, "employment", by=by, complete=False)
        application.post_qualifying_months_calculated = calculate_post_qualifying_months(
            application
        )
        application.save()
    return entry


def employment_delete(*, application: Application, entry: EmploymentEntry, by) -> None:
    with transaction.atomic():
        application = _locked(application.pk)
        _check_editable(application)
        entry.delete()
        _mark_complete(application, "employment", by=by, complete=False)
        application.post_qualifying_months_calculated = calculate_post_qualifying_months(
            application
        )
        application.save()


def employment_confirm(
    *, application: Application, explanations: dict[str, str], by
) -> Application:
    """The applicant says their history is complete; every long gap must be explained.

    Raises ApplicationIncomplete when there is no job or a gap is unexplained.
    """
    with transaction.atomic():
        application = _locked(application.pk)
        _check_editable(application)
        if not application.employment.exists():
            raise ApplicationIncomplete(_("Add at least one job, or a period of study"))
        keys = [gap_key(gap) for gap in employment_gaps(application)]
        missing = [k for k in keys if not (explanations.get(k) or "").strip()]
        if missing:
            raise ApplicationIncomplete(_("Explain every gap in your employment history"))
        application.gap_explanations = {k: explanations[k].strip() for k in keys}
        _mark_complete(application, "employment", by=by)
        application.save()
    return application


def referees_save(*, application: Application, referees: list[dict], by) -> list[Referee]:
    """Exactly two referees, at least one from the current or most recent employer.

    Raises ApplicationIncomplete otherwise.
    """
    if len(referees) != 2:
        raise ApplicationIncomplete(_("Give us 2 referees"))
    if not any(r.get("is_current_employer") for r in referees):
        raise ApplicationIncomplete(
            _("One referee must be from your current or most recent employer")
        )
    with transaction.atomic():
        application = _locked(application.pk)
        _check_editable(application)
        saved = []
        for position, values in enumerate(referees, start=1):
            referee, _created = Referee.objects.update_or_create(
                application=application, position=position, defaults=values
            )
            saved.append(referee)
        _mark_complete(application, "referees", by=by)
        application.save()
    return saved


def cv_save(*, application: Application, upload, kind: str, by):
    """Store an upload that ``recruitment.uploads.check_cv`` has accepted."""
    from recruitment.models import CV
    from recruitment.uploads import CONTENT_TYPES, safe_name

    with transaction.atomic():
        application = _locked(application.pk)
        _check_editable(application)
        old = CV.objects.filter(application=application).first()
        name = safe_name(upload.name, kind)
        upload.seek(0)
        cv = old or CV(application=application)
        old_file = old.file.name if old else None
        cv.original_name = name
        cv.content_type = CONTENT_TYPES[kind]
        cv.size = upload.size
        cv.file.save(f"{application.pk}.{kind}", upload, save=False)
        cv.save()
        _mark_complete(application, "cv", by=by)
        application.save()
    if old_file and old_file != cv.file.name:
        storage = cv.file.storage
        _on_commit(lambda: storage.delete(old_file))
    return cv


def application_delete_draft(*, application: Application, by) -> None:
    with transaction.atomic():
        application = _locked(application.pk)
        if not application.is_draft:
            raise TransitionNotAllowed(
                _("Only an application you have not submitted can be deleted. Withdraw it instead.")
            )
        cv = getattr(application, "cv", None)
        name = cv.file.name if cv else None
        storage = cv.file.storage if cv else None
        application.delete()
    if name:
        _on_commit(lambda: storage.delete(name))


# Submitting and routing ------------------------------------------------------


def active_rules() -> list[RoutingRule]:
    """HR's rules; the defaults from DOMAIN.md (unsaved) only while there are none at all."""
    rules = list(RoutingRule.objects.all())
    if not rules:
        return [RoutingRule(**rule) for rule in routing.DEFAULT_RULES]
    return [rule for rule in rules if rule.is_active]


def _apply_decision(application: Application, decision: routing.Decision, *, by, action: str):
    today = timezone.localdate()
    rule = decision.rule or decision.suggested_rule
    application.routing_rule = rule if rule is not None and rule.pk else None
    application.suggested_route = decision.suggested_route
    application.routing_note = decision.note
    if decision.fits and decision.fast_track:
        days = decision.rule.interview_within_working_days or conf.fast_track_working_days()
        application.is_fast_track = True
        application.fast_track_due = add_working_days(today, days)
        to = Status.FAST_TRACKED
        text = _g("We will offer you an interview by %(date)s") % {
            "date": _long_date(application.fast_track_due)
        }
    else:
        application.is_fast_track = False
        application.fast_track_due = None
        to = Status.AWAITING_SHORTLISTING
        text = _g("We are looking at your application")
    if application.status != to:
        _move(application, to=to, by=by, action=action, reason=decision.note, applicant_text=text)
    else:
        _record(application, by=by, action=action, reason=decision.note, applicant_text=text)


def _long_date(day: datetime.date) -> str:
    from django.utils import formats

    return formats.date_format(day, "l j F Y")


def application_submit(*, application: Application, by) -> tuple[Application, bool]:
    """Submit a complete draft and route it. Idempotent: a second submit changes nothing.

    Returns (application, submitted_now). Raises ApplicationIncomplete when
    sections are missing, VacancyClosed when the vacancy has closed.
    """
    with transaction.atomic():
        application = _locked(application.pk)
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
        application.submitted_at = _now()
        _move(
            application,
            to=Status.SUBMITTED,
            by=by,
            action="submitted",
            applicant_text=_g("You submitted your application"),
        )
        decision = routing.decide(
            facts=routing.Facts.from_application(application),
            vacancy_route=application.vacancy.recruitment_route,
            rules=active_rules(),
            today=timezone.localdate(),
        )
        _apply_decision(application, decision, by=None, action="routed")
        application.save()
    application_id = application.pk
    from recruitment import tasks

    _on_commit(lambda: tasks.send_submission_emails.enqueue(str(application_id)))
    if application.is_fast_track:
        _on_commit(lambda: tasks.schedule_fast_track_reminder(application_id))
    return application, True


# HR's actions ------------------------------------------------------------------


def _hr_action(application: Application, by) -> Application:
    application = _locked(application.pk)
    if application.screening_started_at is None and application.status in BEFORE_SCREENING:
        application.screening_started_at = _now()
    return application


def application_transition(
    *, application: Application, to: str, by, reason: str = "", applicant_text: str = ""
) -> Application:
    """Move an application along the state machine. Raises TransitionNotAllowed.

    Only the applicant submits a draft (``application_submit``).
    """
    with transaction.atomic():
        application = _hr_action(application, by)
        if application.is_draft:
            raise TransitionNotAllowed(_("Only the applicant can submit a draft application."))
        _move(
            application,
            to=to,
            by=by,
            action=f"moved to {to}",
            reason=reason,
            applicant_text=applicant_text or APPLICANT_TEXT.get(to, ""),
        )
        if to in (Status.REJECTED, Status.RECRUITED, Status.OFFER_DECLINED, Status.OFFER_WITHDRAWN):
            application.decided_at = _now()
        application.save()
    return application


APPLICANT_TEXT = {
    Status.SHORTLISTED: _("You have been shortlisted for interview"),
    Status.INTERVIEWING: _("We have offered you an interview"),
    Status.OFFERED: _("We have offered you the job"),
    Status.CONDITIONS_PENDING: _("We are doing pre-employment checks"),
    Status.RECRUITED: _("You have the job"),
    Status.OFFER_DECLINED: _("You declined our offer"),
    Status.OFFER_WITHDRAWN: _("We withdrew our offer"),
}


def application_shortlist(*, application: Application, by, reason: str = "") -> Application:
    return application_transition(
        application=application, to=Status.SHORTLISTED, by=by, reason=reason
    )


def application_record_interview_offered(*, application: Application, by) -> Application:
    """Stops the fast-track clock. Raises TransitionNotAllowed."""
    with transaction.atomic():
        application = _hr_action(application, by)
        _move(
            application,
            to=Status.INTERVIEWING,
            by=by,
            action="interview offered",
            applicant_text=APPLICANT_TEXT[Status.INTERVIEWING],
        )
        application.interview_offered_at = _now()
        application.save()
    application_id = application.pk
    from recruitment import tasks

    # The email points to /applications/<id>/interview/, where the times offered are.
    _on_commit(
        lambda: tasks.send_applicant_update.enqueue(str(application_id), "interview_offered")
    )
    return application


def application_reject(
    *, application: Application, by, reasons: Iterable[RejectionReason], message: str
) -> Application:
    """Reject with at least one structured reason and a message the applicant reads."""
    reasons = list(reasons)
    if not reasons:
        raise ApplicationError(_("Choose at least one reason"))
    if not message.strip():
        raise ApplicationError(_("Write a message to the applicant"))
    with transaction.atomic():
        application = _hr_action(application, by)
        _move(
            application,
            to=Status.REJECTED,
            by=by,
            action="rejected",
            reason="; ".join(r.title for r in reasons),
            applicant_text=_g("Your application was not successful"),
        )
        application.rejection_message = message.strip()
        application.decided_at = _now()
        application.save()
        application.rejection_reasons.set(reasons)
        _cancel_interviews(application, by=by, reason=_g("The application was not successful"))
    application_id = application.pk
    from recruitment import tasks

    _on_commit(lambda: tasks.send_applicant_update.enqueue(str(application_id), "rejected"))
    return application


def application_move_route(*, application: Application, route: str, by) -> Application:
    """HR move an application to another route (usually the suggested one); the applicant is told.

    Raises RouteNotAllowed (NQSWs never through an agency; same route) or TransitionNotAllowed.
    """
    if route not in Route.values:
        raise RouteNotAllowed(_("Choose a route from the list"))
    with transaction.atomic():
        application = _hr_action(application, by)
        if application.status not in (Status.FAST_TRACKED, Status.AWAITING_SHORTLISTING):
            raise TransitionNotAllowed(
                _("The route can only change before shortlisting is decided.")
            )
        if route == application.route:
            raise RouteNotAllowed(_("The application is already on this route."))
        if route == Route.ASYE and application.through_agency:
            raise RouteNotAllowed(
                _("A newly qualified social worker cannot be placed through an agency.")
            )
        old_route = application.route
        application.route = route
        decision = routing.decide(
            facts=routing.Facts.from_application(application),
            vacancy_route=route,
            rules=active_rules(),
            today=timezone.localdate(),
        )
        _record(
            application,
            by=by,
            action="route moved",
            reason=f"{Route(old_route).label} → {Route(route).label}",
            applicant_text=_g("We moved your application to: %(route)s")
            % {"route": Route(route).label},
        )
        _apply_decision(application, decision, by=by, action="re-routed")
        application.suggested_route = ""
        application.save()
    application_id = application.pk
    from recruitment import tasks

    _on_commit(lambda: tasks.send_applicant_update.enqueue(str(application_id), "route_moved"))
    if application.is_fast_track:
        _notify_fast_track(application_id)
    return application


def application_withdraw(
    *, application: Application, by, reason: str, detail: str = ""
) -> Application:
    """The applicant withdraws a submitted application. Raises TransitionNotAllowed."""
    with transaction.atomic():
        application = _locked(application.pk)
        if application.is_draft:
            raise TransitionNotAllowed(
                _("You have not submitted this application. You can delete it instead.")
            )
        _move(
            application,
            to=Status.WITHDRAWN,
            by=by,
            action="withdrawn",
            reason=f"{reason}: {detail}".strip(": "),
            applicant_text=_g("You withdrew your application"),
        )
        application.withdrawal_reason = reason
        application.withdrawal_detail = detail
        application.decided_at = _now()
        application.save()
        _cancel_interviews(application, by=by, reason=_g("The applicant withdrew"))
    return application


def _cancel_interviews(application: Application, *, by, reason: str) -> None:
    from recruitment.interviews import interviews_cancel_for_closed_application

    interviews_cancel_for_closed_application(application=application, by=by, reason=reason)


def note_add(*, application: Application, by, text: str) -> Note:
    if not text.strip():
        raise ApplicationError(_("Write a note"))
    return Note.objects.create(application=application, author=by, text=text.strip())


STALE_EXPORT = datetime.timedelta(hours=1)


def data_export_request(*, user) -> DataExport:
    """Ask the worker for a PDF of everything held about ``user``.

    Idempotent: while one is being prepared, asking again returns it (a partial
    unique constraint settles two requests at the same moment).
    """
    from recruitment import tasks

    preparing = DataExport.objects.filter(user=user, state=DataExport.State.PREPARING).first()
    if preparing and preparing.requested_at > _now() - STALE_EXPORT:
        return preparing
    if preparing:
        # The worker never got to it (stopped, or the task was lost): ask again.
        DataExport.objects.filter(pk=preparing.pk).update(state=DataExport.State.FAILED)
    try:
        with transaction.atomic():
            export = DataExport.objects.create(user=user)
    except IntegrityError:
        return DataExport.objects.get(user=user, state=DataExport.State.PREPARING)
    logger.info("Data export %s requested by user %s", export.pk, user.pk)
    export_id = str(export.pk)
    _on_commit(lambda: tasks.prepare_data_export.enqueue(export_id))
    return export


def data_export_prepare(*, export_id) -> DataExport | None:
    """Render the PDF into private storage and mark it ready (run by the worker).

    Returns the export when this call made the file; None when there is nothing to
    do (already made by an earlier run, or the person deleted their account)."""
    export = DataExport.objects.select_related("user").filter(pk=export_id).first()
    if export is None or export.state != DataExport.State.PREPARING:
        return None
    try:
        content = applicant_data_pdf(export.user)
    except Exception:
        logger.exception("Data export %s failed", export.pk)
        DataExport.objects.filter(pk=export.pk).update(state=DataExport.State.FAILED)
        raise
    export.file.save(f"{export.pk}.pdf", ContentFile(content), save=False)
    export.state = DataExport.State.READY
    export.ready_at = _now()
    export.save(update_fields=["file", "state", "ready_at"])
    return export


def data_exports_delete_expired(*, now: datetime.datetime | None = None) -> int:
    """Delete prepared files after their download window, and failed or stuck requests."""
    now = now or _now()
    cutoff = now - datetime.timedelta(days=conf.data_export_days())
    expired = DataExport.objects.filter(requested_at__lt=cutoff)
    deleted = 0
    for export in expired.only("pk", "file"):
        if export.file:
            export.file.delete(save=False)
        export.delete()
        deleted += 1
    if deleted:
        logger.info("Deleted %s expired data exports", deleted)
    return deleted


def ensure_default_rules() -> None:
    """The defaults from DOMAIN.md, made once; HR edit them afterwards."""
    if RoutingRule.objects.exists():
        return
    RoutingRule.objects.bulk_create(RoutingRule(**rule) for rule in routing.DEFAULT_RULES)


# Retention -------------------------------------------------------------------

UNSUCCESSFUL = (Status.REJECTED, Status.WITHDRAWN, Status.OFFER_DECLINED, Status.OFFER_WITHDRAWN)
PERSONAL_FIELDS = {
    "first_name": "",
    "last_name": "",
    "email": "",
    "phone": "",
    "address": "",
    "postcode": "",
    "swe_number": "",
    "right_to_work_detail": "",
    "heard_about_detail": "",
    "agency_name": "",
    "supporting_statement": "",
    "interview_availability": "",
    "adjustments": "",
    "gap_explanations": {},
    "withdrawal_detail": "",
}


def applications_anonymise_expired(*, now: datetime.datetime | None = None) -> int:
    """Anonymise unsuccessful applications decided more than the retention period ago.

    Keeps what reporting needs (vacancy, route, status, channel, dates, reasons);
    removes names, contact details, answers, CV, references, jobs, notes and
    equality answers. Safe to run again. Returns how many were anonymised.
    """
    from dateutil.relativedelta import relativedelta

    now = now or _now()
    cutoff = now - relativedelta(months=conf.unsuccessful_retention_months())
    due = Application.objects.filter(
        status__in=UNSUCCESSFUL, decided_at__lte=cutoff, anonymised_at__isnull=True
    ).values_list("pk", flat=True)
    done = 0
    for pk in list(due):
        with transaction.atomic():
            application = _locked(pk)
            if application.anonymised_at is not None:
                continue
            for name, blank in PERSONAL_FIELDS.items():
                setattr(application, name, blank)
            application.anonymised_at = now
            application.save()
            application.employment.all().delete()
            application.referees.all().delete()
            application.notes.all().delete()
            # Panel members' evidence is about the person: only the numbers stay.
            for card in Scorecard.objects.filter(interview__application=application):
                card.scores = [{**row, "evidence": ""} for row in card.scores]
                card.notes = ""
                card.save(update_fields=["scores", "notes", "updated_at"])
            EqualityMonitoring.objects.filter(application=application).delete()
            cv = getattr(application, "cv", None)
            if cv is not None:
                name, storage = cv.file.name, cv.file.storage
                cv.delete()
                _on_commit(lambda name=name, storage=storage: storage.delete(name))
            _record(application, by=None, action="anonymised", reason="retention period ended")
        done += 1
    if done:
        logger.info("Anonymised %s unsuccessful applications", done)
    return done
