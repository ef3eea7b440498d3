"""Factories for cohorts' models. Programmes come from the seeding migration when present."""

import datetime

import factory

from cohorts.models import (
    Cohort,
    CohortPartner,
    Enrolment,
    MentoringMeeting,
    PartnerCoordinator,
    Placement,
    PracticeSupervisor,
    Programme,
    TaughtSession,
)
from cohorts.services import enrolments, placements
from portal import roles
from portal.models import Organisation, User
from tests.factories import (
    OrganisationFactory,
    ServiceAreaFactory,
    TeamFactory,
    UserFactory,
    user_with_role,
)

__all__ = [
    "OrganisationFactory",
    "ServiceAreaFactory",
    "TeamFactory",
    "UserFactory",
    "user_with_role",
]

START = datetime.date(2026, 9, 1)


def council() -> Organisation:
    return OrganisationFactory(name="Example City Council", kind=Organisation.Kind.COUNCIL)


def asye() -> Programme:
    programme, _ = Programme.objects.get_or_create(
        slug="asye",
        defaults={
            "name": "Assessed and Supported Year in Employment",
            "kind": Programme.Kind.ASYE,
            "length_months": 12,
            "max_duration_months": 24,
            "review_points": [
                {"month": 3},
                {"month": 6},
                {"month": 9, "optional": True},
                {"month": 12},
            ],
            "has_moderation_panel": True,
            "caseload_cap": 15,
            "protected_time_percent": 10,
            "supervision_rule": [
                {"to_week": 6, "every": "week"},
                {"to_week": 26, "every": "fortnight"},
                {"every": "month"},
            ],
            "rotation": {
                "induction_months": 1,
                "induction_areas": ["early-help", "camhs", "family-intervention"],
                "first_area": "duty",
                "areas": ["duty", "fieldwork", "children-in-care"],
            },
        },
    )
    return programme


def grow_your_own() -> Programme:
    programme, _ = Programme.objects.get_or_create(
        slug="grow-your-own-degree",
        defaults={
            "name": "Grow-your-own social work degree",
            "kind": Programme.Kind.GROW_YOUR_OWN,
            "length_months": 24,
            "max_duration_months": 36,
            "practice_learning_days": 200,
            "max_skills_days": 30,
            "rotation": {"areas": ["early-help", "fieldwork"]},
        },
    )
    return programme


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    name = factory.Sequence(lambda n: f"Programme {n}")
    slug = factory.Sequence(lambda n: f"programme-{n}")
    kind = Programme.Kind.PROGRESSION
    length_months = 12


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort

    programme = factory.LazyFunction(asye)
    name = factory.Sequence(lambda n: f"ASYE intake {n}")
    start_date = START
    mentor = factory.LazyFunction(lambda: user_with_role(roles.MENTOR))
    capacity = 500


class CohortPartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CohortPartner

    cohort = factory.SubFactory(CohortFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    contribution_per_learner = 1000


def enrol(cohort=None, member=None, employer=None, by=None, **kwargs) -> Enrolment:
    """An enrolment made through the service, as the back office would."""
    cohort = cohort or CohortFactory()
    member = member or user_with_role(roles.COHORT_MEMBER)
    return enrolments.enrolment_create(
        member=member, cohort=cohort, employer=employer or council(), by=by, **kwargs
    )


def place(
    enrolment, team=None, start=None, end=None, supervisor=None, by=None, **kwargs
) -> Placement:
    start = start or enrolment.start_date
    end = end or start + datetime.timedelta(days=90)
    return placements.placement_assign(
        enrolment=enrolment,
        team=team or TeamFactory(),
        start_date=start,
        end_date=end,
        supervisor=supervisor,
        by=by,
        **kwargs,
    )


def hr() -> User:
    return user_with_role(roles.HR_OFFICER)


class TaughtSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TaughtSession

    cohort = factory.SubFactory(CohortFactory)
    topic = factory.Sequence(lambda n: f"Session {n}: assessment in practice")
    date = START + datetime.timedelta(days=14)
    start_time = datetime.time(9, 30)
    end_time = datetime.time(12, 30)
    place = "Room 2, Civic Centre"
    facilitator = "Dr Ada Lovelace"


class MentoringMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MentoringMeeting

    enrolment = None
    mentor = factory.LazyAttribute(lambda o: o.enrolment.cohort.mentor)
    date = START + datetime.timedelta(days=20)
    notes = "Talked about court work."
    agreed_actions = "Shadow a Legal Planning Meeting."


class PracticeSupervisorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PracticeSupervisor

    user = factory.LazyFunction(lambda: user_with_role(roles.PRACTICE_SUPERVISOR))
    team = factory.SubFactory(TeamFactory)
    restorative_trained = True


class PartnerCoordinatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerCoordinator

    user = factory.LazyFunction(lambda: user_with_role(roles.PARTNER_COORDINATOR))
    organisation = factory.SubFactory(OrganisationFactory)
