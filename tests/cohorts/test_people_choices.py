"""Who each cohorts drop-down may list, and that no cohorts page names someone who only applied.

Choosers list only the people a field may hold (``cohorts.selectors``): a
cohort's mentor a head of service, a placement's supervisor a practice
supervisor, a member someone enrolled or in the cohort-member role, a partner
coordinator's person a partner coordinator, a practice supervisor's record a
member of staff. An applicant's name is on no cohorts page, for anyone.
"""

import datetime
import io
import re
import zipfile
from decimal import Decimal

import django_filters
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from wagtail.admin.viewsets import viewsets as admin_viewsets
from wagtail.admin.viewsets.model import ModelViewSet

from cohorts import selectors
from cohorts.filters import SupervisedPlacementFilter
from cohorts.models import (
    Attendance,
    CapabilityDomain,
    CaseloadBreach,
    DevelopmentOpportunity,
    EvidenceEntry,
    KnowledgeStatement,
    ModerationPanel,
    OffTheJobLog,
    PlacementDayLog,
    Programme,
)
from cohorts.services import (
    caseload_imports,
    caseloads,
    enrolments,
    placements,
    progression,
    sessions,
)
from portal import roles
from portal.forms import BoundedChoiceMixin
from portal.models import StaffRecord, User
from tests.cohorts import factories as f
from tests.factories import give_totp, sign_in_with_mfa, staff_record
from tests.recruitment import factories as recruitment

pytestmark = pytest.mark.django_db

D = datetime.date

# Someone who has only applied for a post: no cohorts page may name them.
APPLICANT = {
    "first_name": "Zephyrine",
    "last_name": "Applebaum-Quist",
    "email": "only.applied@example.org",
}


def applicant_only() -> User:
    applicant = f.user_with_role(roles.APPLICANT, **APPLICANT)
    recruitment.submitted(applicant=applicant)
    return applicant


def names_the_applicant(text: str) -> list[str]:
    return [value for value in APPLICANT.values() if value.lower() in text.lower()]


def options(html: str, name: str) -> set[str]:
    """The labels of the options of the drop-down called ``name``."""
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, f"no drop-down called {name}"
    labels = re.findall(r"<option[^>]*>(.*?)</option>", select.group(1), re.S)
    return {label.strip() for label in labels} - {"---------"}


# The selectors ------------------------------------------------------------------------


@pytest.fixture
def people():
    def person(*held, **fields):
        return f.UserFactory(roles=list(held), **fields)

    return {
        "applicant": applicant_only(),
        "mentor": person(roles.MENTOR),
        "supervisor": person(roles.PRACTICE_SUPERVISOR),
        "supervisor_record": f.PracticeSupervisorFactory(user=person(roles.HR_OFFICER)).user,
        "member": person(roles.COHORT_MEMBER),
        "hired_applicant": person(roles.APPLICANT, roles.COHORT_MEMBER),
        "coordinator": person(roles.PARTNER_COORDINATOR),
        "hr": person(roles.HR_OFFICER),
        "editor": person(roles.CONTENT_EDITOR),
        "django_staff": person(is_staff=True),
        "nobody": person(),
        "gone_mentor": person(roles.MENTOR, is_active=False),
    }


def chosen(queryset) -> set[User]:
    return set(queryset)


def test_a_cohorts_mentor_is_a_head_of_service(people):
    assert chosen(selectors.mentor_choices()) == {people["mentor"]}


def test_a_placements_supervisor_holds_the_role_or_a_practice_supervisors_record(people):
    assert chosen(selectors.supervisor_choices()) == {
        people["supervisor"],
        people["supervisor_record"],
    }


def test_a_member_holds_the_member_role_or_is_enrolled_but_never_only_applied(people):
    enrolled = f.enrol(member=people["nobody"]).member
    assert chosen(selectors.member_choices()) == {
        people["member"],
        people["hired_applicant"],
        enrolled,
    }


def test_a_member_of_staff_may_be_enrolled_as_grow_your_own_staff_are(people):
    employee = staff_record().person
    assert employee in chosen(selectors.member_choices())


def test_a_partner_coordinators_person_is_a_partner_coordinator(people):
    assert chosen(selectors.partner_coordinator_choices()) == {people["coordinator"]}


def test_a_practice_supervisors_record_is_for_staff(people):
    staff = chosen(selectors.staff_choices())
    assert people["applicant"] not in staff
    assert people["member"] not in staff
    assert people["nobody"] not in staff
    assert {
        people["mentor"],
        people["supervisor"],
        people["hr"],
        people["editor"],
        people["coordinator"],
        people["django_staff"],
    } <= staff


def test_the_person_a_field_holds_stays_a_choice_once_they_no_longer_qualify(people):
    gone = people["gone_mentor"]
    assert gone not in chosen(selectors.mentor_choices())
    assert gone in chosen(selectors.mentor_choices(keep=gone.pk))
    assert people["applicant"] not in chosen(selectors.mentor_choices(keep=gone.pk))


# The back office's drop-downs -------------------------------------------------------------


def test_the_back_offices_choosers_list_only_who_may_hold_each_field(
    client, site, staff_with_mfa, people
):
    staff_with_mfa(roles.WORKFORCE_LEAD, client)
    hr = staff_with_mfa(roles.HR_OFFICER, client)
    cohort = f.CohortFactory(mentor=people["mentor"])

    def labels(url, name):
        return options(client.get(reverse(url)).text, name)

    assert labels("cohorts_cohort:add", "mentor") == {
        f"{people['mentor'].get_full_name()} ({people['mentor'].email})"
    }
    assert labels("cohorts_placement:add", "supervisor") == {
        f"{p.get_full_name()} ({p.email})"
        for p in (people["supervisor"], people["supervisor_record"])
    }
    members = labels("cohorts_enrolment:add", "member")
    assert {f"{people['member'].get_full_name()} ({people['member'].email})"} <= members
    assert len(members) == 2  # the member and the applicant the portal hired
    assert labels("cohorts_partner_coordinator:add", "user") == {
        f"{people['coordinator'].get_full_name()} ({people['coordinator'].email})"
    }
    supervisors = labels("cohorts_supervisor:add", "user")
    assert f"{hr.get_full_name()} ({hr.email})" in supervisors
    assert not any(people["member"].email in label for label in supervisors)
    # The cohort list's filter by mentor lists the people who mentor a cohort.
    assert labels("cohorts_cohort:index", "mentor") == {cohort.mentor.get_full_name()}
    for url in (
        "cohorts_cohort:add",
        "cohorts_placement:add",
        "cohorts_enrolment:add",
        "cohorts_partner_coordinator:add",
        "cohorts_supervisor:add",
        "cohorts_cohort:index",
    ):
        assert not names_the_applicant(client.get(reverse(url)).text), url


def test_editing_a_cohort_whose_mentor_left_the_role_keeps_the_mentor(
    client, site, staff_with_mfa, people
):
    staff_with_mfa(roles.HR_OFFICER, client)
    cohort = f.CohortFactory(mentor=people["gone_mentor"], name="Keeps its mentor")
    page = client.get(reverse("cohorts_cohort:edit", args=[cohort.pk])).text
    assert re.search(rf'<option value="{people["gone_mentor"].pk}" selected>', page)


def test_an_applicant_posted_into_a_chooser_is_refused(client, site, staff_with_mfa, people):
    staff_with_mfa(roles.HR_OFFICER, client)
    cohort = f.CohortFactory()
    response = client.post(
        reverse("cohorts_enrolment:add"),
        {
            "member": people["applicant"].pk,
            "cohort": cohort.pk,
            "employer": f.council().pk,
            "service": "childrens",
            "start_date": "2026-09-01",
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert not cohort.enrolments.exists()


def test_days_and_hours_are_logged_only_where_they_may_be(client, site, staff_with_mfa):
    hr = staff_with_mfa(roles.HR_OFFICER, client)
    apprenticeship = Programme.objects.get(slug="social-work-degree-apprenticeship")
    apprentice = f.enrol(cohort=f.CohortFactory(programme=apprenticeship))
    asye_member = f.enrol()
    closed = f.place(f.enrol(), team=f.TeamFactory(name="Closed team"))
    placements.placement_set_status(placement=closed, status="cancelled", by=hr)
    open_placement = f.place(asye_member, team=f.TeamFactory(name="Open team"))
    hours = options(client.get(reverse("cohorts_off_the_job:add")).text, "enrolment")
    assert hours == {str(apprentice)}
    days = options(client.get(reverse("cohorts_day_log:add")).text, "placement")
    assert days == {str(open_placement)}


def index_filtersets():
    """The filters of every cohorts listing in the back office, and the supervisor's list."""
    assert get_resolver().url_patterns  # loading the admin's URLs registers its view sets
    for viewset in admin_viewsets.viewsets:
        if isinstance(viewset, ModelViewSet) and viewset.model._meta.app_label == "cohorts":
            kwargs = viewset.get_index_view_kwargs()
            view = viewset.index_view_class(
                **{
                    key: value
                    for key, value in kwargs.items()
                    if value is not ModelViewSet.UNDEFINED
                }
            )
            if view.filterset_class:
                yield viewset.name, view.filterset_class
    yield "supervision", SupervisedPlacementFilter


def test_every_filter_by_a_row_takes_its_id_through_a_bounded_field():
    checked = 0
    for listing, filterset in index_filtersets():
        for name, declared in filterset.base_filters.items():
            if isinstance(declared, django_filters.ModelChoiceFilter):
                assert issubclass(declared.field_class, BoundedChoiceMixin), (listing, name)
                checked += 1
    assert checked >= 10


# No cohorts page names an applicant ------------------------------------------------------


class World:
    """One of each thing the cohorts pages show, and someone who has only applied."""

    def __init__(self):
        today = datetime.date.today()
        start = today - datetime.timedelta(days=30)
        self.applicant = applicant_only()
        self.hr = f.hr()
        self.cohort = f.CohortFactory(start_date=start, name="ASYE intake for the walk")
        f.CohortPartnerFactory(cohort=self.cohort)
        self.member = f.user_with_role(roles.COHORT_MEMBER)
        self.enrolment = f.enrol(cohort=self.cohort, member=self.member)
        self.supervisor_record = f.PracticeSupervisorFactory()
        self.supervisor = self.supervisor_record.user
        self.placement = f.place(
            self.enrolment,
            team=self.supervisor_record.team,
            start=start,
            end=start + datetime.timedelta(days=60),
            supervisor=self.supervisor,
        )
        self.day_log = placements.placement_log_days(
            placement=self.placement,
            week_starting=start,
            days=Decimal("2"),
            kind=PlacementDayLog.Kind.PRACTICE,
            by=self.supervisor,
        )
        self.pause = enrolments.enrolment_pause(
            enrolment=self.enrolment,
            reason="illness",
            start_date=today + datetime.timedelta(days=40),
            end_date=today + datetime.timedelta(days=41),
            by=self.hr,
        )
        self.session = f.TaughtSessionFactory(cohort=self.cohort, date=today)
        sessions.attendance_record(
            session=self.session,
            enrolment=self.enrolment,
            status=Attendance.Status.PRESENT,
            by=self.hr,
        )
        f.MentoringMeetingFactory(enrolment=self.enrolment, date=today)
        self.evidence = EvidenceEntry.objects.create(
            enrolment=self.enrolment, kind="other", date=start, title="Walk evidence"
        )
        apprenticeship = Programme.objects.get(slug="social-work-degree-apprenticeship")
        self.apprentice = f.enrol(cohort=f.CohortFactory(programme=apprenticeship))
        self.hours = OffTheJobLog.objects.create(
            enrolment=self.apprentice, week_starting=start, hours=6, activity="Lecture"
        )
        self.coordinator = f.PartnerCoordinatorFactory()
        # Over the ASYE's cap of 15: a count, a breach and an import for the walk.
        self.caseload = caseloads.caseload_record(
            person=self.member, day=today, count=18, by=self.hr
        )
        self.breach = CaseloadBreach.objects.get(enrolment=self.enrolment)
        self.caseload_import = caseload_imports.import_upload(
            upload=SimpleUploadedFile(
                "counts.csv", f"worker,date,count\n{self.member.email},{today},12\n".encode()
            ),
            by=self.hr,
        )
        # Progression: a level 3 social worker's conversation, opportunity and panel,
        # mentored by a senior practitioner, who is nominated for the PSDP.
        level_3 = staff_record(grade=StaffRecord.Grade.SOCIAL_WORKER_3)
        senior = staff_record(grade=StaffRecord.Grade.SENIOR_PRACTITIONER)
        self.conversation = progression.conversation_record(
            staff=level_3, held_on=today, held_by=self.hr, aspirations="Court work", by=self.hr
        )
        self.opportunity = progression.opportunity_save(
            opportunity=DevelopmentOpportunity(
                conversation=self.conversation,
                kind=DevelopmentOpportunity.Kind.choices[0][0],
                planned_on=today,
            ),
            by=self.hr,
        )
        self.decision = progression.decision_record(
            staff=level_3, panel_on=today, decision="stay", reason="Not yet", by=self.hr
        )
        self.mentorship = progression.mentorship_record(
            mentor=senior, mentee=level_3.person, start_date=today, end_date=None, by=self.hr
        )
        self.nomination = progression.psdp_nominate(staff=senior, nominated_on=today, by=self.hr)
        # Review points are made on enrolling; a panel for the back office's walk.
        self.review = self.enrolment.review_points.order_by("due_date").first()
        self.panel = ModerationPanel.objects.create(date=today)
        self.objects = {
            "cohorts_programme": self.cohort.programme,
            "cohorts_cohort": self.cohort,
            "cohorts_enrolment": self.enrolment,
            "cohorts_pause": self.pause,
            "cohorts_placement": self.placement,
            "cohorts_day_log": self.day_log,
            "cohorts_off_the_job": self.hours,
            "cohorts_session": self.session,
            "cohorts_supervisor": self.supervisor_record,
            "cohorts_partner_coordinator": self.coordinator,
            "cohorts_caseload_count": self.caseload,
            "cohorts_caseload_breach": self.breach,
            "cohorts_caseload_import": self.caseload_import,
            "cohorts_development_conversation": self.conversation,
            "cohorts_development_opportunity": self.opportunity,
            "cohorts_progression_decision": self.decision,
            "cohorts_staff_mentorship": self.mentorship,
            "cohorts_psdp_nomination": self.nomination,
            "cohorts_psdp_policy": progression.psdp_policy(),
            "cohorts_capability_domain": CapabilityDomain.objects.first(),
            "cohorts_knowledge_statement": KnowledgeStatement.objects.first(),
            "cohorts_moderation_panel": self.panel,
        }
        # The front end's addresses, by what their public id names.
        self.public = {
            "cohorts:mentor_cohort": self.cohort,
            "cohorts:mentor_member": self.enrolment,
            "cohorts:supervision_learner": self.enrolment,
            "cohorts:learner_evidence": self.enrolment,
            "cohorts:my_evidence_entry": self.evidence,
            "cohorts:my_evidence_edit": self.evidence,
            "cohorts:evidence_file": self.evidence,
            "cohorts:mentor_register": self.session,
            "cohorts:supervision_placement": self.placement,
            "cohorts:supervision_sign_off": self.placement,
            "cohorts:learner_supervision": self.enrolment,
            "cohorts:supervision_review": (self.enrolment, self.review),
            "cohorts:review_record": self.review,
        }


def cohorts_url_names(patterns=None, namespace="") -> list[str]:
    """Every named address of cohorts, front end and back office: found, not listed."""
    found = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            found.extend(cohorts_url_names(pattern.url_patterns, inner))
        elif (
            isinstance(pattern, URLPattern)
            and pattern.name
            and (namespace == "cohorts" or namespace.startswith("cohorts_"))
        ):
            found.append(f"{namespace}:{pattern.name}")
    return found


def address(world: World, name: str) -> str:
    """``name``'s address for the world's objects; a new kind of parameter fails here."""
    if name in world.public:
        named = world.public[name]
        objects = named if isinstance(named, tuple) else (named,)
        return reverse(name, args=[obj.public_id for obj in objects])
    if name == "cohorts:learner_evidence_entry":
        return reverse(name, args=[world.enrolment.public_id, world.evidence.public_id])
    try:
        return reverse(name)
    except NoReverseMatch:
        # It takes a parameter: the primary key of its view set's object.
        namespace = name.split(":")[0]
        assert namespace in world.objects, f"the walk does not know what {name} needs"
        return reverse(name, args=[world.objects[namespace].pk])


def page_text(response) -> str:
    if getattr(response, "streaming", False):
        body = b"".join(response.streaming_content)
    else:
        body = response.content
    if body[:2] == b"PK":  # a spreadsheet: its sheets are XML in a zip
        with zipfile.ZipFile(io.BytesIO(body)) as sheet:
            return " ".join(sheet.read(name).decode() for name in sheet.namelist())
    return body.decode(errors="replace")


WALKERS = [role for role in roles.ROLES if role != roles.APPLICANT] + [roles.APPLICANT]


@pytest.mark.parametrize("role", WALKERS, ids=[role.slug for role in WALKERS])
def test_no_cohorts_page_or_export_names_someone_who_only_applied(client, site, role):
    world = World()
    names = cohorts_url_names()
    assert len(names) > 90 and "cohorts:supervision_home" in names  # the walk found them
    person = {
        roles.HR_OFFICER: world.hr,
        roles.MENTOR: world.cohort.mentor,
        roles.PRACTICE_SUPERVISOR: world.supervisor,
        roles.COHORT_MEMBER: world.member,
        roles.PARTNER_COORDINATOR: world.coordinator.user,
    }.get(role) or f.user_with_role(role)
    if role.staff:
        give_totp(person)
    sign_in_with_mfa(client, person)
    client.raise_request_exception = False
    visited = 0
    for name in names:
        url = address(world, name)
        queries = [""]
        if name.endswith(":index"):
            queries += ["?export=csv", "?export=xlsx"]
        for query in queries:
            response = client.get(url + query)
            assert response.status_code < 500, (url + query, response.status_code)
            assert not names_the_applicant(page_text(response)), (role.slug, url + query)
            visited += 1
    home = client.get(reverse("wagtailadmin_home"))
    assert not names_the_applicant(page_text(home))
    assert visited >= len(names)
