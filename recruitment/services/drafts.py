"""Starting an application, filling in its sections, and deleting a draft.

A submitted application may still be changed until screening starts; a change
to an answer that routing reads routes it again (``submission.reroute_after_change``).
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from cms.models import CampaignPage, VacancyPage
from portal import roles
from portal.background import after_commit
from portal.errors import TransitionNotAllowed
from portal.models import User
from portal.uploads import CONTENT_TYPES, safe_name
from recruitment import history, selectors
from recruitment.choices import Status, TimelineAction
from recruitment.errors import ApplicationIncomplete, ApplicationLocked, VacancyClosed
from recruitment.models import CV, Application, EmploymentEntry, EqualityMonitoring, Referee
from recruitment.sections import SECTIONS_BY_SLUG
from recruitment.services.common import locked_application, now, record
from recruitment.services.submission import reroute_after_change
from recruitment.tasks import delete_stored_file

# Safer recruitment asks for two references (DOMAIN.md), one from the latest employer.
REFEREES = 2


def application_start(
    *, applicant: User, vacancy: VacancyPage, channel: dict | None = None
) -> Application:
    """Start (or find) the applicant's application for a vacancy.

    Raises VacancyClosed when the vacancy no longer takes applications.
    """
    existing = Application.objects.filter(applicant=applicant, vacancy=vacancy).first()
    if existing:
        return existing
    if not vacancy.is_open or not vacancy.live:
        raise VacancyClosed(_("This vacancy has closed. You can no longer apply for it."))
    channel = channel or {}
    tracking_code = str(channel.get("tracking_code", ""))[:60]
    campaign = (
        CampaignPage.objects.filter(tracking_code=tracking_code).first() if tracking_code else None
    )
    try:
        with transaction.atomic():
            application = Application.objects.create(
                applicant=applicant,
                vacancy=vacancy,
                route=vacancy.recruitment_route,
                campaign=campaign or vacancy.campaign,
                tracking_code=tracking_code,
                utm_source=str(channel.get("utm_source", ""))[:100],
                utm_medium=str(channel.get("utm_medium", ""))[:100],
                utm_campaign=str(channel.get("utm_campaign", ""))[:100],
                first_name=applicant.first_name,
                last_name=applicant.last_name,
                email=applicant.email,
            )
            record(application, by=applicant, action=TimelineAction.STARTED, to_status=Status.DRAFT)
            if not roles.has_role(applicant, roles.APPLICANT):
                applicant.groups.add(roles.sync_role(roles.APPLICANT))
                roles.forget_roles(applicant)
    except IntegrityError:
        # Two tabs started the same application at once: the constraint keeps one.
        return Application.objects.get(applicant=applicant, vacancy=vacancy)
    return application


def _editable(application: Application) -> Application:
    """Lock the application and refuse once screening has started. Raises ApplicationLocked."""
    application = locked_application(application.pk)
    if not application.can_be_changed_by_applicant:
        raise ApplicationLocked(
            _("You can no longer change this application because we have started looking at it.")
        )
    return application


def _mark_complete(application: Application, slug: str, *, by: User, complete=True) -> None:
    done = [s for s in application.completed_sections if s != slug]
    if complete:
        done.append(slug)
    application.completed_sections = done
    if application.is_draft or not complete:
        return
    section = SECTIONS_BY_SLUG[slug]
    if section.reroutes:
        reroute_after_change(application, by=by)
    record(
        application,
        by=by,
        action=TimelineAction.CHANGED_ANSWERS,
        reason=str(section.title),
        applicant_text=_g("You changed your answers: %(section)s") % {"section": section.title},
    )


def _refresh_experience(application: Application) -> None:
    application.post_qualifying_months_calculated = history.post_qualifying_months(
        application.employment.all(),
        qualified_on=application.qualified_on,
        today=timezone.localdate(),
    )


def application_save_section(
    *, application: Application, section: str, values: dict, by: User
) -> Application:
    """Save one section's answers on the application itself and mark it complete.

    A section writes only its own fields (``Section.fields``), never status or route.
    Raises ApplicationLocked once screening has started; ValueError for a field the
    section does not own (a programming error, not the applicant's).
    """
    allowed = SECTIONS_BY_SLUG[section].fields
    if not set(values) <= allowed:
        raise ValueError(f"Section {section!r} cannot write {sorted(set(values) - allowed)}")
    with transaction.atomic():
        application = _editable(application)
        for name, value in values.items():
            setattr(application, name, value)
        if section == "declaration":
            application.declaration_confirmed_at = now()
        if section == "registration":
            _refresh_experience(application)
        _mark_complete(application, section, by=by)
        application.save()
    return application


def equality_save(*, application: Application, values: dict, by: User) -> EqualityMonitoring:
    """Keep the equality answers apart from the application. Raises ApplicationLocked."""
    with transaction.atomic():
        application = _editable(application)
        answers, _created = EqualityMonitoring.objects.update_or_create(
            application=application, defaults=values
        )
        _mark_complete(application, "equality", by=by)
        application.save(update_fields=["completed_sections", "updated_at"])
    return answers


def employment_save(
    *, application: Application, values: dict, by: User, entry: EmploymentEntry | None = None
) -> EmploymentEntry:
    """Add or change one job. The history is then to be confirmed again. Raises ApplicationLocked."""
    with transaction.atomic():
        application = _editable(application)
        entry = entry or EmploymentEntry(application=application)
        for name, value in values.items():
            setattr(entry, name, value)
        entry.full_clean()
        entry.save()
        # The history changed: the applicant confirms it (and any gaps) again.
        _mark_complete(application, "employment", by=by, complete=False)
        _refresh_experience(application)
        application.save()
    return entry


def employment_delete(*, application: Application, entry: EmploymentEntry, by: User) -> None:
    """Remove one job. Raises ApplicationLocked."""
    with transaction.atomic():
        application = _editable(application)
        entry.delete()
        _mark_complete(application, "employment", by=by, complete=False)
        _refresh_experience(application)
        application.save()


def employment_confirm(
    *, application: Application, explanations: dict[str, str], by: User
) -> Application:
    """The applicant says their history is complete; every long gap must be explained.

    Raises ApplicationIncomplete when there is no job or a gap is unexplained,
    ApplicationLocked once screening has started.
    """
    with transaction.atomic():
        application = _editable(application)
        if not application.employment.exists():
            raise ApplicationIncomplete(_("Add at least one job, or a period of study"))
        keys = [history.gap_key(gap) for gap in selectors.employment_gaps(application)]
        missing = [k for k in keys if not (explanations.get(k) or "").strip()]
        if missing:
            raise ApplicationIncomplete(_("Explain every gap in your employment history"))
        application.gap_explanations = {k: explanations[k].strip() for k in keys}
        _mark_complete(application, "employment", by=by)
        application.save()
    return application


def referees_save(*, application: Application, referees: list[dict], by: User) -> list[Referee]:
    """Exactly two referees, at least one from the current or most recent employer.

    Raises ApplicationIncomplete otherwise, ApplicationLocked once screening has started.
    """
    if len(referees) != REFEREES:
        raise ApplicationIncomplete(_("Give us 2 referees"))
    if not any(r.get("is_current_employer") for r in referees):
        raise ApplicationIncomplete(
            _("One referee must be from your current or most recent employer")
        )
    with transaction.atomic():
        application = _editable(application)
        saved = []
        for position, values in enumerate(referees, start=1):
            referee, _created = Referee.objects.update_or_create(
                application=application, position=position, defaults=values
            )
            saved.append(referee)
        _mark_complete(application, "referees", by=by)
        application.save()
    return saved


def cv_save(*, application: Application, upload, kind: str, by: User) -> CV:
    """Store an upload that ``recruitment.uploads.check_cv`` has accepted, replacing any other.

    Raises ApplicationLocked once screening has started.
    """
    with transaction.atomic():
        application = _editable(application)
        cv = CV.objects.filter(application=application).first() or CV(application=application)
        old_file = cv.file.name if cv.pk else None
        upload.seek(0)
        cv.original_name = safe_name(upload.name, kind)
        cv.content_type = CONTENT_TYPES[kind]
        cv.size = upload.size
        cv.file.save(f"{application.pk}.{kind}", upload, save=False)
        cv.save()
        _mark_complete(application, "cv", by=by)
        application.save()
        if old_file and old_file != cv.file.name:
            after_commit(delete_stored_file, "private", old_file)
    return cv


def application_delete_draft(*, application: Application, by: User) -> None:
    """Delete a draft and its CV. Raises TransitionNotAllowed once it is submitted."""
    with transaction.atomic():
        application = locked_application(application.pk)
        if not application.is_draft:
            raise TransitionNotAllowed(
                _("Only an application you have not submitted can be deleted. Withdraw it instead.")
            )
        cv = getattr(application, "cv", None)
        if cv is not None:
            after_commit(delete_stored_file, "private", cv.file.name)
        application.delete()
