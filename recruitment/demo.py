"""Demo applications in different states, for people trying the portal. Safe to run again."""

import datetime

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from cms.choices import Route
from cms.models import VacancyPage
from portal.calendar import (
    add_working_days,
    local_date,
    local_datetime,
    subtract_working_days,
    working_days_between,
)
from portal.models import Team
from recruitment.choices import (
    TRANSITIONS,
    AsyeStatus,
    CheckKind,
    CheckStatus,
    DbsOutcome,
    InterviewFormat,
    OfferState,
    Status,
    TimelineAction,
)
from recruitment.models import (
    CV,
    Application,
    EmploymentEntry,
    InterviewSlot,
    Offer,
    OfferLetterTemplate,
    Referee,
    RejectionReason,
)
from recruitment.sections import required_sections
from recruitment.services import (
    checks,
    common,
    drafts,
    interviews,
    screening,
    slots,
    submission,
)

DEMO_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# (email, first, last, route, years qualified, months' experience, ASYE done, agency, outcome)
PEOPLE = [
    ("applicant@example.org", "Amira", "Khan", Route.EXPERIENCED, 5, 54, True, False, "submit"),
    ("demo.nqsw@example.org", "Tom", "Baker", Route.EXPERIENCED, 1, 10, False, False, "submit"),
    ("demo.asye@example.org", "Grace", "Owusu", Route.ASYE, 0.5, 0, False, False, "submit"),
    ("demo.agency@example.org", "Liam", "Walsh", Route.EXPERIENCED, 8, 90, True, True, "breach"),
    (
        "demo.shortlist@example.org",
        "Sofia",
        "Rossi",
        Route.EXPERIENCED,
        3,
        20,
        True,
        False,
        "shortlist",
    ),
    ("demo.reject@example.org", "Ben", "Carter", Route.EXPERIENCED, 2, 14, True, False, "reject"),
    (
        "demo.gyo@example.org",
        "Chloe",
        "Evans",
        Route.GROW_YOUR_OWN,
        None,
        None,
        False,
        False,
        "submit",
    ),
]


def _overdue(application: Application, *, working_days: int) -> None:
    """Liam applied long enough ago that HR's fast-track offer is overdue. The demo obeys
    the portal's own rule: his due date is the promised working days after he applied."""
    promised = working_days_between(
        local_date(application.submitted_at), application.fast_track_due
    )
    due = subtract_working_days(timezone.localdate(), working_days)
    applied_on = subtract_working_days(due, promised)
    Application.objects.filter(pk=application.pk).update(
        submitted_at=local_datetime(applied_on, datetime.time(10)), fast_track_due=due
    )


def _vacancy(route: str, skip: int = 0):
    vacancies = list(
        VacancyPage.objects.live()
        .open_on(timezone.localdate())
        .filter(recruitment_route=route)
        .order_by("pk")
    )
    if not vacancies:
        return None
    return vacancies[min(skip, len(vacancies) - 1)]


def _fill(application: Application, *, years, months, asye_done, agency) -> None:
    today = timezone.localdate()
    qualified = today - datetime.timedelta(days=int(365 * years)) if years is not None else None
    application.phone = "07700 900000"
    application.address = "1 Demo Street\nExample City"
    application.postcode = "EX1 1AA"
    application.right_to_work = "yes"
    application.heard_about = "agency" if agency else "job_board"
    application.through_agency = agency
    application.agency_name = "Social Care Staffing Ltd" if agency else ""
    if qualified:
        application.swe_status = "registered"
        application.swe_number = f"SW{100000 + application.applicant_id}"
        application.qualification = "BA (Hons) Social Work"
        application.awarding_body = "Metropolitan University"
        application.qualified_on = qualified
        application.asye_status = AsyeStatus.COMPLETED if asye_done else AsyeStatus.NOT_STARTED
        application.post_qualifying_months = months
    else:
        application.works_for_council_or_partner = True
        application.works_with_children_or_families = True
        application.has_level_2_english_maths = True
    application.supporting_statement = "I meet each criterion of the person specification."
    application.interview_availability = "Any weekday"
    application.needs_adjustments = False
    application.guaranteed_interview = False
    application.declaration_confirmed_at = timezone.now()
    application.completed_sections = required_sections(application.route)
    application.save()
    EmploymentEntry.objects.create(
        application=application,
        employer="Example City Council" if qualified else "Example Family Support",
        job_title="Social worker" if qualified else "Family support worker",
        started_on=qualified or today - datetime.timedelta(days=900),
        is_social_work=bool(qualified),
    )
    for position in (1, 2):
        Referee.objects.create(
            application=application,
            position=position,
            name=f"Referee {position}",
            job_title="Team manager",
            organisation="Example City Council",
            email=f"referee{position}@example.org",
            relationship="Line manager",
            is_current_employer=position == 1,
        )
    cv = CV(application=application, original_name="cv.pdf", content_type="application/pdf")
    cv.size = len(DEMO_PDF)
    cv.file.save(f"{application.pk}.pdf", ContentFile(DEMO_PDF), save=False)
    cv.save()


def seed(out) -> dict:
    User = get_user_model()
    hr = User.objects.filter(email="hr@example.org").first()
    made = 0
    for n, (email, first, last, route, years, months, asye_done, agency, outcome) in enumerate(
        PEOPLE
    ):
        vacancy = _vacancy(route, skip=n % 2)
        if vacancy is None:
            continue
        user, _created = User.objects.get_or_create(
            email=email, defaults={"first_name": first, "last_name": last}
        )
        if _created:
            user.set_unusable_password()
            user.save()
        if Application.objects.filter(applicant=user, vacancy=vacancy).exists():
            continue
        application = drafts.application_start(applicant=user, vacancy=vacancy)
        _fill(application, years=years, months=months, asye_done=asye_done, agency=agency)
        made += 1
        if outcome == "draft":
            continue
        application, _ = submission.application_submit(application=application, by=user)
        if outcome == "breach":
            _overdue(application, working_days=2)
        elif outcome == "shortlist":
            screening.application_shortlist(application=application, by=hr)
        elif outcome == "reject":
            reason = RejectionReason.objects.order_by("pk").first()
            if reason is not None:
                screening.application_reject(
                    application=application,
                    by=hr,
                    reasons=[reason],
                    message="Thank you for applying. Other applicants matched the "
                    "person specification more closely this time.",
                )
    # Amira also has a draft on a second vacancy, to show the task list.
    amira = User.objects.filter(email="applicant@example.org").first()
    second = _vacancy(Route.ASYE)
    if (
        amira
        and second
        and not Application.objects.filter(applicant=amira, vacancy=second).exists()
    ):
        draft = drafts.application_start(applicant=amira, vacancy=second)
        draft.phone = "07700 900001"
        draft.completed_sections = ["personal-details"]
        draft.save()
        made += 1
    if made:
        out.write(f"Demo applications: {made} made.")
    _seed_interviews(hr, out)
    _seed_offer(hr, out)
    return {
        "recruitment_applications": Application.objects.count(),
        "recruitment_interview_slots": InterviewSlot.objects.count(),
    }


DEMO_VIDEO_LINK = "https://meet.example.org/social-work-interviews"
# (working days ahead, start hour, minute): three slots a day, an hour each.
DEMO_TIMES = [(days, hour, 0) for days in (2, 3, 4) for hour in (10, 12, 14)]


def _demo_slot(vacancy, days_ahead: int, hour: int, minute: int, panel, hr, **extra):
    day = add_working_days(timezone.localdate(), days_ahead)
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))
    details = slots.SlotDetails(
        vacancy=vacancy,
        start=start,
        end=start + datetime.timedelta(hours=1),
        format=InterviewFormat.VIDEO,
        video_link=DEMO_VIDEO_LINK,
        **extra,
    )
    return slots.slot_create(details=details, panel=panel, by=hr)


def _seed_interviews(hr, out) -> None:
    """Slots next week with panel@example.org: Sofia (shortlisted) is invited and has
    booked one, so the panel has an interview to score; Amira (fast-tracked, the demo
    applicant) has been offered two bespoke slots to book. Liam's fast-track offer is
    left overdue for HR to make. Made once: skipped when any slot exists."""
    User = get_user_model()
    panel = list(User.objects.filter(email="panel@example.org"))
    if hr is None or not panel or InterviewSlot.objects.exists():
        return
    sofia = Application.objects.filter(
        applicant__email="demo.shortlist@example.org", status=Status.SHORTLISTED
    ).first()
    amira = Application.objects.filter(
        applicant__email="applicant@example.org", status=Status.FAST_TRACKED
    ).first()
    if sofia:
        sofia_slots = [_demo_slot(sofia.vacancy, *time, panel, hr) for time in DEMO_TIMES]
        sofia = interviews.application_record_interview_offered(application=sofia, by=hr)
        interviews.interview_book(application=sofia, slot=sofia_slots[0], by=sofia.applicant)
    if amira:
        bespoke = [
            _demo_slot(amira.vacancy, 2, 16, 0, panel, hr, bespoke_for=amira),
            _demo_slot(amira.vacancy, 3, 16, 0, panel, hr, bespoke_for=amira),
        ]
        interviews.bespoke_interview_offer(application=amira, slots=bespoke, by=hr)
    out.write(f"Demo interview slots: {InterviewSlot.objects.count()} made.")


# Checks, first day, retention ---------------------------------------------------------------

DEMO_OFFER_EMAIL = "demo.offer@example.org"


def _seed_offer(hr, out) -> None:
    """Priya accepted an offer; HR have cleared her right to work and DBS, the rest is
    pending. Her application moves along the state machine; the offer is a row (the offer
    journey's own services make it in use), its checks made and recorded by the services."""
    User = get_user_model()
    vacancy = _vacancy(Route.EXPERIENCED, skip=1)
    team = Team.objects.order_by("pk").first()
    template = OfferLetterTemplate.objects.filter(is_default=True).first()
    if (
        None in (vacancy, team, template, hr)
        or Offer.objects.filter(application__applicant__email=DEMO_OFFER_EMAIL).exists()
    ):
        return
    user, created = User.objects.get_or_create(
        email=DEMO_OFFER_EMAIL, defaults={"first_name": "Priya", "last_name": "Shah"}
    )
    if created:
        user.set_unusable_password()
        user.save()
    application = Application.objects.filter(applicant=user, vacancy=vacancy).first()
    if application is None:
        application = drafts.application_start(applicant=user, vacancy=vacancy)
        _fill(application, years=6, months=66, asye_done=True, agency=False)
        application, _ = submission.application_submit(application=application, by=user)
    _accept_offer(application, hr=hr, team=team, template=template)
    out.write("Demo offer: 1 accepted, checks partly cleared.")


def _accept_offer(application: Application, *, hr, team, template) -> Offer:
    today = timezone.localdate()
    with transaction.atomic():
        application = common.locked_application(application.pk)
        for to, action in (
            (Status.INTERVIEWING, TimelineAction.INTERVIEW_HELD),
            (Status.OFFERED, TimelineAction.OFFER_SENT),
            (Status.CONDITIONS_PENDING, TimelineAction.OFFER_ACCEPTED),
        ):
            if application.status in TRANSITIONS and to in TRANSITIONS[application.status]:
                common.move(application, to=to, by=hr, action=action)
        application.save()
        offer = Offer.objects.create(
            application=application,
            state=OfferState.ACCEPTED,
            job_title="Senior social worker",
            team=team,
            grade="sw3",
            salary_point="Grade 10, point 36",
            employment_type="permanent",
            proposed_start_date=add_working_days(today, 25),
            letter_template=template,
            made_by=hr,
            sent_at=timezone.now(),
            response_deadline=add_working_days(today, 5),
            answered_at=timezone.now(),
        )
        checks.checks_create_for_offer(offer)
    recorded_on = today - datetime.timedelta(days=1)
    right_to_work = offer.checks.filter(kind=CheckKind.RIGHT_TO_WORK).first()
    if right_to_work:
        checks.check_record(
            check=right_to_work,
            by=hr,
            status=CheckStatus.CLEARED,
            checked_on=recorded_on,
            note="Passport seen",
        )
    dbs = offer.checks.filter(kind=CheckKind.DBS).first()
    if dbs:
        checks.check_record(
            check=dbs,
            by=hr,
            status=CheckStatus.CLEARED,
            checked_on=recorded_on,
            note="",
            dbs_certificate_number="001234567890",
            dbs_issue_date=recorded_on,
            dbs_outcome=DbsOutcome.CLEAR,
        )
    return offer
