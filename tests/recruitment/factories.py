"""Applications in any state, built through the same services the views use."""

import datetime

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from portal.calendar import local_datetime
from recruitment.choices import AsyeStatus, RightToWork, Status, SweStatus
from recruitment.models import Application, EmploymentEntry, Referee, RejectionReason
from recruitment.sections import required_sections
from recruitment.services import interviews as interview_services
from recruitment.services import submission
from tests.factories import UserFactory, make_vacancy

MINIMAL_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_upload(name="cv.pdf", content=MINIMAL_PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A complete draft from a registered social worker with 36 months' experience."""

    class Meta:
        model = Application
        skip_postgeneration_save = True

    applicant = factory.SubFactory(UserFactory)
    vacancy = factory.LazyFunction(make_vacancy)
    route = factory.LazyAttribute(lambda o: o.vacancy.recruitment_route)
    first_name = factory.LazyAttribute(lambda o: o.applicant.first_name)
    last_name = factory.LazyAttribute(lambda o: o.applicant.last_name)
    email = factory.LazyAttribute(lambda o: o.applicant.email)
    phone = "07700 900123"
    address = "1 High Street\nExample City"
    postcode = "EX1 1AA"
    right_to_work = RightToWork.YES
    heard_about = "job_board"
    through_agency = False
    swe_status = SweStatus.REGISTERED
    swe_number = "SW123456"
    qualification = "BA (Hons) Social Work"
    awarding_body = "Example University"
    qualified_on = factory.LazyFunction(
        lambda: timezone.localdate() - datetime.timedelta(days=365 * 4)
    )
    asye_status = AsyeStatus.COMPLETED
    post_qualifying_months = 36
    supporting_statement = "I meet every criterion."
    interview_availability = "Any weekday"
    needs_adjustments = False
    guaranteed_interview = False
    declaration_confirmed_at = factory.LazyFunction(timezone.now)
    completed_sections = factory.LazyAttribute(lambda o: required_sections(o.route))

    @factory.post_generation
    def extras(self, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        EmploymentEntry.objects.create(
            application=self,
            employer="Example Council",
            job_title="Social worker",
            started_on=self.qualified_on or timezone.localdate(),
            is_social_work=True,
        )
        for position in (1, 2):
            Referee.objects.create(
                application=self,
                position=position,
                name=f"Referee {position}",
                job_title="Team manager",
                organisation="Example Council",
                email=f"ref{position}@example.org",
                relationship="Manager",
                is_current_employer=position == 1,
            )


def submitted(**kwargs) -> Application:
    application = ApplicationFactory(**kwargs)
    application, _ = submission.application_submit(
        application=application, by=application.applicant
    )
    return application


def in_status(status: str, **kwargs) -> Application:
    """An application moved to ``status`` along the state machine."""
    application = ApplicationFactory(**kwargs)
    if status == Status.DRAFT:
        return application
    now = timezone.now()
    Application.objects.filter(pk=application.pk).update(status=status, submitted_at=now)
    application.refresh_from_db()
    return application


def rejection_reason() -> RejectionReason:
    reason, _ = RejectionReason.objects.get_or_create(
        title="Does not meet the essential criteria",
        defaults={"applicant_text": "Your application did not show the essential criteria."},
    )
    return reason


# Interviews -------------------------------------------------------------------


def working_day_ahead(days: int = 3) -> datetime.date:
    from portal.calendar import add_working_days

    return add_working_days(timezone.localdate(), days)


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return local_datetime(day, datetime.time(hour, minute))


def slot(vacancy, *, panel=(), start=None, minutes=60, **kwargs):
    """A video slot (created directly, without the scheduling rules)."""
    from recruitment.models import InterviewSlot

    start = start or at(working_day_ahead(), 10)
    fields = {"format": "video", "video_link": "https://meet.example.org/abc"}
    fields.update(kwargs)
    made = InterviewSlot.objects.create(
        vacancy=vacancy, start=start, end=start + datetime.timedelta(minutes=minutes), **fields
    )
    if panel:
        made.panel.set(panel)
    return made


def started(interview, *, minutes_ago: int = 30):
    """Time passes: the interview's slot began ``minutes_ago`` minutes ago."""
    from recruitment.models import InterviewSlot

    length = interview.slot.end - interview.slot.start
    start = timezone.now() - datetime.timedelta(minutes=minutes_ago)
    InterviewSlot.objects.filter(pk=interview.slot_id).update(start=start, end=start + length)
    interview.slot.refresh_from_db()
    return interview


def scored_interview(application: Application, panel_member, evidence="A clear example"):
    """Book the application into a slot with ``panel_member`` and file their scorecard."""

    from recruitment.models import Scorecard

    booked = slot(application.vacancy, panel=[panel_member])
    interview = interview_services.interview_book(
        application=application, slot=booked, by=application.applicant
    )
    Scorecard.objects.create(
        interview=interview,
        panel_member=panel_member,
        scores=[{"criterion": "Court work", "score": 3, "evidence": evidence}],
        recommendation="appoint",
        submitted_at=timezone.now(),
    )
    return interview


def invited(**kwargs) -> Application:
    """An application invited to interview (status 'interviewing')."""
    return in_status(Status.INTERVIEWING, **kwargs)


def fast_tracked(**kwargs) -> Application:
    from portal.calendar import add_working_days

    application = in_status(Status.FAST_TRACKED, **kwargs)
    Application.objects.filter(pk=application.pk).update(
        is_fast_track=True, fast_track_due=add_working_days(timezone.localdate(), 5)
    )
    application.refresh_from_db()
    return application


# Offers -----------------------------------------------------------------------


def ready_for_offer(route: str = "experienced", **kwargs) -> Application:
    """An application at interview whose interview was held and fully scored."""
    from portal import roles
    from recruitment.choices import InterviewStatus

    if "vacancy" not in kwargs:
        kwargs["vacancy"] = make_vacancy(recruitment_route=route)
    application = invited(**kwargs)
    panel_member = UserFactory(roles=[roles.PANEL_MEMBER])
    interview = scored_interview(application, panel_member)
    started(interview, minutes_ago=90)
    interview_services.interview_record_outcome(
        interview=interview, by=None, status=InterviewStatus.HELD
    )
    application.refresh_from_db()
    return application


def future_cohort(kind: str = "asye", *, days_ahead: int = 60, **fields):
    """A cohort of a programme of ``kind`` starting ``days_ahead`` days from today."""
    from cohorts.models import Cohort, Programme

    programme, _ = Programme.objects.get_or_create(
        kind=kind, defaults={"name": f"Programme {kind}", "slug": kind, "length_months": 12}
    )
    fields.setdefault("name", f"{kind} intake in {days_ahead} days")
    return Cohort.objects.create(
        programme=programme,
        start_date=timezone.localdate() + datetime.timedelta(days=days_ahead),
        **fields,
    )


def default_letter_template():
    """The first letter migration 0012 makes (made again after a flushing test)."""
    import importlib

    from recruitment.models import OfferLetterTemplate

    seed = importlib.import_module("recruitment.migrations.0012_default_checks_and_letter")
    template, _ = OfferLetterTemplate.objects.get_or_create(
        is_default=True, defaults={"name": "Conditional offer", "body": seed.LETTER.strip()}
    )
    return template


def offer_terms(application, **terms) -> dict:
    from portal.models import StaffRecord
    from tests.factories import TeamFactory

    defaults = {
        "job_title": "Social worker",
        "team": TeamFactory(name="Duty and assessment"),
        "grade": StaffRecord.Grade.SOCIAL_WORKER_2,
        "salary_point": "Grade 9, point 32 (£38,626)",
        "hours": StaffRecord.Hours.FULL_TIME,
        "weekly_hours": None,
        "employment_type": StaffRecord.EmploymentType.PERMANENT,
        "proposed_start_date": timezone.localdate() + datetime.timedelta(days=45),
        "cohort": None,
        "letter_template": default_letter_template(),
    }
    defaults.update(terms)
    return defaults


def drafted_offer(application=None, *, by=None, **terms):
    """A draft offer on an application ready for one, made by an HR officer."""
    from portal import roles
    from recruitment.services import offers

    application = application or ready_for_offer()
    by = by or UserFactory(roles=[roles.HR_OFFICER])
    return offers.offer_make(application=application, by=by, **offer_terms(application, **terms))


def sent_offer(application=None, **terms):
    """An offer whose letter the worker has sent (the task run here, as the worker would)."""
    from recruitment.services import offer_letters, offers

    offer = drafted_offer(application, **terms)
    offers.offer_send(offer=offer, by=offer.made_by)
    offer_letters.offer_letter_deliver(offer.pk)
    offer.refresh_from_db()
    return offer


def satisfactory_references(application, *, by) -> None:
    """Two received references HR judged satisfactory, one from the current employer: the
    references rule met (``recruitment.conditions``)."""
    from recruitment.models import ReferenceRequest

    for current in (True, False):
        ReferenceRequest.objects.create(
            application=application,
            referee_name="A referee",
            referee_email="ref@example.org",
            referee_organisation="Example Council",
            is_current_employer=current,
            state="received",
            expires_at=timezone.now() + datetime.timedelta(days=28),
            satisfactory=True,
            assessed_by=by,
        )
