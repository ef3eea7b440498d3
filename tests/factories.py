"""factory_boy factories for every model the tests build. No test data from commands."""

import datetime

import factory
from django.conf import settings
from django.utils import timezone
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from cms import models as cms_models
from portal import roles
from portal.accounts import mark_mfa_passed
from portal.models import Organisation, ServiceArea, Team, User

TEST_PASSWORD = "correct horse battery staple"


def _plain(text: str) -> str:
    """Names the tests can find in HTML as written: templates escape "O'Connor" to
    "O&#x27;Connor", which is right for pages and wrong for a substring assertion."""
    return text.replace("'", "")


_FAKE = factory.Faker._get_faker(locale="en_GB")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = factory.LazyFunction(lambda: _plain(_FAKE.first_name()))
    last_name = factory.LazyFunction(lambda: _plain(_FAKE.last_name()))
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        """allauth requires a verified email address before login."""
        if create and extracted is not False:
            from allauth.account.models import EmailAddress

            EmailAddress.objects.update_or_create(
                user=self, email=self.email, defaults={"verified": True, "primary": True}
            )
        if create:
            self.save()

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted or ():
            self.groups.add(roles.sync_role(role))


def user_with_role(role, **kwargs) -> User:
    return UserFactory(roles=[role], **kwargs)


def give_totp(user) -> str:
    """Give a user an authenticator app; returns its secret, for working out codes."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def sign_in_with_mfa(client, user) -> None:
    """Sign ``user`` in as allauth does after their authenticator app's code: the session
    records the MFA step, which staff pages ask for."""
    client.force_login(user)
    session = client.session
    mark_mfa_passed(session, user)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Council {n}")
    kind = Organisation.Kind.PARTNER_COUNCIL


class ServiceAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceArea
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Service area {n}")
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    service_area = factory.SubFactory(ServiceAreaFactory)
    name = factory.Sequence(lambda n: f"Team {n}")
    learner_capacity = 2


# Pages --------------------------------------------------------------------
# Wagtail pages are created under their parent with add_child, so these are
# plain functions rather than factories.


def home_page() -> cms_models.HomePage:
    """The site's home page, made once per test (flushes remove migration data)."""
    home = cms_models.HomePage.objects.first()
    if home is None:
        # A transactional test's flush removes what migrations made, the locale too.
        Locale.objects.get_or_create(
            language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
        )
        root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
        home = root.add_child(
            instance=cms_models.HomePage(title="Social work careers", slug="home")
        )
    site, _ = Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home},
    )
    cms_models.SiteSettings.for_site(site)
    return home


def _child_once(parent, model, **fields):
    existing = model.objects.child_of(parent).first()
    return existing or parent.add_child(instance=model(**fields))


def vacancy_index() -> cms_models.VacancyIndexPage:
    return _child_once(home_page(), cms_models.VacancyIndexPage, title="Jobs", slug="jobs")


def campaign_index() -> cms_models.CampaignIndexPage:
    return _child_once(
        home_page(), cms_models.CampaignIndexPage, title="Campaigns", slug="campaigns"
    )


def story_index() -> cms_models.StoryIndexPage:
    return _child_once(home_page(), cms_models.StoryIndexPage, title="Stories", slug="stories")


_counter = iter(range(1, 10**9))


def make_vacancy(**fields) -> cms_models.VacancyPage:
    n = next(_counter)
    if "service_area" not in fields:
        fields["service_area"] = ServiceAreaFactory(name="Duty", slug="duty")
    defaults = {
        "title": f"Social worker {n}",
        "slug": f"social-worker-{n}",
        "summary": "Help children and families in the city.",
        "recruitment_route": "experienced",
        "grade": "P4",
        "salary_min": 35_000,
        "salary_max": 41_000,
        "contract_type": "permanent",
        "closing_date": timezone.localdate() + datetime.timedelta(days=30),
        "description": "<p>Work with families.</p>",
        "person_specification": [
            {"type": "criterion", "value": {"criterion": "Registered with SWE", "essential": True}},
            {"type": "criterion", "value": {"criterion": "Court work", "essential": False}},
        ],
    }
    defaults.update(fields)
    parent = defaults.pop("parent", None) or vacancy_index()
    return parent.add_child(instance=cms_models.VacancyPage(**defaults))


def make_campaign(**fields) -> cms_models.CampaignPage:
    n = next(_counter)
    defaults = {
        "title": f"Campaign {n}",
        "slug": f"campaign-{n}",
        "summary": "Join our teams.",
        "routes": ["experienced"],
        "is_rolling": True,
        "tracking_code": f"campaign-{n}",
    }
    defaults.update(fields)
    return campaign_index().add_child(instance=cms_models.CampaignPage(**defaults))


def make_story(**fields) -> cms_models.StoryPage:
    n = next(_counter)
    defaults = {
        "title": f"My first year {n}",
        "slug": f"story-{n}",
        "person_name": "Sam",
        "person_role": "Social worker, Duty team",
        "summary": "How the ASYE year went.",
        "body": [{"type": "heading", "value": "Starting out"}],
    }
    defaults.update(fields)
    return story_index().add_child(instance=cms_models.StoryPage(**defaults))


def make_standard_page(slug: str, title: str, **fields) -> cms_models.StandardPage:
    existing = cms_models.StandardPage.objects.filter(slug=slug).first()
    if existing:
        return existing
    defaults = {"body": [{"type": "heading", "value": title}], **fields}
    return home_page().add_child(
        instance=cms_models.StandardPage(title=title, slug=slug, **defaults)
    )


# Staff records --------------------------------------------------------------


def agency(name: str = "Care Staffing Ltd") -> Organisation:
    return OrganisationFactory(name=name, kind=Organisation.Kind.AGENCY)


def staff_record(*, person=None, team=None, start_date=None, **fields):
    """A permanent social worker's open record through the service, as HR make one."""
    from portal.models import StaffRecord
    from portal.staff import staff_record_create

    defaults = {
        "job_title": "Social worker",
        "grade": StaffRecord.Grade.SOCIAL_WORKER_2,
        "employment_type": StaffRecord.EmploymentType.PERMANENT,
    }
    defaults.update(fields)
    if defaults["employment_type"] != StaffRecord.EmploymentType.AGENCY:
        team = team or TeamFactory()
        start_date = start_date or datetime.date(2024, 1, 8)
    return staff_record_create(
        person=person or UserFactory(), team=team, start_date=start_date, by=None, **defaults
    )


def vetted_agency_worker(*, person=None, qualified_on=datetime.date(2015, 7, 1)):
    """An agency worker's record whose every vetting item is recorded (not yet started)."""
    from portal.models import StaffRecord
    from portal.staff import agency_vetting_record

    staff = staff_record(
        person=person,
        employment_type=StaffRecord.EmploymentType.AGENCY,
        agency=agency(),
        grade=StaffRecord.Grade.SOCIAL_WORKER_3,
        job_title="Locum social worker",
    )
    vetting = staff.vetting
    day = datetime.date(2024, 1, 2)
    for item, values, extra in [
        ("registration", {"registration_checked_on": day}, {"swe_number": "SW123456"}),
        (
            "qualification",
            {"qualification": "BA Social Work", "qualified_on": qualified_on, "in_asye": False},
            {},
        ),
        ("interview", {"interviewed_on": day}, {}),
        (
            "dbs",
            {
                "dbs_certificate_number": "001234567890",
                "dbs_issued_on": day,
                "dbs_barred_list_checked": True,
                "dbs_outcome": "clear",
            },
            {},
        ),
        (
            "references",
            {
                "first_referee": "Last employer",
                "first_reference_received_on": day,
                "second_referee": "Previous employer",
                "second_reference_received_on": day,
            },
            {},
        ),
    ]:
        vetting = agency_vetting_record(vetting=vetting, item=item, values=values, by=None, **extra)
    staff.refresh_from_db()
    return staff


# Offers and pre-employment checks (checks, first day, retention) ---------------------

OFFER_TERMS = {
    # route: (job title, grade, employment type)
    "experienced": ("Senior social worker", "sw3", "permanent"),
    "asye": ("Newly qualified social worker", "sw1", "permanent"),
    "apprenticeship": ("Social worker apprentice", "other", "learner"),
    "grow_your_own": ("Grow-your-own social work student", "other", "learner"),
}


def cohort_for_route(route: str):
    """A cohort of the route's programme, starting after today."""
    # tests.cohorts.factories imports this module: imported here to avoid a cycle.
    from cohorts.models import Programme
    from tests.cohorts import factories as cohort_factories

    # Migration cohorts 0003 seeds one programme of each kind.
    programme = Programme.objects.filter(kind=route).order_by("pk").first()
    start = timezone.localdate() + datetime.timedelta(days=30)
    return cohort_factories.CohortFactory(programme=programme, start_date=start)


def offer(*, application=None, route="experienced", state="accepted", with_checks=True, **fields):
    """An offer in ``state`` on an application in the matching status, with the route's
    checks (pending). Rows are made directly: the offer journey is another part's."""
    # tests.recruitment.factories imports this module: imported here to avoid a cycle.
    from recruitment.models import Offer, OfferLetterTemplate
    from recruitment.services.checks import checks_create_for_offer
    from tests.recruitment.factories import in_status

    status = {
        "draft": "interviewing",
        "sent": "offered",
        "accepted": "conditions_pending",
        "unconditional": "recruited",
        "declined": "offer_declined",
        "lapsed": "offer_declined",
        "withdrawn": "offer_withdrawn",
    }[state]
    if application is None:
        application = in_status(status, vacancy=make_vacancy(recruitment_route=route))
    route = application.route
    job_title, grade, employment_type = OFFER_TERMS[route]
    values = {
        "job_title": job_title,
        "grade": grade,
        "employment_type": employment_type,
        "team": fields.pop("team", None) or TeamFactory(),
        "salary_point": "Grade 9, point 32",
        "proposed_start_date": timezone.localdate() + datetime.timedelta(days=30),
        "letter_template": OfferLetterTemplate.objects.get(is_default=True),
        "sent_at": timezone.now(),
        "response_deadline": timezone.localdate() + datetime.timedelta(days=14),
    }
    if route != "experienced" and "cohort" not in fields:
        values["cohort"] = cohort_for_route(route)
    values.update(fields)
    made = Offer.objects.create(application=application, state=state, **values)
    if with_checks:
        checks_create_for_offer(made)
    return made


def pre_employment_check(*, offer_=None, kind="right_to_work", **fields):
    """One check on an offer (the offer's own when the route requires it)."""
    # recruitment's models need the app registry, which is ready only once tests run.
    from recruitment.models import PreEmploymentCheck

    made = offer_ or offer(with_checks=False)
    check, _created = PreEmploymentCheck.objects.update_or_create(
        offer=made, kind=kind, defaults=fields
    )
    return check
