"""Demo cohorts for people trying the portal. Idempotent: a second run finds what the first made.

Runs after ``portal.demo`` (which makes the demo people, organisations, service
areas and teams): an ASYE cohort of 8 mentored by mentor@example.org with
nqsw@example.org in it, an apprenticeship cohort of 6, and a grow-your-own
degree cohort shared with Shire County Council, whose coordinator is
partner@example.org. Placements are planned by the rotation planner and
supervised by supervisor@example.org.
"""

import datetime
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.conf import settings
from django.utils import timezone

from cohorts import planner, progression_demo, selectors
from cohorts.models import (
    Attendance,
    CapabilityDomain,
    CaseloadCount,
    Cohort,
    CohortPartner,
    Enrolment,
    EnrolmentPause,
    EvidenceEntry,
    KnowledgeStatement,
    MentoringMeeting,
    OffTheJobLog,
    PartnerCoordinator,
    Placement,
    PlacementDayLog,
    PracticeSupervisor,
    Programme,
    SupervisionSession,
    TaughtSession,
)
from cohorts.services import caseloads, enrolments, evidence, placements
from portal import roles
from portal.calendar import add_months
from portal.demo import demo_password
from portal.models import Organisation, Team, User

# Demo teams take more learners than the default, so three cohorts fit at once.
DEMO_CAPACITY = {
    "early-help": 8,
    "camhs": 4,
    "family-intervention": 4,
    "duty": 3,
    "fieldwork": 4,
    "children-in-care": 3,
    "whole-life-disabilities": 2,
    "multi-systemic-therapy": 2,
}

ASYE_MEMBERS = [("nqsw@example.org", "Niamh", "Quinn")] + [
    (f"nqsw{n}@example.org", first, last)
    for n, (first, last) in enumerate(
        [
            ("Tom", "Baxter"),
            ("Aisha", "Rahman"),
            ("Ben", "Carter"),
            ("Chloe", "Evans"),
            ("Dev", "Mistry"),
            ("Ella", "Ward"),
            ("Femi", "Adeyemi"),
        ],
        start=2,
    )
]
APPRENTICES = [
    (f"apprentice{n}@example.org", first, last)
    for n, (first, last) in enumerate(
        [
            ("Grace", "Hughes"),
            ("Harry", "Lloyd"),
            ("Imran", "Shah"),
            ("Jess", "Morgan"),
            ("Kofi", "Mensah"),
            ("Lucy", "Price"),
        ],
        start=1,
    )
]
CHILDRENS, ADULTS = Enrolment.Service.CHILDRENS, Enrolment.Service.ADULTS
# (email, first name, last name, employed by the partner council, service)
LEARNERS = [
    ("learner1@example.org", "Maya", "Collins", False, CHILDRENS),
    ("learner2@example.org", "Noah", "Bennett", False, CHILDRENS),
    ("learner3@example.org", "Olivia", "Turner", False, ADULTS),
    ("learner4@example.org", "Priya", "Nair", True, CHILDRENS),
    ("learner5@example.org", "Rhys", "Owen", True, CHILDRENS),
]


def _user(email: str, first: str, last: str, password: str) -> User:
    user, created = User.objects.get_or_create(
        email=email, defaults={"first_name": first, "last_name": last}
    )
    if created:
        user.set_password(password)
        user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    user.groups.add(roles.sync_role(roles.COHORT_MEMBER))
    return user


def _cohort(programme_slug: str, name: str, start: datetime.date, **fields) -> Cohort:
    programme = Programme.objects.get(slug=programme_slug)
    cohort, _created = Cohort.objects.get_or_create(
        programme=programme, name=name, defaults={"start_date": start, **fields}
    )
    return cohort


def _enrol(
    cohort: Cohort,
    member: User,
    employer: Organisation,
    service: str = Enrolment.Service.CHILDRENS,
):
    existing = Enrolment.objects.filter(cohort=cohort, member=member).first()
    if existing:
        return existing
    return enrolments.enrolment_create(
        member=member, cohort=cohort, employer=employer, service=service, by=None
    )


def _plan(cohort: Cohort, supervisor: User, out) -> int:
    if Placement.objects.filter(enrolment__cohort=cohort).exists():
        return 0
    try:
        proposal = selectors.plan_for_cohort(cohort)
    except planner.PlanImpossible as error:
        out.write(f"  No rotation for {cohort}: {error}")
        return 0
    members = {e.pk: e for e in cohort.enrolments.all()}
    teams = {t.pk: t for t in Team.objects.all()}
    for item in proposal.placements:
        placements.placement_assign(
            enrolment=members[item.member],
            team=teams[item.team],
            start_date=item.start,
            end_date=item.end,
            supervisor=supervisor,
            by=None,
            notify=False,
        )
    return len(proposal.placements)


def _sessions(cohort: Cohort, dates, kind, topics, place, today) -> None:
    members = list(cohort.enrolments.order_by("pk"))
    for index, day in enumerate(dates):
        session, _created = TaughtSession.objects.get_or_create(
            cohort=cohort,
            date=day,
            topic=topics[index % len(topics)],
            defaults={
                "kind": kind,
                "start_time": datetime.time(9, 30),
                "end_time": datetime.time(12, 30),
                "place": place,
                "video_link": "" if place else "https://video.example.org/training",
                "facilitator": "Dr Helen Marsh",
            },
        )
        if day >= today:
            continue
        for position, enrolment in enumerate(members):
            # A fixed pattern: mostly present, some late, the odd absence.
            pattern = (index + position) % 9
            status = (
                Attendance.Status.ABSENT
                if pattern == 0
                else Attendance.Status.LATE
                if pattern == 4
                else Attendance.Status.EXCUSED
                if pattern == 7 and position == 2
                else Attendance.Status.PRESENT
            )
            Attendance.objects.get_or_create(
                session=session, enrolment=enrolment, defaults={"status": status}
            )


def _log_days(cohort: Cohort, supervisor: User, today: datetime.date) -> None:
    if PlacementDayLog.objects.filter(placement__enrolment__cohort=cohort).exists():
        return
    for placement in Placement.objects.filter(enrolment__cohort=cohort, start_date__lte=today):
        week = placement.start_date - datetime.timedelta(days=placement.start_date.weekday())
        last = min(placement.end_date, today)
        n = 0
        while week <= last:
            kind = PlacementDayLog.Kind.SKILLS if n % 8 == 0 else PlacementDayLog.Kind.PRACTICE
            PlacementDayLog.objects.create(
                placement=placement,
                week_starting=week,
                days=Decimal("2") if kind == PlacementDayLog.Kind.SKILLS else Decimal("3"),
                kind=kind,
                logged_by=supervisor,
            )
            week += datetime.timedelta(weeks=1)
            n += 1


def seed(out) -> dict:
    if not getattr(settings, "PORTAL_DEMO_DATA_ALLOWED", False):
        raise RuntimeError("Demo data is refused under these settings.")
    today = timezone.localdate()
    password = demo_password()
    council = Organisation.objects.get(name="Example City Council")
    shire = Organisation.objects.get(name="Shire County Council")
    university = Organisation.objects.get(name="Metropolitan University")
    mentor = User.objects.get(email="mentor@example.org")
    supervisor = User.objects.get(email="supervisor@example.org")
    coordinator = User.objects.get(email="partner@example.org")

    for team in Team.objects.select_related("service_area"):
        capacity = DEMO_CAPACITY.get(team.service_area.slug)
        if capacity and team.learner_capacity < capacity:
            team.learner_capacity = capacity
            team.save(update_fields=["learner_capacity"])
    duty = Team.objects.filter(service_area__slug="duty").order_by("name").first()
    PracticeSupervisor.objects.get_or_create(
        user=supervisor,
        defaults={
            "team": duty,
            "restorative_trained": True,
            "restorative_trained_on": datetime.date(2025, 3, 14),
        },
    )
    PartnerCoordinator.objects.get_or_create(user=coordinator, defaults={"organisation": shire})

    # ASYE: started this autumn, running now.
    asye_start = datetime.date(today.year if today.month >= 9 else today.year - 1, 9, 1)
    asye = _cohort(
        "asye",
        f"ASYE intake September {asye_start.year}",
        asye_start,
        mentor=mentor,
        capacity=10,
    )
    for email, first, last in ASYE_MEMBERS:
        _enrol(asye, _user(email, first, last, password), council)

    apprenticeship = _cohort(
        "social-work-degree-apprenticeship",
        f"Social worker apprentices January {asye_start.year}",
        datetime.date(asye_start.year, 1, 5),
        mentor=mentor,
        university=university,
        capacity=6,
    )
    for email, first, last in APPRENTICES:
        _enrol(apprenticeship, _user(email, first, last, password), council)

    gyo_start = datetime.date(asye_start.year - 1, 9, 1)
    grow = _cohort(
        "grow-your-own-degree",
        f"Grow your own degree {gyo_start.year} to {gyo_start.year + 2}",
        gyo_start,
        mentor=mentor,
        university=university,
        capacity=26,
        fee_per_learner=Decimal("9000"),
        council_contribution_per_learner=Decimal("1500"),
    )
    CohortPartner.objects.get_or_create(
        cohort=grow,
        organisation=shire,
        defaults={"contribution_per_learner": Decimal("2000"), "places": 4},
    )
    for email, first, last, with_partner, service in LEARNERS:
        _enrol(
            grow, _user(email, first, last, password), shire if with_partner else council, service
        )

    # Oldest cohort first, as they would have been planned in real life.
    planned = sum(_plan(cohort, supervisor, out) for cohort in (grow, apprenticeship, asye))

    # Sessions: practice improvement days every 5 weeks for the ASYE cohort,
    # two taught sessions a month for the degree cohorts.
    _sessions(
        asye,
        [asye_start + datetime.timedelta(weeks=2 + 5 * n) for n in range(10)],
        TaughtSession.Kind.PRACTICE_IMPROVEMENT,
        ["Working with courts", "Direct work with children", "Chronologies", "Risk and need"],
        "Council House, Committee Room 1",
        today,
    )
    for cohort in (apprenticeship, grow):
        dates = []
        for month in range(24):
            first = add_months(cohort.start_date, month)
            dates += [first + datetime.timedelta(days=9), first + datetime.timedelta(days=23)]
        _sessions(
            cohort,
            dates,
            TaughtSession.Kind.TAUGHT,
            ["Law and social work", "Human growth and development", "Research methods"],
            "",
            today,
        )
        _log_days(cohort, supervisor, today)

    if not OffTheJobLog.objects.filter(enrolment__cohort=apprenticeship).exists():
        first_monday = apprenticeship.start_date - datetime.timedelta(
            days=apprenticeship.start_date.weekday()
        )
        logs = []
        for position, enrolment in enumerate(apprenticeship.enrolments.order_by("pk")):
            week = first_monday
            while week + datetime.timedelta(days=6) < today:
                logs.append(
                    OffTheJobLog(
                        enrolment=enrolment,
                        week_starting=week,
                        # One apprentice falls behind, so the mentor has someone to look at.
                        hours=Decimal("4") if position == 0 else Decimal("6.5"),
                        activity="University teaching day and reading",
                    )
                )
                week += datetime.timedelta(weeks=1)
        OffTheJobLog.objects.bulk_create(logs)

    # Recent mentoring meetings for most members; two are overdue one.
    for cohort in (asye, apprenticeship, grow):
        for position, enrolment in enumerate(cohort.enrolments.order_by("pk")):
            if position in (1, 4) or enrolment.meetings.exists():
                continue
            day = max(today - datetime.timedelta(days=10 + position), enrolment.start_date)
            if day <= today:
                MentoringMeeting.objects.create(
                    enrolment=enrolment,
                    mentor=mentor,
                    date=day,
                    notes="Talked through caseload and the next placement.",
                    agreed_actions="Book protected development time in the diary.",
                )

    niamh = Enrolment.objects.get(cohort=asye, member__email="nqsw@example.org")
    first_meeting = asye_start + datetime.timedelta(days=21)
    if first_meeting <= today:
        MentoringMeeting.objects.get_or_create(
            enrolment=niamh,
            mentor=mentor,
            date=first_meeting,
            defaults={
                "notes": "Settling in well on duty. Keen to learn about court work.",
                "agreed_actions": "Observe a Legal Planning Meeting before the 3-month review.",
            },
        )
    paused = Enrolment.objects.get(cohort=asye, member__email="nqsw5@example.org")
    if not paused.pauses.exists():
        enrolments.enrolment_pause(
            enrolment=paused,
            reason=EnrolmentPause.Reason.ILLNESS,
            start_date=asye_start + datetime.timedelta(days=40),
            end_date=asye_start + datetime.timedelta(days=53),
            note="Agreed with occupational health.",
            by=None,
        )

    progression_demo.seed(today, mentor)
    _caseloads(asye, supervisor, today)
    # Supervision: the demo supervisor is Niamh's line manager; one session
    # confirmed, one waiting for Niamh to confirm.
    if niamh.line_manager_id is None:
        niamh.line_manager = supervisor
        niamh.save(update_fields=["line_manager"])
    if not niamh.supervision_sessions.exists():
        for days_ago, confirmed in ((9, True), (2, False)):
            day = today - datetime.timedelta(days=days_ago)
            if day < niamh.start_date:
                continue
            SupervisionSession.objects.create(
                enrolment=niamh,
                date=day,
                minutes=90 if confirmed else 60,
                kind=SupervisionSession.Kind.INDIVIDUAL,
                supervisor=supervisor,
                notes="Talked through a hard home visit and how it felt afterwards.",
                logged_by=supervisor,
                confirmed_by=niamh.member if confirmed else None,
                confirmed_at=timezone.now() if confirmed else None,
            )
    _evidence(niamh, today)

    out.write(
        f"Cohorts: {Cohort.objects.count()} cohorts, "
        f"{Enrolment.objects.count()} enrolments, {planned} new placements."
    )
    return {}


def _caseloads(cohort: Cohort, manager: User, today: datetime.date) -> None:
    """Twelve weekly caseload counts for the ASYE members; the first goes over the cap."""
    members = [e.member for e in cohort.enrolments.select_related("member").order_by("pk")]
    if not members or CaseloadCount.objects.filter(person=members[0]).exists():
        return
    for week in range(11, -1, -1):
        day = today - datetime.timedelta(weeks=week)
        if day < cohort.start_date:
            continue
        for position, member in enumerate(members):
            count = 9 + (11 - week) // 2 + position % 3
            if position == 0 and week < 3:
                count = 17
            caseloads.caseload_record(
                person=member, day=day, count=min(count, 15 if position else 17), by=manager
            )


def _evidence(enrolment: Enrolment, today: datetime.date) -> None:
    """Evidence and the capability framework (issue 10): a few entries for Niamh."""
    if enrolment.evidence_entries.exists():
        return
    kinds = EvidenceEntry.Kind
    for days, kind, title, domains, statements in (
        (14, kinds.DIRECT_OBSERVATION, "Observed home visit with my assessor", [1, 5], [1, 3]),
        (30, kinds.FEEDBACK_PROFESSIONAL, "Feedback from a health visitor", [7], [2]),
        (45, kinds.CRITICAL_REFLECTION, "Reflecting on my first strategy meeting", [2, 4], [5]),
    ):
        day = enrolment.start_date + datetime.timedelta(days=days)
        if day > today:
            continue
        evidence.evidence_add(
            enrolment=enrolment,
            by=enrolment.member,
            kind=kind,
            date=day,
            title=title,
            reflection="What went well, what I would do differently, and what I learnt.",
            domains=CapabilityDomain.objects.filter(number__in=domains),
            statements=KnowledgeStatement.objects.filter(number__in=statements),
        )
