"""Every address of the portal, asked for by everyone, with ids of other people's things.

The addresses are found, not listed: every URL pattern whose view is the
portal's own, or that belongs to one of its admin view sets. Each parameter is
filled with ids of objects that belong to somebody else (applications,
interviews, enrolments, placements, exports…) and with ids nobody has. Each
address is asked for, with GET, by an anonymous visitor and by a person in each
role, none of them the owner, and:

- nothing answers with a server error;
- nobody sees another person's data they may not see: an applicant's name and
  address (HR may, except while shortlisting is blind), a learner's name (HR and
  the workforce lead may), a mentoring note (nobody but the two people in it);
- no staff page answers a staff member who has not set up their authenticator.

A new address is tried by itself: nobody has to remember to add it here.
"""

import datetime
import re
import uuid
from dataclasses import dataclass, field

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern
from wagtail.admin.viewsets import viewsets as admin_viewsets

from cohorts.models import Attendance, EnrolmentPause, EvidenceEntry, PlacementDayLog
from portal import roles
from portal.middleware import STAFF_PATH_PREFIXES
from portal.models import Organisation
from recruitment.choices import DataExportState, Status
from recruitment.models import DataExport, EqualityMonitoring, Note
from recruitment.services import interviews
from tests.cohorts import factories as cohort_factories
from tests.factories import UserFactory, give_totp, sign_in_with_mfa
from tests.recruitment import factories

pytestmark = pytest.mark.django_db

APPS = ("portal", "cms", "recruitment", "cohorts")

# What only some people may ever read, planted in the world below.
BLIND_APPLICANT = ("Quillfeather", "xanthe.quillfeather@example.org")
INTERVIEWED_APPLICANT = ("Marchbanks", "oriel.marchbanks@example.org")
LEARNER = ("Thistlewood",)
MEETING_NOTE = ("NOTE-ONLY-FOR-MENTOR-AND-MEMBER",)
EVIDENCE_NOTE = ("EVIDENCE-ONLY-FOR-MEMBER-AND-ASSESSOR",)
EQUALITY_ANSWER = ("Sexual orientation",)


# The addresses -------------------------------------------------------------------------


@dataclass(frozen=True)
class Address:
    route: str  # "applications/<uuid:pk>/"
    namespace: str
    name: str
    model: type | None = None  # the admin view set's model, when the address has one

    @property
    def parameters(self) -> list[tuple[str, str]]:
        return re.findall(r"<(?:(\w+):)?(\w+)>", self.route)


def _ours(view) -> bool:
    module = getattr(getattr(view, "view_class", view), "__module__", "") or ""
    return module.split(".")[0] in APPS


def addresses() -> list[Address]:
    resolver = get_resolver()
    patterns = resolver.url_patterns  # loads the admin's URLs, which registers its view sets
    models = {
        vs.url_namespace: getattr(vs, "model", None)
        for vs in admin_viewsets.viewsets
        if type(vs).__module__.split(".")[0] in APPS
    }
    found = []

    def walk(items, prefix="", namespaces=()):
        for item in items:
            if not isinstance(item.pattern, RoutePattern):
                continue  # Wagtail's page serving (a regex): the public site has its own tests
            route = prefix + str(item.pattern)
            if isinstance(item, URLResolver):
                walk(item.url_patterns, route, (*namespaces, item.namespace or ""))
            elif isinstance(item, URLPattern):
                namespace = next((n for n in reversed(namespaces) if n), "")
                if _ours(item.callback) or namespace in models:
                    found.append(Address(route, namespace, item.name or "", models.get(namespace)))

    walk(patterns)
    return found


ADDRESSES = addresses()


# The world: everything belongs to people who are not the visitors ------------------------


@dataclass
class World:
    uuids: list = field(default_factory=list)
    ints: list = field(default_factory=list)
    by_model: dict = field(default_factory=dict)
    # The owners of it all, by what they are.
    people: dict = field(default_factory=dict)

    def add(self, obj, *keys):
        self.by_model.setdefault(type(obj), obj)
        for key in keys:
            (self.uuids if isinstance(key, uuid.UUID) else self.ints).append(key)


def build_world() -> World:
    world = World()
    blind = factories.submitted(
        first_name="Xanthe", last_name=BLIND_APPLICANT[0], email=BLIND_APPLICANT[1]
    )
    assert blind.status == Status.FAST_TRACKED and blind.is_blind
    EqualityMonitoring.objects.create(application=blind, sexual_orientation="bisexual")
    world.add(blind, blind.pk, blind.vacancy_id)
    world.add(blind.employment.first(), blind.employment.first().pk)
    draft = factories.ApplicationFactory(
        applicant=blind.applicant,
        vacancy=factories.make_vacancy(),
        first_name="Xanthe",
        last_name=BLIND_APPLICANT[0],
    )
    world.add(draft, draft.pk)

    interviewed = factories.invited(
        first_name="Oriel", last_name=INTERVIEWED_APPLICANT[0], email=INTERVIEWED_APPLICANT[1]
    )
    panel = UserFactory(roles=[roles.PANEL_MEMBER])
    slot = factories.slot(interviewed.vacancy, panel=[panel])
    booked = interviews.interview_book(application=interviewed, slot=slot, by=interviewed.applicant)
    Note.objects.create(application=interviewed, text="Strong on court work")
    export = DataExport.objects.create(user=interviewed.applicant, state=DataExportState.READY)
    export.file.save("x.pdf", ContentFile(b"%PDF-1.4 x"), save=True)
    world.add(interviewed, interviewed.pk)
    world.add(booked, booked.pk, slot.pk)
    world.add(slot, slot.pk)
    world.add(export, export.pk)

    mentor = UserFactory(roles=[roles.MENTOR])
    cohort = cohort_factories.CohortFactory(mentor=mentor)
    partner = Organisation.objects.create(name="Borderland County", kind="partner_council")
    member = UserFactory(roles=[roles.COHORT_MEMBER], first_name="Peregrine", last_name=LEARNER[0])
    enrolment = cohort_factories.enrol(cohort=cohort, member=member, employer=partner)
    supervisor = UserFactory(roles=[roles.PRACTICE_SUPERVISOR])
    placement = cohort_factories.place(enrolment, supervisor=supervisor)
    session = cohort_factories.TaughtSessionFactory(cohort=cohort)
    meeting = cohort_factories.MentoringMeetingFactory(
        enrolment=enrolment, notes=MEETING_NOTE[0], agreed_actions=MEETING_NOTE[0]
    )
    attendance = Attendance.objects.create(session=session, enrolment=enrolment, status="late")
    pause = EnrolmentPause.objects.create(
        enrolment=enrolment,
        reason="illness",
        start_date=enrolment.start_date + datetime.timedelta(days=30),
        end_date=enrolment.start_date + datetime.timedelta(days=40),
    )
    day_log = PlacementDayLog.objects.create(
        placement=placement, week_starting=placement.start_date, days=2
    )
    coordinator = cohort_factories.PartnerCoordinatorFactory(organisation=partner)
    evidence = EvidenceEntry.objects.create(
        enrolment=enrolment,
        kind="direct_observation",
        date=enrolment.start_date,
        title=EVIDENCE_NOTE[0],
        reflection=EVIDENCE_NOTE[0],
        file_name="x.pdf",
        file_type="application/pdf",
    )
    evidence.file.save("x.pdf", ContentFile(b"%PDF-1.4 x"), save=True)
    world.add(evidence, evidence.public_id, evidence.pk)
    for obj in (cohort, enrolment, placement, session):
        world.add(obj, obj.pk, obj.public_id)
    world.add(meeting, meeting.public_id, meeting.pk)
    for obj in (attendance, pause, day_log, coordinator, partner):
        world.add(obj, obj.pk)
    world.people = {
        "applicant": blind.applicant,
        "member": member,
        "mentor": mentor,
        "supervisor": supervisor,
    }
    world.uuids.append(uuid.uuid4())  # nobody's
    world.ints.append(999_999_999)
    return world


# The visitors --------------------------------------------------------------------------


VISITORS = ["anonymous", *[role.slug for role in roles.ROLES], "staff_without_mfa"]
STAFF_ROLES = [role for role in roles.ROLES if role.staff]

# Who may read which planted words (everyone else: none of them, ever).
MAY_READ = {
    roles.HR_OFFICER.slug: INTERVIEWED_APPLICANT + LEARNER,
    roles.WORKFORCE_LEAD.slug: LEARNER,
}


def visitor(slug: str) -> Client:
    client = Client(raise_request_exception=True)
    if slug == "anonymous":
        return client
    if slug == "staff_without_mfa":
        client.force_login(UserFactory(roles=[roles.HR_OFFICER]))
        return client
    role = roles.ROLES_BY_SLUG[slug]
    person = UserFactory(roles=[role])
    if role.staff:
        give_totp(person)
    if role == roles.PARTNER_COORDINATOR:
        cohort_factories.PartnerCoordinatorFactory(user=person)
    sign_in_with_mfa(client, person)
    return client


# The walk -------------------------------------------------------------------------------

SLUGS = ["personal-details", "offered", "held", "no-such-thing"]


def paths(address: Address, world: World) -> list[str]:
    """The address with its parameters filled in, in a handful of ways."""
    parameters = address.parameters
    if not parameters:
        return [address.route]
    choices = []
    for converter, name in parameters:
        if address.model is not None and name == "pk":
            own = world.by_model.get(address.model)
            values = [own.pk] if own is not None else []
            values += [world.uuids[-1] if converter == "uuid" else world.ints[-1]]
        elif converter == "uuid":
            values = world.uuids
        elif converter in ("int", "id"):
            values = world.ints
        elif converter == "slug":
            values = SLUGS
        else:
            values = [*world.ints[:3], *world.uuids[:3], "x"]
        choices.append(values)
    # Vary the first parameter over its values; the others take theirs in step.
    filled = []
    for index in range(max(len(values) for values in choices)):
        route = address.route
        for (converter, name), values in zip(parameters, choices, strict=True):
            value = values[index % len(values)]
            pattern = f"<{converter}:{name}>" if converter else f"<{name}>"
            route = route.replace(pattern, str(value), 1)
        filled.append(route)
    return sorted(set(filled))


READABLE = ("text/", "application/json", "application/xhtml")


def test_the_walk_finds_the_portals_addresses():
    routes = {a.route for a in ADDRESSES}
    # A walker that found nothing would prove nothing.
    assert "applications/<uuid:pk>/" in routes
    assert "mentor/members/<uuid:public_id>/" in routes
    assert "admin/recruitment/applications/inspect/<uuid:pk>/" in routes
    assert any(r.startswith("admin/cohorts/enrolments/edit/") for r in routes)
    assert len(ADDRESSES) > 150


@pytest.mark.parametrize("who", VISITORS)
def test_every_address_for_every_visitor(who, site):
    world = build_world()
    client = visitor(who)
    forbidden = [
        word
        for word in BLIND_APPLICANT
        + INTERVIEWED_APPLICANT
        + LEARNER
        + MEETING_NOTE
        + EVIDENCE_NOTE
        + EQUALITY_ANSWER
        if word not in MAY_READ.get(who, ())
    ]
    tried, errors, leaks, unguarded = 0, [], [], []
    for address in ADDRESSES:
        for path in paths(address, world):
            url = "/" + path
            tried += 1
            try:
                response = client.get(url)
            except Exception as error:  # a server error, whatever it is
                errors.append(f"{url}: {error!r}")
                continue
            if response.status_code >= 500:
                errors.append(f"{url}: {response.status_code}")
                continue
            if (
                who == "staff_without_mfa"
                and url.startswith(STAFF_PATH_PREFIXES)
                and response.status_code == 200
            ):
                unguarded.append(url)
            content_type = response.get("Content-Type", "")
            if response.status_code == 200 and content_type.startswith(READABLE):
                body = b"".join(response) if response.streaming else response.content
                text = body.decode(errors="replace")
                leaks += [f"{url}: {word}" for word in forbidden if word in text]
    # The figures for the issue note (shown with -s).
    print(f"{who}: {tried} requests, {len(errors)} server errors, {len(leaks)} leaks")  # noqa: T201
    assert tried > 200
    assert errors == []
    assert leaks == []
    assert unguarded == []
