"""The demo site: campaigns, vacancies, stories and the standard pages."""

import datetime
import re

from django.utils import timezone
from django.utils.text import slugify
from wagtail.coreutils import find_available_slug
from wagtail.models import Page, Site

from cms.models import (
    CampaignIndexPage,
    CampaignPage,
    HomePage,
    SiteSettings,
    StandardPage,
    StoryIndexPage,
    StoryPage,
    VacancyIndexPage,
    VacancyPage,
)
from portal.models import ServiceArea, Team

PERSON_SPEC = {
    "experienced": [
        ("Registered with Social Work England", True),
        ("At least two years' post-qualifying experience in children's social work", True),
        ("Experience of child protection and court work", True),
        ("Skilled in restorative practice", False),
    ],
    "asye": [
        ("A social work degree, or due to qualify this year", True),
        ("Registered with Social Work England, or applied to register", True),
        ("Placement experience with children and families", False),
    ],
    "apprenticeship": [
        ("Working with children, families or vulnerable adults now", True),
        ("English and maths at level 2", True),
        ("Able to study at degree level alongside work", True),
    ],
    "grow_your_own": [
        ("Employed by the council or a partner council", True),
        ("Experience of working with children, families or vulnerable adults", True),
        ("Committed to two years of distance learning and placements", True),
    ],
}

CAMPAIGNS = [
    {
        "slug": "experienced-social-workers",
        "title": "Experienced social workers: interview within five working days",
        "summary": "Registered with two years' experience or more? Apply at any time and we "
        "will offer you a bespoke interview within five working days.",
        "routes": ["experienced"],
        "is_rolling": True,
        "tracking_code": "experienced-rolling",
    },
    {
        "slug": "newly-qualified-2027",
        "title": "Newly qualified social workers: ASYE intake 2027",
        "summary": "Start your career in a cohort of newly qualified colleagues, with a "
        "protected caseload and a head of service as your champion.",
        "routes": ["asye"],
        "closes_in": 60,
        "tracking_code": "asye-2027",
    },
    {
        "slug": "apprenticeships-january",
        "title": "Social work apprenticeships: January intake",
        "summary": "Earn while you learn: a degree apprenticeship with placements in our teams.",
        "routes": ["apprenticeship"],
        "closes_in": 45,
        "tracking_code": "apprentice-jan",
    },
    {
        "slug": "grow-your-own",
        "title": "Grow your own: become a social worker in two years",
        "summary": "Already working with children, families or vulnerable adults? Study a "
        "fast-track degree by distance learning with our university partner.",
        "routes": ["grow_your_own"],
        "closes_in": 30,
        "tracking_code": "grow-your-own",
    },
]

# (title, route, service area slug, team or None, grade, min, max, contract, closes in days
# or None for rolling, posts)
VACANCIES = [
    (
        "Social worker, Duty and Assessment",
        "experienced",
        "duty",
        "Duty and Assessment North",
        "P4",
        37_938,
        41_511,
        "permanent",
        None,
        3,
    ),
    (
        "Senior practitioner, Duty",
        "experienced",
        "duty",
        "Duty and Assessment South",
        "P5",
        42_403,
        45_718,
        "permanent",
        21,
        1,
    ),
    (
        "Social worker, Fieldwork",
        "experienced",
        "fieldwork",
        "Fieldwork East",
        "P4",
        37_938,
        41_511,
        "permanent",
        None,
        2,
    ),
    (
        "Social worker, Fieldwork (fixed term)",
        "experienced",
        "fieldwork",
        "Fieldwork West",
        "P4",
        37_938,
        41_511,
        "fixed_term",
        14,
        1,
    ),
    (
        "Social worker, Children in Care",
        "experienced",
        "children-in-care",
        "Children in Care 1",
        "P4",
        37_938,
        41_511,
        "permanent",
        28,
        2,
    ),
    (
        "Personal adviser, Leaving Care",
        "experienced",
        "children-in-care",
        "Leaving Care",
        "P3",
        33_366,
        36_363,
        "secondment",
        10,
        1,
    ),
    (
        "Social worker, Whole Life Disabilities",
        "experienced",
        "whole-life-disabilities",
        "Whole Life Disabilities",
        "P4",
        37_938,
        41_511,
        "permanent",
        35,
        1,
    ),
    (
        "Newly qualified social worker (ASYE), Duty",
        "asye",
        "duty",
        None,
        "P2",
        31_537,
        33_366,
        "permanent",
        60,
        4,
    ),
    (
        "Newly qualified social worker (ASYE), Children in Care",
        "asye",
        "children-in-care",
        None,
        "P2",
        31_537,
        33_366,
        "permanent",
        60,
        3,
    ),
    (
        "Newly qualified social worker (ASYE), Whole Life Disabilities",
        "asye",
        "whole-life-disabilities",
        None,
        "P2",
        31_537,
        33_366,
        "permanent",
        60,
        2,
    ),
    (
        "Social work degree apprentice",
        "apprenticeship",
        "early-help",
        "Early Help Hub",
        "Apprentice",
        24_790,
        26_409,
        "fixed_term",
        45,
        6,
    ),
    (
        "Grow your own: trainee social worker",
        "grow_your_own",
        "early-help",
        None,
        "Trainee",
        26_409,
        28_624,
        "secondment",
        30,
        20,
    ),
    (
        "Family support worker to social worker (apprenticeship)",
        "apprenticeship",
        "fieldwork",
        "Fieldwork East",
        "Apprentice",
        24_790,
        26_409,
        "fixed_term",
        45,
        2,
    ),
    # Closed: shows that closed vacancies leave the list on their own.
    (
        "Team manager, Early Help",
        "experienced",
        "early-help",
        "Early Help Hub",
        "M2",
        52_805,
        56_280,
        "permanent",
        -3,
        1,
    ),
]

STORIES = [
    {
        "slug": "my-first-year-as-an-nqsw",
        "title": "My first year: protected caseload, real support",
        "person_name": "Jade",
        "person_role": "Social worker, Duty and Assessment",
        "recruitment_route": "asye",
        "summary": "Jade joined in a cohort of eight newly qualified social workers.",
        "body": [
            {
                "type": "paragraph",
                "value": "<p>I started in a cohort of eight. Our head of "
                "service met us every month and knew each of us by name.</p>",
            },
            {
                "type": "quote",
                "value": {
                    "quote": "I never held more than fifteen cases in my "
                    "first year, and my supervision was never cancelled.",
                    "attribution": "Jade",
                },
            },
            {
                "type": "paragraph",
                "value": "<p>My first month was spent learning about early "
                "help, CAMHS and family intervention, then I joined the duty team alongside "
                "experienced colleagues.</p>",
            },
        ],
    },
    {
        "slug": "from-family-support-to-social-worker",
        "title": "From family support worker to social worker",
        "person_name": "Marcus",
        "person_role": "Social worker, Fieldwork",
        "recruitment_route": "grow_your_own",
        "summary": "Marcus qualified through the grow-your-own degree while still working.",
        "body": [
            {
                "type": "paragraph",
                "value": "<p>Two taught days a month, the rest self-study "
                "and placements in our own services. Two years later I registered with Social "
                "Work England.</p>",
            },
        ],
    },
]


def _upsert_child(parent: Page, model, slug: str, **fields):
    """Create the page under ``parent``, or find the one made on a previous run."""
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = parent.add_child(instance=model(slug=slug, **fields))
        page.save_revision().publish()
        return page
    return page


def vacancy_reference(n: int) -> str:
    """The demo's nth vacancy's job reference: what finds it again on the next run."""
    return f"CSC-2026-{n:03d}"


# Earlier runs named demo vacancies vacancy-1, vacancy-2…, and ended each
# campaign's text with a "See vacancies" button to every vacancy. Vacancies
# are now named after their titles (as Wagtail names a page an editor adds),
# and a campaign page links to its own routes' vacancies itself.
OLD_VACANCY_SLUG = re.compile(r"vacancy-\d+")


def _upsert_vacancy(index: VacancyIndexPage, reference: str, **fields) -> VacancyPage:
    """Create the vacancy, its address the title's slug, or find the one made before."""
    vacancy = VacancyPage.objects.child_of(index).filter(reference=reference).first()
    if vacancy is None:
        # No slug: Wagtail makes one from the title, numbered if a sibling has it.
        vacancy = index.add_child(instance=VacancyPage(reference=reference, **fields))
        vacancy.save_revision().publish()
    elif OLD_VACANCY_SLUG.fullmatch(vacancy.slug):
        vacancy.slug = find_available_slug(index, slugify(vacancy.title), ignore_page_id=vacancy.pk)
        vacancy.save_revision().publish()
    return vacancy


def _without_button_to_every_vacancy(campaign: CampaignPage) -> None:
    kept = [
        (block.block_type, block.value)
        for block in campaign.body
        if not (block.block_type == "call_to_action" and block.value.get("url") == "/jobs/")
    ]
    if len(kept) < len(campaign.body):
        campaign.body = kept
        campaign.save_revision().publish()


def home_page() -> HomePage:
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        home = root.add_child(instance=HomePage(title="Social work careers", slug="home"))
    home.title = "Build your social work career with us"
    home.intro = (
        "Join Example City Council's children's social care teams: fast-track interviews for "
        "experienced social workers, a supported first year for the newly qualified, and "
        "routes into the profession for apprentices and our own staff."
    )
    home.save_revision().publish()
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    return home


def seed_campaigns(home, today) -> dict:
    index = _upsert_child(
        home,
        CampaignIndexPage,
        "campaigns",
        title="Campaigns",
        intro="Every way into social work with us.",
    )
    campaigns = {}
    for spec in CAMPAIGNS:
        spec = dict(spec)
        closes_in = spec.pop("closes_in", None)
        campaign = _upsert_child(
            index,
            CampaignPage,
            spec.pop("slug"),
            closing_date=today + datetime.timedelta(days=closes_in) if closes_in else None,
            opening_date=today - datetime.timedelta(days=7),
            body=[{"type": "paragraph", "value": f"<p>{spec['summary']}</p>"}],
            **spec,
        )
        _without_button_to_every_vacancy(campaign)
        campaigns[campaign.routes[0]] = campaign
    return campaigns


def seed_vacancies(home, campaigns, today) -> None:
    index = _upsert_child(
        home,
        VacancyIndexPage,
        "jobs",
        title="Social work vacancies",
        intro="Find a role in children's social care. Filter by route, service area, "
        "contract or salary.",
    )
    for n, row in enumerate(VACANCIES, start=1):
        title, route, area_slug, team_name, grade, low, high, contract, closes, posts = row
        area = ServiceArea.objects.get(slug=area_slug)
        team = Team.objects.get(service_area=area, name=team_name) if team_name else None
        _upsert_vacancy(
            index,
            vacancy_reference(n),
            title=title,
            summary=f"Join our {area.name} service as part of a supportive, restorative team.",
            recruitment_route=route,
            campaign=campaigns.get(route),
            service_area=area,
            team=team,
            grade=grade,
            salary_min=low,
            salary_max=high,
            working_pattern="Full time, hybrid",
            contract_type=contract,
            number_of_posts=posts,
            is_rolling=closes is None,
            closing_date=today + datetime.timedelta(days=closes) if closes is not None else None,
            description=(
                "<p>You will work with children and families, supported by weekly "
                "supervision from a manager trained in restorative practice.</p>"
            ),
            person_specification=[
                {"type": "criterion", "value": {"criterion": text, "essential": essential}}
                for text, essential in PERSON_SPEC[route]
            ],
        )


def seed_stories(home) -> None:
    index = _upsert_child(
        home,
        StoryIndexPage,
        "stories",
        title="Stories",
        intro="Our social workers and learners in their own words.",
    )
    for spec in STORIES:
        spec = dict(spec)
        _upsert_child(index, StoryPage, spec.pop("slug"), **spec)


def seed_standard_pages(home, today) -> None:
    _upsert_child(
        home,
        StandardPage,
        "accessibility",
        title="Accessibility statement",
        summary="How accessible this website is, and how to tell us about a problem.",
        last_reviewed=today,
        body=[
            {
                "type": "paragraph",
                "value": "<p>This website is run by Example City Council. "
                "We want as many people as possible to be able to use it. It aims to meet the "
                "Web Content Accessibility Guidelines version 2.2 AA standard.</p>",
            },
            {"type": "heading", "value": "Reporting accessibility problems"},
            {
                "type": "paragraph",
                "value": "<p>Email careers@example.org if you find a "
                "problem or need information in a different format. We reply within 5 working "
                "days.</p>",
            },
        ],
    )
    _upsert_child(
        home,
        StandardPage,
        "privacy",
        title="Privacy notice",
        summary="What we do with your personal information when you apply or train with us.",
        last_reviewed=today,
        body=[
            {
                "type": "paragraph",
                "value": "<p>We use your information to consider your "
                "application and, if you join us, to support your training.</p>",
            },
            {"type": "heading", "value": "How long we keep it"},
            {
                "type": "paragraph",
                "value": "<p>If you are not appointed, we anonymise your "
                "personal data 6 months after our decision. We keep only the number and issue "
                "date of a DBS certificate, and remove them 6 months after the check.</p>",
            },
            {
                "type": "inset",
                "value": "Equality monitoring answers are kept apart from your "
                "application and are never shown to the people who shortlist or interview.",
            },
        ],
    )
    _upsert_child(
        home,
        StandardPage,
        "faqs",
        title="Frequently asked questions",
        summary="About applying, interviews and training with us.",
        body=[
            {
                "type": "faq",
                "value": {
                    "heading": "Applying",
                    "questions": [
                        {
                            "question": "What is the fast track?",
                            "answer": "<p>Registered "
                            "social workers with two years' experience or more are offered an "
                            "interview within five working days.</p>",
                        },
                        {
                            "question": "Can I save my application and come back?",
                            "answer": "<p>Yes. Each section is saved as you go.</p>",
                        },
                        {
                            "question": "Do you employ newly qualified social workers through "
                            "agencies?",
                            "answer": "<p>No. Newly qualified social workers join "
                            "us directly, in an ASYE cohort.</p>",
                        },
                    ],
                },
            }
        ],
    )


def seed(out) -> dict:
    today = timezone.localdate()
    home = home_page()
    SiteSettings.for_site(Site.objects.get(is_default_site=True))
    campaigns = seed_campaigns(home, today)
    seed_vacancies(home, campaigns, today)
    seed_stories(home)
    seed_standard_pages(home, today)
    return {}
